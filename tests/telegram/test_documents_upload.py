"""The notice and the minutes reach a Telegram member as documents in their private chat."""

from __future__ import annotations

from tests.telegram.conftest import SECRETARY, TG_IDS, Telegram


def test_minutes_come_as_text_and_a_word_file(planned: Telegram) -> None:
    said = planned.say(SECRETARY, "/mote referat 1 word")
    assert "Referat fra brukerrådet" in said.text and "Word-fil" in said.text
    documents = planned.fake.wait_calls("sendDocument", chat_id=TG_IDS[SECRETARY])
    assert documents[0]["document"]["filename"].endswith("-referat-mote-1-offentlig.docx")
    assert documents[0]["document"]["size"] > 1000
