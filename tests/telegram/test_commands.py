"""Every command in SPEC.md, typed in the council's Telegram group or in a private chat with the bot."""

from __future__ import annotations

import pytest

from storage.models import Attendance, Case, CaseState, ChatIdentity, Meeting, MeetingState, Signature
from tests.telegram.conftest import GROUP, SECRETARY, STRANGER, TG_IDS, Telegram

POST, REPLY = "post", "reply"

# (who, typed in the group, what the answer says, how it is shown). Read top to bottom: each line
# builds on the ones before, like a meeting cycle.
GROUP_DIALOG = [
    ("Kari Dybdahl", "/sak ny Ventetid på avrusning -- Vi ønsker en orientering.", "registrert som sak 1/2026", POST),
    ("Mona Fossum", "/sak@brukerrad_test_bot ny Brukermedvirkning i planarbeid", "sak 2/2026", POST),
    ("Kari Dybdahl", "/sak ny Egenandeler på dagsenter", "sak 3/2026", POST),
    ("Liv Aasen", "/sak godkjenn 1", "står nå på sakslisten", REPLY),
    ("Liv Aasen", "/sak utsett 2", "er utsatt", REPLY),
    ("Ola Brattli", "/sak avvis 3 Saken gjelder én person", "er avvist", REPLY),
    ("Kari Dybdahl", "/sak liste", "Saker til møte 1", REPLY),
    ("Kari Dybdahl", "/sak vis 1", "Sak 1/2026: Ventetid på avrusning", REPLY),
    ("Kari Dybdahl", "/sak ny Sak som trekkes", "sak 4/2026", POST),
    ("Kari Dybdahl", "/sak trekk 4", "er trukket", POST),
    (SECRETARY, "/sak vedtak 1 Brukerrådet ber om en orientering.", "føres fra møtedagen", REPLY),
    ("Kari Dybdahl", "/mote neste", "Neste møte: møte 1", REPLY),
    ("Kari Dybdahl", "/mote plan", "Møteplan", REPLY),
    (SECRETARY, "/mote ny 14. januar kl 10 Gryta", "Jeg forstod: torsdag 14. januar 2027 kl. 10.00", REPLY),
    ("Kari Dybdahl", "/mote sakliste", "saksliste", REPLY),
    (SECRETARY, "/mote sakliste publiser likevel", "Sakslisten er sendt ut", REPLY),
    (SECRETARY, "/mote referat 1", "Referat fra brukerrådet", REPLY),
    ("Kari Dybdahl", "/oppmote ja", "registrert som til stede", REPLY),
    ("Mona Fossum", "/oppmote nei Sykdom", "Forfallet ditt", REPLY),
    ("Liv Aasen", "/oppmote status", "Oppmøte til møte 1", REPLY),
    ("Liv Aasen", "/oppmote purr", "Påminnelse er sendt", REPLY),
    ("Liv Aasen", "/oppmote spor", "Oppmøteoversikten er lagt ut", REPLY),
    ("Kari Dybdahl", "/taushet", "Taushetserklæring (versjon", REPLY),
    ("Kari Dybdahl", "/taushet signer", "Du har signert taushetserklæringen", REPLY),
    (SECRETARY, "/taushet status", "har signert", REPLY),
    ("Mona Fossum", "/habilitet 1 Jeg jobber i tjenesten saken gjelder.", "kan være inhabil i sak 1/2026", REPLY),
    ("Tor Grande", "/brukerrad hjelp", "Dette kan du gjøre", REPLY),
    ("Tor Grande", "/hjelp", "Dette kan du gjøre", REPLY),
    ("Tor Grande", "/brukerrad medlemmer", "medlemmer:", REPLY),
    (SECRETARY, '/brukerrad medlem ny Nora Lien rolle=representant org="LPP Trøndelag"', "er lagt til", REPLY),
    (SECRETARY, "/brukerrad inviter Nora Lien", "Invitasjonskode til Nora Lien", REPLY),
    (SECRETARY, "/mote flytt 1 bekreft 16. desember kl 12", "Møte 1/2026 er flyttet", REPLY),
    (SECRETARY, "/mote avlys 1 bekreft", "er avlyst", REPLY),
]


