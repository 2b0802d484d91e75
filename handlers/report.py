"""The attendance and allowance report (oppmøte og møtegodtgjørelse, issue 18 point 8): for a period (a half
year, a year, or from–to dates), the meetings held and, per member, how often they attended, came partly
(late or left early), were absent with forfall, absent without, and stood in as a deputy (for whom).

Platform-neutral data only: `/mote rapport` hands it over as `Reply.document` (a `ReportFile`), rendered to
.xlsx or CSV in `bot/report.py` after the command's transaction; `brukerrad report` writes the same file.

Who is counted at a meeting: the representatives (leader and deputy leader too) whose term covers the
meeting's day, whether or not they are still on the roster today (a member who left mid-period shows up for
the meetings in their term); and a deputy only at a meeting they attended (standing in). A cancelled meeting,
or one still to come, is no meeting held. How one member did at one meeting is `attendance_of`, the one
place that reads it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from handlers import rollcall, texts
from handlers.context import REPRESENTATIVES, Context
from handlers.errors import UserError
from handlers.replies import Reply
from storage.models import Attendance, AttendanceAnswer, DeputyCall, Meeting, MeetingState, Member, Role, RollCall

FORMATS = ("xlsx", "csv")


class Presence(enum.StrEnum):
    ATTENDED = "attended"  # møtt
    PARTLY = "partly"  # møtt på deler av møtet (kom senere, gikk tidligere)
    EXCUSED = "excused"  # forfall meldt
    ABSENT = "absent"  # ikke møtt, uten forfall


PRESENT = frozenset({Presence.ATTENDED, Presence.PARTLY})


@dataclass(frozen=True)
class Period:
    start: date  # the first day
    end: date  # the last day
    label: str  # `2026`, `1. halvår 2026`, `fra torsdag 1. januar 2026 til tirsdag 30. juni 2026`
    stem: str  # in the file name: `2026`, `2026-h1`, `2026-01-01-2026-06-30`


@dataclass(frozen=True)
class MeetingLine:
    number: int
    day: date
    place: str
    attended: int  # members counted present (partly included), deputies standing in included


@dataclass(frozen=True)
class DetailLine:
    """One member at one meeting."""

    number: int
    day: date
    name: str
    organisation: str
    role: str
    presence: Presence
    stood_in_for: str  # the representative's name when a deputy stood in, else ""


@dataclass(frozen=True)
class MemberLine:
    name: str
    organisation: str
    role: str
    meetings: int  # meetings held in the period within their term (for a deputy: those they stood in at)
    attended: int
    partly: int
    excused: int
    absent: int
    as_deputy: int  # meetings where they stood in for a representative
    stood_in_for: str  # whom, `Kari Nordmann (2), Ola Nordmann`

    @property
    def paid(self) -> int:
        """Meetings with allowance: attended, wholly or partly (standing in included)."""
        return self.attended + self.partly


@dataclass(frozen=True)
class Report:
    council: str
    period: Period
    made: datetime  # local time
    meetings: tuple[MeetingLine, ...]
    members: tuple[MemberLine, ...]
    details: tuple[DetailLine, ...]


@dataclass(frozen=True)
class ReportFile:
    """A report to hand over as a file (`Reply.document`); `bot.report` renders it after the transaction."""

    report: Report
    stem: str  # the file name without its extension
    format: str  # "xlsx" or "csv"


# --- reading the period -------------------------------------------------------------------------------

_YEAR = re.compile(r"^(19|20)\d\d$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _day(text: str) -> date | None:
    found = _ISO.match(text)
    if found:
        year, month, day = (int(part) for part in found.groups())
    else:
        found = _NORWEGIAN.match(text)
        if not found:
            return None
        day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_args(args: str, today: date) -> tuple[Period, str]:
    """`[2026] [h1|h2|fra D til D] [csv|xlsx]` → the period and the format; a bad word is a UserError."""
    words = args.lower().split()
    format = "xlsx"
    if words and words[-1] in FORMATS:
        format = words.pop()
    if words and words[0] == "fra":
        if len(words) != 4 or words[2] != "til":
            raise UserError(texts.REPORT_USAGE_ERROR)
        start, end = _day(words[1]), _day(words[3])
        if start is None or end is None:
            raise UserError(texts.REPORT_BAD_DATE)
        return period_between(start, end), format
    year = today.year
    if words and _YEAR.match(words[0]):
        year = int(words.pop(0))
    half = None
    if words and words[0] in ("h1", "h2"):
        half = int(words.pop(0)[1])
    if words:
        raise UserError(texts.REPORT_USAGE_ERROR)
    return period_of(year, half), format


def period_of(year: int, half: int | None = None) -> Period:
    if half is None:
        return Period(date(year, 1, 1), date(year, 12, 31), str(year), str(year))
    if half == 1:
        return Period(date(year, 1, 1), date(year, 6, 30), texts.REPORT_HALF.format(half=1, year=year), f"{year}-h1")
    return Period(date(year, 7, 1), date(year, 12, 31), texts.REPORT_HALF.format(half=2, year=year), f"{year}-h2")


def period_between(start: date, end: date) -> Period:
    if end < start:
        raise UserError(texts.REPORT_END_BEFORE_START)
    label = texts.REPORT_SPAN.format(start=texts.day(start), end=texts.day(end))
    return Period(start, end, label, f"{start.isoformat()}-{end.isoformat()}")


# --- how one member did at one meeting ----------------------------------------------------------------


def _roll_call_of(ctx: Context, meeting: Meeting, member: Member) -> Presence | None:
    """The roll call's word on `member` at `meeting` (`/mote opprop`), when one was taken: it wins over
    the answers given beforehand. None: no roll call recorded. Someone on the roll but never called is
    not counted present (as in the minutes): forfall if they had sent word, else absent."""
    if not rollcall.has_roll_call(ctx, meeting):
        return None
    mark = _mark_of(ctx, meeting, member)
    if mark is None:
        answer = ctx.session.scalar(
            select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.member_id == member.id)
        )
        return Presence.EXCUSED if answer is not None and answer.answer == AttendanceAnswer.NO else Presence.ABSENT
    if not mark.present:
        return Presence.EXCUSED if mark.forfall else Presence.ABSENT
    return Presence.PARTLY if mark.arrived_at is not None or mark.left_at is not None else Presence.ATTENDED


def _mark_of(ctx: Context, meeting: Meeting, member: Member) -> RollCall | None:
    return ctx.session.scalar(
        select(RollCall).where(RollCall.meeting_id == meeting.id, RollCall.member_id == member.id)
    )


def attendance_of(ctx: Context, meeting: Meeting, member: Member, answer: Attendance | None = None) -> Presence:
    """How `member` did at `meeting`: the roll call if there is one, else their answer to the poll (yes:
    attended, partly: partly, no: absent with forfall, no answer: absent without). `answer` may be given
    when the caller has it already (the report reads a meeting's answers at once)."""
    called = _roll_call_of(ctx, meeting, member)
    if called is not None:
        return called
    if answer is None:
        answer = ctx.session.scalar(
            select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.member_id == member.id)
        )
    if answer is None:
        return Presence.ABSENT
    return {
        AttendanceAnswer.YES: Presence.ATTENDED,
        AttendanceAnswer.PARTLY: Presence.PARTLY,
        AttendanceAnswer.NO: Presence.EXCUSED,
    }[answer.answer]


