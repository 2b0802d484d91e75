"""Attendance (oppmøte) and absence (forfall), and calling in the organisation's deputies.

Mandate: one representative per organisation, and the organisation may name deputies who stand in.
Absence is for the whole meeting or part of it; either calls in a deputy. As municipalities do, the
deputies are asked one at a time in the roster's order (the order they were added): the next one when a
deputy says no, or has not answered after `deputy_wait_days` (notice kind `deputy_wait`); the secretary
is told when the seat is covered or cannot be. The observer reads but does not answer polls.
"""

from __future__ import annotations

import logging

from sqlalchemy import bindparam, select

from handlers import texts
from handlers.agenda import attendance_buttons
from handlers.context import ATTENDEES, REPRESENTATIVES, SECRETARY, Context
from handlers.errors import UserError
from handlers.limits import LIMITS, check_length
from handlers.lookup import (
    active_members,
    answer_of,
    describe_meeting,
    has_signed,
    in_term,
    meeting_by_number,
    require_next_meeting,
)
from handlers.replies import Button, ChannelPost, DirectMessage, Reply
from storage import audit, plain
from storage.models import Attendance, AttendanceAnswer, DeputyCall, Meeting, MeetingState, Member, Role

_LOGGER = logging.getLogger(__name__)

# Looked up on every attendance answer: plain statements built once (storage/plain.py says why).
_CALL = plain.Load(
    DeputyCall,
    where=lambda query: query.where(
        DeputyCall.meeting_id == bindparam("meeting"), DeputyCall.deputy_id == bindparam("deputy")
    ),
)
_DEPUTIES = (
    select(Member)
    .where(
        Member.council_id == bindparam("council"),
        Member.active.is_(True),
        Member.role == Role.DEPUTY,
        Member.organisation_id == bindparam("organisation"),
        in_term(bindparam("today")),  # a deputy whose term has ended is not called in
    )
    .order_by(Member.id)  # the roster's order
)

REASON_MAX = LIMITS["absence_reason"]


def _meeting_and_rest(ctx: Context, args: str) -> tuple[Meeting, str]:
    """Buttons name the meeting (`#3`); typed commands mean the next meeting."""
    text = args.strip()
    if text.startswith("#"):
        number, _, rest = text.partition(" ")
        meeting = meeting_by_number(ctx, number)
        if meeting.state != MeetingState.PLANNED or meeting.start <= ctx.now:
            raise UserError(texts.MEETING_NOT_OPEN_FOR_ANSWERS.format(number=meeting.number))
        return meeting, rest.strip()
    return require_next_meeting(ctx), text


def _answer_of(ctx: Context, meeting: Meeting, member: Member) -> Attendance | None:
    return answer_of(ctx, meeting, member.id)


def _call_for(ctx: Context, meeting: Meeting, deputy: Member) -> DeputyCall | None:
    """The deputy's call-in to `meeting`, unless they were passed over for not answering in time."""
    call: DeputyCall | None = _CALL.first(ctx.session, {"meeting": meeting.id, "deputy": deputy.id})
    return call if call is not None and call.passed_over_at is None else None


def _record(ctx: Context, meeting: Meeting, member: Member, answer: AttendanceAnswer, reason: str) -> bool:
    """Upsert the answer; False when it was already exactly this (a double click)."""
    row = _answer_of(ctx, meeting, member)
    if row is not None and row.answer == answer and row.reason == reason:
        return False
    # Old and new answer; never the reason (it may be health data, and the audit chain keeps what it covers).
    ctx.audit("attendance." + answer.value, str(meeting.number), old=row.answer.value if row else None)
    if row is None:
        row = Attendance(meeting_id=meeting.id, member_id=member.id, answer=answer, reason=reason, answered_at=ctx.now)
        ctx.session.add(row)
    else:
        row.answer, row.reason, row.answered_at = answer, reason, ctx.now
    ctx.session.flush()
    return True


def _secretaries(ctx: Context) -> list[Member]:
    return active_members(ctx, SECRETARY)


