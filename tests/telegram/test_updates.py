"""How updates arrive: the webhook (secret checked, handled before 200) and long polling (confirmed only
after handling), and repeated deliveries of the same update."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from storage.models import Attendance, AttendanceAnswer, Case, Meeting
from tests.telegram.conftest import GROUP, SECRETARY, WEBHOOK_SECRET, Telegram


def _case_update(tg: Telegram, title: str = "Ventetid på avrusning") -> dict[str, object]:
    return tg.fake.message_update(tg.user("Kari Dybdahl"), GROUP, f"/sak ny {title}")


def test_webhook_with_a_wrong_secret_is_refused(tg_webhook: Telegram) -> None:
    update = _case_update(tg_webhook)
    assert tg_webhook.post_webhook(update, secret="wrong-secret") == 403
    assert tg_webhook.post_webhook(update, secret=None) == 403
    assert tg_webhook.post_webhook(update, secret=WEBHOOK_SECRET[:-1]) == 403
    assert tg_webhook.count(Case) == 0
    assert tg_webhook.fake.ok_calls("sendMessage") == []


def test_webhook_answers_only_after_the_update_was_handled(tg_webhook: Telegram) -> None:
    assert tg_webhook.post_webhook(_case_update(tg_webhook)) == 200
    # No waiting: by the time Telegram got its 200, the case was committed and the reply sent.
    assert tg_webhook.count(Case) == 1
    assert "registrert som sak 1/2026" in tg_webhook.texts(GROUP)[-1]


def test_webhook_mode_registers_the_webhook_with_its_secret_and_does_not_poll(tg_webhook: Telegram) -> None:
    registered = tg_webhook.fake.ok_calls("setWebhook")[-1]
    assert registered["url"] == "https://bot.example.invalid/telegram/webhook"
    assert registered["secret_token"] == WEBHOOK_SECRET
    assert set(registered["allowed_updates"]) == {"message", "callback_query"}
    assert tg_webhook.fake.ok_calls("getUpdates") == []


def test_webhook_refuses_what_is_not_an_update(tg_webhook: Telegram) -> None:
    request = urllib.request.Request(tg_webhook.webhook_url, data=b"not json", method="POST")
    request.add_header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("accepted junk")
    except urllib.error.HTTPError as error:
        assert error.code == 400


def test_repeated_webhook_delivery_changes_nothing(tg_webhook: Telegram) -> None:
    update = _case_update(tg_webhook)
    assert tg_webhook.post_webhook(update) == 200
    assert tg_webhook.post_webhook(update) == 200  # Telegram retries a delivery it was unsure of
    assert tg_webhook.count(Case) == 1
    assert sum("registrert som sak" in t for t in tg_webhook.texts(GROUP)) == 1


def test_repeated_update_after_a_restart_is_still_dropped(tg_webhook: Telegram) -> None:
    update = _case_update(tg_webhook)
    tg_webhook.post_webhook(update)
    tg_webhook.adapter._seen.clear()  # what a new process remembers of earlier updates: nothing
    tg_webhook.post_webhook(update)
    assert tg_webhook.count(Case) == 1  # the database remembers the delivery (tg:m:<chat>:<message>)
    assert sum("registrert som sak" in t for t in tg_webhook.texts(GROUP)) == 1


def test_reused_update_id_with_a_new_message_is_handled(tg_webhook: Telegram) -> None:
    """Telegram may pick update ids afresh after a week without updates: a new message under an id seen
    before is a new message, in memory and in the database alike; the same message again is a repeat."""
    tg = tg_webhook
    kari = tg.user("Kari Dybdahl")
    first = tg.fake.message_update(kari, GROUP, "/sak ny Ventetid på avrusning", update_id=777)
    assert tg.post_webhook(first) == 200
    later = tg.fake.message_update(kari, GROUP, "/sak ny Egenandeler på dagsenter", update_id=777)
    assert tg.post_webhook(later) == 200
    assert tg.count(Case) == 2
    tg.adapter._seen.clear()  # a restart: only the database remembers
    again = tg.fake.message_update(kari, GROUP, "/sak ny Brukermedvirkning", update_id=777)
    assert tg.post_webhook(again) == 200
    assert tg.count(Case) == 3
    assert tg.post_webhook(later) == 200  # a real repeat: the same chat and message
    assert tg.count(Case) == 3
    assert sum("registrert som sak" in t for t in tg.texts(GROUP)) == 3


def test_reused_update_id_with_a_new_click_is_handled(tg_webhook: Telegram) -> None:
    tg = tg_webhook
    tg.core(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    tg.app.sender.drain()
    tg.send("Liv Aasen", "/oppmote spor")
    poll = tg.fake.wait_for(
        lambda: next((m for m in tg.sent(GROUP) if str(m["text"]).startswith("Oppmøte til")), None)
    )
    data = {b["text"]: b["callback_data"] for row in poll["reply_markup"]["inline_keyboard"] for b in row}
    yes = tg.fake.click_update(tg.user("Kari Dybdahl"), poll, data["Jeg kommer"])
    no = tg.fake.click_update(tg.user("Kari Dybdahl"), poll, data["Jeg har forfall"])
    no["update_id"] = yes["update_id"]  # a different press (its own callback query id) under the same id
    tg.post_webhook(yes)
    tg.post_webhook(no)
    tg.post_webhook(no)  # the same press delivered again
    assert tg.count(Attendance, Attendance.answer == AttendanceAnswer.NO) == 1
    assert tg.count(Attendance) == 1


def test_updates_are_known_by_what_identifies_them() -> None:
    from telegram import Update

    from bot.telegram.adapter import delivery_identity

    user = {"id": 7004, "is_bot": False, "first_name": "Kari"}
    message = {"message_id": 12, "date": 0, "chat": {"id": GROUP, "type": "supergroup"}, "from": user, "text": "x"}
    assert delivery_identity(Update.de_json({"update_id": 1, "message": message}, None)) == f"m:{GROUP}:12"
    click = {"id": "99", "from": user, "chat_instance": "c", "data": "d"}
    assert delivery_identity(Update.de_json({"update_id": 1, "callback_query": click}, None)) == "c:99"
    vote = {"poll_id": "P1", "user": user, "option_ids": [0], "option_persistent_ids": ["a"]}
    assert delivery_identity(Update.de_json({"update_id": 5, "poll_answer": vote}, None)) == "p:P1:7004:5"


def test_repeated_update_by_polling_changes_nothing(tg: Telegram) -> None:
    update = _case_update(tg)
    tg.fake.push_update(update)
    tg.fake.push_update(update)
    tg.fake.wait_confirmed(int(str(update["update_id"])))
    assert tg.count(Case) == 1
    assert sum("registrert som sak" in t for t in tg.texts(GROUP)) == 1


def test_polling_confirms_an_update_only_after_handling_it(tg: Telegram) -> None:
    update = _case_update(tg)
    tg.deliver(update)
    reply = next(c for c in tg.fake.calls if c.method == "sendMessage" and c.status == 200)
    confirmed = next(seq for seq, offset in tg.fake.confirmations if offset > int(str(update["update_id"])))
    assert reply.seq < confirmed  # the reply went out before Telegram was told the update was done


def test_polling_rides_out_server_errors_and_flood_control(tg: Telegram) -> None:
    tg.fake.fail("getUpdates", status=502, times=2)
    tg.fake.fail("getUpdates", status=500, times=1)
    tg.deliver(_case_update(tg))
    assert tg.count(Case) == 1


def test_polling_mode_removes_a_webhook_first(tg: Telegram) -> None:
    removed = tg.fake.ok_calls("deleteWebhook")
    assert removed and removed[-1].get("drop_pending_updates") is False


def _post_raw(tg: Telegram, update: dict[str, object]) -> tuple[int, bytes]:
    request = urllib.request.Request(tg.webhook_url, data=json.dumps(update).encode("utf-8"), method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(response.status), response.read()


def test_a_private_reply_comes_back_in_the_webhook_response(tg_webhook: Telegram) -> None:
    kari = tg_webhook.user("Kari Dybdahl")
    update = tg_webhook.fake.message_update(kari, int(kari["id"]), "/sak ny Ventetid på avrusning")
    status, body = _post_raw(tg_webhook, update)
    assert status == 200
    call = json.loads(body)
    assert call["method"] == "sendMessage" and call["chat_id"] == kari["id"]
    assert "registrert som sak 1/2026" in call["text"] and call["parse_mode"] == "HTML"
    assert call["link_preview_options"] == {"is_disabled": True}
    assert tg_webhook.fake.ok_calls("sendMessage", chat_id=kari["id"]) == []  # the bot made no call itself
    assert tg_webhook.count(Case) == 1


def test_a_private_reply_with_buttons_keeps_them_in_the_webhook_response(tg_webhook: Telegram) -> None:
    siri = tg_webhook.user(SECRETARY)
    said = tg_webhook.say(SECRETARY, "/mote ny torsdag 14. januar 2027 kl 10 Gryta", chat=None)
    assert said.params, "the answer reached the private chat through the webhook response"
    assert said.params[-1]["chat_id"] == siri["id"] and "torsdag 14. januar 2027" in said.params[-1]["text"]
    keyboard = said.params[-1]["reply_markup"]["inline_keyboard"]
    assert any("callback_data" in button for row in keyboard for button in row)
    # and the button works: Telegram hands the click back like any other
    tg_webhook.click(SECRETARY, tg_webhook.sent(int(siri["id"]))[-1], keyboard[0][0]["callback_data"])
    assert tg_webhook.count(Meeting) == 1


def test_a_group_reply_is_never_handed_back_in_the_webhook_response(tg_webhook: Telegram) -> None:
    status, body = _post_raw(tg_webhook, _case_update(tg_webhook))
    assert (status, body) == (200, b"")  # group posts pass the rate limiter: the bot sends them itself
    assert "registrert som sak 1/2026" in tg_webhook.texts(GROUP)[-1]


def test_a_click_is_answered_in_the_webhook_response_and_its_group_post_sent_by_the_bot(
    tg_webhook: Telegram,
) -> None:
    """The click's answer (which stops its spinner) needs no rate limiter, so it rides back in the
    response; the updated tally in the group is the bot's own call, as every group message is."""
    tg = tg_webhook
    tg.core(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    tg.app.sender.drain()
    tg.send("Liv Aasen", "/oppmote spor")
    poll = tg.fake.wait_for(
        lambda: next((m for m in tg.sent(GROUP) if str(m["text"]).startswith("Oppmøte til")), None)
    )
    data = next(b["callback_data"] for row in poll["reply_markup"]["inline_keyboard"] for b in row)
    answered = len(tg.fake.ok_calls("answerCallbackQuery"))
    status, body = _post_raw(tg, tg.fake.click_update(tg.user("Kari Dybdahl"), poll, data))
    assert status == 200
    call = json.loads(body)
    assert call["method"] == "answerCallbackQuery" and "registrert som til stede" in call["text"]
    assert len(tg.fake.ok_calls("answerCallbackQuery")) == answered  # the bot made no call itself
    assert tg.count(Attendance, Attendance.answer == AttendanceAnswer.YES) == 1
    edits = tg.fake.wait_calls("editMessageText", message_id=poll["message_id"])
    assert "Kommer (1): Kari Dybdahl" in edits[-1]["text"]
    tg.fake.answer_webhook(status, body)  # what Telegram then does with it
    assert "registrert som til stede" in tg.fake.ok_calls("answerCallbackQuery")[-1]["text"]
