"""The June evaluation (issue 18 point 9). Mandate: «Brukerrådet skal evaluere sin virksomhet årlig, hver
juni måned», and «Brukerrådet avholdes 4-6 ganger per år».

For the June meeting's evaluation item, the twelve months up to 30 June of the year (1 July the year
before to 30 June): the meetings held against the mandate's 4 to 6, the cases brought in by organisation
and by outcome, attendance by organisation (summed from the attendance report's lines,
`handlers.report.build`: one reading of who came), and the terms that end in the coming year (from the
day the report is made, or the period's end if that is earlier, one year on).

Each count is one tuple that both the table and the chart beside it are made from, so the figures in the
text are the chart's. The layout holds `Chart` blocks (data, never pictures): the bot draws them after the
command's transaction (`bot/documents/charts.py`, matplotlib) into the PDF, or as one PNG for the chat.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from handlers import report, texts
from handlers.context import Context
from handlers.documents import Block, Chart, DocumentFile, Heading, Layout, Paragraph, Table
from handlers.errors import UserError
from handlers.replies import Reply
from storage.models import Case, CaseState, Member

_LOGGER = logging.getLogger(__name__)

MANDATE_MEETINGS = (4, 6)  # «Brukerrådet avholdes 4-6 ganger per år»
FORMATS = ("pdf", "png")
# The outcomes in the order a reader follows a case: decided first, still waiting last.
OUTCOMES = (
    CaseState.DECIDED,
    CaseState.REJECTED,
    CaseState.WITHDRAWN,
    CaseState.DEFERRED,
    CaseState.APPROVED,
    CaseState.SUBMITTED,
)
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class OrganisationAttendance:
    """One organisation's member-meetings in the period (deputies standing in included)."""

    organisation: str
    present: int  # attended, wholly or partly
    excused: int
    absent: int

    @property
    def expected(self) -> int:
        return self.present + self.excused + self.absent


@dataclass(frozen=True)
class TermEnding:
    name: str
    organisation: str
    role: str
    day: date


@dataclass(frozen=True)
class Evaluation:
    council: str
    year: int
    period: report.Period
    made: datetime  # local time
    meetings: tuple[report.MeetingLine, ...]
    cases_by_organisation: tuple[tuple[str, int], ...]
    cases_by_outcome: tuple[tuple[str, int], ...]
    attendance: tuple[OrganisationAttendance, ...]
    terms_from: date
    terms_to: date
    terms_ending: tuple[TermEnding, ...]

    @property
    def cases(self) -> int:
        return sum(count for _label, count in self.cases_by_outcome)

    @property
    def within_mandate(self) -> bool:
        return MANDATE_MEETINGS[0] <= len(self.meetings) <= MANDATE_MEETINGS[1]


def default_year(today: date) -> int:
    """The June ahead (or this June, until it is over): the evaluation being prepared."""
    return today.year if today.month <= 6 else today.year + 1


def period_of(year: int) -> report.Period:
    period = report.period_between(date(year - 1, 7, 1), date(year, 6, 30))
    return dataclasses.replace(period, stem=str(year))


def parse_args(args: str, today: date) -> tuple[int, str]:
    """`[år] [pdf|png]` → the year and the format; anything else is a UserError saying what to type."""
    words = args.lower().split()
    format = "pdf"
    if words and words[-1] in FORMATS:
        format = words.pop()
    year = default_year(today)
    if words and _YEAR.match(words[0]):
        year = int(words.pop(0))
    if words:
        raise UserError(texts.EVALUATION_USAGE_ERROR)
    return year, format


