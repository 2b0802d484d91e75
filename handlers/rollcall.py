"""The roll call at the meeting (opprop): who was really there, and what the minutes say about it.

`/mote opprop [nr]` shows the roll (the representatives and the deputies called in) with a button pair
for everyone not yet called; a mark is a command, so a button and a typed line are the same thing:

    /mote opprop <nr> <navn> til_stede
    /mote opprop <nr> <navn> forfall                          (borte, hadde meldt forfall)
    /mote opprop <nr> <navn> uten_forfall                     (borte uten å melde forfall)
    /mote opprop <nr> <navn> kom kl 10.30 [etter sak 2]       (kom senere: var ikke med på sak 1–2)
    /mote opprop <nr> <navn> gikk kl 11.30 [etter sak 3]      (gikk tidligere: var ikke med på sakene etter 3)
    /mote opprop <nr> <navn> for <navn>                       (stedfortreder som møtte for en representant)

`til stede` and `uten forfall` may be typed as two words; `sak` may be `punkt` (agenda item numbers, never
case numbers such as 2/2026). Without a meeting number the roll call is today's meeting. The same mark
twice changes nothing (and writes no audit line). The first mark records the meeting as held
(`Meeting.held_at`); the meeting's state is left alone, so nothing that plans notices changes.
A deputy marked present stands in for the representative whose absence called them in (the deputy call,
or the attendance answer's `called_in_for_id`), unless `for <navn>` says otherwise.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from handlers import texts
from handlers.agenda import agenda_entries
from handlers.attendance import expected
from handlers.context import ATTENDEES, REPRESENTATIVES, Context
from handlers.dates import format_clock
from handlers.errors import UserError
from handlers.limits import MEETING_NUMBER_MOST, read_number
from handlers.lookup import active_members, describe_meeting, meeting_by_number, member_by_name
from handlers.replies import Button, Reply
from handlers.words import fold
from storage.models import Attendance, AttendanceAnswer, DeputyCall, Meeting, MeetingState, Member, Role, RollCall

_LOGGER = logging.getLogger(__name__)

PRESENT = "til_stede"
FORFALL = "forfall"
NO_FORFALL = "uten_forfall"
CAME = "kom"
LEFT = "gikk"
STOOD_IN = "for"
MARKS = (PRESENT, FORFALL, NO_FORFALL, CAME, LEFT, STOOD_IN)

# `kl 11.30 etter sak 3`, `11:30`, `kl. 11`, folded (æøå as ASCII).
_WHEN = re.compile(r"^(?:kl\.?|klokka|klokken)?\s*(\d{1,2})(?:[.:](\d{2}))?(?:\s+etter\s+(?:sak|punkt)\s+(\d{1,3}))?$")
_TWO_WORDS = ((re.compile(r"\btil\s+stede\b"), PRESENT), (re.compile(r"\buten\s+forfall\b"), NO_FORFALL))
_ROLE_ORDER = {Role.LEADER: 0, Role.DEPUTY_LEADER: 1, Role.REPRESENTATIVE: 2, Role.DEPUTY: 3, Role.OBSERVER: 4}
OBSERVERS = frozenset({Role.OBSERVER})
ON_THE_ROLL = ATTENDEES | OBSERVERS


# --- what the roll call says (read by the minutes too) -----------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One person on the roll: their mark (None: not called yet) and their attendance answer."""

    member: Member
    mark: RollCall | None
    answer: Attendance | None

    @property
    def had_forfall(self) -> bool:
        """Sent word beforehand: answered no to the attendance question."""
        return self.answer is not None and self.answer.answer == AttendanceAnswer.NO


def has_roll_call(ctx: Context, meeting: Meeting) -> bool:
    return (
        meeting.held_at is not None
        or ctx.session.scalar(select(RollCall.id).where(RollCall.meeting_id == meeting.id).limit(1)) is not None
    )


