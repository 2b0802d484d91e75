"""The documents a council publishes: the notice with agenda (innkalling) and the minutes (referat).

What they contain is decided here, once, from the same agenda `/mote sakliste` shows
(`handlers.agenda.agenda_entries`); how they look is the renderers' (PDF and Word in `bot/documents/`, HTML
in `bot/templates/`), which only walk the `Layout` this module builds: headings, paragraphs and tables with
header rows, in reading order. Each document comes in two versions. The public one leaves out what only
members who signed the confidentiality declaration may read (case descriptions, absence reasons and
conflict reasons) and a digital meeting's link, which lets anyone in. The internal one is for the members.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from handlers import decisions, rollcall, texts
from handlers.agenda import agenda_entries
from handlers.attendance import expected
from handlers.context import SECRETARY, Context
from handlers.dates import format_clock, format_when
from handlers.lookup import active_members, deadline, describe_meeting
from storage.models import Attendance, AttendanceAnswer, DeputyCall, Meeting, MeetingState, Member, Role

_LOGGER = logging.getLogger(__name__)

LANGUAGE = "nb-NO"  # every document's language (PDF /Lang, Word's proofing language, HTML lang)
FORMATS = ("pdf", "docx")
# A place that holds a web address is a remote meeting: the address is its link, the rest its name.
_LINK = re.compile(r"https?://\S+")


# --- the content ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    organisation: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


@dataclass(frozen=True)
class Conflict:
    """A member who declared a conflict of interest in a case; `reason` only in the internal version."""

    name: str
    reason: str = ""


@dataclass(frozen=True)
class Item:
    """One numbered item: a case (with its number) or one of the fixed items."""

    number: int
    title: str
    case_label: str = ""
    organisation: str = ""
    description: str = ""  # internal version only
    conflicts: tuple[Conflict, ...] = ()
    decision: str = ""


@dataclass(frozen=True)
class Absence:
    person: Person
    partly: bool = False
    reason: str = ""  # internal version only
    # From the roll call: came late, left early (and the items missed), stood in for; public.
    note: str = ""


@dataclass(frozen=True)
class StandIn:
    deputy: Person
    for_member: Person


@dataclass(frozen=True)
class MeetingFacts:
    council: str
    council_slug: str
    number: int
    start: datetime  # in the council's time zone
    when: str  # `tirsdag 15. desember 2026 kl. 10:00`
    place: str  # the place's name (without a link)
    link: str  # a remote meeting's address, or ""
    cancelled: bool = False

    @property
    def remote(self) -> bool:
        return bool(self.link)


@dataclass(frozen=True)
class AgendaNotice:
    """The notice with agenda (innkalling med saksliste)."""

    meeting: MeetingFacts
    public: bool
    called_in: tuple[Person, ...]
    items: tuple[Item, ...]
    deadline: str
    secretary: str
    published: bool
    made: datetime


@dataclass(frozen=True)
class Minutes:
    """The minutes (referat): who came, who had forfall, who stood in, the items with their decisions."""

    meeting: MeetingFacts
    public: bool
    present: tuple[Absence, ...]  # `partly`: came for part of the meeting
    absent: tuple[Absence, ...]
    stood_in: tuple[StandIn, ...]
    items: tuple[Item, ...]
    approved_in: int | None  # the meeting whose item 2 approved these minutes, if it has been held
    approved_on: str
    made: datetime
    # From the roll call (handlers/rollcall.py), when there was one:
    absent_without: tuple[Absence, ...] = ()  # did not come and had not sent word
    observers: tuple[Person, ...] = ()  # observers present (they take no part in decisions)
    unrecorded: tuple[Absence, ...] = ()  # on the roll, never called, never answered
    represented: tuple[int, int] | None = None  # (organisations with someone present, on the council)
    from_roll_call: bool = False
    chair: str = ""  # `Liv Aasen (leder)`; the deputy leader when the leader had forfall
    minute_taker: str = ""  # the secretary


Document = AgendaNotice | Minutes


def split_place(place: str) -> tuple[str, str]:
    """`Teams https://…` → ("Teams", "https://…"); a place without a link → (place, "")."""
    found = _LINK.search(place)
    if found is None:
        return place.strip(), ""
    name = (place[: found.start()] + place[found.end() :]).strip(" ,;:-–")
    return name, found.group(0).rstrip(".,;)")


def _facts(ctx: Context, meeting: Meeting) -> MeetingFacts:
    local = ctx.local(meeting.start)
    place, link = split_place(meeting.place)
    return MeetingFacts(
        council=ctx.council.name,
        council_slug=ctx.council.slug,
        number=meeting.number,
        start=local,
        when=format_when(local, ctx.local(meeting.ends_at) if meeting.ends_at is not None else None),
        place=place,
        link=link,
        cancelled=meeting.state == MeetingState.CANCELLED,
    )


def _person(member: Member) -> Person:
    return Person(member.name, member.organisation.name if member.organisation else "")


def _items(ctx: Context, meeting: Meeting, *, public: bool) -> tuple[Item, ...]:
    items: list[Item] = []
    decided = decisions.versions(ctx, meeting)  # every item's decision, the fixed ones too: the newest
    for number, entry in enumerate(agenda_entries(ctx, meeting), start=1):
        case = entry.case
        if case is None:
            versions = decided.get(entry.decision_key, [])
            items.append(Item(number, entry.title, decision=versions[-1].text if versions else ""))
            continue
        conflicts = tuple(
            Conflict(c.member.name, "" if public else c.reason) for c in sorted(entry.conflicts, key=lambda c: c.id)
        )
        items.append(
            Item(
                number,
                case.title,
                case.label,
                case.organisation.name if case.organisation else "",
                "" if public else case.description,
                conflicts,
                case.decision,
            )
        )
    return tuple(items)


def agenda_notice(ctx: Context, meeting: Meeting, *, public: bool) -> AgendaNotice:
    """The notice with agenda as it stands now (a draft until the agenda is published)."""
    secretaries = active_members(ctx, SECRETARY)
    return AgendaNotice(
        meeting=_facts(ctx, meeting),
        public=public,
        called_in=tuple(_person(m) for m in sorted(expected(ctx, meeting), key=_called_in_order)),
        items=_items(ctx, meeting, public=public),
        deadline=texts.day(deadline(ctx, meeting)),
        secretary=texts.join_names([s.name for s in secretaries]),
        published=meeting.agenda_published_at is not None,
        made=ctx.local(ctx.now),
    )


_ROLE_ORDER = {Role.LEADER: 0, Role.DEPUTY_LEADER: 1, Role.REPRESENTATIVE: 2, Role.DEPUTY: 3}


def _called_in_order(member: Member) -> tuple[int, str]:
    return _ROLE_ORDER.get(member.role, 9), member.name


def minutes(ctx: Context, meeting: Meeting, *, public: bool) -> Minutes:
    """The minutes: from the roll call when there is one (who was really there, who came late or left
    when, who stood in), else from the attendance answers (partly present counts as present); the items
    with their decisions; the chair and the minute-taker."""
    if rollcall.has_roll_call(ctx, meeting):
        return _minutes_from_roll_call(ctx, meeting, public=public)
    answers = list(
        ctx.session.scalars(
            select(Attendance)
            .options(selectinload(Attendance.member).selectinload(Member.organisation))
            .where(Attendance.meeting_id == meeting.id)
        )
    )
    calls = {
        c.deputy_id: c.for_member_id
        for c in ctx.session.scalars(select(DeputyCall).where(DeputyCall.meeting_id == meeting.id))
    }
    present: list[Absence] = []
    absent: list[Absence] = []
    stood_in: list[StandIn] = []
    for answer in sorted(answers, key=lambda a: a.member.name):
        person = _person(answer.member)
        reason = "" if public else answer.reason
        if answer.answer == AttendanceAnswer.NO:
            absent.append(Absence(person, reason=reason))
            continue
        partly = answer.answer == AttendanceAnswer.PARTLY
        present.append(Absence(person, partly=partly, reason=reason if partly else ""))
        represented_id = calls.get(answer.member_id) or answer.called_in_for_id
        represented = ctx.session.get(Member, represented_id) if represented_id is not None else None
        if represented is not None:
            stood_in.append(StandIn(person, _person(represented)))
    approver = _approving_meeting(ctx, meeting)
    absent_ids = {a.member_id for a in answers if a.answer == AttendanceAnswer.NO}
    return Minutes(
        meeting=_facts(ctx, meeting),
        public=public,
        present=tuple(present),
        absent=tuple(absent),
        stood_in=tuple(stood_in),
        items=_items(ctx, meeting, public=public),
        approved_in=approver.number if approver is not None else None,
        approved_on=texts.day(ctx.local(approver.start)) if approver is not None else "",
        made=ctx.local(ctx.now),
        chair=_chair(ctx, absent_ids),
        minute_taker=_minute_taker(ctx),
    )


def _minutes_from_roll_call(ctx: Context, meeting: Meeting, *, public: bool) -> Minutes:
    """Everyone on the roll appears once: present (with when they came or left and the items they missed,
    and whom a deputy stood in for), absent with forfall, absent without, or never called in the roll
    call (and never answered: then the minutes say so rather than guess)."""
    entries = rollcall.roll(ctx, meeting)
    items = _items(ctx, meeting, public=public)
    present: list[Absence] = []
    absent: list[Absence] = []
    without: list[Absence] = []
    unrecorded: list[Absence] = []
    stood_in: list[StandIn] = []
    absent_ids: set[int] = set()
    left: dict[int, datetime] = {}  # who left early, and when: the chair's deputy takes over
    observers: list[Person] = []
    for entry in sorted(entries, key=lambda e: e.member.name):
        person = _person(entry.member)
        if entry.member.role == Role.OBSERVER:
            if entry.mark is not None and entry.mark.present:
                observers.append(person)
            continue
        reason = "" if public or entry.answer is None else entry.answer.reason
        mark = entry.mark
        if mark is None or not mark.present:
            absent_ids.add(entry.member.id)
            if mark is None and not entry.had_forfall:
                unrecorded.append(Absence(person))
            elif mark is None or mark.forfall:
                absent.append(Absence(person, reason=reason if entry.had_forfall else ""))
            else:
                without.append(Absence(person))
            continue
        if mark.left_at is not None:
            left[entry.member.id] = mark.left_at
        notes = [rollcall.presence_note(ctx, mark, len(items))]
        if mark.for_member is not None:
            stood_in.append(StandIn(person, _person(mark.for_member)))
            notes.append(texts.DOC_FOR_MEMBER.format(name=mark.for_member.name))
        partly = mark.arrived_at is not None or mark.left_at is not None
        present.append(Absence(person, partly=partly, note="; ".join(n for n in notes if n)))
    approver = _approving_meeting(ctx, meeting)
    return Minutes(
        meeting=_facts(ctx, meeting),
        public=public,
        present=tuple(present),
        absent=tuple(absent),
        stood_in=tuple(stood_in),
        items=items,
        approved_in=approver.number if approver is not None else None,
        approved_on=texts.day(ctx.local(approver.start)) if approver is not None else "",
        made=ctx.local(ctx.now),
        absent_without=tuple(without),
        observers=tuple(observers),
        unrecorded=tuple(unrecorded),
        represented=rollcall.organisations_represented(entries, rollcall.council_organisations(ctx, meeting)),
        from_roll_call=True,
        chair=_chair(ctx, absent_ids, left),
        minute_taker=_minute_taker(ctx),
    )


def _chair(ctx: Context, absent_ids: set[int], left: dict[int, datetime] | None = None) -> str:
    """The leader chairs; the deputy leader when the leader had forfall (or was absent at the roll call),
    or from the moment the leader left."""
    left = left or {}
    leaders = active_members(ctx, frozenset({Role.LEADER}))
    for leader in leaders:
        if leader.id not in absent_ids:
            chair = f"{leader.name} ({texts.MINUTES_CHAIR_ROLE['leader']})"
            if leader.id in left:
                deputies = [
                    d
                    for d in active_members(ctx, frozenset({Role.DEPUTY_LEADER}))
                    if d.id not in absent_ids and (d.id not in left or left[d.id] > left[leader.id])
                ]
                if deputies:
                    chair += texts.MINUTES_CHAIR_TOOK_OVER.format(
                        name=deputies[0].name, time=format_clock(ctx.local(left[leader.id]))
                    )
            return chair
    for deputy in active_members(ctx, frozenset({Role.DEPUTY_LEADER})):
        if deputy.id not in absent_ids:
            role = texts.MINUTES_CHAIR_ROLE["deputy_leader"] if leaders else texts.ROLE_NAMES["deputy_leader"]
            return f"{deputy.name} ({role})"
    return ""


def _minute_taker(ctx: Context) -> str:
    names = [m.name for m in active_members(ctx, SECRETARY)]
    return f"{texts.join_names(names)} ({texts.ROLE_NAMES['secretary']})" if names else ""


def _approving_meeting(ctx: Context, meeting: Meeting) -> Meeting | None:
    """The next meeting approves these minutes (its item 2): once it has been held, they are approved."""
    return ctx.session.scalar(
        select(Meeting)
        .where(
            Meeting.council_id == ctx.council.id,
            Meeting.state != MeetingState.CANCELLED,
            Meeting.start > meeting.start,
            Meeting.start <= ctx.now,
        )
        .order_by(Meeting.start)
        .limit(1)
    )


def minutes_approved(ctx: Context, meeting: Meeting) -> bool:
    return meeting.start <= ctx.now and _approving_meeting(ctx, meeting) is not None


# --- the layout every renderer walks -----------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int  # 1 is the document's title; items are level 3 under the level-2 section
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    link: str = ""  # a web address the paragraph ends with, shown as a link where the format allows
    strong: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart for the bot to draw (`bot/documents/charts.py`, the June evaluation's): one bar per
    label, the series stacked when there are more than one. `alt` says the figures in words, for a screen
    reader (the PDF's alternative text); a table with the same numbers follows it in the layout."""

    caption: str
    alt: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (name, one value per label)


