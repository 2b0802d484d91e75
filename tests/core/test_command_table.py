"""The command table is the one source (issue 14): who may run a verb is checked from it, once, before any
handler; menus are made from it; and a new command is a handler and a table row, nothing else."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from handlers import commands, texts
from handlers.commands import COMMANDS
from handlers.context import Context
from handlers.replies import Reply
from storage.models import Member, Role
from tests.core.conftest import SECRETARY, Council
from tests.toy.command import TOY, add_toy_command


def _role_sets() -> dict[tuple[frozenset[Role], str], str]:
    """Each distinct (roles, refusal) of the table → the first `/command verb` that has it."""
    found: dict[tuple[frozenset[Role], str], str] = {}
    for name, spec in COMMANDS.items():
        runs = [(f"/{name} {verb}", v) for verb, v in spec.verbs.items()]
        if spec.default is not None:
            runs.append((f"/{name} 1 noe", spec.default) if not spec.verbs else (f"/{name}", spec.default))
        for typed, verb in runs:
            if verb.roles != frozenset(Role):
                found.setdefault((verb.roles, verb.refusal), typed)
    return found


ROLE_SETS = _role_sets()


def test_the_table_holds_every_role_rule_of_the_mandate() -> None:
    # Submitters, the working committee (cases, attendance), the secretary, attendees, and all but observers.
    assert len(ROLE_SETS) == 6, sorted(ROLE_SETS.values())


@pytest.mark.parametrize(("roles", "refusal"), list(ROLE_SETS), ids=list(ROLE_SETS.values()))
def test_a_role_the_table_does_not_allow_is_refused_before_the_handler(
    planned: Council, monkeypatch: pytest.MonkeyPatch, roles: frozenset[Role], refusal: str
) -> None:
    typed = ROLE_SETS[(roles, refusal)]
    called: list[str] = []

    def handler(ctx: Context, args: str) -> Reply:
        called.append(ctx.me.name)
        return Reply("kjørt")

    name, _, rest = typed[1:].partition(" ")
    spec = COMMANDS[name]
    verb_word = rest.split()[0] if rest else ""
    if verb_word in spec.verbs:
        monkeypatch.setitem(spec.verbs, verb_word, dataclasses.replace(spec.verbs[verb_word], handler=handler))
    else:
        assert spec.default is not None
        monkeypatch.setitem(
            COMMANDS, name, dataclasses.replace(spec, default=dataclasses.replace(spec.default, handler=handler))
        )
    with planned.app.sessions() as session:
        people = {m.name: m.role for m in session.scalars(select(Member))}
    outsider = next(who for who, role in people.items() if role not in roles)
    insider = next(who for who, role in people.items() if role in roles)
    before = planned.snapshot()
    reply = planned.say(outsider, typed)
    assert reply.error and reply.text == refusal
    assert called == [] and planned.snapshot() == before
    assert planned.say(insider, typed).text == "kjørt" and called == [insider]


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    add_toy_command(monkeypatch)


def test_a_new_command_is_a_handler_and_a_table_row(toy: None, planned: Council) -> None:
    assert planned.say(SECRETARY, "/leke ping en gang").text == "pong en gang"
    refused = planned.say("Kari Dybdahl", "/leke ping")
    assert refused.error and refused.text == texts.ONLY_SECRETARY
    assert planned.say("Kari Dybdahl", "/leke hjelp").text == TOY.usage
    assert planned.say(SECRETARY, "/leke pinng").text.startswith("Jeg forstod ikke «pinng». Mente du /leke ping?")
    assert ("leke", TOY.summary) in commands.menu()
    assert "leke" in commands.command_words()


def test_without_its_row_the_toy_command_is_unknown(planned: Council) -> None:
    reply = planned.say(SECRETARY, "/leke ping")
    assert reply.error and "leke" not in commands.command_words()


def test_strangers_may_only_get_in_and_ask_for_help() -> None:
    open_ = [
        t
        for t in ("/start", "/start KODE", "/brukerrad", "/brukerrad registrer KODE", "/sak hjelp", "/mote ny hjelp")
        if commands.open_to_strangers(commands.parse(t))
    ]
    assert len(open_) == 6
    closed = ["/sak", "/sak liste", "/brukerrad medlemmer", "/brukerrad xyzzy", "/mote", "/ukjent", "/habilitet 1 x"]
    assert not [t for t in closed if commands.open_to_strangers(commands.parse(t))]


def test_the_menu_is_the_offered_commands_then_the_aliases_with_a_summary() -> None:
    names = [name for name, _ in commands.menu()]
    assert names == ["sak", "mote", "oppmote", "taushet", "habilitet", "brukerrad", "hjelp", "avbryt"]
    assert "start" in commands.command_words() and "help" in commands.command_words()
    assert commands.alias_commands() == {"hjelp": "/brukerrad hjelp", "help": "/brukerrad hjelp"}
    assert [name for name, alias in commands.ALIASES.items() if alias.ends_form] == ["avbryt"]