def confirm(ctx: Context, args: str) -> Reply:
    me = ctx.me
    meeting, _rest = _meeting_and_rest(ctx, args)
    dms: list[DirectMessage] = []
    if me.role == Role.DEPUTY:
        if _call_for(ctx, meeting, me) is None:
            raise UserError(texts.DEPUTY_NOT_CALLED_IN.format(meeting=describe_meeting(ctx, meeting)))
        if not has_signed(ctx, me):
            raise UserError(texts.DEPUTY_SIGN_FIRST, (Button(texts.BUTTON_READ_DECLARATION, "/taushet", "primary"),))
    if not _record(ctx, meeting, me, AttendanceAnswer.YES, ""):
        return Reply(texts.ALREADY_ANSWERED_YES.format(meeting=describe_meeting(ctx, meeting)))
    if me.role in REPRESENTATIVES:
        dms += _release_deputy(ctx, meeting, me)
    if me.role == Role.DEPUTY:
        call = _call_for(ctx, meeting, me)
        absent_rep = ctx.session.get(Member, call.for_member_id) if call is not None else None
        text = texts.DEPUTY_SEAT_COVERED.format(
            deputy=texts.member_label(me),
            member=absent_rep.name if absent_rep else "",
            meeting=describe_meeting(ctx, meeting),
        )
        dms += [DirectMessage(s.id, text) for s in _secretaries(ctx)]
    return Reply(
        texts.ATTENDANCE_YES.format(meeting=describe_meeting(ctx, meeting)),
        direct_messages=tuple(dms),
        channel_posts=_poll_update(ctx, meeting),
    )


def absent(ctx: Context, args: str) -> Reply:
    return _absence(ctx, args, AttendanceAnswer.NO)


def partly(ctx: Context, args: str) -> Reply:
    return _absence(ctx, args, AttendanceAnswer.PARTLY)


def _absence(ctx: Context, args: str, answer: AttendanceAnswer) -> Reply:
    me = ctx.me
    meeting, reason = _meeting_and_rest(ctx, args)
    reason = " ".join(reason.split())
    if answer == AttendanceAnswer.PARTLY and not reason:
        raise UserError(texts.PARTLY_NEEDS_REASON)
    check_length("absence_reason", reason)
    name = describe_meeting(ctx, meeting)
    dms: list[DirectMessage] = []
    if me.role == Role.DEPUTY:
        call = _call_for(ctx, meeting, me)
        if call is None:
            raise UserError(texts.DEPUTY_NOT_CALLED_IN.format(meeting=name))
        if not _record(ctx, meeting, me, answer, reason):
            return Reply(_already(answer).format(meeting=name))
        absent_rep = ctx.session.get(Member, call.for_member_id)
        if answer == AttendanceAnswer.PARTLY:  # he stands in for part of the meeting: no next deputy asked
            told = texts.DEPUTY_PARTLY_TO_SECRETARY.format(
                deputy=texts.member_label(me), member=absent_rep.name if absent_rep else "", meeting=name
            )
            return Reply(
                texts.DEPUTY_PARTLY_RECORDED.format(meeting=name),
                direct_messages=tuple(DirectMessage(s.id, told) for s in _secretaries(ctx)),
                channel_posts=_poll_update(ctx, meeting),
            )
        if absent_rep is not None:
            dms += _ask_next(ctx, meeting, absent_rep, me, texts.DEPUTY_CANNOT_COME_TO_SECRETARY)
        return Reply(
            texts.DEPUTY_ANSWER_NO_THANKS, direct_messages=tuple(dms), channel_posts=_poll_update(ctx, meeting)
        )
    if not _record(ctx, meeting, me, answer, reason):
        return Reply(_already(answer).format(meeting=name))
    called, messages = _call_in_deputy(ctx, meeting, me, answer)
    dms += messages
    text = texts.ABSENCE_RECORDED if answer == AttendanceAnswer.NO else texts.PARTLY_RECORDED
    lines = [text.format(meeting=name)]
    if me.role == Role.LEADER:  # mandate: the deputy leader chairs instead, and is told now, not at the meeting
        chair = texts.DEPUTY_LEADER_CHAIRS if answer == AttendanceAnswer.NO else texts.DEPUTY_LEADER_CHAIRS_PART
        chairs = active_members(ctx, frozenset({Role.DEPUTY_LEADER}))
        dms += [DirectMessage(d.id, chair.format(leader=me.name, meeting=name)) for d in chairs]
        if chairs:
            lines.append(texts.CHAIR_TOLD_LEADER.format(names=texts.join_names([d.name for d in chairs])))
    if called is not None:
        lines.append(texts.DEPUTY_HAS_BEEN_ASKED.format(deputy=called.name))
    if answer == AttendanceAnswer.NO and not reason:
        lines.append(texts.ABSENCE_REASON_WELCOME)
    return Reply("\n".join(lines), direct_messages=tuple(dms), channel_posts=_poll_update(ctx, meeting))


