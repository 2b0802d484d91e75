"""Which notices a meeting (or a member, or the calendar) implies, when they are due, and what they say.

Every notice is an outbox row (`storage.models.Notice`) before it is a message. Its natural key is
(council, kind, subject, due moment): planning the same thing twice finds the row already there, so
planning is idempotent and two processes cannot plan one notice twice. The due moment is computed in
the council's time zone at the configured posting time and moved back to the working day before when
it falls on a weekend or a Norwegian public holiday (the `holidays` package).

Catch-up rule: a row whose moment has already passed when it is planned (a meeting planned 20 days ahead
implies a call for cases 21 days before) is due at once; whether it still makes sense is decided when it
is sent (`render`): a call for cases after the deadline, or anything after the meeting, is skipped and
the reason recorded. Rendering happens at send time, so the agenda shows the cases as they are then.

Notices to a group of people (the working committee, those who have not answered, the secretaries) are
one row that `expand`s at send time into one direct-message row per person, of the same kind, keyed
`<parent key>:u<member id>`, so each person gets it exactly once whatever happens to the parent, and who
is in the group is decided when it goes out (a member who answered yesterday is not nudged today).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from handlers import texts
from handlers.agenda import attendance_buttons
from handlers.context import AU, SECRETARY, Context
from handlers.dates import format_clock, format_when
from handlers.lookup import (
    active_members,
    current_declaration,
    deadline,
    describe_meeting,
    has_signed,
    term_ended,
    upcoming_meetings,
)
from handlers.replies import Button, ChannelPost, DirectMessage, Reply
from storage.models import (
    Attendance,
    Case,
    CaseState,
    Meeting,
    MeetingState,
    Member,
    Notice,
    NoticeState,
    Role,
)
from storage.outbox import is_share

if TYPE_CHECKING:
    import holidays

_LOGGER = logging.getLogger(__name__)


class NoticeKind(enum.StrEnum):
    """What a row is; stored as its string in `Notice.kind`. What each kind does is in `KINDS`."""

    CALL_FOR_CASES = "call_for_cases"
    LAST_CALL = "last_call"
    AGENDA = "agenda"
    UNTRIAGED = "untriaged"
    ATTENDANCE_NUDGE = "attendance_nudge"
    MEETING_DAY = "meeting_day"
    TERM_WARNING = "term_warning"
    TERM_ENDED = "term_ended"
    HALF_YEAR = "half_year"
    DECLARATION_REMINDER = "declaration_reminder"
    MESSAGE = "message"  # what a command said, with its text in the row
    OPEN_CHAT = "open_chat"  # asks a member in the channel to open a private chat with the bot (bot.delivery)
    CALENDAR_UPDATE = "calendar_update"  # a moved or cancelled meeting, to those who get e-mail (invitations)
    DEPUTY_WAIT = "deputy_wait"  # a deputy's call-in unanswered for `deputy_wait_days`: ask the next


MEETING_DAY_LEAD = timedelta(hours=1)  # a meeting before the posting time gets its reminder an hour ahead
HALF_YEAR_MONTHS = (5, 11)  # May (and November): plan the next half-year; June brings the evaluation
PLANNING_HORIZON_DAYS = 400
DESCRIBE_DAYS = 60  # `/mote varsler` shows the council's own notices this far ahead
DESCRIBE_PAST_DAYS = 30  # and this far back

STATE_NAMES = {state: texts.NOTICE_STATE_NAMES[state.value] for state in NoticeState}


@lru_cache(maxsize=64)
def _norwegian_holidays(year: int) -> holidays.HolidayBase:
    import holidays  # on first use: importing it costs the cold start about 40 ms

    return holidays.country_holidays("NO", years=year, language="no")


def working_day_on_or_before(day: date) -> date:
    """A weekend or public holiday moves a notice to the working day before."""
    while day.weekday() >= 5 or day in _norwegian_holidays(day.year):
        day -= timedelta(days=1)
    return day


def at_post_time(ctx: Context, day: date) -> datetime:
    """`day` at the council's posting time, as an aware moment in the council's zone.

    zoneinfo gives the right offset on either side of a daylight-saving change; a posting time that does
    not exist that day (inside the spring gap) comes out as the same instant an hour later on the clock.
    """
    local = datetime.combine(day, ctx.settings.post_time, tzinfo=ctx.tz)
    return local.astimezone(ctx.tz)


def due_before(ctx: Context, meeting: Meeting, days: int) -> datetime:
    day = ctx.local(meeting.start).date() - timedelta(days=days)
    return at_post_time(ctx, working_day_on_or_before(day))


def meeting_day_due(ctx: Context, meeting: Meeting) -> datetime:
    start = ctx.local(meeting.start)
    morning = at_post_time(ctx, start.date())
    return min(morning, start - MEETING_DAY_LEAD)


@dataclass(frozen=True)
class Planned:
    kind: NoticeKind
    due: datetime
    member_id: int | None = None
    subject: str = ""


def meeting_plan(ctx: Context, meeting: Meeting) -> list[Planned]:
    """Every notice a planned meeting implies (SPEC.md's scheduler table), with its natural due moment."""
    planned = [
        Planned(kind, due_before(ctx, meeting, getattr(ctx.settings, rule.days_before)))
        for kind, rule in KINDS.items()
        if rule.days_before is not None
    ]
    planned.append(Planned(NoticeKind.MEETING_DAY, meeting_day_due(ctx, meeting)))
    return planned


def _key(ctx: Context, planned: Planned, meeting: Meeting | None) -> str:
    subject = f"m{meeting.id}" if meeting is not None else planned.subject
    member = f":u{planned.member_id}" if planned.member_id is not None else ""
    return f"{ctx.council.id}:{planned.kind}:{subject}{member}:{planned.due.astimezone(ctx.tz).isoformat()}"


def _add(ctx: Context, planned: Planned, meeting: Meeting | None, payload: dict[str, object] | None = None) -> None:
    """Insert the row unless its natural key is there already; a passed moment is due at once.

    A row with the same key that a re-planning cancelled (a meeting moved away and back, a term changed
    and changed back) is planned again rather than left cancelled.
    """
    _keep(
        ctx,
        _key(ctx, planned, meeting),
        planned.kind,
        max(planned.due, ctx.now),
        {"natural_due": planned.due.isoformat(), **(payload or {})},
        meeting_id=meeting.id if meeting is not None else None,
        member_id=planned.member_id,
        revive=frozenset({NoticeState.CANCELLED}),
    )


def _keep(
    ctx: Context,
    key: str,
    kind: NoticeKind,
    due: datetime,
    payload: dict[str, object],
    *,
    meeting_id: int | None = None,
    member_id: int | None = None,
    revive: frozenset[NoticeState] = frozenset(),
) -> None:
    """The outbox row with the natural key `key`: added when there is none; one that exists is left as it is,
    unless it is in a `revive` state, when it is made pending again at `due` (planned again after all)."""
    existing = ctx.session.scalar(select(Notice).where(Notice.key == key))
    if existing is not None:
        if existing.state in revive:
            existing.state, existing.due_at, existing.note = NoticeState.PENDING, due, ""
            existing.claimed_by, existing.claimed_until = None, None
        return
    ctx.session.add(
        Notice(
            key=key,
            council_id=ctx.council.id,
            kind=kind.value,
            meeting_id=meeting_id,
            member_id=member_id,
            payload=payload,
            due_at=due,
            created_at=ctx.now,
        )
    )


def plan_meeting(ctx: Context, meeting: Meeting) -> None:
    """Plan (or re-plan, after a move) every notice `meeting` implies.

    After a move, pending rows for the old moments are cancelled (the per-person messages of a nudge
    too: they name the old time); the call for cases and the agenda, if they already went out, are not
    sent again: the move itself is announced in the channel.
    """
    ctx.session.flush()
    wanted = {_key(ctx, p, meeting): p for p in meeting_plan(ctx, meeting)}
    existing = list(
        ctx.session.scalars(
            select(Notice).where(
                Notice.meeting_id == meeting.id,
                # What a command said, and a deputy's wait (counted from the call, not the meeting), stay.
                Notice.kind.not_in((NoticeKind.MESSAGE.value, NoticeKind.DEPUTY_WAIT.value)),
            )
        )
    )
    already_out = {
        row.kind
        for row in existing
        if _rule(row.kind).once_per_meeting
        and row.state in (NoticeState.SENT, NoticeState.SENDING, NoticeState.UNCERTAIN)
    }
    for row in existing:
        if row.state == NoticeState.PENDING and row.key not in wanted:
            row.state = NoticeState.CANCELLED
            row.note = texts.NOTICE_NOTE_MOVED
    for planned in wanted.values():
        if planned.kind not in already_out:
            _add(ctx, planned, meeting)


def cancel_meeting(ctx: Context, meeting: Meeting) -> None:
    """A cancelled meeting sends nothing more; its pending rows are kept, marked cancelled."""
    for row in ctx.session.scalars(
        select(Notice).where(
            Notice.meeting_id == meeting.id,
            Notice.state == NoticeState.PENDING,
            Notice.kind != NoticeKind.MESSAGE.value,
        )
    ):
        row.state = NoticeState.CANCELLED
        row.note = texts.NOTICE_NOTE_CANCELLED


def plan_calendar_update(ctx: Context, meeting: Meeting) -> None:
    """A moved or cancelled meeting: the calendar invitation's update (METHOD:REQUEST with the raised
    SEQUENCE, or METHOD:CANCEL) to every member who gets e-mail, who does not read the channel's post.
    Keyed by the sequence: each change is one row; a later move cancels the one not yet sent. Only once
    the meeting has been told by e-mail (before that, the next notice tells the new time) and someone
    has an address."""
    ctx.session.flush()
    told = ctx.session.scalar(
        select(Notice.id)
        .where(
            Notice.meeting_id == meeting.id,
            Notice.kind.in_([k.value for k, rule in KINDS.items() if rule.by_email]),
            Notice.state.in_((NoticeState.SENT, NoticeState.UNCERTAIN)),
        )
        .limit(1)
    )
    addressed = ctx.session.scalar(
        select(Member.id).where(Member.council_id == ctx.council.id, Member.email.is_not(None)).limit(1)
    )
    if told is None or addressed is None:
        return
    key = f"{ctx.council.id}:{NoticeKind.CALENDAR_UPDATE.value}:m{meeting.id}:s{meeting.sequence}"
    payload: dict[str, object] = {"platform": "email", "sequence": meeting.sequence}
    _keep(ctx, key, NoticeKind.CALENDAR_UPDATE, ctx.now, payload, meeting_id=meeting.id)


def plan_deputy_wait(ctx: Context, meeting: Meeting, deputy: Member, member: Member) -> None:
    """When `deputy`, just called in for `member`, has not answered after `deputy_wait_days` (counted
    from now, not at the posting time: the call went out now), the next deputy is asked."""
    if ctx.settings.deputy_wait_days <= 0:
        return
    due = min(ctx.now + timedelta(days=ctx.settings.deputy_wait_days), meeting.start)
    key = f"{ctx.council.id}:{NoticeKind.DEPUTY_WAIT.value}:m{meeting.id}:u{deputy.id}:{ctx.now.isoformat()}"
    # Called, released and called again in the same instant: the same wait, pending again.
    not_pending = frozenset(NoticeState) - {NoticeState.PENDING}
    payload: dict[str, object] = {"deputy": deputy.id, "for": member.id}
    _keep(ctx, key, NoticeKind.DEPUTY_WAIT, due, payload, meeting_id=meeting.id, revive=not_pending)


def plan_member(ctx: Context, member: Member) -> None:
    """A member's own notices: the declaration reminder one day after joining (then weekly, planned as
    each goes out), the secretaries' warning before the term ends, and their notice the day it has."""
    ctx.session.flush()
    if not member.active:
        return
    _plan_term_ended(ctx, member)
    if not term_ended(member, ctx.today) and not has_signed(ctx, member):  # none to a former member
        first = working_day_on_or_before(ctx.today + timedelta(days=ctx.settings.unsigned_first_days))
        already = ctx.session.scalar(
            select(Notice.id).where(
                Notice.kind == NoticeKind.DECLARATION_REMINDER.value,
                Notice.member_id == member.id,
                Notice.state == NoticeState.PENDING,
            )
        )
        if already is None:
            _add(
                ctx,
                Planned(NoticeKind.DECLARATION_REMINDER, at_post_time(ctx, first), member.id, f"u{member.id}"),
                None,
            )
    wanted: str | None = None
    warning: Planned | None = None
    if member.term_end is not None and member.term_end >= ctx.today:
        warn = working_day_on_or_before(member.term_end - timedelta(days=ctx.settings.term_warning_days))
        warning = Planned(
            NoticeKind.TERM_WARNING, at_post_time(ctx, warn), None, f"term-u{member.id}-{member.term_end}"
        )
        wanted = _key(ctx, warning, None)
    _cancel_other_member_notices(ctx, NoticeKind.TERM_WARNING, member, wanted)
    if warning is not None:
        _add(ctx, warning, None, {"member": member.id})


def _plan_term_ended(ctx: Context, member: Member) -> None:
    """The secretaries are told the first day a member's term is over (the day after `term_end`, the
    last day of it): from then on the member is treated as a former member. A changed `term_end`
    re-plans it; a row whose moment passed (a term that ended before this was planned) is due at once."""
    wanted: Planned | None = None
    if member.term_end is not None:
        first_day = member.term_end + timedelta(days=1)
        wanted = Planned(
            NoticeKind.TERM_ENDED, at_post_time(ctx, first_day), None, f"ended-u{member.id}-{member.term_end}"
        )
    _cancel_other_member_notices(ctx, NoticeKind.TERM_ENDED, member, _key(ctx, wanted, None) if wanted else None)
    if wanted is not None and member.term_end is not None:
        _add(ctx, wanted, None, {"member": member.id, "term_end": member.term_end.isoformat()})


def _cancel_other_member_notices(ctx: Context, kind: NoticeKind, member: Member, wanted: str | None) -> None:
    """Pending notices of `kind` to the secretaries about `member`, other than the `wanted` one, are
    cancelled: the term they were planned for changed."""
    for row in ctx.session.scalars(
        select(Notice).where(
            Notice.council_id == ctx.council.id,
            Notice.kind == kind.value,
            Notice.state == NoticeState.PENDING,
            Notice.member_id.is_(None),
            Notice.payload["member"].as_integer() == member.id,
        )
    ):
        if row.key != wanted:
            row.state = NoticeState.CANCELLED
            row.note = texts.NOTICE_NOTE_REPLANNED


def plan_calendar(ctx: Context) -> None:
    """The council's yearly rhythm: in May (and November) plan the next half-year; and for every member
    with a term end, the notice the day it has passed (members added before that notice existed get it
    here). Idempotent; the scheduler calls it once a day."""
    for member in ctx.session.scalars(
        select(Member).where(Member.council_id == ctx.council.id, Member.active.is_(True), Member.term_end.is_not(None))
    ):
        _plan_term_ended(ctx, member)
    today = ctx.today
    for year in (today.year, today.year + 1):
        for month in HALF_YEAR_MONTHS:
            day = working_day_on_or_before(date(year, month, 2))
            due = at_post_time(ctx, day)
            if due.date() >= today and (due - ctx.now).days < PLANNING_HORIZON_DAYS:
                _add(
                    ctx,
                    Planned(NoticeKind.HALF_YEAR, due, None, f"half-{year}-{month:02d}"),
                    None,
                    {"month": [year, month]},
                )


# --- rendering, at send time ---------------------------------------------------------------------------


def is_group(notice: Notice) -> bool:
    """A row for a group of people that `expand` turns into one row per person (not one of those)."""
    return _rule(notice.kind).expand is not None and not is_share(notice.payload)


def render(ctx: Context, notice: Notice) -> ChannelPost | str:
    """The message a scheduled notice stands for, rendered now; or a reason (str) to skip it.

    Called once per row: a row that must be tried again keeps what was rendered the first time, so the
    agenda goes out as it was published, and the same on every platform.
    """
    rule = _rule(notice.kind)
    if rule.render is None:
        return texts.NOTICE_UNKNOWN_KIND.format(kind=notice.kind)
    if rule.about_meeting:
        meeting = _live_meeting(ctx, notice)
        if isinstance(meeting, str):
            return meeting
        return rule.render(ctx, notice, meeting)
    return rule.render(ctx, notice, None)


def expand(ctx: Context, notice: Notice) -> list[DirectMessage] | str:
    """A notice to a group of people, as one direct message each; or a reason (str) to skip it."""
    rule = _rule(notice.kind)
    if rule.expand is None:
        return texts.NOTICE_UNKNOWN_KIND.format(kind=notice.kind)
    if rule.about_meeting:
        meeting = _live_meeting(ctx, notice)
        if isinstance(meeting, str):
            return meeting
        return rule.expand(ctx, notice, meeting)
    return rule.expand(ctx, notice, None)


def obsolete(ctx: Context, notice: Notice) -> str:
    """Why an already rendered row (a retry, or one person's share of a group notice) no longer makes
    sense now; empty when it still does. Messages a command caused always do."""
    rule = _rule(notice.kind)
    if rule.always_goes:
        return ""
    if notice.member_id is not None and not rule.to_former_members:
        # One person's reminder or nudge: none to a member whose term has ended (a former member).
        member = ctx.session.get(Member, notice.member_id)
        if member is not None and term_ended(member, ctx.today):
            return texts.NOTICE_SKIP_NOT_MEMBER
    if rule.about_meeting:
        meeting = ctx.session.get(Meeting, notice.meeting_id) if notice.meeting_id is not None else None
        if meeting is None:
            return ""
        reason = _pointless(ctx, notice, meeting, rendered=True)
        if reason:
            return reason
    return rule.still_wanted(ctx, notice) if rule.still_wanted is not None else ""


def _live_meeting(ctx: Context, notice: Notice) -> Meeting | str:
    """The notice's meeting, or the reason (str) the notice no longer makes sense."""
    meeting = ctx.session.get(Meeting, notice.meeting_id) if notice.meeting_id is not None else None
    if meeting is None:
        return texts.NOTICE_UNKNOWN_KIND.format(kind=notice.kind)
    return _pointless(ctx, notice, meeting) or meeting


def _pointless(ctx: Context, notice: Notice, meeting: Meeting, *, rendered: bool = False) -> str:
    """Why a meeting notice no longer makes sense now (empty when it still does). `rendered`: the row
    was rendered before (so an agenda it published itself is no reason to skip it)."""
    if meeting.state == MeetingState.CANCELLED:
        return texts.NOTICE_NOTE_CANCELLED
    if ctx.now >= meeting.start:
        return texts.NOTICE_SKIP_AFTER_MEETING
    rule = _rule(notice.kind)
    return rule.pointless(ctx, meeting, rendered) if rule.pointless is not None else ""


def _after_deadline(ctx: Context, meeting: Meeting, rendered: bool) -> str:
    return texts.NOTICE_SKIP_AFTER_DEADLINE if ctx.now > deadline(ctx, meeting) else ""


def _agenda_out(ctx: Context, meeting: Meeting, rendered: bool) -> str:
    return texts.NOTICE_SKIP_AGENDA_OUT if not rendered and meeting.agenda_published_at is not None else ""


def _render_call_for_cases(ctx: Context, notice: Notice, meeting: Meeting | None) -> ChannelPost | str:
    assert meeting is not None
    name, end_of_deadline = describe_meeting(ctx, meeting), deadline(ctx, meeting)
    return ChannelPost(
        texts.NOTICE_CALL_FOR_CASES.format(
            meeting=name, deadline=texts.day(end_of_deadline), **ctx.settings.profile.words()
        )
    )


def _render_last_call(ctx: Context, notice: Notice, meeting: Meeting | None) -> ChannelPost | str:
    assert meeting is not None
    name, end_of_deadline = describe_meeting(ctx, meeting), deadline(ctx, meeting)
    cases = _cases(ctx, meeting, (CaseState.SUBMITTED, CaseState.APPROVED, CaseState.DEFERRED, CaseState.DECIDED))
    listing = "\n".join(f"• {c.label} {c.title}" for c in cases) or texts.NOTICE_NO_CASES_YET
    # On the deadline day, unless that is a weekend or holiday and the notice came the day before.
    today = ctx.today == ctx.local(end_of_deadline).date()
    text = texts.NOTICE_LAST_CALL if today else texts.NOTICE_LAST_CALL_AHEAD
    return ChannelPost(text.format(meeting=name, cases=listing, deadline=texts.day(end_of_deadline)))


def _render_agenda(ctx: Context, notice: Notice, meeting: Meeting | None) -> ChannelPost | str:
    assert meeting is not None
    from handlers.meetings import publish_agenda

    post = publish_agenda(ctx, meeting)
    ctx.audit("agenda.published", str(meeting.number), by="scheduler")
    return post


def _render_meeting_day(ctx: Context, notice: Notice, meeting: Meeting | None) -> ChannelPost | str:
    assert meeting is not None
    return ChannelPost(
        texts.NOTICE_MEETING_DAY.format(
            time=format_clock(ctx.local(meeting.start)), place=meeting.place or texts.NO_PLACE
        )
    )


def _render_calendar_update(ctx: Context, notice: Notice, _meeting: Meeting | None) -> ChannelPost | str:
    meeting = ctx.session.get(Meeting, notice.meeting_id) if notice.meeting_id is not None else None
    if meeting is None:
        return texts.NOTICE_UNKNOWN_KIND.format(kind=notice.kind)
    if meeting.sequence != notice.payload.get("sequence"):
        return texts.NOTICE_NOTE_REPLANNED  # changed again since: the newer update says it
    name = describe_meeting(ctx, meeting)
    if meeting.state == MeetingState.CANCELLED:
        return ChannelPost(texts.MEETING_CANCELLED_POST.format(meeting=name))
    if ctx.now >= meeting.start:
        return texts.NOTICE_SKIP_AFTER_MEETING
    return ChannelPost(texts.CALENDAR_UPDATE_MOVED.format(meeting=name))


def _nudge_unanswered(ctx: Context, notice: Notice) -> str:
    if notice.member_id is None:
        return ""
    answered = ctx.session.scalar(
        select(Attendance.id).where(
            Attendance.meeting_id == notice.meeting_id, Attendance.member_id == notice.member_id
        )
    )
    return texts.NOTICE_SKIP_ANSWERED if answered is not None else ""


def _declaration_unsigned(ctx: Context, notice: Notice) -> str:
    member = ctx.session.get(Member, notice.member_id) if notice.member_id is not None else None
    if member is None or not member.active:
        return texts.NOTICE_SKIP_NOT_MEMBER
    return texts.NOTICE_SKIP_SIGNED if has_signed(ctx, member) else ""


def _cases(ctx: Context, meeting: Meeting, states: tuple[CaseState, ...]) -> list[Case]:
    return list(
        ctx.session.scalars(
            select(Case).where(Case.meeting_id == meeting.id, Case.state.in_(states)).order_by(Case.year, Case.number)
        )
    )


def _declaration_reminder(ctx: Context, notice: Notice, _meeting: Meeting | None) -> ChannelPost | str:
    reason = obsolete(ctx, notice)
    if reason:
        return reason
    assert notice.member_id is not None
    member = ctx.session.get(Member, notice.member_id)
    assert member is not None
    earlier = _reminders_sent(ctx, notice)
    if earlier >= DECLARATION_REMINDERS_MOST:  # the secretary was told when the last one went
        return texts.NOTICE_SKIP_ENOUGH_REMINDERS
    if earlier + 1 < DECLARATION_REMINDERS_MOST:
        # The next reminder a week on, planned now; it is skipped in its turn once the member has signed.
        following = working_day_on_or_before(ctx.today + timedelta(days=ctx.settings.unsigned_repeat_days))
        _add(
            ctx,
            Planned(NoticeKind.DECLARATION_REMINDER, at_post_time(ctx, following), member.id, f"u{member.id}"),
            None,
        )
    else:  # the last one: no more reminders, the secretaries are told instead
        from handlers.dispatch import enqueue

        told = texts.DECLARATION_REMINDERS_STOPPED.format(
            member=texts.member_label(member), count=DECLARATION_REMINDERS_MOST
        )
        secretaries = active_members(ctx, SECRETARY)
        enqueue(ctx, Reply("", direct_messages=tuple(DirectMessage(s.id, told) for s in secretaries)))
    version = current_declaration(ctx).sha256[:8]
    return ChannelPost(
        texts.NOTICE_DECLARATION_REMINDER.format(name=member.name.split()[0]),
        (
            Button(texts.BUTTON_READ_DECLARATION, "/taushet", "primary"),
            Button(texts.BUTTON_SIGN, f"/taushet signer {version}"),
        ),
    )


def _reminders_sent(ctx: Context, notice: Notice) -> int:
    """How many declaration reminders the row's member has had (rows sent or perhaps sent), not this one."""
    return int(
        ctx.session.scalar(
            select(func.count(Notice.id)).where(
                Notice.council_id == notice.council_id,
                Notice.kind == NoticeKind.DECLARATION_REMINDER.value,
                Notice.member_id == notice.member_id,
                Notice.id != notice.id,
                Notice.state.in_((NoticeState.SENT, NoticeState.SENDING, NoticeState.UNCERTAIN)),
            )
        )
        or 0
    )


def collapsed(ctx: Context, notice: Notice) -> str:
    """Why a person's notice is a stale repeat (empty when it is not): piled up while the bot was away,
    the same kind for the same member (and meeting) goes out once. A row is stale when a later row of it
    is also due now (that one goes), or when the member has had one of them since this row fell due."""
    rule = _rule(notice.kind)
    if rule.always_goes or notice.member_id is None:
        return ""
    same = select(Notice.id).where(
        Notice.council_id == notice.council_id,
        Notice.kind == notice.kind,
        Notice.member_id == notice.member_id,
        Notice.id != notice.id,
        Notice.meeting_id.is_(None) if notice.meeting_id is None else Notice.meeting_id == notice.meeting_id,
    )
    later_due = same.where(
        Notice.state == NoticeState.PENDING,
        Notice.due_at <= ctx.now,
        (Notice.due_at > notice.due_at) | ((Notice.due_at == notice.due_at) & (Notice.id > notice.id)),
    )
    sent_since = same.where(
        Notice.state.in_((NoticeState.SENT, NoticeState.SENDING, NoticeState.UNCERTAIN)),
        Notice.sent_at >= notice.due_at,
    )
    if ctx.session.scalar(later_due.limit(1)) is not None or ctx.session.scalar(sent_since.limit(1)) is not None:
        return texts.NOTICE_SKIP_COLLAPSED
    return ""


def _expand_untriaged(ctx: Context, notice: Notice, meeting: Meeting | None) -> list[DirectMessage] | str:
    assert meeting is not None
    waiting = _cases(ctx, meeting, (CaseState.SUBMITTED,))
    if not waiting:
        return texts.NOTICE_SKIP_NOTHING_WAITING
    listing = "\n".join(f"• {c.label} {c.title}" + (texts.CASE_LATE_MARK if c.late else "") for c in waiting)
    name = describe_meeting(ctx, meeting)
    text = texts.NOTICE_UNTRIAGED.format(meeting=name, cases_count=_count_cases(len(waiting)), cases=listing)
    return [DirectMessage(m.id, text) for m in active_members(ctx, AU)]


def _expand_attendance_nudge(ctx: Context, notice: Notice, meeting: Meeting | None) -> list[DirectMessage] | str:
    assert meeting is not None
    from handlers.attendance import expected

    answered = set(ctx.session.scalars(select(Attendance.member_id).where(Attendance.meeting_id == meeting.id)))
    missing = [m for m in expected(ctx, meeting) if m.id not in answered]
    if not missing:
        return texts.NOTICE_SKIP_ALL_ANSWERED
    name = describe_meeting(ctx, meeting)
    return [DirectMessage(m.id, texts.NUDGE_DM.format(meeting=name), attendance_buttons(meeting)) for m in missing]


def _deputy_wait(ctx: Context, notice: Notice, meeting: Meeting | None) -> list[DirectMessage] | str:
    assert meeting is not None
    from handlers.attendance import pass_over

    return pass_over(ctx, meeting, int(notice.payload.get("deputy", 0)), int(notice.payload.get("for", 0)))


def _count_cases(count: int) -> str:
    return texts.NOTICE_ONE_CASE if count == 1 else texts.NOTICE_CASES.format(count=count)


def _term_warning(ctx: Context, notice: Notice, _meeting: Meeting | None) -> list[DirectMessage] | str:
    member = ctx.session.get(Member, int(notice.payload.get("member", 0)))
    if member is None or not member.active or member.term_end is None:
        return texts.NOTICE_SKIP_NOT_MEMBER
    text = texts.NOTICE_TERM_WARNING.format(
        member=texts.member_label(member), role=texts.ROLE_NAMES[member.role], day=texts.day(member.term_end)
    )
    return [DirectMessage(s.id, text) for s in active_members(ctx, SECRETARY)]


def _term_ended(ctx: Context, notice: Notice, _meeting: Meeting | None) -> list[DirectMessage] | str:
    member = ctx.session.get(Member, int(notice.payload.get("member", 0)))
    if member is None or not member.active or member.term_end is None:
        return texts.NOTICE_SKIP_NOT_MEMBER
    if not term_ended(member, ctx.today) or member.term_end.isoformat() != notice.payload.get("term_end"):
        return texts.NOTICE_SKIP_TERM_NOT_ENDED
    text = texts.NOTICE_TERM_ENDED.format(
        member=texts.member_label(member),
        role=texts.ROLE_NAMES[member.role],
        day=texts.day(member.term_end),
        name=member.name,
    )
    # The secretaries in their term; if none is (her own term ended), every active secretary, so that
    # the one who can fix the roster hears of it.
    secretaries = active_members(ctx, SECRETARY) or list(
        ctx.session.scalars(
            select(Member).where(
                Member.council_id == ctx.council.id, Member.active.is_(True), Member.role == Role.SECRETARY
            )
        )
    )
    return [DirectMessage(s.id, text) for s in secretaries]


def _half_year(ctx: Context, notice: Notice, _meeting: Meeting | None) -> list[DirectMessage] | str:
    # The month it was planned for, not the day it went out: 2 May on a Sunday goes out on 30 April.
    year, month = notice.payload.get("month") or (ctx.today.year, ctx.today.month)
    planned_for = date(int(year), int(month), 1)
    start = date(planned_for.year, 7, 1) if planned_for.month <= 6 else date(planned_for.year + 1, 1, 1)
    end = date(start.year, 12, 31) if start.month == 7 else date(start.year, 6, 30)
    count = sum(1 for m in upcoming_meetings(ctx) if start <= ctx.local(m.start).date() <= end)
    lines = []
    if count < 2:
        plan = texts.NOTICE_HALF_YEAR_ONE if count == 1 else texts.NOTICE_HALF_YEAR_NONE
        lines += [plan.format(start=texts.day(start), end=texts.day(end)), texts.NOTICE_HALF_YEAR_HINT]
    if planned_for.month == HALF_YEAR_MONTHS[0]:
        lines.append(texts.NOTICE_HALF_YEAR_EVALUATION)
    if not lines:
        return texts.NOTICE_SKIP_PLAN_OK
    return [DirectMessage(s.id, "\n".join(lines)) for s in active_members(ctx, SECRETARY)]


# A member who has not signed after this many reminders is left to the secretary (who is told).
DECLARATION_REMINDERS_MOST = 3


# --- the kinds -------------------------------------------------------------------------------------------

Renderer = Callable[[Context, Notice, Meeting | None], ChannelPost | str]
Expander = Callable[[Context, Notice, Meeting | None], list[DirectMessage] | str]


@dataclass(frozen=True)
class KindRule:
    """What one kind of notice does. A kind about a meeting gets its live meeting (or is skipped with the
    reason it no longer makes sense) before it is rendered or expanded."""

    name: str  # how `/mote varsler` names it
    render: Renderer | None = None  # one post (to the channel, or to the row's member), rendered when due
    expand: Expander | None = None  # a group: one direct message per person, each its own row
    about_meeting: bool = False
    # Why, besides a cancelled or past meeting, a meeting notice no longer makes sense (meeting, rendered).
    pointless: Callable[[Context, Meeting, bool], str] | None = None
    # Why an already rendered row for one person no longer makes sense (after the meeting's checks).
    still_wanted: Callable[[Context, Notice], str] | None = None
    to_former_members: bool = False  # the secretaries' notices are about a member, not to them
    always_goes: bool = False  # what a command said: it made sense when it was said
    once_per_meeting: bool = False  # after a move it is not sent again: the move itself is announced
    days_before: str | None = None  # the CouncilSettings field: how many days before the meeting it is due
    # A channel notice that also goes by e-mail to every member who wants e-mail (bot.delivery).
    by_email: bool = False


# Order matters only for planning: a meeting's rows are added in this order.
_NAMES = texts.NOTICE_KIND_NAMES  # what `/mote varsler` calls each kind
KINDS: dict[NoticeKind, KindRule] = {
    NoticeKind.CALL_FOR_CASES: KindRule(
        _NAMES["call_for_cases"],
        render=_render_call_for_cases,
        about_meeting=True,
        pointless=_after_deadline,
        once_per_meeting=True,
        days_before="call_for_cases_days",
        by_email=True,
    ),
    NoticeKind.LAST_CALL: KindRule(
        _NAMES["last_call"],
        render=_render_last_call,
        about_meeting=True,
        pointless=_after_deadline,
        days_before="deadline_days",
        by_email=True,
    ),
    NoticeKind.AGENDA: KindRule(
        _NAMES["agenda"],
        render=_render_agenda,
        about_meeting=True,
        pointless=_agenda_out,
        once_per_meeting=True,  # a published agenda cannot be unpublished
        days_before="agenda_days",
        by_email=True,
    ),
    NoticeKind.UNTRIAGED: KindRule(
        _NAMES["untriaged"],
        expand=_expand_untriaged,
        about_meeting=True,
        days_before="untriaged_days",
    ),
    NoticeKind.ATTENDANCE_NUDGE: KindRule(
        _NAMES["attendance_nudge"],
        expand=_expand_attendance_nudge,
        about_meeting=True,
        still_wanted=_nudge_unanswered,
        days_before="attendance_nudge_days",
    ),
    NoticeKind.MEETING_DAY: KindRule(
        _NAMES["meeting_day"], render=_render_meeting_day, about_meeting=True, by_email=True
    ),
    NoticeKind.TERM_WARNING: KindRule(_NAMES["term_warning"], expand=_term_warning, to_former_members=True),
    NoticeKind.TERM_ENDED: KindRule(_NAMES["term_ended"], expand=_term_ended, to_former_members=True),
    NoticeKind.HALF_YEAR: KindRule(_NAMES["half_year"], expand=_half_year, to_former_members=True),
    NoticeKind.DECLARATION_REMINDER: KindRule(
        _NAMES["declaration_reminder"], render=_declaration_reminder, still_wanted=_declaration_unsigned
    ),
    NoticeKind.MESSAGE: KindRule(_NAMES["message"], always_goes=True),
    NoticeKind.OPEN_CHAT: KindRule(_NAMES["open_chat"], always_goes=True),
    NoticeKind.CALENDAR_UPDATE: KindRule(_NAMES["calendar_update"], render=_render_calendar_update, by_email=True),
    NoticeKind.DEPUTY_WAIT: KindRule(_NAMES["deputy_wait"], expand=_deputy_wait, about_meeting=True),
}
# A kind this version does not know (a row a newer version wrote): rendering says so; nothing else applies.
_UNKNOWN = KindRule("")


def _rule(kind: str) -> KindRule:
    try:
        return KINDS[NoticeKind(kind)]
    except ValueError:
        return _UNKNOWN


def by_email(kind: str) -> bool:
    """Whether a channel notice of `kind` also goes by e-mail to the members who want e-mail."""
    return _rule(kind).by_email


def kind_name(kind: str) -> str:
    return _rule(kind).name or kind


# --- /mote varsler -------------------------------------------------------------------------------------


def describe(ctx: Context, args: str) -> Reply:
    """`/mote varsler`: the next meeting's notices, and the council's own in the coming weeks: planned,
    sent, skipped, failed and uncertain. Messages to many people are summed up in one line per state.
    The secretary's only: the command table says so."""
    meetings = upcoming_meetings(ctx)
    meeting = meetings[0] if meetings else None
    # The council's own notices (declaration reminders, term warnings, the half-year) from a while back
    # to a while ahead; the next meeting's, all of them.
    own = (
        Notice.meeting_id.is_(None)
        & (Notice.due_at >= ctx.now - timedelta(days=DESCRIBE_PAST_DAYS))
        & (Notice.due_at <= ctx.now + timedelta(days=DESCRIBE_DAYS))
    )
    shown = own | (Notice.meeting_id == meeting.id) if meeting is not None else own
    query = select(Notice).where(
        Notice.council_id == ctx.council.id,
        Notice.kind != NoticeKind.MESSAGE.value,
        Notice.state != NoticeState.CANCELLED,
        shown,
    )
    rows = [
        row
        for row in ctx.session.scalars(query.order_by(Notice.due_at, Notice.id))
        # A group notice that went out is shown through its per-person rows.
        if not (is_group(row) and row.state == NoticeState.SENT)
    ]
    # Addresses the mail server refused (bot/delivery.py): nothing goes to them until they are changed.
    refused = ctx.session.scalars(
        select(Member)
        .where(Member.council_id == ctx.council.id, Member.active.is_(True), Member.email_refused_at.is_not(None))
        .order_by(Member.name)
    ).all()
    refused_lines = [
        texts.NOTICES_EMAIL_REFUSED.format(
            name=m.name, address=m.email or "", when=format_when(ctx.local(m.email_refused_at))
        )
        for m in refused
        if m.email_refused_at is not None
    ]
    if not rows:
        return Reply("\n".join([*refused_lines, texts.NOTICES_NONE]) if refused_lines else texts.NOTICES_NONE)
    heading = (
        texts.NOTICES_HEADING.format(meeting=describe_meeting(ctx, meeting))
        if meeting
        else texts.NOTICES_HEADING_NO_MEETING
    )
    lines = [heading]
    personal: dict[tuple[str, NoticeState], list[Notice]] = {}
    for row in rows:
        if row.member_id is not None:
            personal.setdefault((row.kind, row.state), []).append(row)
            continue
        when = format_when(ctx.local(row.sent_at or row.due_at))
        about = ""
        if row.kind == NoticeKind.TERM_WARNING:
            member = ctx.session.get(Member, int(row.payload.get("member", 0)))
            about = f" ({member.name})" if member else ""
        note = f" – {row.note}" if row.note and row.state != NoticeState.SENT else ""
        lines.append(
            texts.NOTICES_LINE.format(
                kind=kind_name(row.kind), about=about, state=STATE_NAMES[row.state], when=when, note=note
            )
        )
    for (kind, state), group in personal.items():
        first = format_when(ctx.local(group[0].sent_at or group[0].due_at))
        notes = sorted({row.note for row in group if row.note and state != NoticeState.SENT})
        lines.append(
            texts.NOTICES_PERSONAL_LINE.format(
                kind=kind_name(kind),
                count=len(group),
                state=STATE_NAMES[state],
                when=first,
                note=f" – {notes[0]}" if notes else "",
            )
        )
    return Reply("\n".join([*lines, *refused_lines]))
