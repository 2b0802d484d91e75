"""Telegram's command words and menu, made from the command table (handlers/commands.py), never by hand.

`setMyCommands` takes names of 1-32 characters `a-z0-9_` and descriptions of 1-256 characters (Bot API,
BotCommand); a table entry outside those limits is refused here, when the list is made, not by Telegram.
"""

from __future__ import annotations

import logging
import re

from handlers import commands

_LOGGER = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
DESCRIPTION_LIMIT = 256


def command_words() -> tuple[str, ...]:
    """What the bot answers as a command: every command in the table and every alias."""
    return commands.command_words()


def aliases() -> dict[str, str]:
    """Alias → the command text it runs (`/hjelp` → `/brukerrad hjelp`)."""
    return commands.alias_commands()


def ends_form(name: str) -> bool:
    """Whether the command word ends the member's case form (`/avbryt`, bot/telegram/case_form.py)."""
    alias = commands.ALIASES.get(name)
    return alias is not None and alias.ends_form


def menu() -> list[tuple[str, str]]:
    """The menu Telegram shows beside the message field: (command, description), in the table's order."""
    entries = commands.menu()
    for name, description in entries:
        if not _NAME.match(name) or not 1 <= len(description) <= DESCRIPTION_LIMIT:
            raise ValueError(f"command {name!r} does not fit Telegram's command menu")
    return entries


def render() -> str:
    """The menu as BotFather's `/setcommands` takes it, one `command - description` a line (the bot
    registers it itself at start; this is for those who want to see or paste it)."""
    return "".join(f"{name} - {description}\n" for name, description in menu())
