"""Meetings: planning half a year at a time, moving, cancelling, the agenda, the minutes, the calendar.

Mandate: 4–6 meetings a year, planned half a year at a time, preferably in daytime. The bot warns and
never refuses on those rules; it refuses only what cannot be right (a past or not understood time).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, time, timedelta

from sqlalchemy import select

from handlers import documents, lookup, notices, texts
from handlers.agenda import agenda_text, attendance_buttons
from handlers.context import ATTENDEES, SECRETARY, Context
from handlers.dates import MAX_TEXT_LENGTH, WEEKDAYS, MeetingSpan, MeetingTimeError, format_when, parse_meeting_span
from handlers.errors import UserError
from handlers.limits import LIMITS, check_length
from handlers.lookup import (
    deadline,
    describe_meeting,
    has_signed,
    meeting_by_number,
    meeting_open_for_cases,
    split_first,
    upcoming_meetings,
)
from handlers.replies import Attachment, Button, ChannelPost, Reply
from storage.counters import give_back, next_number
from storage.models import Case, CaseState, Meeting, MeetingState

_LOGGER = logging.getLogger(__name__)

DAYTIME = (time(8, 0), time(16, 0))  # mandate: meetings preferably in daytime
MEETING_LENGTH = timedelta(hours=2, minutes=30)
PLACE_MAX = LIMITS["meeting_place"]
# Weeks when most Norwegians are away: fellesferie (weeks 28–31) and the Christmas holidays.
SUMMER_WEEKS = range(28, 32)
_UNREAD_REASONS = frozenset({"not_understood", "invalid", "empty", "too_long"})
_NOT_A_PLACE = re.compile(r"^(?:\d|til\b|eller\b|og\b|-)", re.IGNORECASE)
# What may stand between the time and the place: `kl 10, Gryta`, `kl 10 - Gryta`, `kl 10 sted: Gryta`.
_PLACE_LEAD = re.compile(r"(?:[,;]|-(?=\s)|sted:|sted(?=\s))\s*", re.IGNORECASE)
_GLUED_SEPARATOR = re.compile(r"([,;])(?=\S)")


def split_time_and_place(ctx: Context, text: str) -> tuple[datetime, str]:
    """The start and the place (see `split_span_and_place`)."""
    span, place = split_span_and_place(ctx, text)
    return span.start, place


def split_span_and_place(ctx: Context, text: str) -> tuple[MeetingSpan, str]:
    """`tirsdag 14. januar kl 10 Gryta, Olav Tryggvasons gate 5` → (the time, "Gryta, Olav Tryggvasons gate 5").

    The longest start of the text that is a whole meeting time wins, and the rest is the place (a comma,
    `;`, `-` or `sted:` before it is dropped), so a comma inside the place, or a range like `kl 10 - 12`,
    is never taken for the border. A place that begins like a time (`12 Gryta`) is accepted only after
    such a separator. If no start parses, the error for the whole text is shown, since it says best
    what was not understood.
    """
    words = _GLUED_SEPARATOR.sub(r"\1 ", text).split()  # `kl 10,Gryta` → `kl 10, Gryta`
    # The whole text first (its error is the one to show), then only the starts short enough to be a time:
    # a megabyte of place must not cost a parse per word.
    fits, length = 0, -1
    while fits < len(words) and length + 1 + len(words[fits]) <= MAX_TEXT_LENGTH:
        length += 1 + len(words[fits])
        fits += 1
    first_error: MeetingTimeError | None = None
    for end in [len(words), *range(min(fits, len(words) - 1), 0, -1)]:
        try:
            when = parse_meeting_span(" ".join(words[:end]), ctx.now, ctx.tz)
        except MeetingTimeError as error:
            # A refusal about the time itself (two times, a weekday that does not fit) is final: a
            # shorter start must never turn "fredag kl 10 eller 11" into Friday at 10, place "eller 11".
            if error.reason not in _UNREAD_REASONS:
                raise
            first_error = first_error or error
            continue
        rest = " ".join(words[end:])
        lead = _PLACE_LEAD.match(rest)
        if lead is None and words[end - 1][-1] not in ",;" and _NOT_A_PLACE.match(rest):
            raise first_error or MeetingTimeError(texts.MEETING_PLACE_LOOKS_LIKE_TIME, "two_times")
        return when, rest[lead.end() :] if lead else rest
    assert first_error is not None
    raise first_error


def _parse_or_refuse(ctx: Context, text: str) -> tuple[MeetingSpan, str]:
    try:
        when, place = split_span_and_place(ctx, text)
    except MeetingTimeError as error:
        raise UserError(str(error)) from None
    check_length("meeting_place", place)
    return when, place


def warnings_for(ctx: Context, when: datetime, ignore: Meeting | None = None) -> list[str]:
    """Mandate-based warnings: outside daytime, a public holiday or holiday weeks, too many meetings."""
    local = ctx.local(when)
    found: list[str] = []
    if not DAYTIME[0] <= local.time() <= DAYTIME[1]:
        found.append(texts.WARN_NOT_DAYTIME)
    import holidays  # imported when a date is first checked: importing it costs the cold start about 40 ms

    holiday = holidays.country_holidays("NO", years=local.year, language="no").get(local.date())
    if not holiday and local.weekday() >= 5:  # allowed, but worth a second look before confirming
        found.append(texts.WARN_WEEKEND.format(weekday=WEEKDAYS[local.weekday()]))
    if holiday:
        found.append(texts.WARN_PUBLIC_HOLIDAY.format(name=holiday))
    elif local.isocalendar().week in SUMMER_WEEKS:
        found.append(texts.WARN_SUMMER)
    elif (local.month == 12 and local.day >= 20) or (local.month == 1 and local.day <= 2):
        found.append(texts.WARN_CHRISTMAS)
    count = sum(1 for m in _meetings_in_year(ctx, local.year) if ignore is None or m.id != ignore.id) + 1
    if count > ctx.settings.profile.meetings_most:  # the profile: the brukerråd's mandate says 4 to 6
        found.append(texts.WARN_TOO_MANY.format(count=count, year=local.year))
    return found


def _meetings_in_year(ctx: Context, year: int) -> list[Meeting]:
    start = datetime(year, 1, 1, tzinfo=ctx.tz)
    end = datetime(year + 1, 1, 1, tzinfo=ctx.tz)
    return list(
        ctx.session.scalars(
            select(Meeting).where(
                Meeting.council_id == ctx.council.id,
                Meeting.state != MeetingState.CANCELLED,
                Meeting.start >= start,
                Meeting.start < end,
            )
        )
    )


def propose(ctx: Context, args: str) -> Reply:
    """`/mote ny <dato og tid> [sted]`: say what was understood and ask to confirm."""
    if not args.strip():
        raise UserError(texts.MEETING_TIME_MISSING)
    span, place = _parse_or_refuse(ctx, args)
    when, end = span.start, span.end
    shown = format_when(ctx.local(when), ctx.local(end) if end is not None else None)
    lines = [texts.MEETING_UNDERSTOOD.format(when=shown, place=place or texts.NO_PLACE)]
    lines += [f"⚠️ {w}" for w in warnings_for(ctx, when)]
    lines.append(texts.MEETING_CONFIRM_QUESTION)
    iso = ctx.local(when).strftime("%Y-%m-%dT%H:%M")
    if end is not None:  # an ISO 8601 interval: 2027-01-14T10:00/2027-01-14T12:00
        iso += ctx.local(end).strftime("/%Y-%m-%dT%H:%M")
    confirm = f"/mote bekreft {iso} {place}".rstrip()
    return Reply(
        "\n".join(lines),
        (Button(texts.BUTTON_CONFIRM_MEETING, confirm, "primary"), Button(texts.BUTTON_CANCEL, "/mote avbryt")),
    )


def abandon(ctx: Context, args: str) -> Reply:
    return Reply(texts.NOTHING_CHANGED)


def create(ctx: Context, args: str) -> Reply:
    """`/mote bekreft 2027-01-14T10:00 Gryta`: the confirmed plan (the button from `/mote ny`); with an end,
    `2027-01-14T10:00/2027-01-14T12:00`."""
    stamp, place = split_first(args)
    first, interval, second = stamp.partition("/")
    try:
        when = _aware(ctx, first)
        end = _aware(ctx, second) if interval else None
    except ValueError:
        raise UserError(texts.MEETING_CONFIRM_BAD) from None
    if end is not None and not (when < end and ctx.local(when).date() == ctx.local(end).date()):
        raise UserError(texts.MEETING_CONFIRM_BAD)
    if when <= ctx.now:
        raise UserError(texts.MEETING_IN_PAST)
    check_length("meeting_place", place)
    # The number first: its counter row stays locked until commit, so the same confirmation sent twice at
    # once (a double click reaching two processes) waits here for the first, and then finds its meeting.
    number = next_number(ctx.session, ctx.council.id, "meeting")  # a locked counter row, not max + 1
    same = ctx.session.scalar(
        select(Meeting).where(
            Meeting.council_id == ctx.council.id, Meeting.start == when, Meeting.state == MeetingState.PLANNED
        )
    )
    if same is not None:  # a double click, or the same meeting typed twice
        give_back(ctx.session, ctx.council.id, "meeting")
        return Reply(texts.MEETING_ALREADY_PLANNED.format(meeting=describe_meeting(ctx, same)))
    meeting = Meeting(
        council_id=ctx.council.id, number=number, start=when, ends_at=end, place=place, created_at=ctx.now
    )
    ctx.session.add(meeting)
    ctx.session.flush()
    _gather_waiting_cases(ctx)
    notices.plan_meeting(ctx, meeting)
    ctx.audit("meeting.planned", str(number), start=when.isoformat())
    text = texts.MEETING_PLANNED.format(
        meeting=describe_meeting(ctx, meeting), deadline=texts.day(deadline(ctx, meeting))
    )
    return Reply(
        text,
        channel_posts=(
            ChannelPost(
                texts.MEETING_PLANNED_POST.format(
                    meeting=describe_meeting(ctx, meeting), deadline=texts.day(deadline(ctx, meeting))
                )
            ),
        ),
    )


def _aware(ctx: Context, stamp: str) -> datetime:
    """`2027-01-14T10:00` as a moment in the council's zone; ValueError when it is none."""
    moment = datetime.fromisoformat(stamp)
    return moment.replace(tzinfo=ctx.tz) if moment.tzinfo is None else moment


