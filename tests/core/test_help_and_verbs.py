"""`hjelp` after any command or verb shows its help, and a mistyped verb never runs another verb (issue 14):
`/sak ny hjelp` registered a case titled «hjelp», and `/mote nye fredag …` silently showed `/mote neste`."""

from __future__ import annotations

import pytest

from handlers import texts
from handlers.commands import COMMANDS
from storage.models import Case, Meeting
from tests.core.conftest import SECRETARY, Council


def test_help_after_a_verb_shows_the_help_and_submits_no_case(planned: Council) -> None:
    before = planned.snapshot()
    reply = planned.say("Kari Dybdahl", "/sak ny hjelp")
    assert reply.text == texts.USAGE_SAK
    assert planned.count(Case) == 0 and planned.snapshot() == before


@pytest.mark.parametrize(
    ("typed", "usage"),
    [
        ("/sak vis hjelp", texts.USAGE_SAK),
        ("/mote ny Hjelp", texts.USAGE_MOTE),
        ("/oppmote nei hjelp", texts.USAGE_OPPMOTE),
        ("/taushet signer ?", texts.USAGE_TAUSHET),
        ("/habilitet hjelp", texts.USAGE_HABILITET),
        ("/brukerrad medlem hjelp", texts.USAGE_MEDLEM),
        ("/brukerrad hjelp", texts.HELP_OVERVIEW),
    ],
)
def test_help_after_any_command_or_verb_writes_nothing(planned: Council, typed: str, usage: str) -> None:
    before = planned.snapshot()
    assert planned.say(SECRETARY, typed).text == usage
    assert planned.snapshot() == before


def test_a_mistyped_verb_says_what_was_meant_and_plans_nothing(planned: Council) -> None:
    before = planned.snapshot()
    reply = planned.say(SECRETARY, "/mote nye fredag 15. januar kl 10")
    assert reply.error
    assert reply.text.startswith("Jeg forstod ikke «nye». Mente du /mote ny?"), reply.text
    assert planned.count(Meeting) == 1 and planned.snapshot() == before


def test_a_verb_nothing_like_any_other_is_answered_with_the_usage(planned: Council) -> None:
    reply = planned.say("Kari Dybdahl", "/taushet blåbær")
    assert reply.error and "«blåbær»" in reply.text and texts.USAGE_TAUSHET in reply.text
    assert "Mente du" not in reply.text


def test_every_command_with_verbs_refuses_an_unknown_verb(planned: Council) -> None:
    with_verbs = [name for name, spec in COMMANDS.items() if spec.verbs]
    refused = [name for name in with_verbs if planned.say(SECRETARY, f"/{name} xyzzy").error]
    print(f"\ncommands with verbs refusing an unknown verb: {len(refused)}/{len(with_verbs)}")
    assert refused == with_verbs


def test_a_command_without_verbs_still_reads_what_follows(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")
    assert not planned.say("Kari Dybdahl", "/habilitet 1 Jeg jobber i tjenesten").error