# --- the report ---------------------------------------------------------------------------------------


def _in_term(member: Member, day: date) -> bool:
    return (member.term_start is None or member.term_start <= day) and (
        member.term_end is None or member.term_end >= day
    )


def held_meetings(ctx: Context, period: Period) -> list[Meeting]:
    """The meetings held in the period: begun by now, not cancelled, their local day within it."""
    tz = ctx.tz
    first = datetime.combine(period.start, time(), tz)
    after = datetime.combine(period.end + timedelta(days=1), time(), tz)
    return list(
        ctx.session.scalars(
            select(Meeting)
            .where(
                Meeting.council_id == ctx.council.id,
                Meeting.state != MeetingState.CANCELLED,
                Meeting.start >= first,
                Meeting.start < after,
                Meeting.start <= ctx.now,
            )
            .order_by(Meeting.start)
        )
    )


@dataclass
class _Tally:
    member: Member
    meetings: int = 0
    attended: int = 0
    partly: int = 0
    excused: int = 0
    absent: int = 0
    as_deputy: int = 0

    def add(self, presence: Presence) -> None:
        self.meetings += 1
        if presence == Presence.ATTENDED:
            self.attended += 1
        elif presence == Presence.PARTLY:
            self.partly += 1
        elif presence == Presence.EXCUSED:
            self.excused += 1
        else:
            self.absent += 1