def build(ctx: Context, year: int) -> Evaluation:
    """The evaluation for the June of `year`; reads only."""
    period = period_of(year)
    attendance = report.build(ctx, period)
    by_org: dict[str, list[int]] = {}
    for line in attendance.members:
        counts = by_org.setdefault(line.organisation or texts.EVALUATION_NO_ORGANISATION, [0, 0, 0])
        counts[0] += line.paid
        counts[1] += line.excused
        counts[2] += line.absent
    first = datetime.combine(period.start, time(), ctx.tz)
    after = datetime.combine(period.end + timedelta(days=1), time(), ctx.tz)
    cases = list(
        ctx.session.scalars(
            select(Case)
            .options(selectinload(Case.organisation))
            .where(Case.council_id == ctx.council.id, Case.created_at >= first, Case.created_at < after)
        )
    )
    organisations = Counter(c.organisation.name if c.organisation else texts.EVALUATION_NO_ORGANISATION for c in cases)
    outcomes = Counter(c.state for c in cases)
    terms_from = min(ctx.today, period.end)
    terms_to = terms_from + timedelta(days=365)
    members = ctx.session.scalars(
        select(Member)
        .options(selectinload(Member.organisation))
        .where(
            Member.council_id == ctx.council.id,
            Member.active.is_(True),
            Member.term_end >= terms_from,
            Member.term_end <= terms_to,
        )
        .order_by(Member.term_end, Member.name)
    )
    return Evaluation(
        council=ctx.council.name,
        year=year,
        period=period,
        made=ctx.local(ctx.now).replace(microsecond=0),
        meetings=attendance.meetings,
        cases_by_organisation=tuple(sorted(organisations.items(), key=lambda item: (-item[1], item[0]))),
        cases_by_outcome=tuple((texts.EVALUATION_OUTCOMES[s.value], outcomes[s]) for s in OUTCOMES if outcomes[s]),
        attendance=tuple(OrganisationAttendance(org, *counts) for org, counts in sorted(by_org.items())),
        terms_from=terms_from,
        terms_to=terms_to,
        terms_ending=tuple(
            TermEnding(
                m.name,
                m.organisation.name if m.organisation else "",
                texts.ROLE_NAMES.get(m.role.value, m.role.value),
                m.term_end,
            )
            for m in members
            if m.term_end is not None
        ),
    )


# --- the document --------------------------------------------------------------------------------------


def _meetings_line(ev: Evaluation) -> str:
    least, most = MANDATE_MEETINGS
    held = len(ev.meetings)
    if held < least:
        verdict = texts.EVALUATION_BELOW.format(missing=least - held)
    elif held > most:
        verdict = texts.EVALUATION_ABOVE
    else:
        verdict = texts.EVALUATION_WITHIN
    return texts.EVALUATION_MEETINGS.format(held=held, least=least, most=most, verdict=verdict)


def _count_words(pairs: tuple[tuple[str, int], ...]) -> str:
    return texts.join_names([f"{label} {count}" for label, count in pairs])


def charts(ev: Evaluation) -> tuple[Chart, ...]:
    """The charts, in the document's order: cases by organisation and outcome, attendance by organisation."""
    found: list[Chart] = []
    if ev.cases_by_organisation:
        found.append(
            Chart(
                texts.EVALUATION_CHART_CASES_ORG,
                texts.EVALUATION_ALT.format(
                    what=texts.EVALUATION_CHART_CASES_ORG, numbers=_count_words(ev.cases_by_organisation)
                ),
                tuple(label for label, _ in ev.cases_by_organisation),
                ((texts.EVALUATION_SERIES_CASES, tuple(count for _, count in ev.cases_by_organisation)),),
            )
        )
        found.append(
            Chart(
                texts.EVALUATION_CHART_CASES_OUTCOME,
                texts.EVALUATION_ALT.format(
                    what=texts.EVALUATION_CHART_CASES_OUTCOME, numbers=_count_words(ev.cases_by_outcome)
                ),
                tuple(label for label, _ in ev.cases_by_outcome),
                ((texts.EVALUATION_SERIES_CASES, tuple(count for _, count in ev.cases_by_outcome)),),
            )
        )
    if ev.attendance:
        words = [
            texts.EVALUATION_ALT_ATTENDANCE.format(
                org=a.organisation, present=a.present, excused=a.excused, absent=a.absent
            )
            for a in ev.attendance
        ]
        found.append(
            Chart(
                texts.EVALUATION_CHART_ATTENDANCE,
                texts.EVALUATION_ALT.format(what=texts.EVALUATION_CHART_ATTENDANCE, numbers="; ".join(words)),
                tuple(a.organisation for a in ev.attendance),
                (
                    (texts.EVALUATION_SERIES_PRESENT, tuple(a.present for a in ev.attendance)),
                    (texts.EVALUATION_SERIES_EXCUSED, tuple(a.excused for a in ev.attendance)),
                    (texts.EVALUATION_SERIES_ABSENT, tuple(a.absent for a in ev.attendance)),
                ),
            )
        )
    return tuple(found)