Block = Heading | Paragraph | Table | Chart


@dataclass(frozen=True)
class Layout:
    """A document as headings, paragraphs and tables in reading order. `title` goes into the metadata."""

    title: str
    subject: str
    author: str
    blocks: tuple[Block, ...]
    made: datetime
    language: str = LANGUAGE


@dataclass(frozen=True)
class DocumentFile:
    """A document to hand over as a file: the bot renders it after the command's transaction (rendering
    needs no database, and a transaction should not wait for a typesetter)."""

    layout: Layout
    stem: str  # the file name without its extension
    format: str  # "pdf" or "docx"


def _meeting_blocks(facts: MeetingFacts, *, public: bool) -> list[Block]:
    blocks: list[Block] = [Paragraph(texts.DOC_WHEN.format(when=facts.when))]
    if facts.remote:
        if facts.place:
            blocks.append(Paragraph(texts.DOC_PLACE.format(place=facts.place)))
        # The link lets anyone in: the members get it, a published page does not.
        blocks.append(Paragraph(texts.DOC_REMOTE_PUBLIC) if public else Paragraph(texts.DOC_REMOTE, link=facts.link))
    else:
        blocks.append(Paragraph(texts.DOC_PLACE.format(place=facts.place or texts.NO_PLACE)))
    if facts.cancelled:
        blocks.append(Paragraph(texts.DOC_CANCELLED, strong=True))
    return blocks