def build(ctx: Context, period: Period) -> Report:
    """The report for `period`; reads only."""
    meetings = held_meetings(ctx, period)
    members = list(
        ctx.session.scalars(
            select(Member)
            .options(selectinload(Member.organisation))
            .where(Member.council_id == ctx.council.id, Member.role.in_(REPRESENTATIVES | {Role.DEPUTY}))
            .order_by(Member.name, Member.id)
        )
    )
    by_id = {member.id: member for member in members}
    tallies = {member.id: _Tally(member) for member in members}
    stood_in: dict[int, dict[str, int]] = {}
    meeting_lines: list[MeetingLine] = []
    details: list[DetailLine] = []
    for meeting in meetings:
        day = ctx.local(meeting.start).date()
        answers = {
            a.member_id: a for a in ctx.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
        }
        calls = {
            c.deputy_id: c.for_member_id
            for c in ctx.session.scalars(
                select(DeputyCall).where(DeputyCall.meeting_id == meeting.id, DeputyCall.passed_over_at.is_(None))
            )
        }
        present = 0
        for member in members:
            if not _in_term(member, day):
                continue
            presence = attendance_of(ctx, meeting, member, answers.get(member.id))
            whom = ""
            if member.role == Role.DEPUTY:
                if presence not in PRESENT:
                    continue  # a deputy counts only where they stood in
                answer = answers.get(member.id)
                mark = _mark_of(ctx, meeting, member)  # the roll call's word on whom she stood in for wins
                represented_id = (
                    (mark.for_member_id if mark is not None else None)
                    or calls.get(member.id)
                    or (answer.called_in_for_id if answer else None)
                )
                represented = by_id.get(represented_id) if represented_id is not None else None
                if represented is None and represented_id is not None:
                    represented = ctx.session.get(Member, represented_id)
                whom = represented.name if represented is not None else ""
                tallies[member.id].as_deputy += 1
                if whom:
                    counts = stood_in.setdefault(member.id, {})
                    counts[whom] = counts.get(whom, 0) + 1
            tallies[member.id].add(presence)
            present += presence in PRESENT
            details.append(
                DetailLine(meeting.number, day, member.name, _organisation(member), _role(member), presence, whom)
            )
        meeting_lines.append(MeetingLine(meeting.number, day, meeting.place, present))
    lines = tuple(
        MemberLine(
            name=t.member.name,
            organisation=_organisation(t.member),
            role=_role(t.member),
            meetings=t.meetings,
            attended=t.attended,
            partly=t.partly,
            excused=t.excused,
            absent=t.absent,
            as_deputy=t.as_deputy,
            stood_in_for=", ".join(
                name if count == 1 else f"{name} ({count})" for name, count in stood_in.get(t.member.id, {}).items()
            ),
        )
        for t in tallies.values()
        if t.meetings or (t.member.role != Role.DEPUTY and _term_overlaps(t.member, period))
    )
    return Report(
        council=ctx.council.name,
        period=period,
        made=ctx.local(ctx.now).replace(microsecond=0),
        meetings=tuple(meeting_lines),
        members=lines,
        details=tuple(details),
    )


def _term_overlaps(member: Member, period: Period) -> bool:
    return (member.term_start is None or member.term_start <= period.end) and (
        member.term_end is None or member.term_end >= period.start
    )


def _organisation(member: Member) -> str:
    return member.organisation.name if member.organisation is not None else ""


def _role(member: Member) -> str:
    return texts.ROLE_NAMES.get(member.role.value, member.role.value)


def file_of(ctx: Context, report: Report, format: str) -> ReportFile:
    return ReportFile(report, f"{ctx.council.slug}-oppmote-{report.period.stem}", format)


def command(ctx: Context, args: str) -> Reply:
    """`/mote rapport [år] [h1|h2|fra D til D] [csv]`: the report as a spreadsheet (or CSV) for the secretary."""
    period, format = parse_args(args, ctx.today)
    report = build(ctx, period)
    ctx.audit("report.read", period.stem, format=format)  # it names members' absences
    text = texts.REPORT_ATTACHED.format(
        period=period.label, meetings=len(report.meetings), format=texts.REPORT_FORMAT_NAMES[format]
    )
    if not report.meetings:
        text += "\n" + texts.REPORT_NO_MEETINGS
    return Reply(text, document=file_of(ctx, report, format))