def _gather_waiting_cases(ctx: Context) -> None:
    """Cases submitted while no meeting was open go to the meeting that is open for cases now."""
    target = meeting_open_for_cases(ctx)
    if target is None:
        return
    waiting = ctx.session.scalars(
        select(Case).where(
            Case.council_id == ctx.council.id,
            Case.meeting_id.is_(None),
            Case.state.in_((CaseState.SUBMITTED, CaseState.APPROVED, CaseState.DEFERRED)),
        )
    )
    for case in waiting:
        case.meeting_id = target.id


def move(ctx: Context, args: str) -> Reply:
    """`/mote flytt 3 <ny tid> [sted]` says what was understood and asks (as `/mote ny` does); the button
    sends `/mote flytt 3 bekreft 2027-01-14T12:00[/2027-01-14T14:00] [sted]`, which moves it."""
    number, rest = split_first(args)
    if not number or not rest:
        raise UserError(texts.MOVE_USAGE)
    meeting = meeting_by_number(ctx, number)
    if meeting.state != MeetingState.PLANNED or meeting.start <= ctx.now:
        raise UserError(texts.MEETING_NOT_MOVABLE.format(number=meeting.number))
    word, confirmed = split_first(rest)
    if word.lower() != "bekreft":
        return _propose_move(ctx, meeting, rest)
    stamp, place = split_first(confirmed)
    first, interval, second = stamp.partition("/")
    try:
        span = MeetingSpan(_aware(ctx, first), _aware(ctx, second) if interval else None)
    except ValueError:  # `bekreft` before a time as people write it: confirmed as typed
        span, place = _parse_or_refuse(ctx, confirmed)
    if span.start <= ctx.now:
        raise UserError(texts.MEETING_IN_PAST)
    check_length("meeting_place", place)
    when = span.start
    if when == meeting.start and (not place or place == meeting.place):  # a double click: moved already
        return Reply(texts.MEETING_MOVE_ALREADY.format(number=meeting.number, after=_when_and_where(ctx, meeting)))
    before = _when_and_where(ctx, meeting)
    moved_from = meeting.start.isoformat()
    if span.end is not None:
        meeting.ends_at = span.end
    elif meeting.ends_at is not None:  # moved without a new end: it keeps its length
        meeting.ends_at = when + (meeting.ends_at - meeting.start)
    meeting.start = when
    if place:
        meeting.place = place
    meeting.sequence += 1  # calendars follow a move only when SEQUENCE rises (handlers/calendar.py)
    notices.plan_meeting(ctx, meeting)
    notices.plan_calendar_update(ctx, meeting)
    ctx.audit("meeting.moved", str(meeting.number), start=[moved_from, when.isoformat()], place_changed=bool(place))
    after = _when_and_where(ctx, meeting)
    warnings = "".join(f"\n⚠️ {w}" for w in warnings_for(ctx, when, ignore=meeting))
    moved = {"number": lookup.meeting_label(ctx, meeting), "before": before, "after": after}
    new_deadline = texts.MOVE_NEW_DEADLINE.format(deadline=texts.day(deadline(ctx, meeting)))
    return Reply(
        texts.MEETING_MOVED.format(**moved) + " " + new_deadline + warnings,
        channel_posts=(ChannelPost(texts.MEETING_MOVED_POST.format(**moved) + " " + new_deadline),),
    )


