"""`/sak ny` without text: title, then description, then the mandate's system-level question, always in the
member's private chat with the bot (issue 13: nothing of a case is asked for or accepted in the group)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers import texts
from storage.models import Case
from tests.case_form_inputs import BAD_INPUTS, IDENTITY_NUMBER
from tests.telegram.conftest import GROUP, TG_IDS, Telegram


def _group_texts(tg: Telegram) -> list[str]:
    return [str(p["text"]) for p in tg.fake.ok_calls("sendMessage", chat_id=GROUP)]


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


def test_sak_ny_in_the_group_runs_the_form_in_the_private_chat(planned: Telegram) -> None:
    kari = TG_IDS["Kari Dybdahl"]
    before = len(_group_texts(planned))
    started = planned.say("Kari Dybdahl", "/sak ny")
    group = _group_texts(planned)[before:]
    assert group == ["Jeg har sendt deg et skjema i privat melding. Svar der, så ser ikke gruppen det du skriver."]
    assert "Hva er tittelen på saken?" in planned.texts(kari)[-1]
    in_group = planned.fake.ok_calls("sendMessage", chat_id=GROUP)
    assert all("force_reply" not in str(p.get("reply_markup")) for p in in_group)
    assert started.replied  # the note answers her command, so she knows it is for her
    planned.say("Kari Dybdahl", "Egenandeler på dagsenter", chat=None)
    asked = planned.say("Kari Dybdahl", "Vi vil vite hvordan egenandelene er satt.", chat=None)
    planned.click("Kari Dybdahl", asked.messages[-1], "Ja, send inn saken")
    assert planned.count(Case) == 1
    assert "registrert som sak 1/2026" in planned.texts(kari)[-1]
    # The group reads what `/sak ny <tittel>` would have shown it, through the outbox; nothing else.
    posted = planned.fake.wait_for(lambda: [t for t in _group_texts(planned) if "sak 1/2026" in t])
    assert "«Egenandeler på dagsenter»" in posted[0]
    shown = "\n".join(_group_texts(planned)[before:])
    assert "egenandelene er satt" not in shown and "Hva er tittelen" not in shown
    with planned.app.sessions() as session:
        assert session.query(Case).one().description == "Vi vil vite hvordan egenandelene er satt."


def test_answers_in_the_group_are_never_taken_as_case_text(planned: Telegram) -> None:
    """The old form asked in the group with a ForceReply; a reply there (which a bot in privacy mode does
    see) is no answer to the form any more, and nothing of it is kept or shown."""
    kari = TG_IDS["Kari Dybdahl"]
    started = planned.say("Kari Dybdahl", "/sak ny")
    note = started.messages[0]
    in_group = planned.say("Kari Dybdahl", "Ventetid på avrusning", reply_to=note)
    assert in_group.params == []  # not answered, not asked again, not stored
    assert planned.count(Case) == 0
    asked = planned.say("Kari Dybdahl", "En annen tittel", chat=None)  # the private form is still waiting
    assert "kort beskrivelse" in asked.text
    assert all("Ventetid" not in t for t in planned.texts(kari))


def test_sak_ny_in_the_group_tells_a_member_without_a_private_chat_how_to_open_it(planned: Telegram) -> None:
    mona = TG_IDS["Mona Fossum"]
    planned.fake.forbid(mona)  # Telegram: "bot can't initiate conversation with a user"
    before = len(_group_texts(planned))
    planned.say("Mona Fossum", "/sak ny")
    group = _group_texts(planned)[before:]
    assert len(group) == 1
    assert "https://t.me/brukerrad_test_bot" in group[0] and "trykk Start" in group[0] and "/sak ny" in group[0]
    assert "Hva er tittelen" not in group[0]  # the form is never asked in the group
    assert planned.fake.ok_calls("sendMessage", chat_id=mona) == []


def test_identity_number_in_the_form_is_refused_never_echoed_and_asked_again(planned: Telegram) -> None:
    kari = TG_IDS["Kari Dybdahl"]
    planned.say("Kari Dybdahl", "/sak ny", chat=None)
    planned.say("Kari Dybdahl", "Ventetid for pasienter", chat=None)
    typed = planned.say("Kari Dybdahl", f"Gjelder bruker med fødselsnummer {IDENTITY_NUMBER}", chat=None)
    assert "fødselsnummer eller D-nummer" in typed.text
    assert "kort beskrivelse" in typed.text  # the same question again
    assert all(IDENTITY_NUMBER not in str(call.params) for call in planned.fake.calls if call.method != "getUpdates")
    # A private chat: just answered, as any message the core flags with Reply.redact (nothing to delete
    # from anyone else's view).
    assert planned.fake.ok_calls("deleteMessage", chat_id=kari) == []
    asked = planned.say("Kari Dybdahl", "Vi ønsker tall for ventetiden.", chat=None)
    planned.click("Kari Dybdahl", asked.messages[-1], "Ja, send inn saken")
    with planned.app.sessions() as session:
        assert session.query(Case).one().description == "Vi ønsker tall for ventetiden."


def test_every_field_of_the_form_passes_the_identity_number_guard(planned: Telegram) -> None:
    """Title, description, and the typed answer to the last question (which is never stored either)."""
    tried = caught = 0
    for steps in (
        [f"Om {IDENTITY_NUMBER}"],
        ["Ventetid", f"Se {IDENTITY_NUMBER}"],
        ["Ventetid", f"Se {IDENTITY_NUMBER[:6]} {IDENTITY_NUMBER[6:]}"],
        ["Ventetid", "-", f"ja {IDENTITY_NUMBER}"],
    ):
        planned.say("Kari Dybdahl", "/sak ny", chat=None)
        for text in steps[:-1]:
            planned.say("Kari Dybdahl", text, chat=None)
        tried += 1
        refused = planned.say("Kari Dybdahl", steps[-1], chat=None)
        caught += "fødselsnummer eller D-nummer" in refused.text
        planned.say("Kari Dybdahl", "/avbryt", chat=None)
    print(f"case form fields with an identity number refused: {caught}/{tried}")
    assert (caught, tried) == (4, 4)
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
    after = planned.say("Kari Dybdahl", "Enda en tekst", chat=None)
    assert "Kommandoer begynner med skråstrek" in after.text  # the form is over
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
    planned.say("Kari Dybdahl", "/sak ny", chat=None)
    planned.say("Kari Dybdahl", "Ventetid på avrusning", chat=None)
    asked = planned.say("Kari Dybdahl", "-", chat=None)
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


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_the_conversation_says_what_every_case_form_says(planned: Telegram, name: str) -> None:
    """The same bad input as the typed `/sak ny`, the Slack modal and the console (tests/case_form_inputs.py):
    the error, then the same question again."""
    bad = BAD_INPUTS[name]
    planned.say("Kari Dybdahl", "/sak ny", chat=None)
    said = planned.say("Kari Dybdahl", bad.title, chat=None)
    question = texts.TG_FORM_TITLE
    if bad.field == "description":
        said = planned.say("Kari Dybdahl", bad.description, chat=None)
        question = texts.TG_FORM_DESCRIPTION
    assert said.text == f"{bad.error}\n\n{question}"
    assert all(IDENTITY_NUMBER not in str(c.params) for c in planned.fake.calls if c.method != "getUpdates")
    assert planned.count(Case) == 0