def _item_heading(item: Item) -> Heading:
    if item.case_label:
        return Heading(
            3, texts.DOC_ITEM_CASE_HEADING.format(number=item.number, label=item.case_label, title=item.title)
        )
    return Heading(3, texts.DOC_ITEM_HEADING.format(number=item.number, title=item.title))


def _people_table(caption: str, rows: Sequence[tuple[str, ...]], header: tuple[str, ...]) -> Table:
    return Table(caption, header, tuple(rows))


def notice_layout(notice: AgendaNotice) -> Layout:
    facts = notice.meeting
    title = texts.DOC_NOTICE_TITLE.format(number=facts.number, council=facts.council)
    blocks: list[Block] = [Heading(1, title), Paragraph(_version_line(notice.public))]
    if not notice.published:
        blocks.append(Paragraph(texts.DOC_DRAFT, strong=True))
    blocks += _meeting_blocks(facts, public=notice.public)
    blocks.append(Heading(2, texts.DOC_CALLED_IN_HEADING))
    if notice.called_in:
        rows = [(p.name, p.organisation or "–") for p in notice.called_in]
        blocks.append(
            _people_table(texts.DOC_CALLED_IN_CAPTION, rows, (texts.DOC_COL_NAME, texts.DOC_COL_ORGANISATION))
        )
    else:
        blocks.append(Paragraph(texts.NOBODY_RECORDED))
    blocks.append(Heading(2, texts.DOC_AGENDA_HEADING))
    blocks.append(
        Table(
            texts.DOC_AGENDA_CAPTION,
            (texts.DOC_COL_NUMBER, texts.DOC_COL_CASE, texts.DOC_COL_TITLE),
            tuple((str(i.number), i.case_label or "–", i.title) for i in notice.items),
        )
    )
    for item in notice.items:
        if not item.case_label:
            continue
        blocks.append(_item_heading(item))
        if item.organisation:
            blocks.append(Paragraph(texts.DOC_FROM.format(organisation=item.organisation)))
        if item.description:
            blocks.append(Paragraph(item.description))
        blocks += _conflict_blocks(item, minutes=False)
    blocks.append(Heading(2, texts.DOC_DEADLINE_HEADING))
    blocks.append(Paragraph(texts.DOC_DEADLINE.format(deadline=notice.deadline)))
    blocks.append(Heading(2, texts.DOC_ABSENCE_HEADING))
    blocks.append(Paragraph(texts.DOC_ABSENCE_HOW.format(secretary=notice.secretary or texts.DOC_THE_SECRETARY)))
    blocks.append(Paragraph(texts.DOC_MADE.format(day=texts.day(notice.made))))
    return Layout(title, texts.DOC_NOTICE_SUBJECT, facts.council, tuple(blocks), notice.made)


