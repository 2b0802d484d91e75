"""A group message the core flags with `Reply.redact` (it held an identity number): the bot deletes it where
it has the right to, tells the member privately, and leaves the group a note that says nothing of it.

The privacy guard at the dispatcher's entry (handlers/privacy.py, issue 13) is what sets `redact`; the
`guarded` fixture checks that the real dispatcher did so for every text holding the test number.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from handlers import texts
from handlers.dispatch import Incoming
from handlers.replies import Reply
from storage.models import Case
from tests.telegram.conftest import GROUP, TG_IDS, Telegram

# A synthetic test number (month + 80, Skatteetaten's test range): valid digits, no real person.
IDENTITY_NUMBER = "15863951256"
TYPED = f"/sak ny Ventetid for {IDENTITY_NUMBER}"


@pytest.fixture
def guarded(planned: Telegram, monkeypatch: pytest.MonkeyPatch) -> Iterator[Telegram]:
    real = planned.app.dispatcher.handle

    def handle(incoming: Incoming) -> Reply | None:
        reply = real(incoming)
        if reply is not None and IDENTITY_NUMBER in incoming.text:
            assert reply.error and reply.redact  # refused, and asked to be taken back from the group
        return reply

    monkeypatch.setattr(planned.app.dispatcher, "handle", handle)
    yield planned


def _group_texts(tg: Telegram) -> list[str]:
    return [str(p["text"]) for p in tg.fake.ok_calls("sendMessage", chat_id=GROUP)]


def _nothing_leaked(tg: Telegram, caplog: pytest.LogCaptureFixture) -> None:
    assert all(IDENTITY_NUMBER not in str(c.params) for c in tg.fake.calls if c.method != "getUpdates")
    assert IDENTITY_NUMBER not in caplog.text
    assert tg.count(Case) == 0


def test_group_message_with_identity_number_is_deleted_and_answered_privately(
    guarded: Telegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # what `brukerrad run` logs (PTB itself logs updates at DEBUG)
    kari = TG_IDS["Kari Dybdahl"]
    guarded.fake.make_admin(GROUP)  # the bot may delete messages in this group
    before = len(_group_texts(guarded))
    said = guarded.say("Kari Dybdahl", TYPED)
    assert guarded.fake.deleted == [(GROUP, said.update["message"]["message_id"])]
    private = guarded.texts(kari)[-1]
    assert "fødselsnummer eller D-nummer" in private and texts.TG_REDACT_DELETED in private
    assert _group_texts(guarded)[before:] == []  # the group reads nothing about it
    _nothing_leaked(guarded, caplog)


def test_without_the_right_to_delete_the_member_is_asked_privately_to_delete_it(
    guarded: Telegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    kari = TG_IDS["Kari Dybdahl"]
    before = len(_group_texts(guarded))
    said = guarded.say("Kari Dybdahl", TYPED)
    tried = [c for c in guarded.fake.calls if c.method == "deleteMessage"]
    assert [c.status for c in tried] == [400]  # it tried; Telegram refused (not an admin)
    assert tried[0].params["message_id"] == said.update["message"]["message_id"]
    assert "could not delete a refused message in a group (BadRequest)" in caplog.text  # logged, no text
    private = guarded.texts(kari)[-1]
    assert "fødselsnummer eller D-nummer" in private and texts.TG_REDACT_DELETE_IT_YOURSELF in private
    assert _group_texts(guarded)[before:] == []
    _nothing_leaked(guarded, caplog)


def test_member_without_a_private_chat_gets_a_neutral_note_in_the_group(
    guarded: Telegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # what `brukerrad run` logs (PTB itself logs updates at DEBUG)
    guarded.fake.forbid(TG_IDS["Mona Fossum"])  # never pressed Start
    guarded.fake.make_admin(GROUP)
    before = len(_group_texts(guarded))
    guarded.say("Mona Fossum", TYPED)
    notes = _group_texts(guarded)[before:]
    assert notes == [texts.TG_REDACT_NOTE_DELETED.format(link="https://t.me/brukerrad_test_bot")]
    assert "fødselsnummer" not in notes[0] and "Ventetid" not in notes[0]  # nothing of the content
    _nothing_leaked(guarded, caplog)


def test_without_a_private_chat_or_the_right_to_delete_the_note_answers_the_message(guarded: Telegram) -> None:
    guarded.fake.forbid(TG_IDS["Mona Fossum"])
    said = guarded.say("Mona Fossum", TYPED)
    notes = guarded.fake.ok_calls("sendMessage", chat_id=GROUP)[-1:]
    assert notes[0]["text"] == texts.TG_REDACT_NOTE.format(link="https://t.me/brukerrad_test_bot")
    assert notes[0]["reply_parameters"]["message_id"] == said.update["message"]["message_id"]


def test_in_a_private_chat_the_refusal_is_just_answered(guarded: Telegram, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)  # what `brukerrad run` logs (PTB itself logs updates at DEBUG)
    kari = TG_IDS["Kari Dybdahl"]
    said = guarded.say("Kari Dybdahl", TYPED, chat=None)
    assert "fødselsnummer eller D-nummer" in said.text
    assert texts.TG_REDACT_DELETED not in said.text and texts.TG_REDACT_DELETE_IT_YOURSELF not in said.text
    assert [c for c in guarded.fake.calls if c.method == "deleteMessage"] == []
    assert guarded.fake.ok_calls("sendMessage", chat_id=kari)
    _nothing_leaked(guarded, caplog)
