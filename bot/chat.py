"""What every adapter needs between its platform and the core, in one platform-neutral place.

An adapter turns a platform event into an `Event` (its pure `to_domain`), hands it to `Chat.handle` (the
council it belongs to, then the dispatcher), and performs what `route` makes of the answer (its pure
`perform`, which says which platform call to make). Repeated deliveries are dropped by `Seen` before
anything runs, and by the core's delivery keys for commands.

    platform event ─► to_domain ─► Event ─► Chat.handle ─► Reply ─► route ─► actions ─► perform
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.documents import attach
from handlers.dispatch import Incoming
from handlers.replies import Attachment, Reply

if TYPE_CHECKING:
    from bot.app import App


@dataclass(frozen=True)
class Event:
    """A message or click as the platform delivered it, before the core sees it.

    `channel_id`: where it was written; `shared`: whether others read there (a group or channel) rather
    than a private chat with the bot. A shared channel must be bound to a council (no guessing: the bot
    would answer in front of people who are not the council); a private chat belongs to the sender's own
    council, which the dispatcher finds in the command's own transaction. `council_channel`: the shared
    channel whose council this is, when that is not where it was written (a form begun in a group and
    answered in the private chat). `delivery_key`: the same whenever the platform delivers this event again.
    `private_chat_id`: the private chat it was written in, on a platform where only that lets the bot write
    to the sender (Telegram); the core records it (`Incoming.private_chat_id`).
    """

    user_id: str
    text: str
    channel_id: str | None = None
    shared: bool = False
    delivery_key: str | None = None
    announce: bool = False
    council_channel: str | None = None
    private_chat_id: str | None = None


class Seen:
    """The last `size` deliveries an adapter handled, for dropping a platform's repeats before they reach
    the core (events that carry no command, such as Slack's `app_home_opened`, and every Telegram update).
    Thread-safe, since the webhook and the poller may share one."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        """True the first time `key` is seen (and remembers it); False for a repeat."""
        with self._lock:
            if key in self._keys:
                return False
            self._keys[key] = None
            while len(self._keys) > self._size:
                self._keys.popitem(last=False)
            return True

    def clear(self) -> None:
        """Forget everything (what a new process remembers: only the database's delivery keys)."""
        with self._lock:
            self._keys.clear()


class Chat:
    """One platform's way into the core: council resolution and the call to the dispatcher.

    `not_bound`: what a shared channel that belongs to no council is told (`{channel}` is its id, for the
    secretary to put in the configuration). Runs wherever `App.call_core` runs the core.
    """

    def __init__(self, app: App, platform: str, *, not_bound: str) -> None:
        self.app = app
        self.platform = platform
        self._not_bound = not_bound
        # Channel → council from the configuration: the common case needs no query.
        self._bound = app.channel_councils(platform)
        self._lock = threading.Lock()

    def bound_council(self, channel_id: str) -> int | None:
        """The council this shared channel is bound to, or None (remembered either way: bindings change
        only when the configuration does, and that means a restart)."""
        with self._lock:
            if channel_id in self._bound:
                return self._bound[channel_id]
        council = self.app.dispatcher.bound_council(self.platform, channel_id)
        if council is not None:
            with self._lock:
                self._bound[channel_id] = council
        return council

    def incoming(self, event: Event) -> Incoming | Reply:
        """The `Incoming` for the core, or the refusal for a shared channel that is not a council's."""
        channel = event.council_channel or (event.channel_id if event.shared else None)
        council = None
        if channel is not None:
            council = self.bound_council(channel)
            if council is None:
                return Reply(self._not_bound.format(channel=channel), error=True)
        return Incoming(
            self.platform,
            event.user_id,
            event.text,
            council,
            delivery_key=event.delivery_key,
            announce=event.announce,
            private_chat_id=event.private_chat_id,
        )

    def handle(self, event: Event) -> Reply | None:
        """The core's answer (None: this delivery was handled before). Blocking: see `App.call_core`.
        A document the answer hands over is rendered here, after the command's transaction."""
        incoming = self.incoming(event)
        if isinstance(incoming, Reply):
            return incoming
        return attach(self.app.dispatcher.handle(incoming), self.app.config.documents)


# --- long messages -----------------------------------------------------------------------------------


def split_lines(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """`text` in pieces that each measure at most `limit`, cut at line ends where possible and inside a line
    only when the line alone is too long. `measure` is the platform's count (Slack counts the escaped
    text, so a piece is measured after escaping but cut before it, and no entity is ever cut in two).
    The last piece may be empty or blank; what a platform shows for that is its own rule."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while measure(line) > limit:  # a single line longer than a message: cut it hard
            cut = min(len(line), limit)
            while cut > 1 and measure(line[:cut]) > limit:
                cut = cut * 3 // 4
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if measure(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    pieces.append(current)
    return pieces


# --- what to do with an answer ------------------------------------------------------------------------


@dataclass(frozen=True)
class Surface:
    """What the place an answer goes to can do. `shared`: others read there; `ephemeral`: the platform can
    show a message in a shared place to one person only (Slack can; Telegram cannot); `files_apart`: a
    file goes as a message of its own to the sender's private chat (Slack) rather than with the answer."""

    shared: bool
    ephemeral: bool
    files_apart: bool = False


@dataclass(frozen=True)
class Show:
    """Show the reply where the event came from. `private`: only the sender should see it: an ephemeral
    message, or where there is none, an answer quoting the sender's message (errors and short notes)."""

    reply: Reply
    private: bool


@dataclass(frozen=True)
class SendPrivately:
    """The answer holds what only the sender may read (case details an unsigned member must not see in the
    group): send it in the private chat, and tell the shared place only that it was sent (or, if the
    sender never opened the private chat, how to open it)."""

    reply: Reply


@dataclass(frozen=True)
class TakeBack:
    """The sender's message must not stay where others read it (it held an identity number): delete it
    where the bot may, and tell the sender privately; the shared place learns nothing of what it held."""

    reply: Reply


@dataclass(frozen=True)
class OpenForm:
    """Open the named form (`handlers/forms`) for the sender, in a private place; `reply` is the typed
    alternative to show if the form cannot be opened."""

    form: str
    reply: Reply


@dataclass(frozen=True)
class SendFile:
    """Send the file to the sender's private chat (only they asked for it)."""

    attachment: Attachment


Action = Show | SendPrivately | TakeBack | OpenForm | SendFile


def route(reply: Reply | None, surface: Surface) -> tuple[Action, ...]:
    """What the adapter should do with the core's answer, as plain values (no platform in here).

    None (a repeated delivery) needs nothing. A form opens (unless the answer is an error). In a shared
    place: a message that must be taken back is, a private answer goes where only the sender sees it
    (ephemeral, or the private chat with a note in the group), an error answers the sender alone. Anything
    else is shown where it was asked. A private place shows everything as is.
    """
    if reply is None:
        return ()
    if reply.form is not None and not reply.error:
        return (OpenForm(reply.form, reply),)
    actions: list[Action]
    if not surface.shared or (surface.ephemeral and (reply.private or reply.error or reply.redact)):
        actions = [Show(reply, private=True)]
    elif reply.redact:
        actions = [TakeBack(reply)]
    elif reply.private and not reply.error:
        actions = [SendPrivately(reply)]
    else:
        actions = [Show(reply, private=reply.error)]
    if reply.attachment is not None and surface.files_apart:
        actions.append(SendFile(reply.attachment))
    return tuple(actions)

