"""Concurrent commands all get a correct answer, never "Beklager, noe gikk galt".

Numbers come from locked counter rows (storage/counters.py), so two submissions never take the same number.
Every other check-then-insert (an attendance answer, a signature, a conflict declaration, a chat identity at
registration) can meet another transaction that inserted the same unique key between its lookup and its
insert; the dispatcher then runs the whole command again, and the second run sees the first one's row.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import pytest
from alembic import command as alembic
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from handlers.dispatch import Incoming
from handlers.replies import Reply
from storage.db import alembic_config, migrate
from storage.models import Attendance, Case, ChatIdentity, ConflictDeclaration, Meeting, Signature
from tests.conftest import ON_POSTGRES
from tests.core.conftest import SECRETARY, Council

INTERNAL = "Beklager, noe gikk galt"
# How long a racing command waits for the others to reach their first write. They all get there at once,
# unless one is waiting on a row lock the other holds (then waiting longer cannot help).
BARRIER_WAIT = 3.0


def test_case_and_meeting_numbers_go_on_after_migrating_from_0001(planned: Council) -> None:
    """A database from before the counters (0001, cases and meetings in it) goes on from its last numbers."""
    for title in ("Ventetid", "Brukermedvirkning", "Ettervern"):
        planned.ok("Kari Dybdahl", f"/sak ny {title}")
    planned.ok(SECRETARY, "/mote bekreft 2027-01-19T10:00 Gryta")
    engine = planned.app.engine
    with engine.begin() as conn:  # back to the schema before 0002: no counters at all
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        alembic.downgrade(cfg, "0001")
    migrate(engine)  # 0002 seeds the counters from the rows there are
    reply = planned.ok("Kari Dybdahl", "/sak ny Likepersoner")
    assert "sak 4/2026" in reply.text, reply.text
    planned.ok(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    with planned.app.sessions() as session:
        assert sorted(session.scalars(select(Meeting.number))) == [1, 2, 3]
        assert sorted(session.scalars(select(Case.number))) == [1, 2, 3, 4]


@contextmanager
def lookups_race(parties: int) -> Iterator[threading.local]:
    """Make `parties` concurrent commands all do their lookups before any writes: each waits at its first
    flush (where its first insert goes) until all have got there. A command run again after the race does
    not wait. This is the interleaving that made concurrent answers fail with an internal error."""
    barrier = threading.Barrier(parties, timeout=BARRIER_WAIT)
    local = threading.local()

    def _wait(session: Session, _context: Any, _instances: Any) -> None:
        if getattr(local, "armed", False) and (session.new or session.dirty):
            local.armed = False
            # Broken: another party waits on a lock this one holds (a row locked for update), so go on.
            with suppress(threading.BrokenBarrierError):
                barrier.wait()

    event.listen(Session, "before_flush", _wait)
    try:
        yield local
    finally:
        event.remove(Session, "before_flush", _wait)


def at_once(council: Council, commands: list[tuple[str, str]]) -> list[Reply]:
    """Send `commands` (member, text) from one thread each, their lookups racing (see `lookups_race`)."""
    replies: list[Reply | None] = [None] * len(commands)
    errors: list[BaseException] = []
    with lookups_race(len(commands)) as local:

        def _send(index: int, who: str, text: str) -> None:
            local.armed = True
            try:
                replies[index] = council.app.dispatcher.handle(
                    Incoming("console", str(council.ids[who]), text, council.council_id)
                )
            except BaseException as error:  # reported by the test below
                errors.append(error)

        threads = [threading.Thread(target=_send, args=(i, who, text)) for i, (who, text) in enumerate(commands)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert not errors, errors
    assert all(reply is not None for reply in replies)
    return [reply for reply in replies if reply is not None]


def _register_race(council: Council) -> tuple[list[tuple[str, str]], Callable[[], int]]:
    code = council.ok(SECRETARY, "/brukerrad inviter Mona Fossum").text.split("\n")[0].rsplit(" ", 1)[-1]
    return [("U-mona", f"/brukerrad registrer {code}")] * 2, lambda: council.count(
        ChatIdentity, ChatIdentity.external_id == "U-mona"
    )


needs_real_race = pytest.mark.skipif(
    not ON_POSTGRES, reason="on SQLite write transactions take turns from BEGIN IMMEDIATE, so lookups cannot race"
)


@needs_real_race
@pytest.mark.parametrize(
    ("name", "text", "model"),
    [
        ("attendance answer", "/oppmote nei Innlagt akutt MARKØR-7731", Attendance),
        ("partial absence", "/oppmote delvis Går kl 12 MARKØR-7731", Attendance),
        ("signature", "/taushet signer", Signature),
        ("conflict declaration", "/habilitet 1 Styreleder i leverandøren MARKØR-7731", ConflictDeclaration),
    ],
)
def test_the_same_answer_sent_twice_at_once_is_stored_once_and_both_are_answered(
    planned: Council, name: str, text: str, model: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    if model is ConflictDeclaration:
        planned.ok("Mona Fossum", "/sak ny Ventetid")
    replies = at_once(planned, [("Kari Dybdahl", text)] * 2)
    print(f"{name}: {len(replies)} concurrent commands, {sum(r.error for r in replies)} errors")
    assert not any(r.error for r in replies), [r.text for r in replies]
    assert not any(INTERNAL in r.text for r in replies)
    assert planned.count(model) == 1
    assert "met a concurrent change" in caplog.text  # the race did happen, and was resolved by a retry
    assert "MARKØR-7731" not in caplog.text


@needs_real_race
def test_the_same_meeting_confirmed_twice_at_once_is_planned_once(planned: Council) -> None:
    """A double click on «Ja, planlegg møtet» that reaches two processes: one meeting, both answered, and
    the next meeting still gets the next number."""
    before = planned.count(Meeting)
    replies = at_once(planned, [(SECRETARY, "/mote bekreft 2027-03-16T10:00 Gryta")] * 2)
    print(f"meeting confirmed twice at once: {planned.count(Meeting) - before} planned, {len(replies)} answered")
    assert not any(r.error for r in replies), [r.text for r in replies]
    assert planned.count(Meeting) == before + 1
    planned.ok(SECRETARY, "/mote bekreft 2027-04-20T10:00 Gryta")
    with planned.app.sessions() as session:
        numbers = sorted(session.scalars(select(Meeting.number)))
    assert numbers == list(range(1, len(numbers) + 1)), numbers


@needs_real_race
def test_registering_twice_at_once_links_the_account_once(council: Council, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    commands, identities = _register_race(council)
    council.ids["U-mona"] = "U-mona"  # type: ignore[assignment]  # a stranger's platform id
    replies = at_once(council, commands)
    assert not any(r.error for r in replies), [r.text for r in replies]
    assert identities() == 1
    assert "U-mona" not in caplog.text


@needs_real_race
def test_one_invite_used_by_two_accounts_at_once_links_only_one(council: Council) -> None:
    """The invite is locked while it is used: the second account is told the code is used, not linked too."""
    code = council.ok(SECRETARY, "/brukerrad inviter Mona Fossum").text.split("\n")[0].rsplit(" ", 1)[-1]
    council.ids["U-a"], council.ids["U-b"] = "U-a", "U-b"  # type: ignore[assignment]  # strangers' ids
    replies = at_once(council, [("U-a", f"/brukerrad registrer {code}"), ("U-b", f"/brukerrad registrer {code}")])
    assert sorted(r.error for r in replies) == [False, True], [r.text for r in replies]
    assert not any(INTERNAL in r.text for r in replies)
    assert council.count(ChatIdentity, ChatIdentity.external_id.in_(["U-a", "U-b"])) == 1


@needs_real_race
def test_absences_from_two_members_at_once_are_both_stored(planned: Council) -> None:
    """Different members answer at once: no unique key is shared, and both are stored."""
    replies = at_once(planned, [("Kari Dybdahl", "/oppmote nei"), ("Mona Fossum", "/oppmote nei")])
    assert not any(r.error for r in replies), [r.text for r in replies]
    with planned.app.sessions() as session:
        assert len(session.scalars(select(Attendance)).all()) == 2


def test_a_lookup_that_missed_a_concurrent_row_is_answered_by_running_again(
    planned: Council, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """On both databases: the answer's lookup misses the row another command committed (what a race looks
    like); the insert meets the unique key, and the command runs again and answers from the row."""
    from handlers import attendance

    caplog.set_level(logging.INFO)
    planned.ok("Kari Dybdahl", "/oppmote nei Innlagt akutt MARKØR-7731")
    real = attendance._answer_of
    missed: list[bool] = []

    def _stale(ctx: Any, meeting: Any, member: Any) -> Any:
        if not missed:
            missed.append(True)
            return None
        return real(ctx, meeting, member)

    monkeypatch.setattr(attendance, "_answer_of", _stale)
    reply = planned.say("Kari Dybdahl", "/oppmote nei Innlagt akutt MARKØR-7731")
    assert missed and not reply.error, reply.text
    assert planned.count(Attendance) == 1
    assert "met a concurrent change" in caplog.text
    assert "MARKØR-7731" not in caplog.text


@needs_real_race
def test_meetings_and_cases_created_at_once_get_different_numbers(planned: Council) -> None:
    """Numbers from the counter row: the second command waits for the first's commit, then takes the next."""
    meetings = ["/mote bekreft 2027-01-19T10:00 Gryta", "/mote bekreft 2027-02-16T10:00 Gryta"]
    replies = at_once(planned, [(SECRETARY, text) for text in meetings])
    replies += at_once(planned, [("Kari Dybdahl", "/sak ny Ventetid"), ("Mona Fossum", "/sak ny Ettervern")])
    assert not any(r.error for r in replies), [r.text for r in replies]
    with planned.app.sessions() as session:
        assert sorted(session.scalars(select(Meeting.number))) == [1, 2, 3]
        assert sorted(session.scalars(select(Case.number))) == [1, 2]


