"""Finding things by what people type: a meeting number, a case number `12/2027`, a member's name."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, bindparam, func, or_, select

from handlers import texts
from handlers.context import SECRETARY, Context
from handlers.errors import UserError
from handlers.limits import CASE_NUMBER_MOST, MEETING_NUMBER_MOST, YEAR_RANGE, number
from storage import plain
from storage.models import (
    Attendance,
    Case,
    DeclarationText,
    Meeting,
    MeetingState,
    Member,
    Role,
    Signature,
)

_LOGGER = logging.getLogger(__name__)

# The lookups almost every command makes, built once with named parameters: building a statement and its
# cache key costs more than SQLite takes to run it (measured: about 15% of a command), and SQLAlchemy
# caches the compiled form either way.
# The next meetings, read on nearly every command: a plain statement (storage/plain.py).
_UPCOMING = plain.Load(
    Meeting,
    where=lambda query: query.where(
        Meeting.council_id == bindparam("council"),
        Meeting.state == MeetingState.PLANNED,
        Meeting.start > bindparam("now"),
    ).order_by(Meeting.start),
)
_MEETING_BY_NUMBER = plain.Load(
    Meeting,
    where=lambda query: query.where(Meeting.council_id == bindparam("council"), Meeting.number == bindparam("number")),
)
_CASE_BY_NUMBER = plain.Load(
    Case,
    where=lambda query: query.where(
        Case.council_id == bindparam("council"), Case.year == bindparam("year"), Case.number == bindparam("number")
    ),
)
_CURRENT_DECLARATION = plain.Load(
    DeclarationText,
    where=lambda query: query.where(
        DeclarationText.council_id == bindparam("council"), DeclarationText.current.is_(True)
    ),
)
_SIGNATURE = plain.Plain(
    select(Signature.id).where(
        Signature.member_id == bindparam("member"), Signature.declaration_id == bindparam("declaration")
    )
)


_ANSWER = plain.Load(
    Attendance,
    where=lambda query: query.where(
        Attendance.meeting_id == bindparam("meeting"), Attendance.member_id == bindparam("member")
    ),
)


def answer_of(ctx: Context, meeting: Meeting, member_id: int) -> Attendance | None:
    """The member's attendance answer for `meeting`, or None."""
    answer: Attendance | None = _ANSWER.first(ctx.session, {"meeting": meeting.id, "member": member_id})
    return answer


def upcoming_meetings(ctx: Context) -> list[Meeting]:
    return [meeting for (meeting,) in _UPCOMING.rows(ctx.session, {"council": ctx.council.id, "now": ctx.now})]


def next_meeting(ctx: Context) -> Meeting | None:
    meetings = upcoming_meetings(ctx)
    return meetings[0] if meetings else None


def require_next_meeting(ctx: Context) -> Meeting:
    meeting = next_meeting(ctx)
    if meeting is None:
        raise UserError(texts.NO_MEETING_PLANNED)
    return meeting


def meeting_open_for_cases(ctx: Context) -> Meeting | None:
    """SPEC: a case goes to the next meeting whose agenda is not yet published."""
    for meeting in upcoming_meetings(ctx):
        if meeting.agenda_published_at is None:
            return meeting
    return None


def meeting_label(ctx: Context, meeting: Meeting) -> str:
    """`2/2027`: the meeting's place by date among the year's meetings that are not cancelled (a cancelled
    meeting keeps the place it had), so the plan reads 1/2027, 2/2027, 3/2027 whatever order they were
    planned in. The stored `number` stays the meeting's id in buttons, audit lines and file names."""
    year = ctx.local(meeting.start).year
    earlier = ctx.session.scalar(
        select(func.count(Meeting.id)).where(
            Meeting.council_id == meeting.council_id,
            Meeting.state != MeetingState.CANCELLED,
            Meeting.id != meeting.id,
            Meeting.start >= datetime(year, 1, 1, tzinfo=ctx.tz),
            (Meeting.start < meeting.start) | ((Meeting.start == meeting.start) & (Meeting.id < meeting.id)),
        )
    )
    return f"{int(earlier or 0) + 1}/{year}"


