"""Platform-neutral answers: values that the console, Slack and Telegram adapters render.

Text is plain: adapters escape all of it for their markup, so user text can never ping or format.
A button carries the command text it stands for, so a click is handled exactly like typing it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handlers.documents import DocumentFile
    from handlers.report import ReportFile

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Button:
    label: str
    command: str
    style: str = ""  # "primary", "danger" or "" (adapters may ignore it)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime: str


@dataclass(frozen=True)
class DirectMessage:
    """A message to one member in private; it goes through the outbox after the command commits."""

    member_id: int
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class ChannelPost:
    """A message in the council's channel.

    `ref` names a post that is edited in place when posted again (the attendance poll's tally).
    """

    text: str
    buttons: tuple[Button, ...] = ()
    ref: str | None = None


@dataclass(frozen=True)
class Reply:
    """What the person who typed the command sees, and what else the command sends.

    `private` replies are shown only to the sender (Slack ephemeral, Telegram reply). `form` asks the
    adapter to open an input form (`handlers.forms.FORMS`; `"sak_ny"`: Slack modal, Telegram conversation,
    the console's prompt) instead.
    `document`: a notice or the minutes (or the attendance report, a `ReportFile`) to hand over as a file; the
    bot renders it into `attachment` after the command's transaction (`bot.documents.attach`), so adapters
    only ever see the attachment.
    `redact`: the incoming message held something that must not stay in a shared chat (an identity number):
    an adapter that can delete the sender's message from a group MUST try to, and answers in private.
    """

    text: str
    buttons: tuple[Button, ...] = ()
    private: bool = True
    attachment: Attachment | None = None
    document: DocumentFile | ReportFile | None = None
    form: str | None = None
    direct_messages: tuple[DirectMessage, ...] = field(default=())
    channel_posts: tuple[ChannelPost, ...] = field(default=())
    error: bool = False
    redact: bool = False
    # The invite this answer made (`/brukerrad inviter`), for a platform that can turn it into a link that
    # registers the invitee with one tap (Telegram's `t.me/<bot>?start=KODE`). The text names the code too.
    invite_code: str | None = None