def _table_of(chart: Chart) -> Table:
    """The chart's own numbers as a table beside it: the same tuple, so they cannot disagree."""
    header = (texts.EVALUATION_COL_WHAT, *(name for name, _ in chart.series))
    rows = tuple((label, *(str(values[i]) for _, values in chart.series)) for i, label in enumerate(chart.labels))
    return Table(chart.caption, header, rows)


def layout(ev: Evaluation) -> Layout:
    title = texts.EVALUATION_TITLE.format(year=ev.year, council=ev.council)
    drawn = {chart.caption: chart for chart in charts(ev)}
    blocks: list[Block] = [
        Heading(1, title),
        Paragraph(texts.EVALUATION_PERIOD.format(period=ev.period.label, made=texts.day(ev.made))),
        Heading(2, texts.EVALUATION_MEETINGS_HEADING),
        Paragraph(_meetings_line(ev)),
    ]
    if ev.meetings:
        blocks.append(
            Table(
                texts.EVALUATION_MEETINGS_HEADING,
                texts.EVALUATION_MEETING_HEADER,
                tuple((str(m.number), texts.day(m.day), m.place or "–", str(m.attended)) for m in ev.meetings),
            )
        )
    blocks += [Heading(2, texts.EVALUATION_CASES_HEADING), Paragraph(texts.EVALUATION_CASES.format(count=ev.cases))]
    for caption in (texts.EVALUATION_CHART_CASES_ORG, texts.EVALUATION_CHART_CASES_OUTCOME):
        if caption in drawn:
            blocks += [drawn[caption], _table_of(drawn[caption])]
    blocks.append(Heading(2, texts.EVALUATION_ATTENDANCE_HEADING))
    chart = drawn.get(texts.EVALUATION_CHART_ATTENDANCE)
    if chart is None:
        blocks.append(Paragraph(texts.EVALUATION_NO_ATTENDANCE))
    else:
        blocks += [Paragraph(texts.EVALUATION_ATTENDANCE_HOW), chart, _table_of(chart)]
    blocks.append(Heading(2, texts.EVALUATION_TERMS_HEADING))
    blocks.append(Paragraph(texts.EVALUATION_TERMS.format(start=texts.day(ev.terms_from), end=texts.day(ev.terms_to))))
    if ev.terms_ending:
        blocks.append(
            Table(
                texts.EVALUATION_TERMS_HEADING,
                texts.EVALUATION_TERMS_HEADER,
                tuple((t.name, t.organisation or "–", t.role, texts.day(t.day)) for t in ev.terms_ending),
            )
        )
    else:
        blocks.append(Paragraph(texts.EVALUATION_NO_TERMS))
    return Layout(title, texts.EVALUATION_SUBJECT, ev.council, tuple(blocks), ev.made)


def file_of(ctx: Context, ev: Evaluation, format: str) -> DocumentFile:
    return DocumentFile(layout(ev), f"{ctx.council.slug}-evaluering-{ev.year}", format)


def summary(ev: Evaluation) -> str:
    """The figures in one paragraph for the chat: the same numbers the document and its charts show."""
    lines = [_meetings_line(ev), texts.EVALUATION_CASES.format(count=ev.cases)]
    if ev.cases_by_outcome:
        lines.append(texts.EVALUATION_OUTCOME_LINE.format(numbers=_count_words(ev.cases_by_outcome)))
    lines.append(texts.EVALUATION_TERMS_COUNT.format(count=len(ev.terms_ending)))
    return "\n".join(lines)


def command(ctx: Context, args: str) -> Reply:
    """`/mote evaluering [år] [png]`: the June evaluation as a PDF (or its charts as a PNG)."""
    year, format = parse_args(args, ctx.today)
    ev = build(ctx, year)
    ctx.audit("evaluation.read", str(year), format=format)  # it names members whose terms end
    if format == "png" and not charts(ev):  # nothing to draw: the figures in words, and no file
        return Reply(f"{texts.EVALUATION_NO_CHARTS.format(period=ev.period.label)}\n{summary(ev)}")
    heading = texts.EVALUATION_ATTACHED.format(period=ev.period.label, format=texts.EVALUATION_FORMAT_NAMES[format])
    return Reply(f"{heading}\n{summary(ev)}", document=file_of(ctx, ev, format))
