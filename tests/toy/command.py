"""A toy command, made in the tests with nothing but a handler and a row in the command table: the proof
that a new command needs no other file (Telegram's menu and words, Slack's commands follow the table)."""

from __future__ import annotations

import pytest

from handlers import texts
from handlers.commands import COMMANDS, CommandSpec, Verb
from handlers.context import SECRETARY, Context
from handlers.replies import Reply

NAME = "leke"


def ping(ctx: Context, args: str) -> Reply:
    """The handler: what every handler is, a function of the context and the text after the verb."""
    return Reply(f"pong {args}".strip())


TOY = CommandSpec(
    usage="Lek: /leke ping",
    summary="En lekekommando for prøvene",
    hint="ping | hjelp",
    verbs={"ping": Verb(ping, SECRETARY, texts.ONLY_SECRETARY)},
)


def add_toy_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table row, for the length of one test."""
    monkeypatch.setitem(COMMANDS, NAME, TOY)
