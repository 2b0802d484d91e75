"""Inline keyboards: attendance and signing by button, the leader's poll with a tally edited in place, and
clicks that arrive twice."""

from __future__ import annotations

from typing import Any

from storage.models import Attendance, AttendanceAnswer, Meeting, Signature
from tests.telegram.conftest import GROUP, SECRETARY, TG_IDS, Telegram


def _poll_message(tg: Telegram) -> dict[str, Any]:
    """The attendance poll the leader posted in the group (sent by the outbox after the command)."""

    def find() -> dict[str, Any] | None:
        for message in tg.sent(GROUP):
            if str(message["text"]).startswith("Oppmøte til") and message.get("reply_markup"):
                return message
        return None

    found = tg.fake.wait_for(find)
    assert found is not None
    return found


def _toasts(tg: Telegram) -> list[str]:
    return [str(c.get("text", "")) for c in tg.fake.ok_calls("answerCallbackQuery")]


def test_leader_posts_poll_and_its_tally_is_edited_in_place(planned: Telegram) -> None:
    planned.send("Liv Aasen", "/oppmote spor")
    poll = _poll_message(planned)
    assert "Ikke svart (4)" in poll["text"]
    planned.click("Kari Dybdahl", poll, "Jeg kommer")
    edits = planned.fake.wait_calls("editMessageText", message_id=poll["message_id"])
    assert "Kommer (1): Kari Dybdahl (A-Larm)" in edits[-1]["text"]
    planned.click("Mona Fossum", poll, "Jeg har forfall")
    edits = planned.fake.wait_calls("editMessageText", 2, message_id=poll["message_id"])
    assert "Forfall (1): Mona Fossum (Angstringen)" in edits[-1]["text"]
    assert edits[-1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/oppmote ja #1"
    # Only one poll message, however many answers: the same message is edited.
    assert sum(1 for t in planned.texts(GROUP) if t.startswith("Oppmøte til")) == 1


def test_click_in_the_group_is_answered_to_the_clicker_only(planned: Telegram) -> None:
    planned.send("Liv Aasen", "/oppmote spor")
    poll = _poll_message(planned)
    before = len(planned.sent(GROUP))
    planned.click("Kari Dybdahl", poll, "Jeg kommer")
    assert any("registrert som til stede" in t for t in _toasts(planned))
    assert not any("registrert som til stede" in t for t in planned.texts(GROUP)[before:])


def test_double_click_changes_nothing_twice(planned: Telegram) -> None:
    planned.send("Liv Aasen", "/oppmote spor")
    poll = _poll_message(planned)
    planned.click("Kari Dybdahl", poll, "Jeg kommer")
    planned.click("Kari Dybdahl", poll, "Jeg kommer")
    assert planned.count(Attendance) == 1
    assert planned.count(Attendance, Attendance.answer == AttendanceAnswer.YES) == 1
    assert "allerede sagt at du kommer" in _toasts(planned)[-1]


def test_repeated_click_update_is_handled_once(planned: Telegram) -> None:
    planned.send("Liv Aasen", "/oppmote spor")
    poll = _poll_message(planned)
    update = planned.fake.click_update(planned.user("Kari Dybdahl"), poll, "/oppmote nei #1")
    answered = len(planned.fake.ok_calls("answerCallbackQuery"))
    planned.deliver(update)
    planned.deliver(update)  # Telegram delivers the same update_id again
    assert len(planned.fake.ok_calls("answerCallbackQuery")) == answered + 1
    assert planned.count(Attendance, Attendance.answer == AttendanceAnswer.NO) == 1


def test_signing_by_button_in_a_private_chat(planned: Telegram) -> None:
    said = planned.say("Kari Dybdahl", "/taushet", chat=None)
    declaration = said.messages[-1]
    chat = TG_IDS["Kari Dybdahl"]
    planned.click("Kari Dybdahl", declaration, "Jeg har lest og signerer")
    assert planned.count(Signature) == 1
    assert "Du har signert" in planned.texts(chat)[-1]
    # The question is answered: its button is taken away so it cannot be pressed again by mistake.
    cleared = planned.fake.ok_calls("editMessageReplyMarkup", message_id=declaration["message_id"])
    assert cleared and not cleared[-1].get("reply_markup")


def test_meeting_confirmation_with_a_long_place_fits_telegrams_button_limit(planned: Telegram) -> None:
    place = "Rådhuset, Munkegata 1, møterom «Gryta» i tredje etasje"
    said = planned.say(SECRETARY, f"/mote ny 14. januar kl 10, {place}", chat=None)
    proposal = said.messages[-1]
    buttons = proposal["reply_markup"]["inline_keyboard"][0]
    assert all(len(b["callback_data"].encode("utf-8")) <= 64 for b in buttons)
    planned.click(SECRETARY, proposal, "Ja, planlegg møtet")
    assert planned.count(Meeting, Meeting.place == place) == 1


def test_button_from_before_a_restart_asks_to_type_the_command(planned: Telegram) -> None:
    message = {"message_id": 1, "date": 0, "chat": {"id": GROUP, "type": "supergroup"}, "text": "Gammel"}
    planned.deliver(planned.fake.click_update(planned.user("Kari Dybdahl"), message, "#0123456789abcdef"))
    answer = planned.fake.ok_calls("answerCallbackQuery")[-1]
    assert "virker ikke lenger" in answer["text"] and answer["show_alert"] is True


def test_forged_button_grants_nothing_typing_would_not(planned: Telegram) -> None:
    planned.core("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    message = {"message_id": 2, "date": 0, "chat": {"id": GROUP, "type": "supergroup"}, "text": "x"}
    planned.deliver(planned.fake.click_update(planned.user("Tor Grande"), message, "/sak godkjenn 1"))
    assert "arbeidsutvalget" in _toasts(planned)[-1]


def test_private_answer_to_a_command_in_the_group_goes_to_the_private_chat(planned: Telegram) -> None:
    planned.core("Kari Dybdahl", "/sak ny Ventetid på avrusning -- Detaljer for dem som har signert.")
    planned.core("Kari Dybdahl", "/taushet signer")
    said = planned.say("Kari Dybdahl", "/sak vis 1")  # signed: the details, which the group must not see
    assert said.replied
    assert "Svaret er sendt til deg" in planned.texts(GROUP)[-1]
    assert not any("Detaljer for dem" in text for text in planned.texts(GROUP))
    assert "Detaljer for dem som har signert." in planned.last(TG_IDS["Kari Dybdahl"])["text"]
    said = planned.say("Mona Fossum", "/sak vis 1")  # not signed: title only, and a button to read
    planned.click("Mona Fossum", said.messages[-1], "Les taushetserklæringen")
    declaration = planned.last(TG_IDS["Mona Fossum"])
    assert "Taushetserklæring (versjon" in declaration["text"]
    assert declaration["reply_markup"]["inline_keyboard"][0][0]["text"] == "Jeg har lest og signerer"