def _conflict_blocks(item: Item, *, minutes: bool) -> list[Block]:
    blocks: list[Block] = []
    for conflict in item.conflicts:
        if minutes:
            template = texts.DOC_WITHDREW_REASON if conflict.reason else texts.DOC_WITHDREW
        else:
            template = texts.DOC_CONFLICT_REASON if conflict.reason else texts.DOC_CONFLICT
        blocks.append(Paragraph(template.format(name=conflict.name, reason=conflict.reason)))
    return blocks


def minutes_layout(doc: Minutes) -> Layout:
    facts = doc.meeting
    title = texts.DOC_MINUTES_TITLE.format(number=facts.number, council=facts.council)
    blocks: list[Block] = [Heading(1, title), Paragraph(_version_line(doc.public))]
    blocks += _meeting_blocks(facts, public=doc.public)
    if doc.chair or doc.minute_taker:
        blocks.append(Heading(2, texts.DOC_LEADERSHIP_HEADING))
        if doc.chair:
            blocks.append(Paragraph(texts.MINUTES_CHAIR.format(name=doc.chair)))
        if doc.minute_taker:
            blocks.append(Paragraph(texts.MINUTES_MINUTE_TAKER.format(name=doc.minute_taker)))
    blocks.append(Heading(2, texts.DOC_PRESENT_HEADING))
    header = (texts.DOC_COL_NAME, texts.DOC_COL_ORGANISATION, texts.DOC_COL_NOTE)
    if doc.present:
        rows = [(a.person.name, a.person.organisation or "–", _presence_note(a)) for a in doc.present]
        blocks.append(_people_table(texts.DOC_PRESENT_CAPTION, rows, header))
    else:
        blocks.append(Paragraph(texts.NOBODY_RECORDED))
    if doc.represented is not None:
        represented, total = doc.represented
        blocks.append(Paragraph(texts.MINUTES_ORGANISATIONS.format(represented=represented, total=total)))
    if doc.observers:
        blocks.append(Heading(2, texts.DOC_OBSERVERS_HEADING))
        blocks.append(Paragraph(texts.join_names([p.label for p in doc.observers])))
    blocks.append(Heading(2, texts.DOC_ABSENT_HEADING))
    if doc.absent:
        rows = [(a.person.name, a.person.organisation or "–", a.reason or "–") for a in doc.absent]
        blocks.append(_people_table(texts.DOC_ABSENT_CAPTION, rows, header))
    else:
        blocks.append(Paragraph(texts.NOBODY_RECORDED))
    if doc.absent_without:
        blocks.append(Heading(2, texts.DOC_NO_FORFALL_HEADING))
        rows = [(a.person.name, a.person.organisation or "–", "–") for a in doc.absent_without]
        blocks.append(_people_table(texts.DOC_NO_FORFALL_CAPTION, rows, header))
    if doc.unrecorded:
        blocks.append(Heading(2, texts.DOC_UNRECORDED_HEADING))
        blocks.append(Paragraph(texts.join_names([a.person.label for a in doc.unrecorded])))
    if doc.stood_in:
        blocks.append(Heading(2, texts.DOC_STOOD_IN_HEADING))
        blocks += [
            Paragraph(texts.DOC_STOOD_IN.format(deputy=s.deputy.label, member=s.for_member.label)) for s in doc.stood_in
        ]
    blocks.append(Heading(2, texts.DOC_ITEMS_HEADING))
    for item in doc.items:
        blocks.append(_item_heading(item))
        if item.organisation:
            blocks.append(Paragraph(texts.DOC_FROM.format(organisation=item.organisation)))
        if item.description:
            blocks.append(Paragraph(item.description))
        blocks += _conflict_blocks(item, minutes=True)
        blocks.append(Paragraph(texts.MINUTES_DECISION.format(decision=item.decision or texts.MINUTES_NO_DECISION)))
    blocks.append(Heading(2, texts.DOC_APPROVAL_HEADING))
    blocks.append(Paragraph(approval_line(doc)))
    blocks.append(Paragraph(texts.DOC_MADE.format(day=texts.day(doc.made))))
    return Layout(title, texts.DOC_MINUTES_SUBJECT, facts.council, tuple(blocks), doc.made)