def _propose_move(ctx: Context, meeting: Meeting, text: str) -> Reply:
    """What `/mote flytt` understood, with the new deadline for cases, and a button to confirm."""
    span, place = _parse_or_refuse(ctx, text)
    when, end = span.start, span.end
    if end is None and meeting.ends_at is not None:  # it keeps its length
        end = when + (meeting.ends_at - meeting.start)
    shown = format_when(ctx.local(when), ctx.local(end) if end is not None else None)
    day = ctx.local(when).date() - timedelta(days=ctx.settings.deadline_days)
    lines = [
        texts.MOVE_UNDERSTOOD.format(
            number=lookup.meeting_label(ctx, meeting),
            before=_when_and_where(ctx, meeting),
            after=shown + (f", {place or meeting.place}" if (place or meeting.place) else ""),
        ),
        texts.MOVE_NEW_DEADLINE.format(deadline=texts.day(day)),
    ]
    lines += [f"⚠️ {w}" for w in warnings_for(ctx, when, ignore=meeting)]
    lines.append(texts.MOVE_CONFIRM_QUESTION)
    iso = ctx.local(when).strftime("%Y-%m-%dT%H:%M")
    if span.end is not None:
        iso += ctx.local(span.end).strftime("/%Y-%m-%dT%H:%M")
    confirm = f"/mote flytt {meeting.number} bekreft {iso} {place}".rstrip()
    return Reply(
        "\n".join(lines),
        (Button(texts.BUTTON_CONFIRM_MOVE, confirm, "primary"), Button(texts.BUTTON_CANCEL, "/mote avbryt")),
    )


