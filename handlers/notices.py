"""Which notices a meeting implies, when they are due, and what they say (issue 4 fills this in).

The scheduler issue owns this module; the core calls `plan_meeting` when a meeting is planned or moved,
`cancel_meeting` when it is cancelled, and `describe` for `/mote varsler`.
"""

from __future__ import annotations

import logging

from handlers import texts
from handlers.context import SECRETARY, Context
from handlers.replies import ChannelPost, Reply
from storage.models import Meeting, Member, Notice

_LOGGER = logging.getLogger(__name__)


def plan_meeting(ctx: Context, meeting: Meeting) -> None:
    """Plan (or re-plan, after a move) every notice `meeting` implies, in the outbox."""


def cancel_meeting(ctx: Context, meeting: Meeting) -> None:
    """Cancel the pending notices of a cancelled meeting."""


def plan_member(ctx: Context, member: Member) -> None:
    """Plan the member's own notices (declaration reminders, term-expiry warning) after a roster change."""


def render(ctx: Context, notice: Notice) -> ChannelPost | str:
    """The message a scheduled notice stands for, rendered now; or a reason (str) to skip it."""
    return texts.NOTICE_UNKNOWN_KIND.format(kind=notice.kind)


def describe(ctx: Context, args: str) -> Reply:
    """`/mote varsler`: the next meeting's notices, planned, sent, skipped and failed."""
    ctx.require(SECRETARY, texts.ONLY_SECRETARY)
    return Reply(texts.NOTICES_NONE)
