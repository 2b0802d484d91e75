"""Rendering for Telegram, without a server: escaping, defused mentions, message splitting, button data."""

from __future__ import annotations

import html

import pytest

from bot.telegram.callbacks import MAX_BYTES, CallbackCodec
from bot.telegram.render import MESSAGE_LIMIT, WORD_JOINER, html_chunks, keyboard, split_text, to_html
from handlers.replies import Button


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("<b>fet</b> & <a href='x'>lenke</a>", "&lt;b&gt;fet&lt;/b&gt; &amp; &lt;a href='x'&gt;lenke&lt;/a&gt;"),
        ("&amp; er allerede escapet", "&amp;amp; er allerede escapet"),
        ("<tg-spoiler>hemmelig</tg-spoiler>", "&lt;tg-spoiler&gt;hemmelig&lt;/tg-spoiler&gt;"),
    ],
)
def test_user_text_cannot_format_the_message(typed: str, sent: str) -> None:
    assert to_html(typed) == sent
    assert html.unescape(to_html(typed)) == typed  # what the members read is what was typed


@pytest.mark.parametrize("typed", ["@all varsle alle", "Hei @kari_nordmann!", "e-post: ola@example.org"])
def test_user_text_cannot_mention_anyone(typed: str) -> None:
    shown = to_html(typed)
    assert "@" + WORD_JOINER in shown
    assert shown.replace(WORD_JOINER, "") == html.escape(typed, quote=False)  # reads the same


def test_long_text_is_split_at_line_ends_within_the_limit() -> None:
    lines = [f"{n}. Sak om ventetid <{n}> & mer" for n in range(400)]
    chunks = html_chunks("\n".join(lines))
    assert len(chunks) > 1
    assert all(len(html.unescape(chunk)) <= MESSAGE_LIMIT for chunk in chunks)
    assert "\n".join(html.unescape(c) for c in chunks) == "\n".join(lines)


def test_one_very_long_line_is_cut_hard() -> None:
    pieces = split_text("x" * (MESSAGE_LIMIT * 2 + 5))
    assert [len(p) for p in pieces] == [MESSAGE_LIMIT, MESSAGE_LIMIT, 5]


def test_empty_text_still_makes_a_message() -> None:
    assert split_text("   ") == ["–"]


def test_button_command_that_fits_is_its_own_callback_data() -> None:
    codec = CallbackCodec()
    for command in ("/oppmote ja #3", "/taushet signer 1a2b3c4d", "/sak godkjenn 12/2027", "/mote avbryt"):
        assert codec.encode(command) == command
        assert codec.decode(command) == command


def test_long_button_command_gets_a_short_key_within_64_bytes() -> None:
    codec = CallbackCodec()
    command = "/mote bekreft 2027-01-14T10:00 Rådhuset, Munkegata 1, møterom «Gryta» i tredje etasje"
    assert len(command.encode("utf-8")) > MAX_BYTES
    data = codec.encode(command)
    assert len(data.encode("utf-8")) <= MAX_BYTES
    assert codec.decode(data) == command
    assert codec.encode(command) == data  # the same command always gets the same key


def test_button_key_from_before_a_restart_is_unknown_not_wrong() -> None:
    data = CallbackCodec().encode("/brukerrad inviter " + "Kari Nordmann-Aasen " * 4)
    assert CallbackCodec().decode(data) is None
    assert CallbackCodec().decode("junk from a forged client") is None


def test_multibyte_command_counts_bytes_not_characters() -> None:
    command = "/brukerrad inviter " + "Ærlig Øystein Åsheim" * 2  # 59 characters, more than 64 bytes
    assert len(command) <= MAX_BYTES < len(command.encode("utf-8"))
    assert CallbackCodec().encode(command).startswith("#")


def test_keyboard_puts_two_buttons_to_a_row() -> None:
    buttons = tuple(Button(f"Knapp {n}", f"/mote neste {n}") for n in range(3))
    markup = keyboard(buttons, CallbackCodec())
    assert markup is not None
    assert [len(row) for row in markup.inline_keyboard] == [2, 1]
    assert markup.inline_keyboard[0][0].callback_data == "/mote neste 0"
    assert keyboard((), CallbackCodec()) is None