def _presence_note(attendance: Absence) -> str:
    if attendance.note:
        return attendance.note
    if not attendance.partly:
        return "–"
    if attendance.reason:
        return f"{texts.DOC_PARTLY}: {attendance.reason}"
    return texts.DOC_PARTLY


def _version_line(public: bool) -> str:
    return texts.DOC_PUBLIC_VERSION if public else texts.DOC_INTERNAL_VERSION


def approval_line(doc: Minutes) -> str:
    if doc.approved_in is None:
        return texts.DOC_NOT_APPROVED
    return texts.DOC_APPROVED.format(number=doc.approved_in, day=doc.approved_on)


def layout(doc: Document) -> Layout:
    return notice_layout(doc) if isinstance(doc, AgendaNotice) else minutes_layout(doc)


def stem(doc: Document) -> str:
    """`trondheim-phr-innkalling-mote-3-offentlig`: a file name that says what it is."""
    kind = "innkalling" if isinstance(doc, AgendaNotice) else "referat"
    version = "offentlig" if doc.public else "intern"
    return f"{doc.meeting.council_slug}-{kind}-mote-{doc.meeting.number}-{version}"


def file_of(doc: Document, format: str) -> DocumentFile:
    return DocumentFile(layout(doc), stem(doc), format)


# --- the minutes as text to paste (`/mote referat`'s answer) -----------------------------------------


