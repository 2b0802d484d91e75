"""A member's overview: my next meeting and my answer, my declaration if unsigned, my open cases.

An overview is several answers at once, not a command: `Dispatcher.overview` reads it in one transaction
with the core's own lookups, so the parts agree with each other and with what the commands say, and it
changes nothing a person did (no audit entry, no delivery key). Its buttons are ordinary command buttons.
A platform shows it where it has room for one (Slack's Home tab) and renders the parts as it likes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from handlers import meetings, texts
from handlers.cases import OPEN_STATES, case_line
from handlers.commands import COMMANDS
from handlers.confidentiality import version_label
from handlers.context import Context
from handlers.errors import UserError
from handlers.lookup import current_declaration, has_signed
from handlers.replies import Button
from storage.models import Case

_LOGGER = logging.getLogger(__name__)


_MY_OPEN_CASES = (
    select(Case)
    .where(
        Case.council_id == bindparam("council"),
        Case.submitter_id == bindparam("member"),
        Case.state.in_(OPEN_STATES),
    )
    .options(selectinload(Case.organisation))
    .order_by(Case.year, Case.number)
)


@dataclass(frozen=True)
class Part:
    """One part of the overview: a heading ("" for none), plain text (adapters escape all of it) and the
    command buttons that belong to it."""

    heading: str
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Overview:
    parts: tuple[Part, ...]


def only(text: str) -> Overview:
    """An overview that is one sentence: for someone with no council, or whom the council does not know."""
    return Overview((Part("", text),))


def of_member(ctx: Context) -> Overview:
    """The overview for `ctx.me`, a member of `ctx.council`."""
    me = ctx.me
    meeting = _meeting(ctx)
    if has_signed(ctx, me):
        version = version_label(ctx, current_declaration(ctx))
        declaration = Part(texts.OVERVIEW_DECLARATION_HEADING, texts.OVERVIEW_SIGNED.format(version=version))
    else:
        read = Button(texts.BUTTON_READ_DECLARATION, "/taushet", "primary")
        declaration = Part(texts.OVERVIEW_DECLARATION_HEADING, texts.OVERVIEW_UNSIGNED, (read,))
    return Overview((meeting, declaration, _my_cases(ctx)))


def _meeting(ctx: Context) -> Part:
    try:
        reply = meetings.next_meeting(ctx, "")
    except UserError as error:
        return Part(texts.OVERVIEW_MEETING_HEADING, error.message)
    return Part(texts.OVERVIEW_MEETING_HEADING, reply.text, reply.buttons)


def _my_cases(ctx: Context) -> Part:
    me = ctx.me
    cases = ctx.session.scalars(_MY_OPEN_CASES, {"council": ctx.council.id, "member": me.id}).all()
    may_submit = me.role in COMMANDS["sak"].verbs["ny"].roles  # the command table's roles, not a copy
    buttons = (Button(texts.OVERVIEW_BUTTON_NEW_CASE, "/sak ny", "primary"),) if may_submit else ()
    if not cases:
        return Part(texts.OVERVIEW_CASES_HEADING, texts.OVERVIEW_NO_CASES, buttons)
    return Part(texts.OVERVIEW_CASES_HEADING, "\n".join(case_line(case) for case in cases), buttons)
