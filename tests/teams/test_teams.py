"""The council in Teams: every command in the channel (with an @mention, with or without the slash) and in
the personal chat, through the real SDK; private answers never show in the channel."""

from __future__ import annotations

import pytest

from storage.models import Attendance, Case, ChatIdentity
from tests.conftest import row_counts
from tests.identity_numbers import fictional_numbers
from tests.teams.conftest import AAD, CHANNEL, OTHER_CHANNEL, SECRETARY, STRANGER, Teams

HERE, PRIVATE = "here", "private"

# (who, typed in the channel, what the answer says, where it shows). Each line builds on the ones before.
CHANNEL_DIALOG = [
    ("Kari Dybdahl", "sak ny Ventetid på avrusning -- Vi ønsker en orientering.", "registrert som sak 1/2026", HERE),
    ("Mona Fossum", "/sak ny Brukermedvirkning i planarbeid", "sak 2/2026", HERE),
    ("Kari Dybdahl", "sak ny Egenandeler på dagsenter", "sak 3/2026", HERE),
    ("Liv Aasen", "sak godkjenn 1", "står nå på sakslisten", PRIVATE),
    ("Liv Aasen", "sak utsett 2", "er utsatt", PRIVATE),
    ("Ola Brattli", "sak avvis 3 Saken gjelder én person", "er avvist", PRIVATE),
    ("Kari Dybdahl", "sak liste", "Saker til møte 1", PRIVATE),
    ("Kari Dybdahl", "sak vis 1", "Sak 1/2026: Ventetid på avrusning", PRIVATE),
    ("Kari Dybdahl", "sak ny Sak som trekkes", "sak 4/2026", HERE),
    ("Kari Dybdahl", "sak trekk 4", "er trukket", HERE),
    (SECRETARY, "sak vedtak 1 Brukerrådet ber om en orientering.", "føres fra møtedagen", HERE),  # a refusal
    ("Kari Dybdahl", "mote neste", "Neste møte: møte 1", PRIVATE),
    ("Kari Dybdahl", "mote plan", "Møteplan", PRIVATE),
    (SECRETARY, "mote ny 14. januar kl 10 Gryta", "Jeg forstod: torsdag 14. januar 2027 kl. 10.00", PRIVATE),
    ("Kari Dybdahl", "mote sakliste", "saksliste", PRIVATE),
    (SECRETARY, "mote sakliste publiser likevel", "Sakslisten er sendt ut", PRIVATE),
    (SECRETARY, "mote referat 1", "Referat fra brukerrådet", PRIVATE),
    ("Kari Dybdahl", "oppmote ja", "registrert som til stede", PRIVATE),
    ("Mona Fossum", "oppmote nei Sykdom", "Forfallet ditt", PRIVATE),
    ("Liv Aasen", "oppmote status", "Oppmøte til møte 1", PRIVATE),
    ("Liv Aasen", "oppmote purr", "Påminnelse er sendt", PRIVATE),
    ("Liv Aasen", "oppmote spor", "Oppmøteoversikten er lagt ut", PRIVATE),
    ("Kari Dybdahl", "taushet", "Taushetserklæring (versjon", PRIVATE),
    ("Kari Dybdahl", "taushet signer", "Du har signert taushetserklæringen", PRIVATE),
    (SECRETARY, "taushet status", "har signert", PRIVATE),
    ("Mona Fossum", "habilitet 1 Jeg jobber i tjenesten saken gjelder.", "kan være inhabil i sak 1/2026", PRIVATE),
    ("Tor Grande", "brukerrad hjelp", "Dette kan du gjøre", PRIVATE),
    ("Tor Grande", "hjelp", "Dette kan du gjøre", PRIVATE),
    ("Tor Grande", "brukerrad medlemmer", "medlemmer:", PRIVATE),
    (SECRETARY, 'brukerrad medlem ny Nora Lien rolle=representant org="LPP Trøndelag"', "er lagt til", PRIVATE),
    (SECRETARY, "brukerrad inviter Nora Lien", "Invitasjonskode til Nora Lien", PRIVATE),
    (SECRETARY, "mote flytt 1 bekreft 16. desember kl 12", "Møte 1/2026 er flyttet", PRIVATE),
    (SECRETARY, "mote avlys 1 bekreft", "er avlyst", PRIVATE),
]