def _already(answer: AttendanceAnswer) -> str:
    """What a repeated absence answer is told: a partial one is not a «forfall»."""
    return texts.ALREADY_ANSWERED_PARTLY if answer == AttendanceAnswer.PARTLY else texts.ALREADY_ANSWERED_NO


def _deputies_of(ctx: Context, member: Member) -> list[Member]:
    if member.organisation_id is None:
        return []
    return list(
        ctx.session.scalars(
            _DEPUTIES, {"council": ctx.council.id, "organisation": member.organisation_id, "today": ctx.today}
        )
    )


def _calls_for_member(ctx: Context, meeting: Meeting, member: Member) -> list[DeputyCall]:
    return list(
        ctx.session.scalars(
            select(DeputyCall)
            .where(DeputyCall.meeting_id == meeting.id, DeputyCall.for_member_id == member.id)
            .order_by(DeputyCall.id)
        )
    )


def _standing(ctx: Context, meeting: Meeting, call: DeputyCall) -> bool:
    """The call is still open or taken (wholly or partly): not passed over, and the deputy has not said no."""
    if call.passed_over_at is not None:
        return False
    answer = answer_of(ctx, meeting, call.deputy_id)
    return answer is None or answer.answer in (AttendanceAnswer.YES, AttendanceAnswer.PARTLY)


def _call_in_deputy(
    ctx: Context, meeting: Meeting, member: Member, answer: AttendanceAnswer
) -> tuple[Member | None, list[DirectMessage]]:
    """Ask the first of the organisation's deputies; tell the secretary when there is nobody to ask."""
    name = describe_meeting(ctx, meeting)
    if member.role not in REPRESENTATIVES:
        return None, []
    calls = _calls_for_member(ctx, meeting, member)
    for call in calls:
        if _standing(ctx, meeting, call):
            return ctx.session.get(Member, call.deputy_id), []
    if calls:  # every deputy was asked already (a changed reason): the secretary knows
        return None, []
    deputies = _deputies_of(ctx, member)
    if not deputies:
        return None, [
            DirectMessage(s.id, texts.NO_DEPUTY_TO_SECRETARY.format(member=texts.member_label(member), meeting=name))
            for s in _secretaries(ctx)
        ]
    return deputies[0], [_ask(ctx, meeting, member, deputies[0], answer)]


def _ask(ctx: Context, meeting: Meeting, member: Member, deputy: Member, answer: AttendanceAnswer) -> DirectMessage:
    """Call `deputy` in for `member`: the call, its wait (the next is asked if no answer comes), the message."""
    ctx.session.add(DeputyCall(meeting_id=meeting.id, deputy_id=deputy.id, for_member_id=member.id, created_at=ctx.now))
    ctx.audit("attendance.deputy_called", str(meeting.number), deputy=deputy.id, for_member=member.id)
    from handlers import notices

    notices.plan_deputy_wait(ctx, meeting, deputy, member)
    text = texts.DEPUTY_CALLED_IN if answer == AttendanceAnswer.NO else texts.DEPUTY_CALLED_IN_PART
    lines = [text.format(member=member.name, meeting=describe_meeting(ctx, meeting))]
    buttons = attendance_buttons(meeting)
    if not has_signed(ctx, deputy):
        lines.append(texts.DEPUTY_MUST_SIGN)
        buttons = (Button(texts.BUTTON_READ_DECLARATION, "/taushet", "primary"), *buttons)
    return DirectMessage(deputy.id, "\n".join(lines), buttons)


def _ask_next(ctx: Context, meeting: Meeting, member: Member, previous: Member, said: str) -> list[DirectMessage]:
    """`previous` cannot come (`said`: why, for the secretary): the next deputy in the roster's order who
    has not been asked is called in, or the secretary is told that the seat cannot be covered."""
    name = describe_meeting(ctx, meeting)
    asked = {c.deputy_id for c in _calls_for_member(ctx, meeting, member)}
    waiting = [d for d in _deputies_of(ctx, member) if d.id not in asked]
    told = said.format(deputy=texts.member_label(previous), member=member.name, meeting=name)
    row = _answer_of(ctx, meeting, member)
    answer = row.answer if row is not None else AttendanceAnswer.NO
    if not waiting or answer == AttendanceAnswer.YES:
        if answer == AttendanceAnswer.YES:  # the representative comes after all: nobody more to ask
            return []
        ctx.audit("attendance.seat_uncovered", str(meeting.number), for_member=member.id)
        line = f"{told} {texts.DEPUTY_NONE_LEFT}"
        return [DirectMessage(s.id, line) for s in _secretaries(ctx)]
    call = _ask(ctx, meeting, member, waiting[0], answer)
    line = f"{told} {texts.DEPUTY_ASKED_NEXT.format(deputy=texts.member_label(waiting[0]))}"
    return [call, *(DirectMessage(s.id, line) for s in _secretaries(ctx))]


