"""The dispatcher: parsing, help for every command, unknown senders, repeated deliveries, failures."""

from __future__ import annotations

import pytest

from handlers import texts
from handlers.commands import COMMANDS, parse
from handlers.dispatch import Incoming
from handlers.replies import Reply
from storage.db import transaction
from storage.models import Case
from storage.models import Council as CouncilRow
from tests.conftest import START
from tests.core.conftest import SECRETARY, Council


@pytest.mark.parametrize(
    ("text", "name", "verb", "args"),
    [
        ("/sak ny Tittel -- beskrivelse", "sak", "ny", "Tittel -- beskrivelse"),
        ("/sak@Brukerradbot ny Tittel", "sak", "ny", "Tittel"),
        ("/MØTE Neste", "mote", "neste", ""),
        ("/oppmøte nei syk", "oppmote", "nei", "syk"),
        ("/sak ny\nTittel\nBeskrivelse", "sak", "ny", "Tittel\nBeskrivelse"),
        ("/brukerrad", "brukerrad", "", ""),
    ],
)
def test_commands_parse_alike_on_every_platform(text: str, name: str, verb: str, args: str) -> None:
    command = parse(text)
    assert (command.name, command.verb, command.args) == (name, verb, args)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_answers_hjelp(council: Council, name: str) -> None:
    reply = council.ok("Kari Dybdahl", f"/{name} hjelp")
    assert "/" in reply.text and len(reply.text) > 40


def test_unknown_command_and_verb_say_what_to_type(council: Council) -> None:
    assert "/brukerrad hjelp" in council.say("Kari Dybdahl", "/pizza").text
    reply = council.say("Kari Dybdahl", "/sak spis")
    assert reply.error and "/sak ny" in reply.text
    assert council.say("Kari Dybdahl", "hei").error


def test_unknown_sender_is_told_whom_to_ask(council: Council) -> None:
    reply = council.app.dispatcher.handle(Incoming("telegram", "999", "/mote neste", council.council_id))
    assert reply is not None and reply.error
    assert SECRETARY in reply.text and "/start" in reply.text


def test_repeated_delivery_changes_nothing(planned: Council) -> None:
    first = planned.say("Kari Dybdahl", "/sak ny Ventetid", key="slack:trigger-1")
    assert not first.error
    again = planned.app.dispatcher.handle(
        Incoming("console", str(planned.ids["Kari Dybdahl"]), "/sak ny Ventetid", planned.council_id, "slack:trigger-1")
    )
    assert again is None
    assert planned.count(Case) == 1


def test_the_same_delivery_twice_at_once_is_handled_once(planned: Council) -> None:
    """Slack or Telegram may deliver again while the first is still being handled (on PostgreSQL, in
    two processes): one of them answers, the other returns nothing; never an error."""
    import threading

    kari = str(planned.ids["Kari Dybdahl"])
    start = threading.Barrier(8)
    replies: list[Reply | None] = []

    def deliver() -> None:
        start.wait()
        incoming = Incoming("console", kari, "/sak ny Ventetid", planned.council_id, "slack:trigger-9")
        replies.append(planned.app.dispatcher.handle(incoming))

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    answered = [r for r in replies if r is not None]
    assert len(replies) == 8 and len(answered) == 1, [r and r.text for r in replies]
    assert not answered[0].error
    assert planned.count(Case) == 1


def test_failed_command_writes_nothing_and_gives_a_reference(planned: Council, monkeypatch: pytest.MonkeyPatch) -> None:
    from handlers import cases

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cases, "deadline", broken)
    before = planned.snapshot()
    reply = planned.say("Kari Dybdahl", "/sak ny Ventetid")
    assert reply.error and "koden" in reply.text and "boom" not in reply.text
    assert planned.snapshot() == before


def test_a_private_message_belongs_to_the_senders_own_council(council: Council) -> None:
    """`council_id` None (a private chat): the dispatcher finds the sender's council in the command's own
    transaction; a stranger, once several councils share the bot, is told how to get in, and nothing is
    written (not even the delivery key, so a retry gets the same answer)."""
    handle = council.app.dispatcher.handle
    siri = str(council.ids[SECRETARY])
    submitted = handle(Incoming("console", siri, "/sak ny Ventetid i døgntilbudet", None))
    assert submitted is not None and "Saken er registrert" in submitted.text
    with transaction(council.app.sessions) as session:
        session.add(CouncilRow(slug="annet", name="Eldrerådet", created_at=START))
    before = council.snapshot()
    for attempt in range(2):
        refused = handle(Incoming("console", "ukjent", "/sak liste", None, delivery_key="k1"))
        assert refused is not None and refused.error and refused.text == texts.UNKNOWN_USER, attempt
    assert council.snapshot() == before
    listed = handle(Incoming("console", siri, "/sak liste", None))
    assert listed is not None and "Ventetid i døgntilbudet" in listed.text


def test_council_for_uses_channel_binding_then_membership(council: Council) -> None:
    dispatcher = council.app.dispatcher
    assert dispatcher.council_for("console", "konsoll:test", "x") == council.council_id
    assert dispatcher.council_for("slack", None, "nobody") == council.council_id  # the only council