def minutes_text(ctx: Context, meeting: Meeting, doc: Minutes) -> str:
    lines = [texts.MINUTES_HEADING.format(meeting=describe_meeting(ctx, meeting))]
    if doc.chair:
        lines.append(texts.MINUTES_CHAIR.format(name=doc.chair))
    if doc.minute_taker:
        lines.append(texts.MINUTES_MINUTE_TAKER.format(name=doc.minute_taker))
    lines += [
        texts.MINUTES_PRESENT.format(names=", ".join(_with_note(a) for a in doc.present) or texts.NOBODY_RECORDED),
        texts.MINUTES_ABSENT.format(names=", ".join(_with_note(a) for a in doc.absent) or texts.NOBODY_RECORDED),
    ]
    if doc.absent_without:
        lines.append(texts.MINUTES_NO_FORFALL.format(names=", ".join(a.person.label for a in doc.absent_without)))
    if doc.unrecorded:
        lines.append(texts.MINUTES_UNRECORDED.format(names=", ".join(a.person.label for a in doc.unrecorded)))
    if doc.observers:
        lines.append(texts.MINUTES_OBSERVERS.format(names=", ".join(p.label for p in doc.observers)))
    if doc.represented is not None:
        lines.append(texts.MINUTES_ORGANISATIONS.format(represented=doc.represented[0], total=doc.represented[1]))
    lines += [texts.DOC_STOOD_IN.format(deputy=s.deputy.label, member=s.for_member.label) for s in doc.stood_in]
    lines.append("")
    for item in doc.items:
        label = f"{item.case_label} " if item.case_label else ""
        lines.append(f"Sak {item.number}. {label}{item.title}")
        for conflict in item.conflicts:
            template = texts.DOC_WITHDREW_REASON if conflict.reason else texts.DOC_WITHDREW
            lines.append(template.format(name=conflict.name, reason=conflict.reason))
        lines.append(texts.MINUTES_DECISION.format(decision=item.decision or texts.MINUTES_NO_DECISION))
        lines.append("")
    lines.append(approval_line(doc))
    return "\n".join(lines)