def _meeting_by_label(ctx: Context, text: str) -> Meeting:
    """`2/2027`: the year's second meeting by date (see `meeting_label`)."""
    refusal = texts.BAD_MEETING_NUMBER.format(text=texts.short(text))
    place_text, _, year_text = text.partition("/")
    place = number(place_text, most=MEETING_NUMBER_MOST, refusal=refusal)
    year = number(year_text, least=YEAR_RANGE[0], most=YEAR_RANGE[1], refusal=refusal)
    meetings = ctx.session.scalars(
        select(Meeting)
        .where(
            Meeting.council_id == ctx.council.id,
            Meeting.state != MeetingState.CANCELLED,
            Meeting.start >= datetime(year, 1, 1, tzinfo=ctx.tz),
            Meeting.start < datetime(year + 1, 1, 1, tzinfo=ctx.tz),
        )
        .order_by(Meeting.start, Meeting.id)
    ).all()
    if not 1 <= place <= len(meetings):
        raise UserError(texts.NO_SUCH_MEETING.format(number=f"{place}/{year}"))
    return meetings[place - 1]


def meeting_by_number(ctx: Context, text: str) -> Meeting:
    """`2/2027` (its label, see `meeting_label`), or `3` / `#3`: the meeting's running number, as buttons
    and earlier messages carry it."""
    if "/" in text:
        return _meeting_by_label(ctx, text.strip().removeprefix("#"))
    wanted = number(
        text.strip().removeprefix("#"),
        most=MEETING_NUMBER_MOST,
        refusal=texts.BAD_MEETING_NUMBER.format(text=texts.short(text)),
    )
    meeting: Meeting | None = _MEETING_BY_NUMBER.first(ctx.session, {"council": ctx.council.id, "number": wanted})
    if meeting is None:
        raise UserError(texts.NO_SUCH_MEETING.format(number=wanted))
    return meeting


def previous_meeting(ctx: Context, meeting: Meeting) -> Meeting | None:
    return ctx.session.scalar(
        select(Meeting)
        .where(
            Meeting.council_id == ctx.council.id,
            Meeting.state != MeetingState.CANCELLED,
            Meeting.start < meeting.start,
        )
        .order_by(Meeting.start.desc())
        .limit(1)
    )


def meeting_after(ctx: Context, meeting: Meeting) -> Meeting | None:
    return ctx.session.scalar(
        select(Meeting)
        .where(
            Meeting.council_id == ctx.council.id,
            Meeting.state == MeetingState.PLANNED,
            Meeting.start > meeting.start,
        )
        .order_by(Meeting.start)
        .limit(1)
    )


def deadline(ctx: Context, meeting: Meeting) -> datetime:
    """Mandate: cases 14 days before the meeting. The deadline is the end of that local day."""
    day = ctx.local(meeting.start).date() - timedelta(days=ctx.settings.deadline_days)
    return datetime.combine(day, datetime.max.time(), tzinfo=ctx.tz).replace(microsecond=0)


def case_by_label(ctx: Context, text: str) -> Case:
    """`3`, `#3` or `3/2027` (this year's case when the year is left out)."""
    refusal = texts.BAD_CASE_NUMBER.format(text=texts.short(text))
    case_number, slash, year_text = text.strip().removeprefix("#").partition("/")
    wanted = number(case_number, most=CASE_NUMBER_MOST, refusal=refusal)
    year = number(year_text, least=YEAR_RANGE[0], most=YEAR_RANGE[1], refusal=refusal) if slash else ctx.today.year
    case: Case | None = _CASE_BY_NUMBER.first(ctx.session, {"council": ctx.council.id, "year": year, "number": wanted})
    if case is None:
        raise UserError(texts.NO_SUCH_CASE.format(label=f"{wanted}/{year}"))
    return case


def split_first(text: str) -> tuple[str, str]:
    """`12/2027 fordi ...` → (`12/2027`, `fordi ...`)."""
    first, _, rest = text.strip().partition(" ")
    if "\n" in first:
        first, _, more = first.partition("\n")
        rest = more + " " + rest
    return first, rest.strip()


