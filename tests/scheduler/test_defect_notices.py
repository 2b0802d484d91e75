"""Issue 18, point 10: the notices that read wrong or came too often."""

from __future__ import annotations

from storage.db import transaction
from storage.models import Case, CaseState
from tests.scheduler.conftest import SECRETARY, Council

LAST = ("I dag er siste frist", "Siste frist for å melde inn saker")


def test_the_last_call_lists_a_decided_case(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    council.say(SECRETARY, "/sak godkjenn 1")
    with transaction(council.app.sessions) as session:  # decided already (the old rule let that be weeks early)
        case = session.query(Case).one()
        case.state, case.decision = CaseState.DECIDED, "Brukerrådet ber om en orientering."
    last = [text for _, text in council.run_days(30) if text.startswith(LAST)]
    assert last and "(ingen ennå)" not in last[0]
    assert "• 1/2027 Ventetid på avrusning" in last[0]
