"""`/sak ny` without text: title, then description, then the mandate's system-level question, in a chat."""

from __future__ import annotations

from datetime import timedelta

from storage.models import Case
from tests.telegram.conftest import GROUP, TG_IDS, Telegram

# A synthetic test number (month + 80, Skatteetaten's test range): valid digits, no real person.
IDENTITY_NUMBER = "15863951256"


def test_case_form_asks_title_then_description_then_system_level(planned: Telegram) -> None:
    kari = TG_IDS["Kari Dybdahl"]
    asked = planned.say("Kari Dybdahl", "/sak ny", chat=None)
    assert "Hva er tittelen på saken?" in asked.text
    assert asked.params[-1]["reply_markup"]["force_reply"] is True
    asked = planned.say("Kari Dybdahl", "Ventetid på avrusning", chat=None)
    assert "kort beskrivelse" in asked.text
    asked = planned.say("Kari Dybdahl", "Vi ønsker en orientering om ventetiden.", chat=None)
    assert "Saken gjelder tjenestene på systemnivå, ikke en enkeltsak. Stemmer det?" in asked.text
    assert planned.count(Case) == 0  # nothing is stored before the member confirms
    planned.click("Kari Dybdahl", asked.messages[-1], "Ja, send inn saken")
    assert planned.count(Case) == 1
    assert "registrert som sak 1/2026: «Ventetid på avrusning»" in planned.texts(kari)[-1]
    with planned.app.sessions() as session:
        stored = session.query(Case).one()
        assert stored.title == "Ventetid på avrusning"
        assert stored.description == "Vi ønsker en orientering om ventetiden."


def test_case_form_in_the_group_takes_only_replies_to_its_question(planned: Telegram) -> None:
    asked = planned.say("Kari Dybdahl", "/sak ny")
    question = asked.messages[-1]
    assert asked.replied  # aimed at Kari: a selective ForceReply on a reply to her command
    assert asked.params[-1]["reply_markup"]["selective"] is True
    chatter = planned.say("Kari Dybdahl", "Hei alle sammen, sees i morgen!")
    assert chatter.params == []  # not an answer to the question: ignored
    asked = planned.say("Kari Dybdahl", "Egenandeler på dagsenter", reply_to=question)
    asked = planned.say("Kari Dybdahl", "-", reply_to=asked.messages[-1])  # no description
    planned.click("Kari Dybdahl", asked.messages[-1], "Ja, send inn saken")
    posted = planned.fake.wait_for(lambda: [t for t in planned.texts(GROUP) if "sak 1/2026" in t])
    assert "«Egenandeler på dagsenter»" in posted[0]
    with planned.app.sessions() as session:
        assert session.query(Case).one().description == ""


def test_identity_number_in_the_form_is_refused_never_echoed_and_deleted(planned: Telegram) -> None:
    kari = TG_IDS["Kari Dybdahl"]
    planned.say("Kari Dybdahl", "/sak ny", chat=None)
    planned.say("Kari Dybdahl", "Ventetid for pasienter", chat=None)
    typed = planned.say("Kari Dybdahl", f"Gjelder bruker med fødselsnummer {IDENTITY_NUMBER}", chat=None)
    assert "fødselsnummer eller D-nummer" in typed.text
    assert all(IDENTITY_NUMBER not in str(call.params) for call in planned.fake.calls)
    deleted = planned.fake.ok_calls("deleteMessage", chat_id=kari)
    assert deleted and deleted[-1]["message_id"] == typed.update["message"]["message_id"]
    after = planned.say("Kari Dybdahl", "Enda en tekst", chat=None)
    assert "Kommandoer begynner med skråstrek" in after.text  # the form is over
    assert planned.count(Case) == 0


def test_text_that_reads_like_a_complaint_is_warned_and_needs_the_confirmation(planned: Telegram) -> None:
    planned.say("Kari Dybdahl", "/sak ny", chat=None)
    planned.say("Kari Dybdahl", "Avslag på støttekontakt", chat=None)
    asked = planned.say("Kari Dybdahl", "Jeg fikk avslag på søknaden om støttekontakt.", chat=None)
    assert "Brukerrådet behandler ikke enkeltsaker eller klagesaker." in asked.text
    assert "Stemmer det?" in asked.text
    planned.click("Kari Dybdahl", asked.messages[-1], "Nei, avbryt")
    assert "ikke sendt inn" in planned.texts(TG_IDS["Kari Dybdahl"])[-1]
    assert planned.count(Case) == 0


def test_typed_yes_confirms_too(planned: Telegram) -> None:
    planned.say("Kari Dybdahl", "/sak ny", chat=None)
    planned.say("Kari Dybdahl", "Brukermedvirkning i planarbeid", chat=None)
    planned.say("Kari Dybdahl", "-", chat=None)
    again = planned.say("Kari Dybdahl", "kanskje", chat=None)
    assert "Trykk på en av knappene" in again.text
    planned.say("Kari Dybdahl", "ja", chat=None)
    assert planned.count(Case) == 1


def test_cancel_leaves_nothing_behind(planned: Telegram) -> None:
    planned.say("Kari Dybdahl", "/sak ny", chat=None)
    planned.say("Kari Dybdahl", "En tittel", chat=None)
    cancelled = planned.say("Kari Dybdahl", "/avbryt", chat=None)
    assert "ikke sendt inn" in cancelled.text
    assert planned.count(Case) == 0


def test_pressing_yes_twice_submits_once(planned: Telegram) -> None:
    planned.say("Kari Dybdahl", "/sak ny", chat=None)
    planned.say("Kari Dybdahl", "Ventetid på avrusning", chat=None)
    asked = planned.say("Kari Dybdahl", "-", chat=None)
    planned.click("Kari Dybdahl", asked.messages[-1], "Ja, send inn saken")
    planned.click("Kari Dybdahl", asked.messages[-1], "Ja, send inn saken")
    assert planned.count(Case) == 1
    assert "ferdig" in planned.fake.ok_calls("answerCallbackQuery")[-1]["text"]


def test_someone_else_cannot_confirm_a_members_case(planned: Telegram) -> None:
    asked = planned.say("Kari Dybdahl", "/sak ny")
    asked = planned.say("Kari Dybdahl", "Ventetid på avrusning", reply_to=asked.messages[-1])
    asked = planned.say("Kari Dybdahl", "-", reply_to=asked.messages[-1])
    planned.click("Mona Fossum", asked.messages[-1], "Ja, send inn saken")
    assert planned.count(Case) == 0
    planned.click("Kari Dybdahl", asked.messages[-1], "Ja, send inn saken")
    assert planned.count(Case) == 1


def test_form_left_half_done_expires(planned: Telegram) -> None:
    planned.say("Kari Dybdahl", "/sak ny", chat=None)
    planned.clock.advance(timedelta(hours=1))
    late = planned.say("Kari Dybdahl", "Ventetid på avrusning", chat=None)
    assert "Start på nytt med /sak ny" in late.text
    assert planned.count(Case) == 0


def test_observer_gets_the_refusal_not_the_form(planned: Telegram) -> None:
    said = planned.say("Tor Grande", "/sak ny", chat=None)
    assert "observatør" in said.text
    assert "Hva er tittelen" not in said.text
