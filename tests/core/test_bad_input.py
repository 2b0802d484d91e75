"""Bad-input campaign: any text after any command gets a short Norwegian answer, never a crash, and a
refused command writes nothing. Hypothesis drives it; the count of inputs tried is printed."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers import texts
from handlers.commands import COMMANDS
from tests.core.conftest import SECRETARY, Council

VERBS = sorted(
    {f"/{name} {verb}".rstrip() for name, spec in COMMANDS.items() for verb in [*spec.verbs, ""]}
    | {"/habilitet 1", "/sak vis", "/oppmote nei #1", "/mote flytt 1"}
)
NASTY = st.sampled_from(
    [
        "",
        "   ",
        "\t\n ",
        "<!channel> <@U123> @here",
        "<b>fet</b> *fet* _kursiv_ `kode` [lenke](http://x)",
        "\u202eevil\u202c \u2066bidi\u2069",
        "\x00\x07\x1b[31m",
        "æøå ÆØÅ 🙂 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "x" * 100_000,
        "1/2026",
        "#1",
        "-- --",
        '"',
        "rolle=leder org=",
    ]
)
TEXTS = st.one_of(NASTY, st.text(max_size=300), st.text(alphabet=st.characters(codec="utf-8"), max_size=50))
MEMBERS = st.sampled_from([SECRETARY, "Liv Aasen", "Kari Dybdahl", "Per Eggen", "Tor Grande"])
TRIED = itertools.count()
INTERNAL = texts.INTERNAL_ERROR.split("{")[0]
SHORT = 6000  # characters: a reply is meant to be read in a chat window


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(VERBS), text=TEXTS, who=MEMBERS)
def test_any_text_after_any_command_is_answered_kindly(planned: Council, command: str, text: str, who: str) -> None:
    next(TRIED)
    before = planned.snapshot()
    reply = planned.say(who, f"{command} {text}")
    assert reply.text.strip()
    assert not reply.text.startswith(INTERNAL), reply.text  # never the "something went wrong" answer
    assert len(reply.text) < SHORT
    if reply.error:
        assert planned.snapshot() == before
        # A refusal quotes at most a little of what was typed, never a whole pasted text.
        assert len(text.strip()) < 41 or text.strip() not in reply.text


def test_print_how_many_inputs_were_tried(capsys: object) -> None:
    print(f"\nbad-input campaign: {next(TRIED)} command inputs tried")


def test_control_characters_are_dropped_not_stored(planned: Council) -> None:
    reply = planned.say("Kari Dybdahl", "/sak ny Vente\x00tid\x07 på avrusning")  # PostgreSQL cannot store NUL
    assert not reply.error and "«Ventetid på avrusning»" in reply.text
