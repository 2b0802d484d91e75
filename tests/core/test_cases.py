"""Cases: submission, the privacy guard, triage by the working committee, decisions."""

from __future__ import annotations

import pytest

from storage.models import Case, CaseState, Notice
from tests.core.conftest import SECRETARY, Council


def test_representative_submits_case_to_next_meeting(planned: Council) -> None:
    reply = planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning -- Vi ønsker en orientering.")
    assert "sak 1/2026" in reply.text
    assert "tirsdag 15. desember 2026 kl. 10.00" in reply.text
    assert "tirsdag 1. desember 2026" in reply.text  # the deadline, 14 days before
    case = planned.one(Case)
    assert (case.title, case.description, case.late) == ("Ventetid på avrusning", "Vi ønsker en orientering.", False)
    assert case.organisation.name == "A-Larm"


def test_description_may_follow_on_the_next_line(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning\nFørste linje.\nAndre linje.")
    assert planned.one(Case).description == "Første linje.\nAndre linje."


def test_case_numbers_count_per_year(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Første sak")
    planned.ok("Mona Fossum", "/sak ny Andre sak")
    assert "3/2026" in planned.ok("Liv Aasen", "/sak ny Tredje sak").text


def test_late_case_is_flagged_not_refused(planned: Council) -> None:
    from datetime import timedelta

    planned.clock.advance(timedelta(days=9))  # 2 December: the deadline (1 December) has passed
    reply = planned.ok("Kari Dybdahl", "/sak ny Sen sak")
    assert "for sent innmeldt" in reply.text
    assert planned.one(Case).late is True
    # The working committee is told, with buttons to triage it.
    assert planned.count(Notice, Notice.kind == "message", Notice.member_id.is_not(None)) == 3


def test_case_without_meeting_waits_for_the_next_one(council: Council) -> None:
    reply = council.ok("Kari Dybdahl", "/sak ny Sak før møteplan")
    assert "ikke planlagt noe møte" in reply.text
    council.ok(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    assert council.one(Case).meeting_id is not None


def test_observer_cannot_submit(planned: Council) -> None:
    before = planned.snapshot()
    reply = planned.say("Tor Grande", "/sak ny Noe")
    assert reply.error and "observatør" in reply.text
    assert planned.snapshot() == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/sak ny", "Skriv tittelen"),
        ("/sak ny  -- bare beskrivelse", "tittel"),
        ("/sak ny " + "x" * 201, "høyst 200"),
    ],
)
def test_bad_case_input_writes_nothing(planned: Council, text: str, expected: str) -> None:
    before = planned.snapshot()
    reply = planned.say("Kari Dybdahl", text)
    assert expected in reply.text
    assert planned.snapshot() == before


def _identity_number(birth: str, individual: str) -> str:
    """A number with valid mod-11 control digits (Skatteetaten's weights), made here so the test is honest."""
    digits = [int(d) for d in birth + individual]
    k1 = 11 - sum(w * d for w, d in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), digits, strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    digits.append(k1)
    k2 = 11 - sum(w * d for w, d in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    assert k1 != 10 and k2 != 10, "pick another individual number"
    return birth + individual + f"{k1}{k2}"


def test_identity_number_is_refused_and_never_echoed(planned: Council) -> None:
    number = _identity_number("150765", "005")
    before = planned.snapshot()
    reply = planned.say("Kari Dybdahl", f"/sak ny Ventetid -- gjelder {number} sin behandling")
    assert reply.error
    assert number not in reply.text and number[:6] not in reply.text
    assert planned.snapshot() == before


def test_number_with_wrong_control_digits_is_harmless(planned: Council) -> None:
    number = _identity_number("150765", "005")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    planned.ok("Kari Dybdahl", f"/sak ny Ventetid -- ring oss på {wrong}")


def test_personal_complaint_asks_for_confirmation(planned: Council) -> None:
    before = planned.snapshot()
    reply = planned.say("Kari Dybdahl", "/sak ny Klage på vedtaket mitt om avlastning")
    assert reply.error and "bekreft" in reply.text
    assert "enkeltsaker" in reply.text
    assert planned.snapshot() == before
    planned.ok("Kari Dybdahl", "/sak ny bekreft Klage på vedtaket mitt om avlastning")
    assert planned.count(Case) == 1


def test_working_committee_triages(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    planned.ok("Liv Aasen", "/sak godkjenn 1")
    assert planned.one(Case).state == CaseState.APPROVED
    assert "1/2026" in planned.ok("Liv Aasen", "/sak godkjenn 1/2026").text  # twice: no harm


def test_representative_cannot_triage(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    before = planned.snapshot()
    reply = planned.say("Mona Fossum", "/sak godkjenn 1")
    assert reply.error and "arbeidsutvalget" in reply.text
    assert planned.snapshot() == before


def test_rejection_needs_reason_and_tells_submitter(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    before = planned.snapshot()
    assert planned.say("Ola Brattli", "/sak avvis 1").error
    assert planned.snapshot() == before
    planned.ok("Ola Brattli", "/sak avvis 1 Saken gjelder en enkeltperson")
    case = planned.one(Case)
    assert (case.state, case.reason) == (CaseState.REJECTED, "Saken gjelder en enkeltperson")
    dm = planned.one(Notice, Notice.member_id == planned.ids["Kari Dybdahl"], Notice.kind == "message")
    assert "Saken gjelder en enkeltperson" in dm.payload["text"]


def test_deferred_case_moves_to_the_meeting_after(planned: Council) -> None:
    planned.ok(SECRETARY, "/mote bekreft 2027-02-09T10:00 Gryta")
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    reply = planned.ok(SECRETARY, "/sak utsett 1")
    assert "møte 1/2027" in reply.text  # the first of its year
    assert planned.one(Case).state == CaseState.DEFERRED


def test_withdraw_own_case_only(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    assert planned.say("Mona Fossum", "/sak trekk 1").error
    planned.ok("Kari Dybdahl", "/sak trekk 1")
    assert planned.one(Case).state == CaseState.WITHDRAWN


def test_no_withdrawal_after_agenda_is_published(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    planned.ok(SECRETARY, "/sak godkjenn 1")
    planned.ok(SECRETARY, "/mote sakliste publiser likevel")
    reply = planned.say("Kari Dybdahl", "/sak trekk 1")
    assert reply.error and "sendt ut" in reply.text


def test_decision_is_recorded_by_secretary_only(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    assert planned.say("Liv Aasen", "/sak vedtak 1 Støttet").error  # not on the agenda, and not secretary
    planned.ok("Liv Aasen", "/sak godkjenn 1")
    assert "sekretæren" in planned.say("Liv Aasen", "/sak vedtak 1 Støttet").text
    planned.to_meeting_day()
    planned.ok(SECRETARY, "/sak vedtak 1 Brukerrådet støtter forslaget.")
    case = planned.one(Case)
    assert (case.state, case.decision) == (CaseState.DECIDED, "Brukerrådet støtter forslaget.")


def test_unsigned_member_sees_titles_only(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid -- Hemmelig detalj")
    assert "Hemmelig detalj" not in planned.ok("Mona Fossum", "/sak vis 1").text
    planned.ok("Mona Fossum", "/taushet signer")
    assert "Hemmelig detalj" in planned.ok("Mona Fossum", "/sak vis 1").text


@pytest.mark.parametrize("text", ["/sak vis", "/sak vis abc", "/sak vis 99", "/sak trekk 1/20x7"])
def test_bad_case_numbers_are_explained(planned: Council, text: str) -> None:
    reply = planned.say("Kari Dybdahl", text)
    assert reply.error
    assert "/sak" in reply.text or "sak" in reply.text


def test_list_shows_next_meeting_cases(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    reply = planned.ok("Tor Grande", "/sak liste")
    assert "1/2026 Ventetid (A-Larm)" in reply.text
