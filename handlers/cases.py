"""Cases (saker): submission by the organisations, triage by the working committee, decisions.

Mandate: organisations bring cases preferably 14 days before the meeting; a late case is accepted,
marked late and left to the working committee (AU). The council handles no individual cases.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from handlers import texts
from handlers.agenda import case_and_note
from handlers.context import AU, SECRETARY, Context
from handlers.decisions import decide_case, earlier_case_decisions
from handlers.errors import UserError
from handlers.forms import CASE_FORM, check, first_error
from handlers.limits import check_length
from handlers.lookup import (
    active_members,
    deadline,
    describe_meeting,
    has_signed,
    meeting_after,
    meeting_open_for_cases,
    next_meeting,
    split_first,
)
from handlers.privacy import check_case_text
from handlers.replies import Button, DirectMessage, Reply
from storage import plain
from storage.counters import next_number
from storage.models import Case, CaseState, ConflictDeclaration, Member, Role

_LOGGER = logging.getLogger(__name__)

_CONFIRM_WORDS = ("bekreft", "bekreftet", "bekreftat")
_SEPARATOR = re.compile(r"(?:^|\s)--(?:\s|$)")
OPEN_STATES = (CaseState.SUBMITTED, CaseState.APPROVED, CaseState.DEFERRED)
# Read for every case shown: built once (handlers/lookup.py says why).
_CONFLICTS_OF_CASE = select(ConflictDeclaration).where(ConflictDeclaration.case_id == bindparam("case"))


def split_case_text(text: str) -> tuple[str, str]:
    """Title on the first line (or before ` -- `), description after it."""
    if "\n" in text:
        title, _, description = text.partition("\n")
    else:
        parts = _SEPARATOR.split(text, maxsplit=1)
        title, description = parts[0], (parts[1] if len(parts) > 1 else "")
    return " ".join(title.split()), description.strip()


def submit(ctx: Context, args: str) -> Reply:
    me = ctx.me  # roles: the command table
    if not args.strip():
        return Reply(texts.CASE_FORM_INTRO, form="sak_ny")
    first, rest = split_first(args)
    confirmed = first.lower().rstrip(":") in _CONFIRM_WORDS
    if confirmed:
        args = rest
    title, description = split_case_text(args)
    answers = {"title": title, "description": description}
    # The case form's own checks (required title, privacy guard, lengths): the same words as every form.
    error = first_error(CASE_FORM, check(CASE_FORM, answers))
    if error is not None:
        raise UserError(error)
    description = CASE_FORM.field("description").clean(description)  # «-» alone: no description, as in a form
    findings = check_case_text(f"{title}\n{description}", ctx.settings.profile)
    if findings and not confirmed:
        raise UserError(texts.CASE_CONFIRM_SYSTEM_LEVEL.format(warning=findings[0].message))

    meeting = meeting_open_for_cases(ctx)
    late = meeting is not None and ctx.now > deadline(ctx, meeting)
    year = ctx.today.year
    # A counter row locked until commit, not max + 1: concurrent submissions get unique, consecutive numbers.
    number = next_number(ctx.session, ctx.council.id, f"case:{year}")
    case = Case(
        council_id=ctx.council.id,
        year=year,
        number=number,
        title=title,
        description=description,
        submitter_id=me.id,
        organisation_id=me.organisation_id,
        meeting_id=meeting.id if meeting else None,
        late=late,
        created_at=ctx.now,
    )
    plain.add(ctx.session, case)  # one INSERT … RETURNING, no unit of work: see storage/plain.py
    ctx.audit("case.submitted", case.label, meeting=meeting.number if meeting else None, late=late)

    if meeting is None:
        where = texts.CASE_NO_MEETING_YET
    elif late:
        where = texts.CASE_LATE.format(
            meeting=describe_meeting(ctx, meeting), deadline=texts.day(deadline(ctx, meeting))
        )
    else:
        where = texts.CASE_ON_TIME.format(
            meeting=describe_meeting(ctx, meeting), deadline=texts.day(deadline(ctx, meeting))
        )
    dms: tuple[DirectMessage, ...] = ()
    if late:
        dms = tuple(
            DirectMessage(
                m.id,
                texts.CASE_LATE_TO_AU.format(label=case.label, title=title, who=_from(me)),
                _triage_buttons(case),
            )
            for m in active_members(ctx, AU)
            if m.id != me.id
        )
    return Reply(
        texts.CASE_SUBMITTED.format(label=case.label, title=title, where=where),
        private=False,
        direct_messages=dms,
    )


def _from(member: Member) -> str:
    return f"{member.name} ({member.organisation.name})" if member.organisation else member.name


def _triage_buttons(case: Case) -> tuple[Button, ...]:
    return (
        Button(texts.BUTTON_APPROVE, f"/sak godkjenn {case.label}", "primary"),
        Button(texts.BUTTON_DEFER, f"/sak utsett {case.label}"),
    )


def list_cases(ctx: Context, args: str) -> Reply:
    meeting = next_meeting(ctx)
    query = select(Case).where(Case.council_id == ctx.council.id)
    if meeting is not None:  # the meeting's cases, decided ones too (they stay on its agenda), and those waiting
        query = query.where(
            ((Case.meeting_id == meeting.id) & Case.state.in_((*OPEN_STATES, CaseState.DECIDED)))
            | (Case.meeting_id.is_(None) & Case.state.in_(OPEN_STATES))
        )
    else:
        query = query.where(Case.state.in_(OPEN_STATES))
    cases = list(ctx.session.scalars(query.options(selectinload(Case.organisation)).order_by(Case.year, Case.number)))
    heading = (
        texts.CASES_FOR_MEETING.format(meeting=describe_meeting(ctx, meeting)) if meeting else texts.CASES_NO_MEETING
    )
    if not cases:
        return Reply(f"{heading}\n{texts.CASES_NONE}")
    lines = [heading]
    for case in cases:
        lines.append(case_line(case))
    return Reply("\n".join(lines))


def case_line(case: Case) -> str:
    org = f" ({case.organisation.name})" if case.organisation else ""
    late = texts.CASE_LATE_MARK if case.late else ""
    return f"• {case.label} {case.title}{org} – {texts.CASE_STATES[case.state]}{late}"


def show(ctx: Context, args: str) -> Reply:
    if not args.strip():
        raise UserError(texts.CASE_NUMBER_MISSING.format(example="/sak vis 3"))
    case, note = case_and_note(ctx, split_first(args)[0])
    lines = [texts.CASE_HEADER.format(label=case.label, title=case.title)]
    if note:
        lines.append(note)
    if case.organisation:
        lines.append(texts.CASE_FROM.format(organisation=case.organisation.name))
    lines.append(texts.CASE_STATE.format(state=texts.CASE_STATES[case.state]))
    if case.meeting:
        lines.append(texts.CASE_MEETING.format(meeting=describe_meeting(ctx, case.meeting)))
    if case.late:
        lines.append(texts.CASE_WAS_LATE)
    if has_signed(ctx, ctx.me):
        if case.description:
            lines.append("")
            lines.append(case.description)
        if case.state == CaseState.REJECTED and case.reason:
            lines.append(texts.CASE_REJECT_REASON.format(reason=case.reason))
        if case.decision:
            lines.append(texts.CASE_DECISION.format(decision=case.decision))
            earlier = earlier_case_decisions(ctx, case)
            if ctx.me.role in SECRETARY:
                lines += earlier
            elif earlier:  # a changed decision says so; the earlier texts are the secretary's to read
                lines.append(texts.CASE_DECISION_CHANGED)
        conflicts = ctx.session.scalars(_CONFLICTS_OF_CASE, {"case": case.id}).all()
        for conflict in conflicts:
            lines.append(texts.CASE_CONFLICT_LINE.format(name=conflict.member.name, reason=conflict.reason))
        return Reply("\n".join(lines))
    lines.append("")
    lines.append(texts.TITLES_ONLY_UNTIL_SIGNED)
    return Reply("\n".join(lines), (Button(texts.BUTTON_READ_DECLARATION, "/taushet"),))


def withdraw(ctx: Context, args: str) -> Reply:
    me = ctx.me
    if not args.strip():
        raise UserError(texts.CASE_NUMBER_MISSING.format(example="/sak trekk 3"))
    case = case_and_note(ctx, split_first(args)[0])[0]  # the answer names the case and its title
    if case.submitter_id != me.id:
        raise UserError(texts.CASE_NOT_YOURS.format(label=case.label))
    if case.state == CaseState.WITHDRAWN:
        return Reply(texts.CASE_ALREADY_WITHDRAWN.format(label=case.label))
    if case.state not in OPEN_STATES:
        raise UserError(texts.CASE_CANNOT_WITHDRAW_STATE.format(label=case.label, state=texts.CASE_STATES[case.state]))
    if case.meeting is not None and case.meeting.agenda_published_at is not None:
        raise UserError(texts.CASE_CANNOT_WITHDRAW_PUBLISHED.format(label=case.label))
    ctx.audit("case.withdrawn", case.label, state=[case.state.value, CaseState.WITHDRAWN.value])
    case.state = CaseState.WITHDRAWN
    return Reply(texts.CASE_WITHDRAWN.format(label=case.label, title=case.title), private=False)


def _triage_target(ctx: Context, args: str, example: str) -> Case:
    """The case named; the answers name it with its title (`case_and_note` says why that matters)."""
    if not args.strip():
        raise UserError(texts.CASE_NUMBER_MISSING.format(example=example))
    return case_and_note(ctx, split_first(args)[0])[0]


def approve(ctx: Context, args: str) -> Reply:
    case = _triage_target(ctx, args, "/sak godkjenn 3")
    if case.state == CaseState.APPROVED:
        return Reply(texts.CASE_ALREADY_APPROVED.format(label=case.label))
    if case.state not in (CaseState.SUBMITTED, CaseState.DEFERRED):
        raise UserError(texts.CASE_CANNOT_TRIAGE.format(label=case.label, state=texts.CASE_STATES[case.state]))
    if case.meeting is None:
        meeting = meeting_open_for_cases(ctx)
        if meeting is None:
            raise UserError(texts.CASE_APPROVE_NO_MEETING.format(label=case.label))
        case.meeting = meeting
    ctx.audit(
        "case.approved",
        case.label,
        state=[case.state.value, CaseState.APPROVED.value],
        meeting=case.meeting.number if case.meeting else None,
    )
    case.state = CaseState.APPROVED
    assert case.meeting is not None
    return Reply(
        texts.CASE_APPROVED.format(label=case.label, title=case.title, meeting=describe_meeting(ctx, case.meeting)),
        direct_messages=_tell_submitter(ctx, case, texts.CASE_APPROVED_DM.format(label=case.label, title=case.title)),
    )


def defer(ctx: Context, args: str) -> Reply:
    case = _triage_target(ctx, args, "/sak utsett 3")
    if case.state not in (CaseState.SUBMITTED, CaseState.APPROVED, CaseState.DEFERRED):
        raise UserError(texts.CASE_CANNOT_TRIAGE.format(label=case.label, state=texts.CASE_STATES[case.state]))
    later = meeting_after(ctx, case.meeting) if case.meeting is not None else None
    if case.state == CaseState.DEFERRED and case.meeting is not None and later is None:
        return Reply(texts.CASE_ALREADY_DEFERRED.format(label=case.label))
    ctx.audit(
        "case.deferred",
        case.label,
        state=[case.state.value, CaseState.DEFERRED.value],
        meeting=[case.meeting.number if case.meeting else None, later.number if later else None],
    )
    case.state = CaseState.DEFERRED
    case.meeting = later
    case.late = False
    where = describe_meeting(ctx, later) if later else texts.NEXT_PLANNED_MEETING
    return Reply(
        texts.CASE_DEFERRED.format(label=case.label, title=case.title, meeting=where),
        direct_messages=_tell_submitter(
            ctx, case, texts.CASE_DEFERRED_DM.format(label=case.label, title=case.title, meeting=where)
        ),
    )


def reject(ctx: Context, args: str) -> Reply:
    case = _triage_target(ctx, args, "/sak avvis 3 Saken gjelder en enkeltperson")
    reason = split_first(args)[1]
    if not reason:
        raise UserError(texts.CASE_REJECT_NEEDS_REASON.format(label=case.label))
    check_length("rejection_reason", reason)
    if case.state == CaseState.REJECTED:
        return Reply(texts.CASE_ALREADY_REJECTED.format(label=case.label))
    if case.state not in (CaseState.SUBMITTED, CaseState.APPROVED, CaseState.DEFERRED):
        raise UserError(texts.CASE_CANNOT_TRIAGE.format(label=case.label, state=texts.CASE_STATES[case.state]))
    # The rejection reason is typed text: not in the audit line (it stays on the case).
    ctx.audit("case.rejected", case.label, state=[case.state.value, CaseState.REJECTED.value])
    case.state = CaseState.REJECTED
    case.reason = reason
    return Reply(
        texts.CASE_REJECTED.format(label=case.label, title=case.title),
        direct_messages=_tell_submitter(
            ctx, case, texts.CASE_REJECTED_DM.format(label=case.label, title=case.title, reason=reason)
        ),
    )


def record_decision(ctx: Context, args: str) -> Reply:
    """`/sak vedtak <saksnr> <tekst>`: the decision in a case (the rules and the versions kept are
    `handlers.decisions.decide_case`'s, which `/mote vedtak` by agenda item shares)."""
    if not args.strip():
        raise UserError(texts.CASE_NUMBER_MISSING.format(example="/sak vedtak 3 Brukerrådet støtter forslaget."))
    first, decision = split_first(args)
    case, note = case_and_note(ctx, first)
    if not decision:
        raise UserError(texts.DECISION_TEXT_MISSING.format(label=case.label))
    text = decide_case(ctx, case, decision)
    return Reply(f"{text}\n{note}" if note else text)


def _tell_submitter(ctx: Context, case: Case, text: str) -> tuple[DirectMessage, ...]:
    if ctx.member is not None and case.submitter_id == ctx.member.id:
        return ()
    if case.submitter.role == Role.OBSERVER:
        return ()
    return (DirectMessage(case.submitter_id, text),)
