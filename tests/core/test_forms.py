"""The case form as data (`handlers.forms`): its checks, the command its answers amount to, and the typed
`/sak ny` and the console's step-by-step prompt saying the same as the Slack modal and the Telegram
conversation on the same bad input (the table in tests/case_form_inputs.py; the Slack and Telegram halves
are in tests/slack/test_slack.py and tests/telegram/test_case_form.py)."""

from __future__ import annotations

import io

import pytest

from bot.console import ConsoleChat
from bot.slack.modal import case_modal
from handlers import texts
from handlers.forms import CASE_FORM, YES, check, command
from storage.models import Case
from tests.case_form_inputs import BAD_INPUTS, IDENTITY_NUMBER, BadInput
from tests.core.conftest import Council


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_check_puts_each_bad_input_on_its_field(name: str) -> None:
    bad = BAD_INPUTS[name]
    assert check(CASE_FORM, {"title": bad.title, "description": bad.description}) == {bad.field: bad.error}


def test_check_looks_only_at_the_answers_given_so_far() -> None:
    """A conversation checks the title before the description is asked; the confirmation only once asked."""
    assert check(CASE_FORM, {"title": "Ventetid på avrusning"}) == {}
    assert check(CASE_FORM, {"title": "Ventetid", "description": "", "system_level": ""}) == {
        "system_level": texts.CASE_FORM_NEED_CONFIRM
    }


def test_an_identity_number_split_across_the_fields_is_found_in_the_joined_text() -> None:
    errors = check(CASE_FORM, {"title": f"Om {IDENTITY_NUMBER[:6]}", "description": IDENTITY_NUMBER[6:]})
    assert errors == {"description": texts.CASE_IDENTITY_NUMBER}


def test_the_answers_become_the_typed_command() -> None:
    answers = {"title": "  Ventetid   på\navrusning ", "description": " Linje 1\nLinje 2 ", "system_level": YES}
    assert command(CASE_FORM, answers) == "/sak ny bekreft Ventetid på avrusning\nLinje 1\nLinje 2"
    assert command(CASE_FORM, {"title": "Ventetid", "description": "-"}) == "/sak ny Ventetid"


def test_the_slack_modal_is_built_from_the_form() -> None:
    inputs = {b["block_id"]: b for b in case_modal("C0COUNCIL")["blocks"] if b["type"] == "input"}
    assert list(inputs) == ["title", "description", "system_level"]
    assert inputs["title"]["element"]["max_length"] == 200 and "optional" not in inputs["title"]
    # Slack's input takes at most 3000 characters; the core allows 4000 (what Telegram and typing take).
    assert inputs["description"]["element"]["max_length"] == 3000 and inputs["description"]["optional"] is True


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_typed_sak_ny_says_what_the_forms_say(planned: Council, name: str) -> None:
    bad = BAD_INPUTS[name]
    before = planned.snapshot()
    reply = planned.say("Kari Dybdahl", bad.typed)
    assert reply.error and reply.text == bad.typed_error
    assert IDENTITY_NUMBER not in reply.text
    assert planned.snapshot() == before


def _console(planned: Council) -> tuple[ConsoleChat, io.StringIO]:
    out = io.StringIO()
    chat = ConsoleChat(planned.app, "test", out=out, tick=lambda: None)
    chat.handle_line("/som Kari Dybdahl")
    return chat, out


def _answer(chat: ConsoleChat, out: io.StringIO, bad: BadInput) -> str:
    chat.handle_line("/sak ny")
    assert texts.CONSOLE_FORM_START in out.getvalue()
    chat.handle_line(bad.title)
    if bad.field == "description":
        chat.handle_line(bad.description)
    return out.getvalue()


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_the_console_asks_the_form_and_says_what_the_other_forms_say(planned: Council, name: str) -> None:
    bad = BAD_INPUTS[name]
    chat, out = _console(planned)
    before = planned.snapshot()
    shown = _answer(chat, out, bad)
    assert bad.error.replace("\n", "\n  ") in shown
    assert IDENTITY_NUMBER not in shown
    asked_again = CASE_FORM.field(bad.field).label
    assert shown.rstrip().endswith(asked_again + ":") or shown.rstrip().endswith("hoppe over.")
    chat.handle_line("/avbryt")
    assert texts.CASE_FORM_CANCELLED in out.getvalue()
    assert planned.snapshot() == before


def test_the_console_form_submits_the_case_after_the_confirmation(planned: Council) -> None:
    chat, out = _console(planned)
    for line in ("/sak ny", "Ventetid på avrusning", "", "kanskje"):
        chat.handle_line(line)
    assert planned.count(Case) == 0  # nothing before «ja»
    assert out.getvalue().rstrip().endswith(texts.CONSOLE_FORM_CONFIRM)
    chat.handle_line("ja")
    assert "registrert som sak 1/2026: «Ventetid på avrusning»" in out.getvalue()
    assert planned.one(Case).description == ""
    chat.handle_line("/sak liste")  # the form is over: lines are commands again
    assert "Ventetid på avrusning" in out.getvalue().rsplit("registrert", 1)[1]


def test_the_console_warns_of_an_individual_case_before_the_confirmation(planned: Council) -> None:
    chat, out = _console(planned)
    for line in ("/sak ny", "Klage på vedtaket mitt om avlastning", "-"):
        chat.handle_line(line)
    assert "enkeltsaker" in out.getvalue().rsplit("Beskrivelse", 1)[1]
    chat.handle_line("ja")  # the confirmation is the «bekreft» the core asks for
    assert planned.one(Case).title == "Klage på vedtaket mitt om avlastning"


def test_a_command_typed_in_the_middle_of_the_console_form_drops_it_and_runs(planned: Council) -> None:
    chat, out = _console(planned)
    chat.handle_line("/sak ny")
    assert chat.handle_line("/avslutt") is False  # the console's own command still ends the session
    assert texts.CASE_FORM_CANCELLED in out.getvalue() and chat.form is None
    assert planned.count(Case) == 0
