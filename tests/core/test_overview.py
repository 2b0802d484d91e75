"""A member's overview (the Slack Home tab), read by the core in one transaction: my next meeting and my
answer, my declaration, my open cases; strangers are told whom to ask; nothing a person did is recorded."""

from __future__ import annotations

from handlers import texts
from handlers.overview import Overview, Part
from storage.db import transaction
from storage.models import ChatIdentity, Member, Role
from storage.models import Council as CouncilRow
from tests.conftest import START
from tests.core.conftest import Council

KARI = "Kari Dybdahl"
TOR = "Tor Grande"  # an observer: may not submit cases


def _overview(council: Council, who: str, council_id: int | None = None) -> Overview:
    return council.app.dispatcher.overview("console", str(council.ids[who]), council_id)


def _headings(overview: Overview) -> list[str]:
    return [part.heading for part in overview.parts]


def _part(overview: Overview, heading: str) -> Part:
    return next(part for part in overview.parts if part.heading == heading)


def test_overview_shows_my_meeting_my_declaration_and_my_open_cases(planned: Council) -> None:
    planned.ok(KARI, "/sak ny Ventetid på avrusning")
    planned.ok("Liv Aasen", "/sak ny Ikke min sak")
    shown = _overview(planned, KARI)
    assert _headings(shown) == [
        texts.OVERVIEW_MEETING_HEADING,
        texts.OVERVIEW_DECLARATION_HEADING,
        texts.OVERVIEW_CASES_HEADING,
    ]
    meeting = _part(shown, texts.OVERVIEW_MEETING_HEADING)
    assert "møte 1" in meeting.text and "/oppmote ja #1" in [b.command for b in meeting.buttons]
    declaration = _part(shown, texts.OVERVIEW_DECLARATION_HEADING)
    assert declaration.text == texts.OVERVIEW_UNSIGNED and [b.command for b in declaration.buttons] == ["/taushet"]
    cases = _part(shown, texts.OVERVIEW_CASES_HEADING)
    assert "Ventetid på avrusning" in cases.text and "Ikke min sak" not in cases.text
    assert [b.command for b in cases.buttons] == ["/sak ny"]


def test_overview_follows_what_the_commands_did(planned: Council) -> None:
    planned.ok(KARI, "/oppmote ja")
    planned.ok(KARI, "/taushet signer")
    shown = _overview(planned, KARI)
    assert "/oppmote ja #1" not in [b.command for b in _part(shown, texts.OVERVIEW_MEETING_HEADING).buttons]
    declaration = _part(shown, texts.OVERVIEW_DECLARATION_HEADING)
    assert declaration.text.startswith("Du har signert") and not declaration.buttons


def test_overview_without_a_meeting_or_cases_says_so(council: Council) -> None:
    shown = _overview(council, TOR)
    assert _part(shown, texts.OVERVIEW_MEETING_HEADING).text == texts.NO_MEETING_PLANNED
    cases = _part(shown, texts.OVERVIEW_CASES_HEADING)
    assert cases.text == texts.OVERVIEW_NO_CASES and not cases.buttons  # an observer submits no cases


def test_overview_records_nothing_a_person_did(planned: Council) -> None:
    _overview(planned, KARI)  # the declaration's row is made on first use; after that, nothing
    before = planned.snapshot()
    _overview(planned, KARI)
    _overview(planned, TOR)
    assert planned.snapshot() == before  # no audit entry, no delivery key, no outbox row


def test_overview_tells_a_stranger_whom_to_ask(council: Council) -> None:
    shown = council.app.dispatcher.overview("console", "ukjent-konto")
    assert len(shown.parts) == 1 and "Siri Holm" in shown.parts[0].text and not shown.parts[0].buttons


def _second_council(council: Council) -> int:
    with transaction(council.app.sessions) as session:
        other = CouncilRow(slug="annet", name="Eldrerådet", created_at=START)
        session.add(other)
        session.flush()
        return int(other.id)


def test_overview_is_of_the_senders_own_council_when_the_bot_serves_several(planned: Council) -> None:
    other = _second_council(planned)
    planned.ok(KARI, "/sak ny Ventetid på avrusning")
    shown = _overview(planned, KARI)
    assert "Ventetid på avrusning" in _part(shown, texts.OVERVIEW_CASES_HEADING).text
    assert _overview(planned, KARI, other).parts[0].text != shown.parts[0].text  # not a member there
    nobody = planned.app.dispatcher.overview("console", "ukjent-konto")
    assert nobody == Overview((Part("", texts.OVERVIEW_NO_COUNCIL),))


def test_overview_of_a_member_with_accounts_in_two_councils_needs_the_council(planned: Council) -> None:
    other = _second_council(planned)
    with transaction(planned.app.sessions) as session:
        twin = Member(council_id=other, name="Kari Dybdahl", role=Role.REPRESENTATIVE, created_at=START)
        session.add(twin)
        session.flush()
        session.add(ChatIdentity(member_id=twin.id, platform="console", external_id=str(planned.ids[KARI])))
    assert _overview(planned, KARI) == Overview((Part("", texts.OVERVIEW_NO_COUNCIL),))
    mine = _overview(planned, KARI, planned.council_id)
    assert "møte 1" in _part(mine, texts.OVERVIEW_MEETING_HEADING).text
