"""The terminal chat (the embedded default): the same commands as in Slack or Telegram, on one laptop.

The console is a trusted local terminal: whoever runs it may act as any roster member (`/som <navn>`).
It is also a delivery port, so channel posts and direct messages from the outbox are printed as such.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from bot.app import App
from bot.console_form import ConsoleForm
from bot.delivery import OutMessage
from bot.documents import attach
from bot.platforms import Platform
from bot.tables import only
from handlers import texts
from handlers.dates import format_when
from handlers.dispatch import Incoming
from handlers.forms import FORMS
from handlers.limits import read_number
from handlers.replies import Button, Reply
from storage.db import transaction
from storage.files import write_private
from storage.models import ChatIdentity, Member, Role

_LOGGER = logging.getLogger(__name__)

PLATFORM_NAME = "console"
_STEP = re.compile(r"^\+?([0-9]{1,4})\s*(d|dag|dager|t|h|timer|m|min|u|uke|uker)$", re.IGNORECASE)
BUTTONS_MOST = 999


class ConsolePort:
    """Prints channel posts and direct messages; buttons addressed to the current member get numbers."""

    platform = PLATFORM_NAME

    def __init__(self, chat: ConsoleChat) -> None:
        self._chat = chat
        self._count = 0

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        label = texts.CONSOLE_CHANNEL_EDITED if edit_message_id else texts.CONSOLE_CHANNEL
        self._chat.show(label.format(channel=channel_id.split(":", 1)[-1]), message.text, message.buttons, own=True)
        self._count += 1
        return edit_message_id or f"console-{self._count}"

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        name, own = self._chat.name_of(user_id)
        self._chat.show(texts.CONSOLE_DIRECT.format(name=name), message.text, message.buttons, own=own)
        self._count += 1
        return f"console-{self._count}"


class ConsoleChat:
    def __init__(
        self,
        app: App,
        council_slug: str,
        *,
        out: TextIO | None = None,
        tick: Callable[[], object] | None = None,
        advance: Callable[[timedelta], object] | None = None,
    ) -> None:
        self.app = app
        self.council_id = app.council_ids[council_slug]
        # sys.stdout as it is now, not as it was when this module was imported (a redirect or a test's
        # capture replaces it later).
        self.out = out if out is not None else sys.stdout
        self.member_id: int | None = None
        self.buttons: list[Button] = []
        self.form: ConsoleForm | None = None
        self.port = ConsolePort(self)
        app.add_port(self.port)
        self._tick = tick or app.sender.drain
        self._advance = advance
        self._link_everyone()

    def _link_everyone(self) -> None:
        """Every roster member can be acted as in the console, and receives direct messages here."""
        with transaction(self.app.sessions) as session:
            members = session.scalars(select(Member).where(Member.council_id == self.council_id)).all()
            linked = set(
                session.scalars(select(ChatIdentity.member_id).where(ChatIdentity.platform == PLATFORM_NAME)).all()
            )
            for member in members:
                if member.id not in linked:
                    session.add(ChatIdentity(member_id=member.id, platform=PLATFORM_NAME, external_id=str(member.id)))

    def name_of(self, user_id: str) -> tuple[str, bool]:
        with self.app.sessions() as session:
            member = session.get(Member, int(user_id)) if user_id.isdigit() else None
            return (member.name if member else user_id), (member is not None and member.id == self.member_id)

    def act_as(self, name: str) -> str:
        """`/som <navn>`: switch member by exact name, a unique start, or a unique part."""
        self._link_everyone()
        with self.app.sessions() as session:
            members = session.scalars(
                select(Member)
                .where(Member.council_id == self.council_id, Member.active.is_(True))
                .order_by(Member.name)
            ).all()
            # Written while the session is open: a member's organisation is loaded on first use, and
            # after the session has closed that raised DetachedInstanceError (out of the console).
            who_list = texts.CONSOLE_WHO_LIST.format(
                names="\n".join(f"  {texts.member_label(m)} – {texts.ROLE_NAMES[m.role]}" for m in members)
            )
        wanted = name.strip().casefold()
        if not wanted:
            return who_list
        for test in (
            lambda m: m.name.casefold() == wanted,
            lambda m: m.name.casefold().startswith(wanted),
            lambda m: wanted in m.name.casefold(),
        ):
            found = [m for m in members if test(m)]
            if len(found) == 1:
                self.member_id = found[0].id
                return texts.CONSOLE_NOW_ACTING.format(name=found[0].name, role=texts.ROLE_NAMES[found[0].role])
            if len(found) > 1:
                return texts.AMBIGUOUS_NAME.format(name=name, names=texts.join_names([m.name for m in found]))
        return texts.NO_SUCH_MEMBER.format(name=name)

    def act_as_role(self, role: Role) -> None:
        with self.app.sessions() as session:
            member = session.scalar(
                select(Member).where(Member.council_id == self.council_id, Member.role == role, Member.active.is_(True))
            )
        if member is not None:
            self.member_id = member.id

    def show(self, heading: str, text: str, buttons: tuple[Button, ...] = (), *, own: bool = True) -> None:
        print(f"\n{heading}", file=self.out)
        for line in text.splitlines():
            print(f"  {line}", file=self.out)
        if buttons and own:
            choices = []
            for button in buttons:
                self.buttons.append(button)
                choices.append(f"[{len(self.buttons)}] {button.label}")
            print("  " + "   ".join(choices), file=self.out)
        elif buttons:
            print("  " + "   ".join(f"[{b.label}]" for b in buttons), file=self.out)

    def prompt(self) -> str:
        name = self.name_of(str(self.member_id))[0] if self.member_id else texts.CONSOLE_NOBODY
        return f"\n{name}> "

    def handle_line(self, line: str) -> bool:
        """Run one typed line; False when the user wants to stop."""
        if self.form is not None:  # an answer to the form's last question, even an empty one
            step = self.form.take(line)
            self.form = None if step.finished else self.form
            if step.say:
                print(f"  {step.say}".replace("\n", "\n  "), file=self.out)
            if step.command is None:
                return True
            line = step.command
        line = line.strip()
        if not line:
            return True
        if line.isdigit():  # a button's number (str.isdigit also says yes to ², which int() refuses)
            choice = read_number(line, BUTTONS_MOST)
            if choice is None or choice > len(self.buttons):
                print(texts.CONSOLE_BAD_BUTTON, file=self.out)
                return True
            line = self.buttons[choice - 1].command
            print(f"  → {line}", file=self.out)
        lowered = line.lower()
        if lowered in ("/avslutt", "/quit", "/exit", "/slutt"):
            return False
        if lowered.startswith("/som"):
            print(self.act_as(line[4:]), file=self.out)
            return True
        if lowered.startswith("/tid"):
            print(self._time(line[4:].strip()), file=self.out)
            return True
        self.buttons = []
        reply = self.app.dispatcher.handle(
            Incoming(platform=PLATFORM_NAME, user_id=str(self.member_id or 0), text=line, council_id=self.council_id)
        )
        reply = attach(reply, self.app.config.documents)  # a notice or minutes, rendered after the commit
        if reply is not None and reply.form in FORMS and not reply.error:
            self.form = ConsoleForm(FORMS[reply.form])  # asked here step by step (bot/console_form.py)
            print(f"  {self.form.first()}".replace("\n", "\n  "), file=self.out)
        elif reply is not None:
            self.render(reply)
        self._tick()
        return True

    def render(self, reply: Reply) -> None:
        heading = texts.CONSOLE_ONLY_YOU if reply.private else texts.CONSOLE_IN_CHANNEL
        self.show(heading, reply.text, reply.buttons)
        if reply.attachment is not None:
            path = Path("data") / reply.attachment.filename
            write_private(path, reply.attachment.content)  # 0600 in a 0700 folder (storage/files.py)
            print(f"  {texts.CONSOLE_FILE_SAVED.format(path=path)}", file=self.out)

    def _time(self, text: str) -> str:
        if text:
            match = _STEP.match(text)
            if match is None or self._advance is None:
                return texts.CONSOLE_TIME_USAGE
            amount, unit = int(match.group(1)), match.group(2).lower()[0]
            delta = {
                "d": timedelta(days=amount),
                "t": timedelta(hours=amount),
                "h": timedelta(hours=amount),
                "m": timedelta(minutes=amount),
                "u": timedelta(weeks=amount),
            }[unit]
            self._advance(delta)
            self._tick()
        council_tz = self.app.settings_for_id(self.council_id).tz
        return texts.CONSOLE_TIME_NOW.format(when=format_when(self.app.clock.now().astimezone(council_tz)))

    def loop(self, read: Callable[[str], str] = input) -> None:
        print(texts.CONSOLE_WELCOME, file=self.out)
        self._tick()
        while True:
            try:
                line = read(self.prompt())
            except (EOFError, KeyboardInterrupt):
                print("", file=self.out)
                break
            if not self.handle_line(line):
                break
        print(texts.CONSOLE_BYE, file=self.out)


def _no_table(raw: Mapping[str, object]) -> None:
    only(raw, "[console]", set())


# The console as the composition root sees it: no table, no secrets, every council bound to its own
# console channel. It serves in the foreground (`brukerrad run` with only the console, `brukerrad
# console`): the chat above registers its own port, so there is no adapter for `brukerrad run` to start.
PLATFORM = Platform(
    name=PLATFORM_NAME,
    parse=_no_table,
    secrets=lambda settings: (),
    adapter=None,
    default_channel=lambda slug: f"konsoll:{slug}",
)