def test_every_command_is_answered_in_the_channel_or_privately(planned: Teams) -> None:
    answered = 0
    for who, typed, expected, where in CHANNEL_DIALOG:
        sent = planned.say(who, typed)
        in_channel = [c for c in sent if c.conversation.startswith(CHANNEL)]
        personal = [c for c in sent if c.conversation == f"a:personal-{AAD[who]}"]
        if where == HERE:
            assert any(expected in c.text for c in in_channel), (typed, [c.text for c in sent])
            assert not personal, typed
        else:
            assert any(expected in c.text for c in personal), (typed, [c.text for c in sent])
            assert not any(expected in c.text for c in in_channel), typed  # never in front of the channel
            assert any("personlige chatten" in c.text for c in in_channel), typed
        answered += 1
    print(f"{answered} commands answered in Teams")
    assert answered == len(CHANNEL_DIALOG)
    assert planned.fake.opened()  # personal chats were opened for the private answers


PERSONAL_DIALOG = [
    ("Kari Dybdahl", "/sak ny Tilbud om arbeidstrening", "registrert som sak 1/2026"),
    ("Kari Dybdahl", "sak liste", "Tilbud om arbeidstrening"),
    ("Kari Dybdahl", "oppmote nei Reiser bort", "Forfallet ditt"),
    ("Kari Dybdahl", "mote neste", "Ditt svar: forfall"),
    ("Kari Dybdahl", "hei", "Skriv for eksempel «brukerrad hjelp»"),
    ("Kari Dybdahl", "finnesikke", "Jeg forstår bare kommandoer"),
    ("Kari Dybdahl", "/finnesikke", "Jeg kjenner ikke kommandoen /finnesikke"),
    ("Kari Dybdahl", "avbryt", "ingenting å avbryte"),
    ("Kari Dybdahl", "hjelp", "Dette kan du gjøre"),
]


def test_every_command_works_in_the_personal_chat(planned: Teams) -> None:
    for who, typed, expected in PERSONAL_DIALOG:
        sent = planned.say(who, typed, channel=None)
        assert sent and all(c.conversation == f"a:personal-{AAD[who]}" for c in sent), typed
        assert any(expected in c.text for c in sent), (typed, [c.text for c in sent])


def test_the_same_activity_delivered_twice_changes_nothing(planned: Teams) -> None:
    from fakes.teams_connector import message

    activity = message(planned.fake, planned.person("Kari Dybdahl"), "sak ny Ventetid på avrusning")
    assert planned.post(activity) in (200, 202)
    before = row_counts(planned.app)
    mark = planned.fake.mark()
    assert planned.post(activity) in (200, 202)
    assert row_counts(planned.app) == before
    assert planned.fake.since(mark) == []
    with planned.app.sessions() as session:
        assert session.query(Case).count() == 1


def test_a_channel_no_council_is_bound_to_is_told_its_id(teams: Teams) -> None:
    said = teams.install(channel=OTHER_CHANNEL)
    assert OTHER_CHANNEL in said[0].text and "teams_channel" in said[0].text
    answer = teams.say("Kari Dybdahl", "sak liste", channel=OTHER_CHANNEL)
    assert "hører ikke til noe brukerråd" in answer[0].text


def test_a_stranger_is_told_whom_to_ask_and_can_register_with_an_invite(planned: Teams) -> None:
    refused = planned.say(STRANGER, "sak liste", channel=None)
    assert "Jeg kjenner deg ikke igjen" in refused[0].text
    planned.core(SECRETARY, '/brukerrad medlem ny Eva Stranden rolle=representant org="LPP Trøndelag"')
    invited = planned.core(SECRETARY, "/brukerrad inviter Eva Stranden")
    assert invited.invite_code
    welcome = planned.say(STRANGER, f"brukerrad registrer {invited.invite_code}", channel=None)
    assert "Eva" in welcome[0].text
    with planned.app.sessions() as session:
        assert session.query(ChatIdentity).filter_by(platform="teams", external_id=AAD[STRANGER]).count() == 1
    assert "Neste møte" in planned.say(STRANGER, "mote neste", channel=None)[0].text


