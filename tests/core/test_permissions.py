"""Every command that needs a role refuses everyone else, and writes nothing when it does (mandate roles)."""

from __future__ import annotations

import pytest

from tests.core.conftest import SECRETARY, Council

PEOPLE = {
    "secretary": SECRETARY,
    "leader": "Liv Aasen",
    "deputy_leader": "Ola Brattli",
    "representative": "Kari Dybdahl",
    "deputy": "Per Eggen",
    "observer": "Tor Grande",
}
AU = {"secretary", "leader", "deputy_leader"}
# command → the roles allowed to use it (from SPEC.md's command table and the mandate)
GATED = {
    "/sak ny Ny sak": {"secretary", "leader", "deputy_leader", "representative", "deputy"},
    "/sak godkjenn 1": AU,
    "/sak utsett 1": AU,
    "/sak avvis 1 Gjelder en enkeltperson": AU,
    "/sak vedtak 1 Vedtatt": {"secretary"},
    "/mote ny tirsdag 15. desember kl 12": {"secretary"},
    "/mote bekreft 2027-01-12T10:00 Gryta": {"secretary"},
    "/mote flytt 1 bekreft torsdag 17. desember kl 12": {"secretary"},
    "/mote avlys 1 bekreft": {"secretary"},
    "/mote sakliste publiser likevel": {"secretary"},
    "/mote referat 1": {"secretary"},
    "/mote varsler": {"secretary"},
    "/oppmote ja": {"leader", "deputy_leader", "representative"},  # the deputy only when called in
    "/oppmote nei Syk": {"leader", "deputy_leader", "representative"},
    "/oppmote status": AU,
    "/oppmote purr": AU,
    "/oppmote spor": AU,
    "/taushet status": {"secretary"},
    "/habilitet 1 Jobber der": {"secretary", "leader", "deputy_leader", "representative", "deputy"},
    "/brukerrad medlem ny Nils Ås rolle=observatør": {"secretary"},
    "/brukerrad inviter Kari Dybdahl": {"secretary"},
}


@pytest.mark.parametrize(
    ("command", "role"), [(c, r) for c, allowed in GATED.items() for r in PEOPLE if r not in allowed]
)
def test_role_gated_command_refuses_everyone_else(planned: Council, command: str, role: str) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")  # case 1 exists to act on
    before = planned.snapshot()
    reply = planned.say(PEOPLE[role], command)
    assert reply.error, f"{role} could run {command}: {reply.text}"
    assert planned.snapshot() == before


@pytest.mark.parametrize("command", sorted(GATED))
def test_role_gated_command_works_for_an_allowed_role(planned: Council, command: str) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    if command.startswith("/sak vedtak"):
        planned.ok(SECRETARY, "/sak godkjenn 1")
        planned.to_meeting_day()
    role = sorted(GATED[command])[0]
    reply = planned.say(PEOPLE[role], command)
    assert not reply.error, f"{role}: {command}: {reply.text}"
