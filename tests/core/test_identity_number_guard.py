"""The one guard at the dispatcher's entry: a message holding an identity number is refused before any
command runs, in every free-text field of every command form, with nothing written, logged or echoed.

Every number is fictional (tests/identity_numbers.py): synthetic, D-numbers on synthetic months, and
numbers of people born in 2039.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from handlers import texts
from handlers.dispatch import Incoming
from handlers.privacy import has_identity_number
from storage.models import Base
from tests.core.conftest import SECRETARY, Council
from tests.identity_numbers import fictional_numbers, render

KARI = "Kari Dybdahl"

# (who, command with {x} where the person types free text, a harmless text the same form takes (it stores
# it, or, for /mote ny, shows it back), or None where the form answers an error that used to echo it).
FORMS = [
    (KARI, "/oppmote nei {x}", "Innlagt akutt"),
    (KARI, "/oppmote delvis {x}", "går kl. 11"),
    (KARI, "/habilitet 1 {x}", "Jeg jobber i tjenesten"),
    (KARI, "/sak ny {x}", "Ventetid på avrusning"),
    (KARI, "/sak ny Ventetid -- {x}", "Vi ønsker en orientering."),
    (KARI, "/sak ny Ventetid\n{x}", "Vi ønsker en orientering."),
    (KARI, "/sak ny bekreft Ventetid -- {x}", "Vi ønsker en orientering."),
    (SECRETARY, "/sak vedtak 1 {x}", "Rådet tar saken til orientering."),
    (SECRETARY, "/sak avvis 2 {x}", "Saken hører ikke hjemme her."),
    (SECRETARY, '/brukerrad medlem ny Nina {x} rolle=representant org="Foreningen"', "Berg"),
    (SECRETARY, '/brukerrad medlem ny Nina Lie rolle=representant org="{x}"', "Foreningen for alle"),
    (SECRETARY, '/brukerrad medlem endre Mona Fossum navn="Mona {x}"', "Fossum Lie"),
    (SECRETARY, '/brukerrad medlem endre Mona Fossum org="{x}"', "Angstringen Trøndelag"),
    (SECRETARY, '/brukerrad medlem koble "{x}" @kari', None),
    (SECRETARY, "/brukerrad medlem avslutt {x}", None),
    (SECRETARY, "/brukerrad inviter {x}", None),
    (SECRETARY, "/mote ny tirsdag 12. januar 2027 kl 10 {x}", "Gryta"),  # answers with the place, stores later
    (SECRETARY, "/mote bekreft 2027-01-12T10:00 {x}", "Gryta"),
    (SECRETARY, "/mote flytt 1 bekreft torsdag 17. desember kl 12 {x}", "Rådhuset"),
    (SECRETARY, "/mote avlys {x}", None),
    (SECRETARY, "/mote referat {x}", None),
    (SECRETARY, "/mote referat 1 {x}", None),
    (KARI, "/mote innkalling {x}", None),
    (KARI, "/mote innkalling 1 {x}", None),
    (KARI, "/sak vis {x}", None),
    (KARI, "/sak trekk {x}", None),
    (KARI, "/oppmote ja {x}", None),
    (KARI, "/brukerrad registrer {x}", None),
    (KARI, "/start {x}", None),
    (KARI, "/finnesikke {x}", None),
    (KARI, "{x}", None),
]

# How the number is written: the renderings (separator, where the groups start, digit script).
RENDERINGS = {
    "plain": ("", (), ord("0")),
    "6+5-dot": (".", (6,), ord("0")),
    "date-dots-then-space": (None, (2, 4, 6), ord("0")),
    "2+2+2+3+2": (" ", (2, 4, 6, 9), ord("0")),
    "en-dash": ("\u2013", (6,), ord("0")),
    "line-break": ("\n", (6,), ord("0")),
    "zero-width-space": ("\u200b", (6,), ord("0")),
    "full-width": (" ", (6,), 0xFF10),
    "arabic-indic": ("/", (6,), 0x0660),
}
NUMBERS = ("synthetic", "d-number-synthetic", "rule-2032-remainder-1")


def _written(number: str, name: str) -> str:
    separator, grouping, script = RENDERINGS[name]
    if separator is None:  # 20.05.94 36717
        return f"{number[0:2]}.{number[2:4]}.{number[4:6]} {number[6:]}"
    return render(number, separator, grouping, script)


def _stored_anywhere(council: Council) -> int:
    """Rows in any table with an identity number in any of their values."""
    found = 0
    with council.app.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                if has_identity_number(" | ".join(str(value) for value in row)):
                    found += 1
    return found


def test_identity_number_in_any_field_of_any_command_is_refused_unstored_unlogged(
    planned: Council, caplog: pytest.LogCaptureFixture
) -> None:
    planned.ok(KARI, "/sak ny Ventetid")  # case 1/2026, for the forms that name a case
    planned.ok(KARI, "/sak ny Egenandeler")  # case 2/2026, to be rejected
    planned.ok(SECRETARY, "/sak godkjenn 1")  # on the agenda: a decision may be recorded
    planned.to_meeting_day()  # and it is the meeting day
    numbers = fictional_numbers()
    caplog.set_level(logging.DEBUG)
    tried = refused = wrote = 0
    failures: list[str] = []
    for who, form, harmless in FORMS:
        for key in NUMBERS:
            number = numbers[key]
            for rendering in RENDERINGS:
                text = form.format(x=_written(number, rendering))
                before = planned.snapshot()
                tried += 1
                reply = planned.say(who, text)
                wrote += planned.snapshot() != before
                if (
                    reply.error
                    and reply.redact
                    and reply.text == texts.IDENTITY_NUMBER_REFUSED
                    and planned.snapshot() == before
                    and not has_identity_number(reply.text)
                    and number[6:] not in reply.text
                ):
                    refused += 1
                else:
                    failures.append(f"{form!r} {key} {rendering}")
        if harmless is not None:  # the same form with harmless text is a live, storing field
            before = planned.snapshot()
            reply = planned.say(who, form.format(x=harmless))
            if reply.error or (planned.snapshot() == before and harmless not in reply.text):
                failures.append(f"{form!r} takes no harmless text either: {reply.text}")
    stored = _stored_anywhere(planned)
    print(
        f"identity numbers at the dispatcher: {tried} tried, {refused} refused, {wrote} wrote rows, "
        f"{stored} rows hold a number"
    )
    assert failures == []
    assert tried >= 600 and refused == tried and wrote == 0 and stored == 0
    logged = caplog.text
    assert not has_identity_number(logged)
    for number in numbers.values():
        assert number not in logged and number[6:] not in logged
    assert logged.count("refused a message holding an identity number") == tried


def test_stranger_with_identity_number_is_refused_before_anything(planned: Council) -> None:
    number = fictional_numbers()["h-number"]
    before = planned.snapshot()
    reply = planned.app.dispatcher.handle(Incoming("console", "9999", f"/oppmote nei {number}", None, "k-1"))
    assert reply is not None and reply.error and reply.redact and number not in reply.text
    assert planned.snapshot() == before  # not even the delivery key


def test_refusal_writes_no_delivery_key_so_a_corrected_retry_is_not_dropped(planned: Council) -> None:
    number = fictional_numbers()["synthetic"]
    refused = planned.say(KARI, f"/oppmote nei syk, fnr {number}", key="tg:1")
    assert refused.error and refused.redact
    assert not planned.say(KARI, "/oppmote nei syk", key="tg:2").error


def test_harmless_numbers_in_commands_pass(planned: Council) -> None:
    planned.ok(KARI, "/oppmote delvis kommer 10.00, går 11.30; ring 912 34 567")
    planned.ok(KARI, "/sak ny Ventetid -- Tall fra 14.01.2027: 1 234 søknader, konto 1234.56.78903, org 912 345 678")


@pytest.mark.parametrize(
    ("who", "form"),
    [
        pytest.param(KARI, "/oppmote nei Innlagt, fnr {x}", id="absence-reason"),
        pytest.param(KARI, "/oppmote delvis går tidlig, {x}", id="partial-absence-reason"),
        pytest.param(KARI, "/habilitet 1 Jeg kjenner {x}", id="conflict-reason"),
        pytest.param(SECRETARY, "/sak vedtak 1 Gjelder {x}", id="decision"),
        pytest.param(SECRETARY, "/sak avvis 1 Gjelder {x}", id="rejection-reason"),
        pytest.param(SECRETARY, "/brukerrad medlem ny Nina {x} rolle=representant", id="member-name"),
        pytest.param(SECRETARY, '/brukerrad medlem ny Nina Lie rolle=representant org="{x}"', id="organisation-name"),
        pytest.param(SECRETARY, "/mote flytt 1 bekreft torsdag 17. desember kl 12 Rom {x}", id="meeting-place"),
        pytest.param(KARI, "/sak ny Ventetid -- {x}", id="case-description"),
    ],
)
def test_free_text_field_with_identity_number_is_refused(planned: Council, who: str, form: str) -> None:
    planned.ok(KARI, "/sak ny Ventetid")
    planned.ok(SECRETARY, "/sak godkjenn 1")
    number = fictional_numbers()["d-number-2038"]
    written = f"{number[:2]}.{number[2:4]}.{number[4:6]} {number[6:]}"  # 20.05.94 36717
    before = planned.snapshot()
    reply = planned.say(who, form.format(x=written))
    assert reply.error and reply.redact and reply.text == texts.IDENTITY_NUMBER_REFUSED
    assert planned.snapshot() == before