def _when_and_where(ctx: Context, meeting: Meeting) -> str:
    """`torsdag 14. januar 2027 kl. 10.00, Gryta`: a meeting without its number (a move names it once)."""
    where = f", {meeting.place}" if meeting.place else ""
    end = ctx.local(meeting.ends_at) if meeting.ends_at is not None else None
    return f"{format_when(ctx.local(meeting.start), end)}{where}"


def cancel(ctx: Context, args: str) -> Reply:
    """`/mote avlys 3` asks; its button `/mote avlys 3 bekreft` cancels."""
    number, rest = split_first(args)
    if not number:
        raise UserError(texts.CANCEL_USAGE)
    meeting = meeting_by_number(ctx, number)
    if meeting.state == MeetingState.CANCELLED:
        return Reply(texts.MEETING_ALREADY_CANCELLED.format(number=meeting.number))
    if meeting.state != MeetingState.PLANNED or meeting.start <= ctx.now:
        raise UserError(texts.MEETING_NOT_MOVABLE.format(number=meeting.number))
    if rest.lower() != "bekreft":
        return Reply(
            texts.CANCEL_CONFIRM_QUESTION.format(
                number=lookup.meeting_label(ctx, meeting), when=_when_and_where(ctx, meeting)
            ),
            (
                Button(texts.BUTTON_CONFIRM_CANCEL, f"/mote avlys {meeting.number} bekreft", "danger"),
                Button(texts.BUTTON_CANCEL, "/mote avbryt"),
            ),
        )
    meeting.state = MeetingState.CANCELLED
    meeting.sequence += 1
    for case in ctx.session.scalars(select(Case).where(Case.meeting_id == meeting.id)):
        case.meeting_id = None
    ctx.session.flush()
    _gather_waiting_cases(ctx)
    notices.cancel_meeting(ctx, meeting)
    notices.plan_calendar_update(ctx, meeting)
    ctx.audit("meeting.cancelled", str(meeting.number))
    name = describe_meeting(ctx, meeting)
    return Reply(
        texts.MEETING_CANCELLED.format(number=lookup.meeting_label(ctx, meeting), when=_when_and_where(ctx, meeting)),
        channel_posts=(ChannelPost(texts.MEETING_CANCELLED_POST.format(meeting=name)),),
    )


