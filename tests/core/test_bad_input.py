"""Bad-input campaign: any text after any command gets a short Norwegian answer, never a crash, and a
refused command writes nothing. Hypothesis drives it; the counts are printed and asserted."""

from __future__ import annotations

from hypothesis import given, settings
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
INTERNAL = texts.INTERNAL_ERROR.split("{")[0]
SHORT = 6000  # characters: a reply is meant to be read in a chat window


EXAMPLES = 400


def test_any_text_after_any_command_is_answered_kindly(planned: Council) -> None:
    tried = refused = 0

    @settings(max_examples=EXAMPLES, deadline=None)
    @given(command=st.sampled_from(VERBS), text=TEXTS, who=MEMBERS)
    def one(command: str, text: str, who: str) -> None:
        nonlocal tried, refused
        tried += 1
        before = planned.snapshot()
        reply = planned.say(who, f"{command} {text}")
        assert reply.text.strip()
        assert not reply.text.startswith(INTERNAL), reply.text  # never the "something went wrong" answer
        assert len(reply.text) < SHORT
        if reply.error:
            refused += 1
            assert planned.snapshot() == before
            # A refusal quotes at most a little of what was typed, never a whole pasted text.
            assert len(text.strip()) < 41 or text.strip() not in reply.text

    one()
    print(f"\nbad-input campaign: {tried} command inputs tried, {refused} refused with nothing written")
    assert tried >= EXAMPLES and 0 < refused < tried