def pass_over(ctx: Context, meeting: Meeting, deputy_id: int, member_id: int) -> list[DirectMessage] | str:
    """The wait for a deputy's answer is over (notice kind `deputy_wait`): if they have not answered and
    the seat is still open, they are passed over and the next is asked; or a reason (str) to do nothing."""
    deputy, member = ctx.session.get(Member, deputy_id), ctx.session.get(Member, member_id)
    call: DeputyCall | None = _CALL.first(ctx.session, {"meeting": meeting.id, "deputy": deputy_id})
    if deputy is None or member is None or call is None or call.passed_over_at is not None:
        return texts.NOTICE_SKIP_ANSWERED
    if _answer_of(ctx, meeting, deputy) is not None:
        return texts.NOTICE_SKIP_ANSWERED
    own = _answer_of(ctx, meeting, member)
    if own is None or own.answer == AttendanceAnswer.YES:
        return texts.NOTICE_SKIP_ANSWERED  # the representative comes after all
    call.passed_over_at = ctx.now
    ctx.audit("attendance.deputy_passed_over", str(meeting.number), deputy=deputy.id, for_member=member.id)
    messages = _ask_next(ctx, meeting, member, deputy, texts.DEPUTY_NO_ANSWER_TO_SECRETARY)
    return messages or texts.NOTICE_SKIP_ANSWERED


def _release_deputy(ctx: Context, meeting: Meeting, member: Member) -> list[DirectMessage]:
    """The representative can come after all: the deputies' call-ins are withdrawn and those still asked
    (or standing in) are told."""
    released: list[DirectMessage] = []
    for call in _calls_for_member(ctx, meeting, member):
        deputy = ctx.session.get(Member, call.deputy_id)
        standing = _standing(ctx, meeting, call)
        ctx.session.delete(call)
        if deputy is None:
            continue
        answer = _answer_of(ctx, meeting, deputy)
        if answer is not None:
            ctx.session.delete(answer)
        if not standing:
            continue
        ctx.audit("attendance.deputy_released", str(meeting.number), deputy=deputy.id, for_member=member.id)
        released.append(
            DirectMessage(
                deputy.id, texts.DEPUTY_RELEASED.format(member=member.name, meeting=describe_meeting(ctx, meeting))
            )
        )
    return released


def expected(ctx: Context, meeting: Meeting) -> list[Member]:
    """Who is expected to answer: the representatives, and deputies called in for this meeting; not those
    whose term has ended (they are former members, and are not counted)."""
    members = active_members(ctx, REPRESENTATIVES)
    deputy_ids = ctx.session.scalars(
        select(DeputyCall.deputy_id).where(DeputyCall.meeting_id == meeting.id, DeputyCall.passed_over_at.is_(None))
    ).all()
    if deputy_ids:
        members += list(ctx.session.scalars(select(Member).where(Member.id.in_(deputy_ids), in_term(ctx.today))))
    return members


