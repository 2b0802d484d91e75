"""The console stays up whatever is typed: `/som` without a name lists the roster, a number that is not a
button says so, and odd digits in `/tid` get the usage; none of it drops back to the shell."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from bot.console import ConsoleChat
from bot.demo import load_demo
from handlers import texts
from tests.conftest import START


@pytest.fixture
def chat(db_url: str) -> Iterator[tuple[ConsoleChat, io.StringIO, MovableClock]]:
    clock = MovableClock(START)
    app = build(parse({"database": {"url": db_url}}, {}), clock)
    load_demo(app, "demo")
    out = io.StringIO()
    yield ConsoleChat(app, "demo", out=out, advance=clock.advance), out, clock
    app.close()


def test_som_without_a_name_lists_who_you_can_be(chat: tuple[ConsoleChat, io.StringIO, MovableClock]) -> None:
    console, out, _ = chat
    for line in ("/som", "/som   ", "/SOM"):
        assert console.handle_line(line) is True
    text = out.getvalue()
    assert text.count("Hvem vil du være? Skriv /som <navn>.") == 3
    assert "(A-Larm) – brukerrepresentant" in text  # organisations shown: loaded while the session was open


@pytest.mark.parametrize("line", ["²", "³", "٣", "99999999999999999999", "0", "7"])
def test_a_number_that_is_no_button_is_answered(chat: tuple[ConsoleChat, io.StringIO, MovableClock], line: str) -> None:
    console, out, _ = chat
    console.handle_line("/som Silje")
    assert console.handle_line(line) is True
    assert texts.CONSOLE_BAD_BUTTON in out.getvalue()


def test_time_travel_takes_ascii_digits_only(chat: tuple[ConsoleChat, io.StringIO, MovableClock]) -> None:
    console, out, clock = chat
    before = clock.now()
    console.handle_line("/tid +٣d")
    assert clock.now() == before and texts.CONSOLE_TIME_USAGE in out.getvalue()
    console.handle_line("/tid +3d")
    assert clock.now() - before == timedelta(days=3)
