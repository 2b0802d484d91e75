"""The App Home tab: my next meeting and my answer, my declaration if unsigned, my open cases.

A Home tab is a view of several answers at once, not a command: it is read in one transaction with the
core's own lookups (so the parts agree with each other and with what the commands say), and changes
nothing a person did (no audit entry, no delivery key). Its buttons are ordinary command buttons.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.slack.render import VIEW_BLOCKS, actions, sections
from handlers import meetings, texts
from handlers.cases import OPEN_STATES, case_line
from handlers.context import SUBMITTERS, Context, CouncilSettings
from handlers.dispatch import Clock, find_member, unknown_user_text
from handlers.errors import UserError
from handlers.lookup import current_declaration, has_signed
from handlers.replies import Button
from storage.db import transaction
from storage.models import Case, Council

_LOGGER = logging.getLogger(__name__)

PLATFORM = "slack"
SHORT_HASH = 8


@dataclass(frozen=True)
class Part:
    heading: str
    text: str
    buttons: tuple[Button, ...] = ()


def overview(
    sessions: sessionmaker[Session],
    clock: Clock,
    settings_for: Callable[[Council], CouncilSettings],
    council_id: int | None,
    user_id: str,
) -> list[Part]:
    """What the Home tab shows `user_id`; a stranger is told whom to ask, as every command tells them."""
    if council_id is None:
        return [Part("", texts.SLACK_HOME_NO_COUNCIL)]
    with transaction(sessions) as session:  # the declaration row is made on first use: a write
        council = session.get(Council, council_id)
        if council is None:
            return [Part("", texts.SLACK_HOME_NO_COUNCIL)]
        member = find_member(session, council.id, PLATFORM, user_id)
        if member is None:
            return [Part("", unknown_user_text(session, council.id))]
        ctx = Context(session, council, member, clock.now(), PLATFORM, settings_for(council), external_id=user_id)
        parts = [_meeting(ctx)]
        if not has_signed(ctx, member):
            parts.append(
                Part(
                    texts.SLACK_HOME_DECLARATION_HEADING,
                    texts.SLACK_HOME_UNSIGNED,
                    (Button(texts.BUTTON_READ_DECLARATION, "/taushet", "primary"),),
                )
            )
        else:
            version = current_declaration(ctx).sha256[:SHORT_HASH]
            parts.append(Part(texts.SLACK_HOME_DECLARATION_HEADING, texts.SLACK_HOME_SIGNED.format(version=version)))
        parts.append(_my_cases(ctx))
        return parts


def _meeting(ctx: Context) -> Part:
    try:
        reply = meetings.next_meeting(ctx, "")
    except UserError as error:
        return Part(texts.SLACK_HOME_MEETING_HEADING, error.message)
    return Part(texts.SLACK_HOME_MEETING_HEADING, reply.text, reply.buttons)


def _my_cases(ctx: Context) -> Part:
    me = ctx.me
    cases = ctx.session.scalars(
        select(Case)
        .where(Case.council_id == ctx.council.id, Case.submitter_id == me.id, Case.state.in_(OPEN_STATES))
        .options(selectinload(Case.organisation))
        .order_by(Case.year, Case.number)
    ).all()
    buttons = (Button(texts.SLACK_BUTTON_NEW_CASE, "/sak ny", "primary"),) if me.role in SUBMITTERS else ()
    if not cases:
        return Part(texts.SLACK_HOME_CASES_HEADING, texts.SLACK_HOME_NO_CASES, buttons)
    return Part(texts.SLACK_HOME_CASES_HEADING, "\n".join(case_line(case) for case in cases), buttons)


def home_view(parts: list[Part]) -> dict[str, Any]:
    view_blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": texts.SLACK_HOME_HEADER}}
    ]
    for part in parts:
        if part.heading:
            view_blocks.append({"type": "header", "text": {"type": "plain_text", "text": part.heading}})
        view_blocks += sections(part.text)
        view_blocks += actions(part.buttons, block_prefix=f"home_{len(view_blocks)}")
        view_blocks.append({"type": "divider"})
    return {"type": "home", "blocks": view_blocks[:VIEW_BLOCKS]}
