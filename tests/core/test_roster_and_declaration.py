"""Roster rules from the mandate, invites, the confidentiality declaration and conflicts of interest."""

from __future__ import annotations

import re

import pytest

from handlers.dispatch import Incoming
from storage.models import ChatIdentity, ConflictDeclaration, DeclarationText, Member, Signature
from tests.core.conftest import SECRETARY, Council


def test_one_representative_per_organisation(council: Council) -> None:
    before = council.snapshot()
    reply = council.say(SECRETARY, "/brukerrad medlem ny Nils Ås rolle=representant org=A-Larm")
    assert reply.error and "Kari Dybdahl" in reply.text
    assert council.snapshot() == before


def test_at_most_eleven_representatives(council: Council) -> None:
    for n in range(7):  # 4 representative seats are taken (leader, deputy leader, two representatives)
        council.ok(SECRETARY, f"/brukerrad medlem ny Person {n} rolle=representant org=Organisasjon{n}")
    reply = council.say(SECRETARY, "/brukerrad medlem ny Person 12 rolle=representant org=Tolvte")
    assert reply.error and "11" in reply.text


def test_organisation_names_match_whatever_the_case(council: Council) -> None:
    reply = council.say(SECRETARY, "/brukerrad medlem ny Nils Ås rolle=stedfortreder org=angstringen")
    assert not reply.error and "Ny organisasjon" not in reply.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/brukerrad medlem ny Nils Ås", "rolle="),
        ("/brukerrad medlem ny Nils Ås rolle=konge", "ikke en rolle"),
        ("/brukerrad medlem ny Nils Ås rolle=representant", "organisasjon"),
        ("/brukerrad medlem ny Nils Ås rolle=vara org=X til=31.02.2027", "ikke en dato"),
        ('/brukerrad medlem ny Nils Ås rolle=vara org="X', "anførselstegn"),
        ("/brukerrad medlem ny Nils Ås rolle=vara org=X hemmelig=1", "kjenner jeg ikke"),
        ("/brukerrad medlem ny Nils Ås rolle=vara org=X fra=01.01.2027 til=01.01.2026", "slutte før"),
        ("/brukerrad medlem endre Ukjent Person til=01.01.2027", "finner ingen"),
        ("/brukerrad medlem flytt Kari", "Medlemslisten"),
    ],
)
def test_bad_roster_input_is_explained_and_nothing_written(council: Council, text: str, expected: str) -> None:
    before = council.snapshot()
    reply = council.say(SECRETARY, text)
    assert reply.error and expected in reply.text
    assert council.snapshot() == before


def test_only_secretary_keeps_the_roster(council: Council) -> None:
    assert council.say("Liv Aasen", "/brukerrad medlem ny Nils Ås rolle=vara org=RiO").error
    assert council.say("Liv Aasen", "/brukerrad inviter Kari").error


def test_change_and_end_membership(council: Council) -> None:
    council.ok(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=30.06.2027")
    assert str(council.one(Member, Member.name == "Kari Dybdahl").term_end) == "2027-06-30"
    council.ok(SECRETARY, "/brukerrad medlem avslutt Mona Fossum")
    assert council.one(Member, Member.name == "Mona Fossum").active is False
    assert "Mona" not in council.ok("Kari Dybdahl", "/brukerrad medlemmer").text


def test_invite_code_links_a_new_chat_account_once(council: Council) -> None:
    reply = council.ok(SECRETARY, "/brukerrad inviter Mona Fossum")
    match = re.search(r"registrer ([A-Z0-9]{8})", reply.text)
    assert match is not None
    code = match.group(1)
    stranger = Incoming("slack", "U0STRANGER", "/sak liste", council.council_id)
    refusal = council.app.dispatcher.handle(stranger)
    assert refusal is not None and refusal.error and SECRETARY in refusal.text
    welcome = council.app.dispatcher.handle(
        Incoming("slack", "U0STRANGER", f"/brukerrad registrer {code.lower()}", council.council_id)
    )
    assert welcome is not None and "Velkommen, Mona Fossum" in welcome.text
    assert council.count(ChatIdentity, ChatIdentity.external_id == "U0STRANGER") == 1
    again = council.app.dispatcher.handle(Incoming("slack", "U0OTHER", f"/start {code}", council.council_id))
    assert again is not None and again.error and "brukt" in again.text


def test_sign_declaration_stores_version_hash(council: Council) -> None:
    shown = council.ok("Kari Dybdahl", "/taushet")
    assert "Taushetserklæring" in shown.text
    command = shown.buttons[0].command
    council.ok("Kari Dybdahl", command)
    signature = council.one(Signature)
    declaration = council.one(DeclarationText)
    assert declaration.sha256.startswith(command.split()[-1])
    assert signature.declaration_id == declaration.id
    assert "allerede" in council.ok("Kari Dybdahl", command).text
    assert council.count(Signature) == 1


def test_changed_declaration_needs_a_new_signature(council: Council) -> None:
    old = council.ok("Kari Dybdahl", "/taushet").buttons[0].command
    council.ok("Kari Dybdahl", old)
    council.app._settings[council.council_id] = type(council.app.settings_for_id(council.council_id))(
        declaration_text="Ny tekst for erklæringen."
    )
    reply = council.say("Kari Dybdahl", old)
    assert reply.error and "endret" in reply.text
    assert "Jeg har lest" in council.ok("Kari Dybdahl", "/taushet").buttons[0].label


def test_declaration_status_for_secretary(council: Council) -> None:
    council.ok("Kari Dybdahl", "/taushet signer")
    text = council.ok(SECRETARY, "/taushet status").text
    assert "✅ Kari Dybdahl (A-Larm)" in text and "1 av 7 har signert" in text
    assert council.say("Kari Dybdahl", "/taushet status").error


def test_conflict_of_interest_is_shown_to_leader(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    assert planned.say("Mona Fossum", "/habilitet 1").error
    assert "<saknr> <grunn>" in planned.say("Mona Fossum", "/habilitet").text
    planned.ok("Mona Fossum", "/habilitet 1 Jeg jobber i tjenesten")
    assert planned.one(ConflictDeclaration).reason == "Jeg jobber i tjenesten"
    assert "allerede" in planned.ok("Mona Fossum", "/habilitet 1 Jeg jobber i tjenesten").text
    assert planned.say("Tor Grande", "/habilitet 1 Noe").error