def roll(ctx: Context, meeting: Meeting) -> list[Entry]:
    """Everyone on the roll: those expected (representatives, deputies called in) and anyone marked."""
    marks = {
        r.member_id: r
        for r in ctx.session.scalars(
            select(RollCall)
            .options(selectinload(RollCall.member).selectinload(Member.organisation), selectinload(RollCall.for_member))
            .where(RollCall.meeting_id == meeting.id)
        )
    }
    answers = {
        a.member_id: a for a in ctx.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    people = {m.id: m for m in expected(ctx, meeting)}
    # Observers take no part in decisions, but the minutes say who was there to listen.
    people.update({m.id: m for m in active_members(ctx, OBSERVERS)})
    for mark in marks.values():
        people.setdefault(mark.member_id, mark.member)
    ordered = sorted(people.values(), key=lambda m: (_ROLE_ORDER.get(m.role, 9), m.name))
    return [Entry(m, marks.get(m.id), answers.get(m.id)) for m in ordered]


def missed_items(mark: RollCall, items: int) -> list[int]:
    """The agenda items a late arrival or an early leaver was not there for."""
    missed: list[int] = []
    if mark.arrived_after_item is not None:
        missed += range(1, mark.arrived_after_item + 1)
    if mark.left_after_item is not None:
        missed += range(mark.left_after_item + 1, items + 1)
    return sorted(set(missed))


def _items_phrase(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return texts.ROLLCALL_ITEM.format(number=numbers[0])
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return texts.ROLLCALL_ITEMS_RANGE.format(first=numbers[0], last=numbers[-1])
    return texts.ROLLCALL_ITEMS.format(numbers=texts.join_names([str(n) for n in numbers]))


def presence_note(ctx: Context, mark: RollCall, items: int) -> str:
    """`kom kl. 10.30, gikk kl. 11.30; var ikke med på sak 4–5`: what the minutes say beside a name."""
    parts: list[str] = []
    if mark.arrived_at is not None:
        parts.append(texts.ROLLCALL_NOTE_CAME.format(time=format_clock(ctx.local(mark.arrived_at))))
    if mark.left_at is not None:
        parts.append(texts.ROLLCALL_NOTE_LEFT.format(time=format_clock(ctx.local(mark.left_at))))
    note = ", ".join(parts)
    missed = missed_items(mark, items)
    if missed:
        note += texts.ROLLCALL_NOTE_MISSED.format(items=_items_phrase(missed))
    return note


def organisations_represented(entries: list[Entry], council_orgs: set[int]) -> tuple[int, int]:
    """(organisations with someone present, organisations on the council): the quorum a chair reads out."""
    present = {
        e.member.organisation_id
        for e in entries
        if e.mark is not None and e.mark.present and e.member.role != Role.OBSERVER
    }
    present.discard(None)
    return len(present), len(council_orgs | {o for o in present if o is not None})


def council_organisations(ctx: Context, meeting: Meeting) -> set[int]:
    return {
        m.organisation_id for m in expected(ctx, meeting) if m.organisation_id is not None and m.role != Role.DEPUTY
    }


# --- the command -------------------------------------------------------------------------------------


def rollcall(ctx: Context, args: str) -> Reply:
    """`/mote opprop [nr] [<navn> <merke> …]`: show the roll call, or record one mark on it."""
    meeting, rest = _meeting_and_rest(ctx, args)
    if not rest:
        return _overview(ctx, meeting, "")
    member, mark, tail = _split_mark(ctx, rest)
    changed = _apply(ctx, meeting, member, mark, tail)
    said = texts.ROLLCALL_RECORDED if changed else texts.ROLLCALL_UNCHANGED
    return _overview(ctx, meeting, said.format(name=member.name))


def _meeting_and_rest(ctx: Context, args: str) -> tuple[Meeting, str]:
    text = args.strip()
    first, _, rest = text.partition(" ")
    if first and read_number(first.removeprefix("#"), MEETING_NUMBER_MOST) is not None:
        meeting = meeting_by_number(ctx, first)
        text = rest.strip()
    else:
        meeting = todays_meeting(ctx)
    if meeting.state == MeetingState.CANCELLED:
        raise UserError(texts.ROLLCALL_CANCELLED.format(number=meeting.number))
    if ctx.local(meeting.start).date() > ctx.today:
        raise UserError(texts.ROLLCALL_NOT_YET.format(meeting=describe_meeting(ctx, meeting)))
    return meeting, text


def todays_meeting(ctx: Context, refusal: str = texts.ROLLCALL_NO_MEETING_TODAY) -> Meeting:
    """Today's meeting: the latest that has begun, else the next one today; none: `refusal`."""
    today = [
        m
        for m in ctx.session.scalars(
            select(Meeting)
            .where(Meeting.council_id == ctx.council.id, Meeting.state != MeetingState.CANCELLED)
            .order_by(Meeting.start)
        )
        if ctx.local(m.start).date() == ctx.today
    ]
    if not today:
        raise UserError(refusal)
    begun = [m for m in today if m.start <= ctx.now]
    return begun[-1] if begun else today[0]


def _split_mark(ctx: Context, text: str) -> tuple[Member, str, str]:
    """`Kari Dybdahl gikk kl 11.30 etter sak 3` → (Kari, "gikk", "kl 11.30 etter sak 3")."""
    folded = fold(text)
    for pattern, word in _TWO_WORDS:
        folded = pattern.sub(word, folded)
    words = folded.split()
    original = text.split()
    at = next((i for i, w in enumerate(words) if w in MARKS), None)
    if at is None or at == 0:
        raise UserError(texts.ROLLCALL_USAGE_MARK)
    # The name as typed (æøå kept): the words before the mark are the same words in both spellings.
    name = " ".join(original[:at])
    return member_by_name(ctx, name), words[at], " ".join(words[at + 1 :])


def _apply(ctx: Context, meeting: Meeting, member: Member, mark: str, tail: str) -> bool:
    """Record one mark; True if anything changed. One audit line per change, none for a repeat."""
    if member.role not in ON_THE_ROLL:
        raise UserError(texts.ROLLCALL_NOT_ON_ROLL.format(name=member.name))
    row = ctx.session.scalar(select(RollCall).where(RollCall.meeting_id == meeting.id, RollCall.member_id == member.id))
    before = _values(row)
    present, forfall = before[0] if before[0] is not None else True, before[1]
    arrived, arrived_after, left, left_after, for_member = before[2:]
    if mark in (FORFALL, NO_FORFALL):
        if tail:
            raise UserError(texts.ROLLCALL_USAGE_MARK)
        present, forfall = False, mark == FORFALL
        arrived = arrived_after = left = left_after = for_member = None
    else:
        present, forfall = True, False
        if mark == PRESENT:
            if tail:
                raise UserError(texts.ROLLCALL_USAGE_MARK)
            arrived = arrived_after = left = left_after = None
        elif mark in (CAME, LEFT):
            moment, after = _when(ctx, meeting, tail)
            if mark == CAME:
                arrived, arrived_after = moment, after
            else:
                left, left_after = moment, after
            if arrived is not None and left is not None and left <= arrived:
                raise UserError(texts.ROLLCALL_LEFT_BEFORE_CAME.format(name=member.name))
        else:  # STOOD_IN
            for_member = _stood_in_for(ctx, member, tail).id
        if for_member is None:
            for_member = _called_in_for(ctx, meeting, member)
    after_values = (present, forfall, arrived, arrived_after, left, left_after, for_member)
    if after_values == before:
        return False
    if row is None:
        row = RollCall(meeting_id=meeting.id, member_id=member.id, present=present, recorded_at=ctx.now)
        ctx.session.add(row)
    row.present, row.forfall = present, forfall
    row.arrived_at, row.arrived_after_item = arrived, arrived_after
    row.left_at, row.left_after_item = left, left_after
    row.for_member_id = for_member
    row.recorded_at = ctx.now
    detail: dict[str, str | int | None] = {"member": member.id, "mark": mark}
    if mark in (CAME, LEFT):
        moment_of = arrived if mark == CAME else left
        assert moment_of is not None
        detail["at"] = format_clock(ctx.local(moment_of))
        detail["after_item"] = arrived_after if mark == CAME else left_after
    if for_member is not None:
        detail["for_member"] = for_member
    ctx.audit("rollcall.mark", str(meeting.number), **detail)
    if meeting.held_at is None:
        meeting.held_at = ctx.now
        ctx.audit("meeting.held", str(meeting.number))
    return True


Values = tuple[bool | None, bool, datetime | None, int | None, datetime | None, int | None, int | None]


def _values(row: RollCall | None) -> Values:
    if row is None:
        return (None, False, None, None, None, None, None)
    return (
        row.present,
        row.forfall,
        row.arrived_at,
        row.arrived_after_item,
        row.left_at,
        row.left_after_item,
        row.for_member_id,
    )


def _when(ctx: Context, meeting: Meeting, tail: str) -> tuple[datetime, int | None]:
    """`kl 11.30 etter sak 3` → (11:30 on the meeting's day, 3); refused with an example otherwise."""
    found = _WHEN.match(tail.strip())
    if found is None:
        raise UserError(texts.ROLLCALL_BAD_TIME.format(text=texts.short(tail) or "…"))
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if hour > 23 or minute > 59:
        raise UserError(texts.ROLLCALL_BAD_TIME.format(text=texts.short(tail)))
    day = ctx.local(meeting.start).date()
    moment = datetime.combine(day, time(hour, minute), tzinfo=ctx.tz)
    after: int | None = None
    if found.group(3) is not None:
        items = len(agenda_entries(ctx, meeting))
        after = int(found.group(3))
        if not 1 <= after <= items:
            raise UserError(texts.ROLLCALL_BAD_ITEM.format(number=after, meeting=meeting.number, items=items))
    return moment, after


def _stood_in_for(ctx: Context, deputy: Member, name: str) -> Member:
    if not name:
        raise UserError(texts.ROLLCALL_USAGE_MARK)
    if deputy.role != Role.DEPUTY:
        raise UserError(texts.ROLLCALL_ONLY_DEPUTY_STANDS_IN.format(name=deputy.name))
    member = member_by_name(ctx, name)
    if member.role not in REPRESENTATIVES:
        raise UserError(texts.ROLLCALL_STANDS_IN_FOR_REPRESENTATIVE.format(name=member.name))
    if deputy.organisation_id is not None and member.organisation_id != deputy.organisation_id:
        raise UserError(texts.ROLLCALL_OTHER_ORGANISATION.format(deputy=deputy.name, member=member.name))
    return member


def _called_in_for(ctx: Context, meeting: Meeting, member: Member) -> int | None:
    """The representative whose absence called this deputy in to `meeting`, if any."""
    if member.role != Role.DEPUTY:
        return None
    call = ctx.session.scalar(
        select(DeputyCall).where(
            DeputyCall.meeting_id == meeting.id, DeputyCall.deputy_id == member.id, DeputyCall.passed_over_at.is_(None)
        )
    )
    if call is not None:
        return call.for_member_id
    answer = ctx.session.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.member_id == member.id)
    )
    return answer.called_in_for_id if answer is not None else None


