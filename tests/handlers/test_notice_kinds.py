"""The table of notice kinds: every kind stored today is in it, and each one does something."""

from __future__ import annotations

import dataclasses

from handlers.context import CouncilSettings
from handlers.notices import KINDS, NoticeKind, kind_name

# The strings earlier versions wrote into `Notice.kind`: they must keep reading.
STORED = {
    "call_for_cases",
    "last_call",
    "untriaged",
    "agenda",
    "attendance_nudge",
    "meeting_day",
    "term_warning",
    "term_ended",
    "half_year",
    "declaration_reminder",
    "message",
}


def test_every_stored_kind_still_reads() -> None:
    assert {NoticeKind(kind) for kind in STORED} <= set(KINDS)
    assert set(KINDS) == set(NoticeKind)


def test_every_kind_renders_expands_or_carries_its_text() -> None:
    for kind, rule in KINDS.items():
        assert [rule.render is not None, rule.expand is not None, rule.always_goes].count(True) == 1, kind
        assert rule.name, kind


def test_the_days_before_a_meeting_are_settings_of_the_council() -> None:
    fields = {f.name for f in dataclasses.fields(CouncilSettings)}
    moved = {kind: rule.days_before for kind, rule in KINDS.items() if rule.days_before is not None}
    assert moved == {
        NoticeKind.CALL_FOR_CASES: "call_for_cases_days",
        NoticeKind.LAST_CALL: "deadline_days",
        NoticeKind.AGENDA: "agenda_days",
        NoticeKind.UNTRIAGED: "untriaged_days",
        NoticeKind.ATTENDANCE_NUDGE: "attendance_nudge_days",
    }
    assert set(moved.values()) <= fields
    assert all(KINDS[kind].about_meeting for kind in moved)


def test_a_kind_from_a_newer_version_is_named_as_stored() -> None:
    assert kind_name("something_new") == "something_new"
    assert kind_name("agenda") == "sakslisten"