def test_an_identity_number_is_taken_out_of_the_channel(planned: Teams) -> None:
    number = next(iter(fictional_numbers().values()))
    before = row_counts(planned.app)
    sent = planned.say("Kari Dybdahl", f"sak ny Gjelder {number}")
    after = row_counts(planned.app)
    assert after.pop("chat_places") == before.pop("chat_places") + 1  # the personal chat opened to say so
    assert after == before
    in_channel = [c.text for c in sent if c.conversation.startswith(CHANNEL)]
    assert in_channel and all(number not in c.text for c in sent)
    assert any("personlige chatten" in t for t in in_channel)


@pytest.mark.parametrize("title", ["**@alle** les dette", "<at>Alle</at> [lenke](https://example.com)"])
def test_user_text_cannot_format_or_mention(planned: Teams, title: str) -> None:
    planned.say("Kari Dybdahl", f"sak ny {title}")
    poll = planned.say("Liv Aasen", "sak liste", channel=None)
    for call in poll:
        assert "entities" not in call.body  # no mention entity: nobody is pinged
        for attachment in call.body.get("attachments") or []:
            for block in attachment["content"]["body"]:
                if block.get("type") == "TextBlock":
                    assert "**" not in block["text"].replace("\\*", "")


def test_attendance_buttons_and_the_poll_edited_in_place(planned: Teams) -> None:
    planned.say("Liv Aasen", "oppmote spor")
    planned.app.sender.drain()
    polls = [c for c in planned.fake.posts(CHANNEL) if c.text.startswith("Oppmøte til") and c.actions]
    assert len(polls) == 1
    poll = polls[0]
    planned.click("Kari Dybdahl", poll, "Jeg kommer")
    planned.app.sender.drain()
    edits = planned.fake.edits(CHANNEL)
    assert edits and edits[-1].activity_id == poll.activity_id
    assert "Kommer (1): Kari Dybdahl (A-Larm)" in edits[-1].text
    planned.click("Kari Dybdahl", poll, "Jeg kommer")  # a second click: the same answer, nothing new
    with planned.app.sessions() as session:
        assert session.query(Attendance).count() == 1
    assert sum(1 for c in planned.fake.posts(CHANNEL) if c.text.startswith("Oppmøte til")) == 1


def test_the_secretary_links_a_member_by_mentioning_them(planned: Teams) -> None:
    from fakes.teams_connector import mention

    planned.core(SECRETARY, '/brukerrad medlem ny Eva Stranden rolle=representant org="LPP Trøndelag"')
    eva = planned.person(STRANGER)
    said = planned.say(
        SECRETARY, f'brukerrad medlem koble "Eva Stranden" <at>{eva["name"]}</at>', mentions=(mention(eva),)
    )
    assert any("Eva Stranden" in c.text for c in said), [c.text for c in said]
    with planned.app.sessions() as session:
        assert session.query(ChatIdentity).filter_by(platform="teams", external_id=AAD[STRANGER]).count() == 1
    assert "Neste møte" in planned.say(STRANGER, "mote neste", channel=None)[0].text


def test_erasing_a_member_forgets_their_personal_chat(planned: Teams) -> None:
    from datetime import date

    from handlers import dataprotection
    from storage.db import transaction
    from storage.models import ChatPlace, Member

    planned.say("Kari Dybdahl", "mote neste", channel=None)
    with planned.app.sessions() as session:
        assert session.query(ChatPlace).filter_by(user_id=AAD["Kari Dybdahl"]).count() == 1
    with transaction(planned.app.sessions) as session:
        member = session.get(Member, planned.ids["Kari Dybdahl"])
        assert member is not None
        exported = dataprotection.export(session, planned.council_id, member, planned.clock.now())
        assert exported["chat_identities"][0]["personal_chat"] == f"a:personal-{AAD['Kari Dybdahl']}"
        dataprotection.erase(session, planned.council_id, member, planned.clock.now(), date(2026, 11, 23))
    with planned.app.sessions() as session:
        assert session.query(ChatPlace).filter_by(user_id=AAD["Kari Dybdahl"]).count() == 0