def _tally(ctx: Context, meeting: Meeting) -> tuple[list[str], list[str], list[str], list[Member]]:
    answers = {
        a.member_id: a for a in ctx.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    yes: list[str] = []
    no: list[str] = []
    part: list[str] = []
    missing: list[Member] = []
    for member in expected(ctx, meeting):
        row = answers.get(member.id)
        label = texts.member_label(member)
        if row is None:
            missing.append(member)
        elif row.answer == AttendanceAnswer.YES:
            yes.append(label)
        elif row.answer == AttendanceAnswer.NO:
            no.append(label)
        else:
            part.append(label)
    return yes, no, part, missing


def poll_text(ctx: Context, meeting: Meeting) -> str:
    yes, no, part, missing = _tally(ctx, meeting)
    return texts.POLL_TEXT.format(
        meeting=describe_meeting(ctx, meeting),
        yes=len(yes),
        no=len(no),
        part=len(part),
        missing=len(missing),
        yes_names=", ".join(yes) or "–",
        no_names=", ".join(no) or "–",
        part_names=", ".join(part) or "–",
        missing_names=", ".join(texts.member_label(m) for m in missing) or "–",
    )


def _poll_update(ctx: Context, meeting: Meeting) -> tuple[ChannelPost, ...]:
    if meeting.poll_posted_at is None:
        return ()
    return (ChannelPost(poll_text(ctx, meeting), attendance_buttons(meeting), ref=f"poll:{meeting.id}"),)


def status(ctx: Context, args: str) -> Reply:
    """Who has answered. Absence reasons (often health) only for those who have signed the declaration,
    whatever their role: an unsigned leader sees that someone is absent, not why."""
    me = ctx.me
    meeting, _ = _meeting_and_rest(ctx, args)
    signed = has_signed(ctx, me)
    answers = {
        a.member_id: a for a in ctx.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    ctx.audit("attendance.status_read", str(meeting.number))  # a read of absence reasons
    lines = [texts.STATUS_HEADING.format(meeting=describe_meeting(ctx, meeting))]
    for member in expected(ctx, meeting):
        row = answers.get(member.id)
        label = texts.member_label(member)
        if row is None:
            lines.append(texts.STATUS_MISSING.format(member=label))
        elif row.answer == AttendanceAnswer.YES:
            lines.append(texts.STATUS_YES.format(member=label))
        else:
            template = texts.STATUS_NO if row.answer == AttendanceAnswer.NO else texts.STATUS_PART
            reason = (row.reason or texts.NO_REASON_GIVEN) if signed else texts.REASON_HIDDEN
            lines.append(template.format(member=label, reason=reason))
    if signed:
        return Reply("\n".join(lines))
    lines += ["", texts.REASONS_HIDDEN_UNTIL_SIGNED]
    return Reply("\n".join(lines), (Button(texts.BUTTON_READ_DECLARATION, "/taushet"),))


def nudge(ctx: Context, args: str) -> Reply:
    """`/oppmote purr`: a reminder to those who have not answered; a second the same day asks first (its
    button, or `/oppmote purr likevel`, sends it)."""
    meeting, rest = _meeting_and_rest(ctx, args)
    missing = _tally(ctx, meeting)[3]
    if not missing:
        return Reply(texts.NUDGE_NOBODY)
    if rest.strip().lower() not in ("likevel", "igjen"):
        today = [
            entry
            for entry in audit.lines_about(ctx.session, ctx.council.id, "attendance.nudged", str(meeting.number))
            if ctx.local(entry.at).date() == ctx.today
        ]
        if today:
            from handlers.dates import format_clock

            return Reply(
                texts.NUDGE_ALREADY_TODAY.format(time=format_clock(ctx.local(today[-1].at)), count=len(missing)),
                (
                    Button(texts.BUTTON_NUDGE_AGAIN, f"/oppmote purr #{meeting.number} likevel", "primary"),
                    Button(texts.BUTTON_CANCEL, "/mote avbryt"),
                ),
            )
    name = describe_meeting(ctx, meeting)
    dms = tuple(DirectMessage(m.id, texts.NUDGE_DM.format(meeting=name), attendance_buttons(meeting)) for m in missing)
    ctx.audit("attendance.nudged", str(meeting.number), count=len(missing))
    return Reply(
        texts.NUDGE_SENT.format(count=len(missing), names=texts.join_names([m.name for m in missing])),
        direct_messages=dms,
    )


def poll(ctx: Context, args: str) -> Reply:
    meeting, _ = _meeting_and_rest(ctx, args)
    if meeting.poll_posted_at is None:
        meeting.poll_posted_at = ctx.now
        ctx.audit("attendance.poll", str(meeting.number))
    post = ChannelPost(poll_text(ctx, meeting), attendance_buttons(meeting), ref=f"poll:{meeting.id}")
    return Reply(texts.POLL_POSTED, channel_posts=(post,))


def mine(ctx: Context, args: str) -> Reply:
    me = ctx.me
    if args.strip():
        raise UserError(texts.UNKNOWN_VERB.format(verb=texts.short(args.split()[0]), usage=texts.USAGE_OPPMOTE))
    meeting = require_next_meeting(ctx)
    name = describe_meeting(ctx, meeting)
    row = _answer_of(ctx, meeting, me)
    if me.role not in ATTENDEES:
        return Reply(texts.USAGE_OPPMOTE)
    if row is None:
        return Reply(texts.MY_ATTENDANCE_NONE.format(meeting=name), attendance_buttons(meeting))
    return Reply(
        texts.MY_ATTENDANCE.format(meeting=name, answer=texts.ATTENDANCE_ANSWERS[row.answer]),
        attendance_buttons(meeting),
    )
