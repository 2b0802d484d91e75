"""The roll call at the meeting (`/mote opprop`, handlers/rollcall.py) and the minutes made from it:
who was really there, who came late or left when and which items they missed, who had forfall, the
deputy who stood in, the chair and the minute-taker."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers import report, texts
from handlers.context import Context
from handlers.documents import Minutes
from storage.models import AuditEntry, Meeting, RollCall
from storage.models import Council as CouncilRow
from tests.core.conftest import SECRETARY, Council
from tests.documents.conftest import make

# Meeting 1 is Tuesday 15 December 2026 at 10:00; the clock starts Monday 23 November at 09:00.
TO_MEETING = timedelta(days=22, hours=1, minutes=5)  # 15 December, 10:05


@pytest.fixture
def meeting_day(planned: Council) -> Council:
    """Two cases on the agenda (five items); Kari has forfall, so her deputy Per is called in and says
    yes; Liv and Mona say yes; Ola never answers. Then the clock is at 10:05 on the meeting day."""
    c = planned
    c.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    c.ok("Liv Aasen", "/sak godkjenn 1")
    c.ok("Mona Fossum", "/sak ny Lange køer på NAV-kontoret")
    c.ok("Liv Aasen", "/sak godkjenn 2")
    c.ok("Kari Dybdahl", "/oppmote nei Innlagt")
    c.ok("Per Eggen", "/taushet signer")
    c.ok("Per Eggen", "/oppmote ja")
    c.ok("Liv Aasen", "/oppmote ja")
    c.ok("Mona Fossum", "/oppmote ja")
    c.clock.advance(TO_MEETING)
    return c


def _minutes(c: Council) -> Minutes:
    doc = make(c, "minutes", 1, public=False)
    assert isinstance(doc, Minutes)
    return doc


def _notes(doc: Minutes) -> dict[str, str]:
    return {a.person.name: a.note for a in doc.present}


def test_roll_call_shows_everyone_on_the_roll_with_buttons(meeting_day: Council) -> None:
    reply = meeting_day.ok(SECRETARY, "/mote opprop")  # today's meeting
    assert "Opprop, møte 1" in reply.text
    assert "Ola Brattli (RiO): ikke ropt opp ennå (har ikke svart)" in reply.text
    assert "Kari Dybdahl (A-Larm): ikke ropt opp ennå (svarte: forfall)" in reply.text
    commands = {b.command for b in reply.buttons}
    assert "/mote opprop 1 Per Eggen til_stede" in commands
    assert "/mote opprop 1 Kari Dybdahl forfall" in commands  # she sent word
    assert "/mote opprop 1 Ola Brattli uten_forfall" in commands  # he did not
    assert "Tor Grande (Vårres regionalt brukerstyrt senter): ikke ropt opp ennå" in reply.text  # the observer
    assert "Representert: 0 av 4 organisasjoner." in reply.text
    assert meeting_day.count(RollCall) == 0  # looking writes nothing
    assert meeting_day.one(Meeting, Meeting.number == 1).held_at is None


def test_minutes_come_from_the_roll_call(meeting_day: Council) -> None:
    c = meeting_day
    c.ok(SECRETARY, "/mote opprop 1 Liv Aasen til_stede")
    c.ok(SECRETARY, "/mote opprop 1 Kari Dybdahl forfall")
    c.ok(SECRETARY, "/mote opprop 1 Per Eggen til stede")  # two words work too
    reply = c.ok(SECRETARY, "/mote opprop 1 Mona Fossum gikk kl 11.30 etter sak 3")
    assert "Mona Fossum (Angstringen): til stede (gikk kl. 11.30; var ikke med på sak 4–5)" in reply.text
    assert "Per Eggen (A-Larm): til stede, møtte for Kari Dybdahl" in reply.text
    assert "Representert: 3 av 4 organisasjoner." in reply.text
    assert "Møtet er registrert som holdt (oppropet begynte kl. 10.05)." in reply.text
    assert c.one(Meeting, Meeting.number == 1).held_at is not None

    doc = _minutes(c)
    assert doc.from_roll_call
    assert [a.person.name for a in doc.present] == ["Liv Aasen", "Mona Fossum", "Per Eggen"]
    assert _notes(doc) == {
        "Liv Aasen": "",
        "Mona Fossum": "gikk kl. 11.30; var ikke med på sak 4–5",
        "Per Eggen": "møtte for Kari Dybdahl",
    }
    assert [(a.person.name, a.reason) for a in doc.absent] == [("Kari Dybdahl", "Innlagt")]
    assert [a.person.name for a in doc.unrecorded] == ["Ola Brattli"]  # never answered, never called: shown
    assert [(s.deputy.name, s.for_member.name) for s in doc.stood_in] == [("Per Eggen", "Kari Dybdahl")]
    assert doc.chair == "Liv Aasen (leder)" and doc.minute_taker == f"{SECRETARY} (sekretær)"
    assert doc.represented == (3, 4)

    public = make(c, "minutes", 1, public=True)
    assert isinstance(public, Minutes)
    assert [(a.person.name, a.reason) for a in public.absent] == [("Kari Dybdahl", "")]  # no reason in public
    assert _notes(public)["Mona Fossum"] == "gikk kl. 11.30; var ikke med på sak 4–5"  # when she left is public

    c.ok(SECRETARY, "/mote opprop 1 Ola Brattli kom kl. 10.20 etter punkt 1")
    doc = _minutes(c)
    assert _notes(doc)["Ola Brattli"] == "kom kl. 10.20; var ikke med på sak 1"
    assert doc.unrecorded == () and doc.represented == (4, 4)
    text = c.ok(SECRETARY, "/mote referat 1").text
    assert "Møteleder: Liv Aasen (leder)" in text and f"Referent: {SECRETARY} (sekretær)" in text
    assert "Mona Fossum (Angstringen) (gikk kl. 11.30; var ikke med på sak 4–5)" in text


def test_a_member_who_left_and_her_deputy_are_not_both_plainly_present(meeting_day: Council) -> None:
    c = meeting_day
    c.ok(SECRETARY, "/mote opprop 1 Kari Dybdahl gikk kl 11 etter sak 3")  # she came after all, and left
    c.ok(SECRETARY, "/mote opprop 1 Per Eggen kom kl 11.00 etter sak 3")
    notes = _notes(_minutes(c))
    assert notes["Kari Dybdahl"] == "gikk kl. 11.00; var ikke med på sak 4–5"
    assert notes["Per Eggen"] == "kom kl. 11.00; var ikke med på sak 1–3; møtte for Kari Dybdahl"
    c.ok(SECRETARY, "/mote opprop 1 Ola Brattli uten forfall")
    c.ok(SECRETARY, "/mote opprop 1 Tor Grande til_stede")
    doc = _minutes(c)
    assert [a.person.name for a in doc.absent_without] == ["Ola Brattli"]
    assert [p.name for p in doc.observers] == ["Tor Grande"]  # listed apart, and not counted
    assert "Tor Grande" not in {a.person.name for a in doc.present} and doc.represented == (1, 4)  # both A-Larm


def test_the_same_mark_twice_changes_nothing(meeting_day: Council) -> None:
    c = meeting_day
    button = "/mote opprop 1 Mona Fossum gikk kl 11.30 etter sak 3"
    c.ok(SECRETARY, button)
    before = c.snapshot()
    audit = c.count(AuditEntry)
    again = c.ok(SECRETARY, button)
    assert "Det var allerede registrert for Mona Fossum. Ingenting er endret." in again.text
    assert c.snapshot() == before and c.count(AuditEntry) == audit
    c.ok(SECRETARY, "/mote opprop 1 Mona Fossum til_stede")  # a correction is a change, and audited
    assert c.count(AuditEntry, AuditEntry.action == "rollcall.mark") == 2
    assert c.count(AuditEntry, AuditEntry.action == "meeting.held") == 1
    assert _notes(_minutes(c))["Mona Fossum"] == ""


def test_the_deputy_leader_is_told_in_advance_to_chair(planned: Council) -> None:
    reply = planned.ok("Liv Aasen", "/oppmote nei Syk")
    assert "Nestlederen, Ola Brattli, får beskjed om å lede møtet." in reply.text
    told = [dm for dm in reply.direct_messages if dm.member_id == planned.ids["Ola Brattli"]]
    assert len(told) == 1 and "Som nestleder leder du møtet." in told[0].text
    again = planned.ok("Liv Aasen", "/oppmote nei Syk")  # the same answer twice tells nobody again
    assert not again.direct_messages


def test_deputy_leader_chairs_when_the_leader_has_forfall(meeting_day: Council) -> None:
    c = meeting_day
    c.ok(SECRETARY, "/mote opprop 1 Liv Aasen forfall")
    c.ok(SECRETARY, "/mote opprop 1 Ola Brattli til_stede")
    assert _minutes(c).chair == "Ola Brattli (nestleder, fordi lederen hadde forfall)"


def test_deputy_leader_takes_over_when_the_leader_leaves(meeting_day: Council) -> None:
    c = meeting_day
    c.ok(SECRETARY, "/mote opprop 1 Liv Aasen gikk kl 11.15 etter sak 2")
    c.ok(SECRETARY, "/mote opprop 1 Ola Brattli til_stede")
    assert _minutes(c).chair == "Liv Aasen (leder); Ola Brattli (nestleder) fra kl. 11.15, da lederen gikk"


def test_the_leader_may_call_the_roll_a_representative_may_not(meeting_day: Council) -> None:
    c = meeting_day
    refused = c.say("Kari Dybdahl", "/mote opprop 1 Kari Dybdahl til_stede")
    assert refused.error and refused.text == texts.ONLY_AU
    assert c.count(RollCall) == 0
    c.ok("Liv Aasen", "/mote opprop 1 Liv Aasen til_stede")
    assert c.count(RollCall) == 1


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("/mote opprop 1 Mona Fossum gikk kl 25", "Jeg forstod ikke klokkeslettet"),
        ("/mote opprop 1 Mona Fossum gikk", "Jeg forstod ikke klokkeslettet"),
        ("/mote opprop 1 Mona Fossum gikk kl 11 etter sak 9", "Sakslisten til møte 1 har sak 1 til 5, ikke sak 9."),
        ("/mote opprop 1 Mona Fossum", "Skriv navnet og hva som gjelder"),
        ("/mote opprop 1 Mona Fossum forfall i dag", "Skriv navnet og hva som gjelder"),
        (f"/mote opprop 1 {SECRETARY} til_stede", "er ikke representant, stedfortreder eller observatør"),
        ("/mote opprop 1 Mona Fossum for Kari Dybdahl", "Bare en stedfortreder kan møte for en annen"),
        ("/mote opprop 1 Nils Ukjent til_stede", "Nils Ukjent"),
        ("/mote opprop 9", "9"),
    ],
)
def test_bad_roll_call_input_says_what_to_type_and_changes_nothing(
    meeting_day: Council, typed: str, says: str
) -> None:
    before = meeting_day.snapshot()
    reply = meeting_day.say(SECRETARY, typed)
    assert reply.error and says in reply.text
    assert meeting_day.snapshot() == before


def test_roll_call_waits_for_the_meeting_day(planned: Council) -> None:
    reply = planned.say(SECRETARY, "/mote opprop 1")
    assert reply.error and reply.text.startswith("Oppropet tas på møtedagen.")
    reply = planned.say(SECRETARY, "/mote opprop")
    assert reply.error and reply.text == texts.ROLLCALL_NO_MEETING_TODAY


def test_left_before_came_is_refused(meeting_day: Council) -> None:
    meeting_day.ok(SECRETARY, "/mote opprop 1 Ola Brattli kom kl 10.30")
    reply = meeting_day.say(SECRETARY, "/mote opprop 1 Ola Brattli gikk kl 10.15")
    assert reply.error and "kan ikke gå før hen kom" in reply.text


def test_a_deputy_stands_in_for_the_representative_of_her_own_organisation(meeting_day: Council) -> None:
    c = meeting_day
    c.ok(SECRETARY, '/brukerrad medlem ny Eva Fjell rolle=stedfortreder org="Angstringen"')
    refused = c.say(SECRETARY, "/mote opprop 1 Eva Fjell for Liv Aasen")
    assert refused.error and "en annen organisasjon enn Liv Aasen" in refused.text
    c.ok(SECRETARY, "/mote opprop 1 Mona Fossum gikk kl 10.45 etter sak 2")
    reply = c.ok(SECRETARY, "/mote opprop 1 Eva Fjell for Mona Fossum")  # not called in, yet she came
    assert "Eva Fjell (Angstringen): til stede, møtte for Mona Fossum" in reply.text
    doc = _minutes(c)
    assert ("Eva Fjell", "Mona Fossum") in [(s.deputy.name, s.for_member.name) for s in doc.stood_in]
    assert c.count(AuditEntry, AuditEntry.action == "rollcall.mark") == 2


def test_the_attendance_report_reads_the_roll_call(meeting_day: Council) -> None:
    c = meeting_day
    c.ok(SECRETARY, "/mote opprop 1 Liv Aasen til_stede")
    c.ok(SECRETARY, "/mote opprop 1 Kari Dybdahl forfall")
    c.ok(SECRETARY, "/mote opprop 1 Per Eggen til_stede")
    c.ok(SECRETARY, "/mote opprop 1 Mona Fossum gikk kl 11.30 etter sak 3")
    c.ok(SECRETARY, "/mote opprop 1 Ola Brattli uten_forfall")
    with c.app.sessions() as session:
        row = session.get(CouncilRow, c.council_id)
        assert row is not None
        ctx = Context(session, row, None, c.clock.now(), "test", c.app.settings_for(row))
        built = report.build(ctx, report.period_of(2026))
        seen = {d.name: (d.presence, d.stood_in_for) for d in built.details}
    assert seen == {
        "Liv Aasen": (report.Presence.ATTENDED, ""),
        "Kari Dybdahl": (report.Presence.EXCUSED, ""),
        "Per Eggen": (report.Presence.ATTENDED, "Kari Dybdahl"),
        "Mona Fossum": (report.Presence.PARTLY, ""),  # she said yes beforehand; the roll call says she left
        "Ola Brattli": (report.Presence.ABSENT, ""),
    }