def next_meeting(ctx: Context, args: str) -> Reply:
    me = ctx.me
    meeting = lookup.next_meeting(ctx)
    if meeting is None:
        return Reply(texts.NO_MEETING_PLANNED)
    lines = [
        texts.NEXT_MEETING.format(meeting=describe_meeting(ctx, meeting)),
        texts.NEXT_DEADLINE.format(deadline=texts.day(deadline(ctx, meeting))),
        texts.AGENDA_PUBLISHED if meeting.agenda_published_at else texts.AGENDA_NOT_PUBLISHED,
    ]
    if me.role not in ATTENDEES:  # the secretary and the observer do not answer attendance
        return Reply("\n".join(lines))
    answer = lookup.answer_of(ctx, meeting, me.id)
    if answer is not None:
        lines.append(texts.MY_ANSWER.format(answer=texts.ATTENDANCE_ANSWERS[answer.answer]))
        return Reply("\n".join(lines))
    lines.append(texts.MY_ANSWER.format(answer=texts.NOT_ANSWERED))
    return Reply("\n".join(lines), attendance_buttons(meeting))


def plan(ctx: Context, args: str) -> Reply:
    meetings = upcoming_meetings(ctx)
    if not meetings:
        return Reply(texts.NO_MEETING_PLANNED)
    lines = [texts.PLAN_HEADING]
    for m in meetings:  # the running number too where it is not the label's: what a bare number means
        running = "" if lookup.meeting_label(ctx, m).startswith(f"{m.number}/") else texts.PLAN_RUNNING_NUMBER
        lines.append(f"• {describe_meeting(ctx, m)}{running.format(number=m.number)}")
    half_year_end = ctx.now + timedelta(days=183)
    if sum(1 for m in meetings if m.start <= half_year_end) < 2:
        lines.append(texts.PLAN_FEW_MEETINGS)
    return Reply("\n".join(lines))


def agenda(ctx: Context, args: str) -> Reply:
    """`/mote sakliste [nr]` shows the draft; `/mote sakliste publiser [nr]` publishes it (secretary)."""
    first, rest = split_first(args)
    publish = first.lower() in ("publiser", "send")
    target = split_first(rest)[0] if publish else first
    if publish and target.lower() in ("likevel", "bekreft"):  # `/mote sakliste publiser likevel`: the next one
        target = ""
    meeting = meeting_by_number(ctx, target) if target else lookup.next_meeting(ctx)
    if meeting is None:
        return Reply(texts.NO_MEETING_PLANNED)
    if not publish:
        draft = meeting.agenda_published_at is None
        buttons: tuple[Button, ...] = ()
        if draft and ctx.me.role in SECRETARY:
            buttons = (Button(texts.BUTTON_PUBLISH_AGENDA, f"/mote sakliste publiser {meeting.number}", "primary"),)
        return Reply(agenda_text(ctx, meeting, draft=draft), buttons)
    # Not the command table's: only publishing is the secretary's, and only after the meeting was found.
    ctx.require(SECRETARY, texts.ONLY_SECRETARY_PUBLISHES)
    if meeting.state != MeetingState.PLANNED:
        raise UserError(texts.MEETING_NOT_MOVABLE.format(number=meeting.number))
    if meeting.agenda_published_at is not None:
        return Reply(texts.AGENDA_ALREADY_PUBLISHED.format(meeting=describe_meeting(ctx, meeting)))
    anyway = any(word.lower() in ("likevel", "bekreft") for word in rest.split())
    if ctx.now <= deadline(ctx, meeting) and not anyway:  # cases may still come: ask first
        return Reply(
            texts.AGENDA_BEFORE_DEADLINE.format(deadline=texts.day(deadline(ctx, meeting))),
            (
                Button(texts.BUTTON_PUBLISH_ANYWAY, f"/mote sakliste publiser {meeting.number} likevel", "primary"),
                Button(texts.BUTTON_CANCEL, "/mote avbryt"),
            ),
        )
    post = publish_agenda(ctx, meeting)
    ctx.audit("agenda.published", str(meeting.number))
    return Reply(texts.AGENDA_PUBLISHED_NOW, channel_posts=(post,))


