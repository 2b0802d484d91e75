"""Issue 18, point 10 (and point 2's decision day): each defect found trying the bot as a new user."""

from __future__ import annotations

from datetime import timedelta

from storage.models import Attendance, Case, CaseState, Meeting, MeetingState
from tests.core.conftest import SECRETARY, Council


def _case_on_agenda(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    planned.ok(SECRETARY, "/sak godkjenn 1")


def test_a_decision_weeks_before_the_meeting_is_refused(planned: Council) -> None:
    _case_on_agenda(planned)
    before = planned.snapshot()
    reply = planned.say(SECRETARY, "/sak vedtak 1 Brukerrådet støtter forslaget.")
    assert reply.error and "fra møtedagen" in reply.text and "møte 1" in reply.text
    assert planned.snapshot() == before and not planned.one(Case).decision
    planned.to_meeting_day()
    planned.ok(SECRETARY, "/sak vedtak 1 Brukerrådet støtter forslaget.")
    assert planned.one(Case).state == CaseState.DECIDED


def test_a_second_decision_names_the_first_and_keeps_it(planned: Council) -> None:
    _case_on_agenda(planned)
    planned.to_meeting_day()
    planned.ok(SECRETARY, "/sak vedtak 1 Brukerrådet støtter forslaget.")
    reply = planned.ok(SECRETARY, "/sak vedtak 1 Brukerrådet ber om en ny utredning.")
    assert "«Brukerrådet støtter forslaget.»" in reply.text and "/sak vis 1/2026" in reply.text


def test_case_list_after_a_decision_still_shows_the_case(planned: Council) -> None:
    _case_on_agenda(planned)
    planned.to_meeting_day()
    planned.ok(SECRETARY, "/sak vedtak 1 Brukerrådet støtter forslaget.")
    listing = planned.ok("Kari Dybdahl", "/sak liste").text
    assert "Ingen saker" not in listing
    assert "1/2026 Ventetid på avrusning" in listing


def test_a_deputy_who_comes_for_part_of_the_meeting_is_answered_so(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/oppmote nei Legetime")  # her deputy, Per Eggen, is called in
    planned.ok("Per Eggen", "/taushet signer")
    reply = planned.ok("Per Eggen", "/oppmote delvis kommer kl 11")
    assert "ikke kan møte" not in reply.text and "deler av" in reply.text
    to_secretary = [dm.text for dm in reply.direct_messages if dm.member_id == planned.ids[SECRETARY]]
    assert to_secretary and all("ikke møte" not in t and "deler av" in t for t in to_secretary)
    assert planned.count(Attendance) == 2
    again = planned.ok("Per Eggen", "/oppmote delvis kommer kl 11").text  # a double click
    assert "Forfall" not in again and "deler av" in again
    status = planned.ok("Liv Aasen", "/oppmote status").text
    assert "Per Eggen" in status and "delvis" in status


def test_publishing_the_agenda_before_the_deadline_asks_first(planned: Council) -> None:
    _case_on_agenda(planned)
    before = planned.snapshot()
    reply = planned.ok(SECRETARY, "/mote sakliste publiser")
    assert "Fristen for saker er tirsdag 1. desember 2026" in reply.text
    assert "Vil du likevel sende ut sakslisten nå?" in reply.text
    assert not reply.channel_posts and planned.snapshot() == before
    assert planned.one(Meeting).agenda_published_at is None
    confirm = reply.buttons[0].command
    assert planned.ok(SECRETARY, confirm).channel_posts
    assert planned.one(Meeting).agenda_published_at is not None


def test_publishing_after_the_deadline_does_not_ask(planned: Council) -> None:
    planned.clock.advance(timedelta(days=9))  # 2 December: the deadline has passed
    assert planned.ok(SECRETARY, "/mote sakliste publiser").channel_posts


def test_cancelling_a_meeting_asks_to_confirm(planned: Council) -> None:
    reply = planned.ok(SECRETARY, "/mote avlys 1")
    assert "Stemmer det?" in reply.text and not reply.channel_posts
    assert planned.one(Meeting).state == MeetingState.PLANNED
    assert planned.ok(SECRETARY, reply.buttons[0].command).channel_posts
    assert planned.one(Meeting).state == MeetingState.CANCELLED


def test_moving_a_meeting_asks_and_the_notice_states_the_new_deadline(planned: Council) -> None:
    reply = planned.ok(SECRETARY, "/mote flytt 1 tirsdag 22. desember kl 10")
    assert "Stemmer det?" in reply.text and "Ny frist for saker: tirsdag 8. desember 2026" in reply.text
    assert not reply.channel_posts
    assert planned.one(Meeting).start.day == 15
    moved = planned.ok(SECRETARY, reply.buttons[0].command)
    assert "Ny frist for saker: tirsdag 8. desember 2026" in moved.channel_posts[0].text
    assert planned.one(Meeting).start.day == 22


def test_a_bare_number_is_the_case_number_and_the_answer_says_which_case(planned: Council) -> None:
    from storage.models import ConflictDeclaration

    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    planned.ok("Kari Dybdahl", "/sak ny Brukermedvirkning i planarbeid")
    planned.ok("Kari Dybdahl", "/sak ny Egenandeler på dagsenter")
    planned.ok(SECRETARY, "/sak godkjenn 2")  # the agenda: 1 and 2 fixed items, 3. Sak 2/2026, 4 eventuelt
    assert "3. Sak 2/2026: Brukermedvirkning i planarbeid" in planned.ok(SECRETARY, "/mote sakliste").text
    reply = planned.ok("Mona Fossum", "/habilitet 3 Jeg jobber i tjenesten")
    assert "sak 3/2026 «Egenandeler på dagsenter»" in reply.text
    assert "Punkt 3 på sakslisten" in reply.text and "skriv 2/2026" in reply.text
    reply = planned.ok("Mona Fossum", "/habilitet 2/2026 Jeg jobber i tjenesten")
    assert "sak 2/2026 «Brukermedvirkning i planarbeid»" in reply.text and "Merk" not in reply.text
    ids = {planned.one(ConflictDeclaration, ConflictDeclaration.id == i).case_id for i in (1, 2)}
    assert ids == {planned.one(Case, Case.number == n).id for n in (2, 3)}
    shown = planned.ok("Mona Fossum", "/sak vis 3").text
    assert shown.startswith("Sak 3/2026: Egenandeler på dagsenter") and "Punkt 3" in shown
    assert "Merk" not in planned.ok("Mona Fossum", "/sak vis 2").text  # item 2 is a fixed item, no case


def test_a_second_nudge_the_same_day_asks_first(planned: Council) -> None:
    first = planned.ok("Liv Aasen", "/oppmote purr")
    assert first.direct_messages
    second = planned.ok("Liv Aasen", "/oppmote purr")
    assert not second.direct_messages and "i dag kl. 09.00" in second.text
    assert "/oppmote purr #1 likevel" in second.buttons[0].command
    assert planned.ok("Liv Aasen", second.buttons[0].command).direct_messages
    planned.clock.advance(timedelta(days=1))
    assert planned.ok("Liv Aasen", "/oppmote purr").direct_messages  # the next day: no question


def test_the_deputy_leader_is_told_to_chair_when_the_leader_is_absent(planned: Council) -> None:
    reply = planned.ok("Liv Aasen", "/oppmote nei Sykdom")
    to_deputy_leader = [dm.text for dm in reply.direct_messages if dm.member_id == planned.ids["Ola Brattli"]]
    assert len(to_deputy_leader) == 1 and "leder du møtet" in to_deputy_leader[0]
    assert "Sykdom" not in to_deputy_leader[0]  # the reason stays with those who may read it
    other = planned.ok("Mona Fossum", "/oppmote nei Reise")  # a representative's absence: no chair to change
    assert all(dm.member_id != planned.ids["Ola Brattli"] for dm in other.direct_messages)


def test_meetings_are_labelled_in_date_order_within_their_year(council: Council) -> None:
    for when in ("2027-03-10T10:00", "2027-01-12T10:00", "2027-02-16T10:00"):  # planned out of order
        council.ok(SECRETARY, f"/mote bekreft {when} Gryta")
    plan = council.ok("Kari Dybdahl", "/mote plan").text.splitlines()[1:4]
    assert [line.split(",")[0] for line in plan] == ["• møte 1/2027", "• møte 2/2027", "• møte 3/2027"]
    assert "tirsdag 16. februar 2027" in plan[1] and plan[1].endswith("(nr. 3)")  # what `/mote … 3` means
    assert not plan[2].endswith(")") or "(nr. 1)" in plan[2]
    assert "møte 2/2027, tirsdag 16. februar 2027" in council.ok("Kari Dybdahl", "/mote sakliste 2/2027").text
    # The running number buttons and earlier messages carry still works: meeting 1 was planned first.
    assert "møte 3/2027, onsdag 10. mars 2027" in council.ok("Kari Dybdahl", "/mote sakliste 1").text
    assert council.say("Kari Dybdahl", "/mote sakliste 4/2027").error