def test_every_command_is_answered_in_the_group(planned: Telegram) -> None:
    for who, typed, expected, how in GROUP_DIALOG:
        said = planned.say(who, typed)
        assert said.params, f"no answer to {typed}"
        assert expected in said.text, f"{typed}: {said.text}"
        assert said.params[0]["parse_mode"] == "HTML"
        # Telegram has no message only one member sees: a private answer replies to the member's message.
        assert said.replied == (how == REPLY), typed
    assert planned.count(Case, Case.state == CaseState.DECIDED) == 0  # weeks before the meeting: refused
    assert planned.count(Attendance) >= 2
    assert planned.count(Signature) == 1
    assert planned.count(Meeting, Meeting.state == MeetingState.CANCELLED) == 1
    # The published agenda went to the group with attendance buttons.
    agenda = planned.fake.wait_for(lambda: [m for m in planned.sent(GROUP) if m["text"].startswith("Saksliste for")])
    assert agenda[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "/oppmote ja #1"


PRIVATE_DIALOG = [
    ("Kari Dybdahl", "/sak ny Tilbud om arbeidstrening", "registrert som sak 1/2026"),
    ("Kari Dybdahl", "/sak liste", "Tilbud om arbeidstrening"),
    ("Kari Dybdahl", "/oppmote nei Reiser bort", "Forfallet ditt"),
    ("Kari Dybdahl", "/mote neste", "Ditt svar: forfall"),
    ("Kari Dybdahl", "/start", "Hei igjen, Kari Dybdahl!"),
    ("Kari Dybdahl", "hei", "Kommandoer begynner med skråstrek"),
    ("Kari Dybdahl", "/finnesikke", "Jeg kjenner ikke kommandoen /finnesikke"),
    ("Kari Dybdahl", "/avbryt", "ingenting å avbryte"),
]


def test_every_command_works_in_a_private_chat(planned: Telegram) -> None:
    for who, typed, expected in PRIVATE_DIALOG:
        said = planned.say(who, typed, chat=None)
        assert expected in said.text, f"{typed}: {said.text}"
        assert "reply_parameters" not in said.params[0]  # in a private chat there is nothing to point at
    assert planned.count(Case) == 1
    assert planned.count(Attendance) == 1


def test_command_for_another_bot_is_left_alone(planned: Telegram) -> None:
    said = planned.say("Kari Dybdahl", "/sak@annen_bot ny Ikke til oss")
    assert said.params == []
    assert planned.count(Case) == 0


def test_calendar_comes_as_a_file(planned: Telegram) -> None:
    said = planned.say("Kari Dybdahl", "/mote kalender")
    assert "kalenderfil" in said.text
    # Asked in the group, the file comes in the member's private chat, like every private answer.
    documents = planned.fake.wait_calls("sendDocument", chat_id=TG_IDS["Kari Dybdahl"])
    assert documents[0]["document"]["filename"].endswith(".ics")
    assert documents[0]["document"]["size"] > 0


def test_group_that_is_not_the_councils_is_told_how_to_bind_it(planned: Telegram) -> None:
    said = planned.say("Kari Dybdahl", "/sak ny Feil gruppe", chat=-1009999999999)
    assert "hører ikke til noe brukerråd" in said.text
    assert 'telegram_chat = "-1009999999999"' in said.text  # what the secretary puts in the configuration
    assert planned.count(Case) == 0


def test_unknown_person_gets_a_friendly_refusal_naming_the_secretary(planned: Telegram) -> None:
    said = planned.say("Ukjent Person", "/sak liste")
    assert "Jeg kjenner deg ikke igjen" in said.text
    assert SECRETARY in said.text
    private = planned.say("Ukjent Person", "/mote neste", chat=None)
    assert "Jeg kjenner deg ikke igjen" in private.text
    assert planned.count(ChatIdentity, ChatIdentity.external_id == str(STRANGER)) == 0


def test_observer_is_refused_case_submission_in_telegram_too(planned: Telegram) -> None:
    said = planned.say("Tor Grande", "/sak ny Noe")
    assert "observatør" in said.text and said.replied
    assert planned.count(Case) == 0


def test_edited_command_is_not_run_again(planned: Telegram) -> None:
    update = planned.fake.message_update(planned.user("Kari Dybdahl"), GROUP, "/sak ny Første utgave")
    planned.deliver(update)
    edited = {"update_id": update["update_id"] + 1, "edited_message": {**update["message"], "text": "/sak ny Ny"}}
    planned.deliver(edited)
    assert planned.count(Case) == 1


def test_command_list_is_registered_in_norwegian_at_start(tg: Telegram) -> None:
    registered = tg.fake.ok_calls("setMyCommands")[-1]["commands"]
    names = [c["command"] for c in registered]
    assert names[:6] == ["sak", "mote", "oppmote", "taushet", "habilitet", "brukerrad"]
    assert all(c["command"].isascii() and c["command"].islower() for c in registered)
    assert all(1 <= len(c["description"]) <= 256 for c in registered)
    assert any("Meld inn en sak" in c["description"] for c in registered)


@pytest.mark.parametrize(
    "title",
    ["<b>Viktig</b> & <i>hast</i>", "@all se her", '<a href="tg://user?id=7002">Liv</a>'],
)
def test_user_text_cannot_format_or_mention(planned: Telegram, title: str) -> None:
    said = planned.say("Kari Dybdahl", f"/sak ny {title}")
    sent = said.params[0]["text"]
    assert "<b>" not in sent and "<a " not in sent and "<i>" not in sent
    assert "@all" not in sent  # defused with a word joiner, so it pings nobody
    assert said.params[0]["link_preview_options"] == {"is_disabled": True}
