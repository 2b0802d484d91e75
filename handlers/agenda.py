"""The agenda (sakliste): numbered items in the order the council's meetings follow.

Mandate: the agenda goes out as a rule 7 days before; the council evaluates itself every June.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from handlers import texts
from handlers.context import Context
from handlers.lookup import case_by_label, describe_meeting, next_meeting
from handlers.replies import Button
from storage.models import Case, CaseState, ConflictDeclaration, ExtraItem, Meeting

_LOGGER = logging.getLogger(__name__)

JUNE = 6


# Read for every agenda shown: built once (handlers/lookup.py says why).
_AGENDA_CASES = (
    select(Case)
    .options(selectinload(Case.organisation))
    .where(Case.meeting_id == bindparam("meeting"), Case.state.in_((CaseState.APPROVED, CaseState.DECIDED)))
    .order_by(Case.year, Case.number)
)
_CONFLICTS = (
    select(ConflictDeclaration)
    .options(selectinload(ConflictDeclaration.member))
    .where(ConflictDeclaration.case_id.in_(bindparam("cases", expanding=True)))
)
_EXTRA_ITEMS = select(ExtraItem).where(ExtraItem.meeting_id == bindparam("meeting")).order_by(ExtraItem.id)

# The fixed items' keys (`ItemDecision.item_key`): an item's decision stays with it when its number moves.
NOTICE_KEY = "innkalling"
MINUTES_KEY = "referat"
EVALUATION_KEY = "evaluering"
OTHER_BUSINESS_KEY = "eventuelt"


def agenda_cases(ctx: Context, meeting: Meeting) -> list[Case]:
    return list(ctx.session.scalars(_AGENDA_CASES, {"meeting": meeting.id}))


def conflicts_by_case(ctx: Context, cases: list[Case]) -> dict[int, list[ConflictDeclaration]]:
    found: dict[int, list[ConflictDeclaration]] = {}
    if not cases:
        return found
    rows = ctx.session.scalars(_CONFLICTS, {"cases": [c.id for c in cases]})
    for row in rows:
        found.setdefault(row.case_id, []).append(row)
    return found


@dataclass(frozen=True)
class AgendaEntry:
    """One item on the agenda: its title, the case behind it (None for the fixed items) and who declared a
    conflict of interest in that case. `/mote sakliste`, `/mote referat` and the documents all read these.
    `key` names the item for its decision (`ItemDecision.item_key`); a case's is `sak:<id>`."""

    title: str
    case: Case | None = None
    conflicts: tuple[ConflictDeclaration, ...] = ()
    key: str = ""

    @property
    def decision_key(self) -> str:
        return f"sak:{self.case.id}" if self.case is not None else self.key


def agenda_entries(ctx: Context, meeting: Meeting) -> list[AgendaEntry]:
    """The items in agenda order: the notice and the last minutes, the cases, June's evaluation, any other
    business (mandate: the council evaluates itself every June), then the items added under it in the
    meeting (`/mote eventuelt`), last so that no earlier item's number moves."""
    cases = agenda_cases(ctx, meeting)
    conflicts = conflicts_by_case(ctx, cases)
    entries = [
        AgendaEntry(texts.AGENDA_APPROVE_NOTICE, key=NOTICE_KEY),
        AgendaEntry(texts.AGENDA_APPROVE_MINUTES, key=MINUTES_KEY),
    ]
    entries += [AgendaEntry(case.title, case, tuple(conflicts.get(case.id, []))) for case in cases]
    if ctx.local(meeting.start).month == JUNE:
        entries.append(AgendaEntry(texts.AGENDA_EVALUATION, key=EVALUATION_KEY))
    entries.append(AgendaEntry(texts.AGENDA_ANY_OTHER_BUSINESS, key=OTHER_BUSINESS_KEY))
    entries += [
        AgendaEntry(texts.AGENDA_EXTRA_ITEM.format(title=extra.title), key=f"ekstra:{extra.id}")
        for extra in ctx.session.scalars(_EXTRA_ITEMS, {"meeting": meeting.id})
    ]
    return entries


def agenda_items(ctx: Context, meeting: Meeting) -> list[tuple[str, Case | None]]:
    """(item title as one line, the case behind it or None), in agenda order."""
    items: list[tuple[str, Case | None]] = []
    for entry in agenda_entries(ctx, meeting):
        case = entry.case
        if case is None:
            items.append((entry.title, None))
            continue
        title = texts.AGENDA_CASE.format(label=case.label, title=case.title)
        if case.organisation:
            title += f" ({case.organisation.name})"
        names = [c.member.name for c in entry.conflicts]
        if names:
            title += texts.AGENDA_CONFLICT_MARK.format(names=texts.join_names(names))
        items.append((title, case))
    return items


def agenda_text(ctx: Context, meeting: Meeting, *, draft: bool) -> str:
    heading = texts.AGENDA_DRAFT_HEADING if draft else texts.AGENDA_HEADING
    lines = [heading.format(meeting=describe_meeting(ctx, meeting)), ""]
    for number, (title, _case) in enumerate(agenda_items(ctx, meeting), start=1):
        lines.append(f"{number}. {title}")
    return "\n".join(lines)


def attendance_buttons(meeting: Meeting) -> tuple[Button, ...]:
    return (
        Button(texts.BUTTON_ATTEND_YES, f"/oppmote ja #{meeting.number}", "primary"),
        Button(texts.BUTTON_ATTEND_NO, f"/oppmote nei #{meeting.number}", "danger"),
    )


def case_and_note(ctx: Context, typed: str) -> tuple[Case, str]:
    """The case `typed` names (`2/2026`, or a bare `3` meaning case 3 of this year, never agenda item 3),
    and, when a bare number is also an item of the next meeting's agenda that is another case, a note for
    the answer saying which case was taken and how to name the other (issue 18: `/habilitet 3` had
    registered a conflict on case 3/2026 of another meeting while item 3 was case 2/2026)."""
    case = case_by_label(ctx, typed)
    bare = typed.strip().removeprefix("#")
    if "/" in bare or not bare.isdigit():
        return case, ""
    meeting = next_meeting(ctx)
    if meeting is None:
        return case, ""
    entries = agenda_entries(ctx, meeting)
    index = int(bare) - 1
    if not 0 <= index < len(entries):
        return case, ""
    other = entries[index].case
    if other is None or other.id == case.id:
        return case, ""
    return case, texts.CASE_NOT_AGENDA_ITEM.format(
        typed=bare,
        label=case.label,
        title=case.title,
        item=bare,
        meeting=describe_meeting(ctx, meeting),
        other=other.label,
        other_title=other.title,
    )