def test_a_deadlock_victim_runs_again_and_a_bug_does_not_run_for_ever(
    planned: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's deadlock (40P01) and serialization failure (40001) are worth another try; an error that
    comes back every time ends, after `ATTEMPTS` tries, in the internal-error answer."""
    from sqlalchemy import exc

    from handlers.commands import COMMANDS
    from handlers.dispatch import ATTEMPTS

    class _Orig(Exception):
        def __init__(self, sqlstate: str) -> None:
            super().__init__("deadlock detected")
            self.sqlstate = sqlstate

    tries: list[int] = []

    def _flaky(ctx: Any, args: str) -> Reply:
        tries.append(1)
        if args == "alltid" or len(tries) == 1:
            raise exc.OperationalError("SELECT 1", {}, _Orig("40P01" if len(tries) == 1 else "40001"))
        return Reply("ferdig")

    monkeypatch.setitem(COMMANDS["sak"].verbs, "ny", dataclasses.replace(COMMANDS["sak"].verbs["ny"], handler=_flaky))
    assert planned.say("Kari Dybdahl", "/sak ny en gang").text == "ferdig"
    assert len(tries) == 2
    tries.clear()
    reply = planned.say("Kari Dybdahl", "/sak ny alltid")
    assert reply.error and len(tries) == ATTEMPTS
