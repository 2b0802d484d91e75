"""Telegram takes its command words and menu from the command table (bot/telegram/menu.py): every command is
one the bot answers in a group (a word missing from the handler's list is silently ignored there), and a
command added to the table is registered and answered with no change in bot/telegram."""

from __future__ import annotations

import pytest
from telegram.ext import CommandHandler

from bot.cli import main
from bot.telegram import menu
from handlers import texts
from handlers.commands import ALIASES, COMMANDS
from tests.telegram.conftest import SECRETARY, Telegram
from tests.toy.command import TOY, add_toy_command


def _handled_words(tg: Telegram) -> set[str]:
    words: set[str] = set()
    for group in tg.adapter.application.handlers.values():
        for handler in group:
            if isinstance(handler, CommandHandler):
                words |= set(handler.commands)
    return words


def test_every_command_and_alias_of_the_table_is_answered(tg: Telegram) -> None:
    assert _handled_words(tg) == set(COMMANDS) | set(ALIASES)


def test_the_registered_menu_is_the_table_menu(tg: Telegram) -> None:
    registered = tg.fake.ok_calls("setMyCommands")[-1]["commands"]
    assert [(c["command"], c["description"]) for c in registered] == menu.menu()
    assert ("hjelp", texts.SUMMARY_HJELP) in menu.menu() and "start" not in dict(menu.menu())


def test_the_menu_prints_as_botfather_takes_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "telegram"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"sak - {texts.SUMMARY_SAK}" and len(lines) == len(menu.menu())


def test_a_summary_telegram_cannot_take_is_refused_when_the_menu_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    monkeypatch.setitem(COMMANDS, "sak", replace(COMMANDS["sak"], summary="x" * (menu.DESCRIPTION_LIMIT + 1)))
    with pytest.raises(ValueError, match="sak"):
        menu.menu()


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    add_toy_command(monkeypatch)


def test_a_command_added_to_the_table_is_registered_and_answered(toy: None, tg: Telegram) -> None:
    # `toy` comes before `tg`: the adapter is made with the toy row in the table.
    registered = tg.fake.ok_calls("setMyCommands")[-1]["commands"]
    assert {"command": "leke", "description": TOY.summary} in registered
    assert "pong hei" in tg.say(SECRETARY, "/leke ping hei").text


def test_a_command_not_in_the_table_gets_no_answer_in_the_group(tg: Telegram) -> None:
    assert tg.say(SECRETARY, "/leke ping hei").params == []