def publish_agenda(ctx: Context, meeting: Meeting) -> ChannelPost:
    """Mark the agenda published and return the channel post (used by the command and the scheduler)."""
    meeting.agenda_published_at = ctx.now
    return ChannelPost(
        agenda_text(ctx, meeting, draft=False)
        + "\n\n"
        + texts.AGENDA_ATTENDANCE_QUESTION
        + "\n"
        + texts.DOC_AGENDA_POST_HINT.format(number=meeting.number),
        attendance_buttons(meeting),
    )


def _document_args(ctx: Context, args: str, verb: str, usage: str) -> tuple[Meeting, str, bool]:
    """`3 [word|pdf] [offentlig|intern]` → (meeting, format, public). A member who has not signed the
    confidentiality declaration gets the public version whatever they ask for."""
    number, rest = split_first(args)
    if not number:
        raise UserError(usage)
    meeting = meeting_by_number(ctx, number)
    format, public = "pdf", False
    for word in rest.lower().split():
        if word in ("word", "docx"):
            format = "docx"
        elif word == "pdf":
            format = "pdf"
        elif word == "offentlig":
            public = True
        elif word == "intern":
            public = False
        else:
            raise UserError(texts.DOC_BAD_OPTION.format(word=texts.short(word), verb=verb))
    return meeting, format, public


def minutes(ctx: Context, args: str) -> Reply:
    """`/mote referat <nr> [word] [offentlig]`: the minutes as text to paste, and as a PDF or Word file."""
    meeting, format, public = _document_args(ctx, args, "referat", texts.MINUTES_USAGE)
    signed = has_signed(ctx, ctx.me)
    doc = documents.minutes(ctx, meeting, public=public or not signed)
    lines = [documents.minutes_text(ctx, meeting, doc), ""]
    lines.append(
        texts.DOC_MINUTES_ATTACHED.format(
            format=texts.DOC_FORMAT_NAMES[format], version=texts.DOC_VERSION_NAMES[doc.public]
        )
    )
    if not signed and not public:
        lines.append(texts.DOC_PUBLIC_UNTIL_SIGNED)
    return Reply("\n".join(lines), document=documents.file_of(doc, format))


def notice(ctx: Context, args: str) -> Reply:
    """`/mote innkalling <nr> [word] [offentlig]`: the notice with agenda as a PDF or Word file."""
    meeting, format, public = _document_args(ctx, args, "innkalling", texts.DOC_USAGE_INNKALLING)
    signed = has_signed(ctx, ctx.me)
    doc = documents.agenda_notice(ctx, meeting, public=public or not signed)
    lines = [
        texts.DOC_NOTICE_ATTACHED.format(
            meeting=describe_meeting(ctx, meeting),
            format=texts.DOC_FORMAT_NAMES[format],
            version=texts.DOC_VERSION_NAMES[doc.public],
        )
    ]
    if not signed and not public:
        lines.append(texts.DOC_PUBLIC_UNTIL_SIGNED)
    return Reply("\n".join(lines), document=documents.file_of(doc, format))


def calendar(ctx: Context, args: str) -> Reply:
    """The meeting plan as an iCalendar file: future meetings, and cancelled ones marked as such
    (handlers/calendar.py: stable UIDs, SEQUENCE, VTIMEZONE)."""
    from handlers import calendar as ical

    meetings = ctx.session.scalars(
        select(Meeting)
        .where(Meeting.council_id == ctx.council.id, Meeting.start > ctx.now - timedelta(days=183))
        .order_by(Meeting.start)
    )
    events = [ical.event_of(ctx, meeting) for meeting in meetings]
    if not events:
        return Reply(texts.NO_MEETING_PLANNED)
    content = ical.to_ical(events, now=ctx.now, name=ctx.council.name)
    return Reply(
        texts.CALENDAR_ATTACHED.format(count=len(events)),
        attachment=Attachment(f"{ctx.council.slug}-moter.ics", content, "text/calendar"),
    )


def show_notices(ctx: Context, args: str) -> Reply:
    return notices.describe(ctx, args)