def _with_note(entry: Absence) -> str:
    note = entry.note or (texts.DOC_PARTLY if entry.partly else "")
    if entry.reason:
        note = f"{note}: {entry.reason}" if note else entry.reason
    return f"{entry.person.label} ({note})" if note else entry.person.label


# --- what the public meeting page shows -------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """A meeting on the public page: its facts and which public documents it has."""

    meeting: MeetingFacts
    agenda: bool  # the agenda is published
    minutes: bool  # the minutes are approved


@dataclass(frozen=True)
class Listing:
    coming: tuple[Listed, ...]
    past: tuple[Listed, ...]  # held meetings whose minutes are approved, newest first


def public_listing(ctx: Context) -> Listing:
    """The coming meetings (not cancelled) and the held meetings whose minutes are approved."""
    meetings = list(
        ctx.session.scalars(
            select(Meeting)
            .where(Meeting.council_id == ctx.council.id, Meeting.state != MeetingState.CANCELLED)
            .order_by(Meeting.start)
        )
    )
    coming = [Listed(_facts(ctx, m), m.agenda_published_at is not None, False) for m in meetings if m.start > ctx.now]
    held = [m for m in meetings if m.start <= ctx.now]
    # A held meeting's minutes are approved once a later held meeting exists (its item 2 approved them).
    past = [Listed(_facts(ctx, m), m.agenda_published_at is not None, True) for m in held[:-1]]
    return Listing(tuple(coming), tuple(reversed(past)))


def public_document(ctx: Context, number: int, kind: str) -> Document | None:
    """The public version of meeting `number`'s notice ("innkalling": once its agenda is published) or
    minutes ("referat": once approved); None when there is no such public document."""
    meeting = ctx.session.scalar(select(Meeting).where(Meeting.council_id == ctx.council.id, Meeting.number == number))
    if meeting is None or meeting.state == MeetingState.CANCELLED:
        return None
    if kind == "innkalling":
        return agenda_notice(ctx, meeting, public=True) if meeting.agenda_published_at is not None else None
    if kind == "referat":
        return minutes(ctx, meeting, public=True) if minutes_approved(ctx, meeting) else None
    return None


#: How far back the public calendar feed reaches: a subscriber sees this year's meetings, not every one.
FEED_DAYS_BACK = 366


def public_calendar(ctx: Context) -> bytes:
    """The council's meetings as a calendar to subscribe to (`.ics`, METHOD:PUBLISH), from a year back:
    each with its stable UID and SEQUENCE, a cancelled one with STATUS:CANCELLED, so a subscribed calendar
    follows moves and cancellations. A remote meeting's link is left out, as in the public documents."""
    from handlers import calendar

    since = ctx.now - timedelta(days=FEED_DAYS_BACK)
    events = []
    for meeting in ctx.session.scalars(
        select(Meeting).where(Meeting.council_id == ctx.council.id, Meeting.start >= since).order_by(Meeting.start)
    ):
        place, link = split_place(meeting.place)
        shown = f"{place} ({texts.WEB_REMOTE})" if link and place else (texts.WEB_REMOTE if link else place)
        events.append(dataclasses.replace(calendar.event_of(ctx, meeting), place=shown))
    return calendar.to_ical(events, now=ctx.now, method=calendar.PUBLISH, name=ctx.council.name)