def term_ended(member: Member, today: date) -> bool:
    """Whether `member`'s term is over: `term_end` is the last day of it. The row stays active (it is not
    `/brukerrad medlem avslutt`); a new `til=` from the secretary brings the member back."""
    return member.term_end is not None and member.term_end < today


def in_term(today: object) -> ColumnElement[bool]:
    """SQL for `not term_ended(Member, today)`; `today` may be a bindparam."""
    return or_(Member.term_end.is_(None), Member.term_end >= today)


def active_members(ctx: Context, roles: frozenset[Role]) -> list[Member]:
    """The council's active members with one of `roles` whose term has not ended, by name: the people
    who get notices, are expected to answer and are counted."""
    return list(
        ctx.session.scalars(
            select(Member)
            .where(
                Member.council_id == ctx.council.id,
                Member.active.is_(True),
                Member.role.in_(roles),
                in_term(ctx.today),
            )
            .order_by(Member.name)
        )
    )


def whom_to_ask(ctx: Context) -> str:
    """The secretaries' names, for a kind refusal: those in their term, else any (an ended term does not
    stop the secretary from fixing the roster), else «sekretæren»."""
    names = [m.name for m in active_members(ctx, SECRETARY)]
    if not names:
        names = list(
            ctx.session.scalars(
                select(Member.name).where(
                    Member.council_id == ctx.council.id, Member.active.is_(True), Member.role == Role.SECRETARY
                )
            )
        )
    return texts.join_names(names) if names else texts.THE_SECRETARY


def member_by_name(ctx: Context, name: str, *, include_inactive: bool = False) -> Member:
    """Exact name, else a unique start of a name, else a unique part; case and æøå-insensitive."""
    name = " ".join(name.strip().strip('"').split())  # as shown back too: no stray space inside «…»
    wanted = name.casefold()
    if not wanted:
        raise UserError(texts.NAME_MISSING)
    query = select(Member).where(Member.council_id == ctx.council.id)
    if not include_inactive:
        query = query.where(Member.active.is_(True))
    members = list(ctx.session.scalars(query.order_by(Member.name)))
    for test in (
        lambda m: m.name.casefold() == wanted,
        lambda m: m.name.casefold().startswith(wanted),
        lambda m: wanted in m.name.casefold(),
    ):
        found = [m for m in members if test(m)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise UserError(texts.AMBIGUOUS_NAME.format(name=name, names=texts.join_names([m.name for m in found])))
    raise UserError(texts.NO_SUCH_MEMBER.format(name=texts.short(name)))


def current_declaration(ctx: Context) -> DeclarationText:
    """The declaration members sign now; created from settings on first use, re-versioned when its text changes."""
    import hashlib

    text = ctx.settings.declaration_text.strip()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    current: DeclarationText | None = _CURRENT_DECLARATION.first(ctx.session, {"council": ctx.council.id})
    if current is not None and current.sha256 == digest:
        return current
    if current is not None:
        current.current = False
    existing = ctx.session.scalar(
        select(DeclarationText).where(DeclarationText.council_id == ctx.council.id, DeclarationText.sha256 == digest)
    )
    if existing is not None:
        existing.current = True
        return existing
    declaration = DeclarationText(council_id=ctx.council.id, sha256=digest, text=text, current=True, created_at=ctx.now)
    ctx.session.add(declaration)
    ctx.session.flush()
    return declaration


def has_signed(ctx: Context, member: Member) -> bool:
    declaration = current_declaration(ctx)
    return bool(_SIGNATURE.run(ctx.session, {"member": member.id, "declaration": declaration.id}, autoflush=True))


def describe_meeting(ctx: Context, meeting: Meeting) -> str:
    """`møte 1/2027, torsdag 14. januar 2027 kl. 10.00, Gryta`: how a meeting is named in messages."""
    from handlers.dates import format_when

    where = f", {meeting.place}" if meeting.place else ""
    end = ctx.local(meeting.ends_at) if meeting.ends_at is not None else None
    when = format_when(ctx.local(meeting.start), end)
    return texts.MEETING_NAME.format(number=meeting_label(ctx, meeting), when=when, where=where)