# --- what the secretary sees -------------------------------------------------------------------------


def _overview(ctx: Context, meeting: Meeting, said: str) -> Reply:
    entries = roll(ctx, meeting)
    items = len(agenda_entries(ctx, meeting))
    names = {e.member.id: e.member.name for e in entries}
    lines = [said, ""] if said else []
    lines.append(texts.ROLLCALL_HEADING.format(meeting=describe_meeting(ctx, meeting)))
    buttons: list[Button] = []
    for entry in entries:
        lines.append(
            texts.ROLLCALL_LINE.format(who=texts.member_label(entry.member), state=_state(ctx, entry, items, names))
        )
        if entry.mark is None:
            command = f"/mote opprop {meeting.number} {entry.member.name}"
            absent = FORFALL if entry.had_forfall else NO_FORFALL
            buttons.append(
                Button(texts.ROLLCALL_BUTTON_PRESENT.format(name=entry.member.name), f"{command} {PRESENT}", "primary")
            )
            buttons.append(
                Button(texts.ROLLCALL_BUTTON_ABSENT[absent].format(name=entry.member.name), f"{command} {absent}")
            )
    represented, total = organisations_represented(entries, council_organisations(ctx, meeting))
    lines += ["", texts.ROLLCALL_ORGANISATIONS.format(represented=represented, total=total)]
    if meeting.held_at is not None:
        lines.append(texts.ROLLCALL_HELD.format(time=format_clock(ctx.local(meeting.held_at))))
    lines += ["", texts.ROLLCALL_HOW.format(number=meeting.number)]
    return Reply("\n".join(lines), tuple(buttons))


def _state(ctx: Context, entry: Entry, items: int, names: dict[int, str]) -> str:
    mark = entry.mark
    if mark is None:
        if entry.answer is None:
            return texts.ROLLCALL_NOT_CALLED_NO_ANSWER
        return texts.ROLLCALL_NOT_CALLED.format(answer=texts.ATTENDANCE_ANSWERS[entry.answer.answer])
    if not mark.present:
        return texts.ROLLCALL_STATE_FORFALL if mark.forfall else texts.ROLLCALL_STATE_NO_FORFALL
    state = texts.ROLLCALL_STATE_PRESENT
    note = presence_note(ctx, mark, items)
    if note:
        state += f" ({note})"
    if mark.for_member_id is not None:
        stood = mark.for_member.name if mark.for_member is not None else names.get(mark.for_member_id, "")
        state += texts.ROLLCALL_STATE_FOR.format(name=stood)
    return state
