"""Every agenda item's decision (issue 18 point 2): the fixed items (the notice and agenda, the last
minutes, June's evaluation, eventuelt), the cases, and the items added under eventuelt in the meeting.

Two ways to name what a decision belongs to, never read as each other:

    /sak vedtak <saksnr> <tekst>                       a case by its number, `2/2026` (or `2`: this year's)
    /mote vedtak [møte <møte>] [punkt] <nr> [<tekst>]   an item by its number on the meeting's agenda

Without `møte …` it is today's meeting. A decision is recorded from the meeting day on, never before (the
council decides in its meeting). Every version is a row of its own (`ItemDecision`: the text, who, when):
the minutes show the newest, `/mote vedtak … punkt <nr>` without a text shows the item with every version,
and `/sak vis` says that a case's decision was changed. `/mote eventuelt [møte <møte>] <tittel>` (the
working committee, from the meeting day on) adds an item after eventuelt, numbered after the last.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from handlers import texts
from handlers.agenda import AgendaEntry, agenda_entries
from handlers.context import Context
from handlers.dates import format_when
from handlers.errors import UserError
from handlers.limits import CASE_NUMBER_MOST, check_length, read_number
from handlers.lookup import describe_meeting, meeting_by_number, split_first
from handlers.replies import Reply
from handlers.rollcall import todays_meeting
from handlers.words import fold
from storage import plain
from storage.models import Case, CaseState, ExtraItem, ItemDecision, Meeting, MeetingState

_LOGGER = logging.getLogger(__name__)

_MEETING_WORDS = frozenset({"mote"})  # `møte`, folded
_ITEM_WORDS = frozenset({"punkt", "pkt", "pkt."})

# Read for every set of minutes: built once (handlers/lookup.py says why).
_MEETING_VERSIONS = (
    select(ItemDecision)
    .options(selectinload(ItemDecision.recorded_by))
    .where(ItemDecision.meeting_id == bindparam("meeting"))
    .order_by(ItemDecision.id)
)
_CASE_VERSIONS = (
    select(ItemDecision)
    .options(selectinload(ItemDecision.recorded_by))
    .where(ItemDecision.case_id == bindparam("case"))
    .order_by(ItemDecision.id)
)


# --- the versions --------------------------------------------------------------------------------------


def versions(ctx: Context, meeting: Meeting) -> dict[str, list[ItemDecision]]:
    """Every version of every decision at `meeting`, by item key, oldest first."""
    found: dict[str, list[ItemDecision]] = {}
    for row in ctx.session.scalars(_MEETING_VERSIONS, {"meeting": meeting.id}):
        found.setdefault(row.item_key, []).append(row)
    return found


def case_versions(ctx: Context, case: Case) -> list[ItemDecision]:
    return list(ctx.session.scalars(_CASE_VERSIONS, {"case": case.id}))


def _store(ctx: Context, meeting_id: int, key: str, text: str, case: Case | None = None) -> None:
    plain.add(
        ctx.session,
        ItemDecision(
            meeting_id=meeting_id,
            item_key=key,
            case_id=case.id if case is not None else None,
            text=text,
            recorded_by_id=ctx.member.id if ctx.member is not None else None,
            recorded_at=ctx.now,
        ),
    )


def _check_day(ctx: Context, meeting: Meeting, refusal: str, **names: str) -> None:
    """The council decides in its meeting: nothing is recorded for it before its day."""
    if ctx.today < ctx.local(meeting.start).date():
        raise UserError(refusal.format(meeting=describe_meeting(ctx, meeting), **names))


def decide_case(ctx: Context, case: Case, decision: str) -> str:
    """Record `decision` in `case` (from its meeting's day on) and answer what was done; a changed
    decision names the one it replaced, which stays as an earlier version."""
    check_length("decision", decision)
    if case.state not in (CaseState.APPROVED, CaseState.DECIDED):
        raise UserError(texts.DECISION_NOT_ON_AGENDA.format(label=case.label, state=texts.CASE_STATES[case.state]))
    if case.meeting is None:
        raise UserError(texts.DECISION_NO_MEETING.format(label=case.label))
    _check_day(ctx, case.meeting, texts.DECISION_TOO_EARLY, label=case.label)
    old = case.decision
    case.state = CaseState.DECIDED
    case.decision = decision
    if decision != old:
        _store(ctx, case.meeting.id, f"sak:{case.id}", decision, case)
    # Decision texts are the council's records, not personal data (an identity number is refused in them
    # by the privacy guard), so here alone the audit line keeps text: the old and the new.
    ctx.audit("case.decided", case.label, old=old or None, new=decision)
    text = texts.DECISION_RECORDED.format(label=case.label, title=case.title)
    if old and old != decision:  # never silently: the old text is named, and kept (case_versions)
        text += "\n" + texts.DECISION_REPLACED_WAS.format(old=old)
        text += " " + texts.DECISION_REPLACED.format(label=case.label)
    return text


def earlier_case_decisions(ctx: Context, case: Case) -> list[str]:
    """The decision texts a later one replaced, oldest first, each with the day it was replaced."""
    rows = case_versions(ctx, case)
    return [
        texts.DECISION_EARLIER.format(day=texts.day(ctx.local(later.recorded_at)), decision=row.text)
        for row, later in pairwise(rows)
    ]


# --- naming the meeting and the item -------------------------------------------------------------------


def _meeting_and_rest(ctx: Context, args: str, example: str) -> tuple[Meeting, str]:
    """`møte 2/2027 …` (or `møte #3`) names the meeting; without it, today's meeting."""
    first, rest = split_first(args)
    if fold(first) in _MEETING_WORDS:
        named, rest = split_first(rest)
        if not named:
            raise UserError(texts.ITEM_MEETING_MISSING.format(example=example))
        meeting = meeting_by_number(ctx, named)
    else:
        meeting = todays_meeting(ctx, texts.ITEM_NO_MEETING_TODAY.format(example=example))
        rest = args.strip()
    if meeting.state == MeetingState.CANCELLED:
        raise UserError(texts.ITEM_MEETING_CANCELLED.format(meeting=describe_meeting(ctx, meeting)))
    return meeting, rest


@dataclass(frozen=True)
class _Item:
    number: int
    entry: AgendaEntry


def _item(ctx: Context, meeting: Meeting, typed: str) -> _Item:
    """Agenda item `typed` (`3`, `punkt 3` was split before) of `meeting`; a case number is refused with
    the command that takes one, never read as an item."""
    entries = agenda_entries(ctx, meeting)
    bare = typed.strip().removeprefix("#")
    if "/" in bare:
        raise UserError(texts.ITEM_NOT_CASE_NUMBER.format(typed=texts.short(bare)))
    number = read_number(bare, min(len(entries), CASE_NUMBER_MOST))
    if number is None:
        raise UserError(
            texts.ITEM_NO_SUCH.format(
                typed=texts.short(bare), meeting=describe_meeting(ctx, meeting), count=len(entries)
            )
        )
    return _Item(number, entries[number - 1])


def _split_item(args: str) -> tuple[str, str]:
    first, rest = split_first(args)
    if fold(first) in _ITEM_WORDS:
        first, rest = split_first(rest)
    return first, rest


# --- the commands ----------------------------------------------------------------------------------------

_DECIDE_EXAMPLE = "/mote vedtak punkt 1 Innkalling og saksliste ble godkjent."


def decide(ctx: Context, args: str) -> Reply:
    """`/mote vedtak [møte <møte>] [punkt] <nr> [<tekst>]`: record the decision under an agenda item, or
    (without a text) show the item with its decision and every earlier version."""
    if not args.strip():
        raise UserError(texts.ITEM_NUMBER_MISSING.format(example=_DECIDE_EXAMPLE))
    meeting, rest = _meeting_and_rest(ctx, args, _DECIDE_EXAMPLE)
    typed, decision = _split_item(rest)
    if not typed:
        raise UserError(texts.ITEM_NUMBER_MISSING.format(example=_DECIDE_EXAMPLE))
    item = _item(ctx, meeting, typed)
    if not decision:
        return _show(ctx, meeting, item)
    case = item.entry.case
    if case is not None:  # a case's decision is the case's: the same rules as /sak vedtak
        said = decide_case(ctx, case, decision)
        return Reply(texts.ITEM_IS_CASE.format(item=item.number, label=case.label) + " " + said)
    check_length("decision", decision)
    _check_day(ctx, meeting, texts.ITEM_DECISION_TOO_EARLY)
    key = item.entry.decision_key
    earlier = versions(ctx, meeting).get(key, [])
    old = earlier[-1].text if earlier else ""
    said = texts.ITEM_DECISION_RECORDED.format(
        item=item.number, title=item.entry.title, meeting=describe_meeting(ctx, meeting)
    )
    if old == decision:
        return Reply(said)  # typed twice: nothing new to keep
    _store(ctx, meeting.id, key, decision)
    ctx.audit("item.decided", f"{meeting.number}:{key}", item=item.number, version=len(earlier) + 1)
    if old:
        said += "\n" + texts.DECISION_REPLACED_WAS.format(old=old) + " " + texts.ITEM_DECISION_KEPT
    return Reply(said)


def _show(ctx: Context, meeting: Meeting, item: _Item) -> Reply:
    case = item.entry.case
    rows = case_versions(ctx, case) if case is not None else versions(ctx, meeting).get(item.entry.decision_key, [])
    lines = [
        texts.ITEM_VIEW_HEADING.format(item=item.number, title=item.entry.title, meeting=describe_meeting(ctx, meeting))
    ]
    if case is not None:
        lines.append(texts.ITEM_IS_CASE.format(item=item.number, label=case.label))
    current = case.decision if case is not None else (rows[-1].text if rows else "")
    lines.append(texts.CASE_DECISION.format(decision=current) if current else texts.ITEM_VIEW_NO_DECISION)
    if len(rows) > 1:
        lines.append(texts.ITEM_VIEW_CHANGED.format(count=len(rows)))
        lines += [
            texts.ITEM_VIEW_VERSION.format(
                when=format_when(ctx.local(row.recorded_at)),
                who=row.recorded_by.name if row.recorded_by is not None else texts.ITEM_VIEW_SOMEONE,
                text=row.text,
            )
            for row in rows
        ]
    return Reply("\n".join(lines))


_OTHER_EXAMPLE = "/mote eventuelt Parkering ved Gryta"


def add_other_business(ctx: Context, args: str) -> Reply:
    """`/mote eventuelt [møte <møte>] <tittel>`: an item under eventuelt, added in the meeting."""
    if not args.strip():
        raise UserError(texts.EXTRA_TITLE_MISSING.format(example=_OTHER_EXAMPLE))
    meeting, title = _meeting_and_rest(ctx, args, _OTHER_EXAMPLE)
    title = " ".join(title.split())
    if not title:
        raise UserError(texts.EXTRA_TITLE_MISSING.format(example=_OTHER_EXAMPLE))
    check_length("case_title", title)
    _check_day(ctx, meeting, texts.EXTRA_TOO_EARLY)
    entries = agenda_entries(ctx, meeting)
    wanted = texts.AGENDA_EXTRA_ITEM.format(title=title)
    for number, entry in enumerate(entries, start=1):
        if entry.case is None and entry.key.startswith("ekstra:") and fold(entry.title) == fold(wanted):
            return Reply(texts.EXTRA_ALREADY.format(title=title, item=number))
    plain.add(
        ctx.session,
        ExtraItem(
            meeting_id=meeting.id,
            title=title,
            added_by_id=ctx.member.id if ctx.member is not None else None,
            added_at=ctx.now,
        ),
    )
    number = len(entries) + 1
    ctx.audit("item.added", str(meeting.number), item=number)  # the title is typed text: not in the line
    return Reply(
        texts.EXTRA_ADDED.format(title=title, item=number, meeting=describe_meeting(ctx, meeting)), private=False
    )
