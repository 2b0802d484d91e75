"""No text a person typed ever reaches a log line, even when the database fails in the middle of a command.

The database is made to fail the way it does in production, with typed text that carries a marker: a unique
violation (PostgreSQL's DETAIL quotes the key's values), a unique violation that outlasts every retry, a
connection dropped mid-command (the backend terminated; on SQLite the file's connection closed), and values
the database refuses (PostgreSQL quotes a value it cannot read as a number). Every record the run logged,
at every level and from every logger, is formatted with a real `logging.Formatter` (tracebacks included)
and searched for the marker.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text

from handlers.commands import COMMANDS
from handlers.context import Context
from handlers.replies import Reply
from storage.models import Attendance, Organisation
from tests.conftest import ON_POSTGRES
from tests.core.conftest import Council

MARKER = "Innlagt akutt MARKØR-5150"
INTERNAL = "Beklager, noe gikk galt"
FORMATTER = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Everything the run logged, as a log file would hold it: messages, arguments and tracebacks."""
    lines = []
    for record in caplog.records:
        lines.append(FORMATTER.format(record))  # includes exc_text / the formatted traceback
        lines.append(repr(record.msg))
        lines.append(repr(record.args))
    return "\n".join(lines)


@pytest.fixture
def everything(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    yield caplog


def with_handler(monkeypatch: pytest.MonkeyPatch, handler: Callable[[Context, str], Reply]) -> None:
    """`/sak ny <text>` runs `handler` instead: a command whose statements the test chooses."""
    monkeypatch.setitem(COMMANDS["sak"].verbs, "ny", dataclasses.replace(COMMANDS["sak"].verbs["ny"], handler=handler))


def test_every_engine_hides_sql_parameters(db_url: str) -> None:
    from storage.db import make_engine

    engines = [make_engine(db_url), make_engine(db_url, reads_only=True)]
    assert all(engine.hide_parameters for engine in engines)
    for engine in engines:
        engine.dispose()


def test_unique_violation_with_typed_key_is_logged_without_it(
    planned: Council, monkeypatch: pytest.MonkeyPatch, everything: pytest.LogCaptureFixture
) -> None:
    """PostgreSQL's `DETAIL: Key (council_id, name)=(1, …) already exists` carries what was typed."""

    def _twice(ctx: Context, args: str) -> Reply:
        for _ in range(2):
            ctx.session.add(Organisation(council_id=ctx.council.id, name=args))
            ctx.session.flush()
        return Reply("unreachable")

    with_handler(monkeypatch, _twice)
    before = planned.snapshot()
    reply = planned.say("Kari Dybdahl", f"/sak ny {MARKER}")
    assert reply.error and INTERNAL in reply.text
    assert planned.snapshot() == before
    log = logged(everything)
    assert "IntegrityError" in log and "ref " in log  # the failure is there, by kind and reference
    assert "MARKØR" not in log
    if ON_POSTGRES:
        assert "sqlstate 23505, constraint organisations_council_id_name_key" in log


def test_a_race_that_outlasts_every_retry_is_logged_without_the_reason(
    planned: Council, monkeypatch: pytest.MonkeyPatch, everything: pytest.LogCaptureFixture
) -> None:
    from handlers import attendance

    planned.ok("Kari Dybdahl", f"/oppmote nei {MARKER}")
    monkeypatch.setattr(attendance, "_answer_of", lambda *_args: None)  # never sees the row it collides with
    reply = planned.say("Kari Dybdahl", f"/oppmote delvis {MARKER} og litt til")
    assert reply.error and INTERNAL in reply.text
    assert planned.count(Attendance) == 1
    log = logged(everything)
    assert sum("met a concurrent change" in r.getMessage() for r in everything.records) == 2  # three tries
    assert "command failed (ref" in log
    assert "MARKØR" not in log


def test_a_connection_dropped_mid_command_is_logged_without_the_text(
    planned: Council, everything: pytest.LogCaptureFixture
) -> None:
    """The connection dies just before the answer is written: on PostgreSQL its backend is terminated,
    on SQLite the database connection is closed under the command."""
    engine = planned.app.engine
    admin = create_engine(str(engine.url.render_as_string(hide_password=False))) if ON_POSTGRES else None

    def _drop(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("INSERT INTO attendance"):
            return
        event.remove(engine, "before_cursor_execute", _drop)
        dbapi = conn.connection.dbapi_connection
        if admin is None:
            dbapi.close()
            return
        with admin.connect() as other:
            pid = dbapi.info.backend_pid
            assert other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)}, 30000)").scalar()

    event.listen(engine, "before_cursor_execute", _drop)
    reply = planned.say("Kari Dybdahl", f"/oppmote nei {MARKER}")
    assert reply.error
    assert planned.count(Attendance) == 0
    log = logged(everything)
    assert "ref " in log
    assert "MARKØR" not in log
    # The bot goes on: the next command gets a fresh connection.
    planned.ok("Kari Dybdahl", f"/oppmote nei {MARKER}")
    assert planned.count(Attendance) == 1
    if admin is not None:
        admin.dispose()


@pytest.mark.parametrize("kind", ["not a number", "cannot be encoded", "too long"])
def test_a_value_the_database_refuses_is_logged_without_it(
    planned: Council, monkeypatch: pytest.MonkeyPatch, everything: pytest.LogCaptureFixture, kind: str
) -> None:
    """PostgreSQL quotes a value it cannot read (`invalid input syntax for type integer: "…"`)."""

    def _refused(ctx: Context, args: str) -> Reply:
        if kind == "not a number":
            cast = "CAST(:v AS INTEGER)" if ON_POSTGRES else "json_extract(:v, '$')"  # SQLite: malformed JSON
            ctx.session.execute(text(f"SELECT {cast}"), {"v": args})
        elif kind == "cannot be encoded":
            ctx.session.add(Organisation(council_id=ctx.council.id, name=args + "\ud800"))
            ctx.session.flush()
        else:
            ctx.session.add(Organisation(council_id=ctx.council.id, name=args * 20))  # over String(200)
            ctx.session.flush()
            if not ON_POSTGRES:  # SQLite stores any length: refuse the way PostgreSQL would
                raise ValueError(f"value too long: {args}")
        return Reply("stored")

    with_handler(monkeypatch, _refused)
    reply = planned.say("Kari Dybdahl", f"/sak ny {MARKER}")
    assert reply.error, reply.text
    log = logged(everything)
    assert log.strip()  # something was logged about it
    assert "MARKØR" not in log


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_the_production_log_writes_no_exception_message(
    log_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Defence in depth for libraries' own `logger.exception`: the configured handler writes types and
    frames, never the message."""
    from bot.logs import configure

    configure(log_format, env={})
    logger = logging.getLogger("somelibrary")
    try:
        try:
            int(MARKER)
        except ValueError as error:
            raise RuntimeError(f"could not store {MARKER}") from error
    except RuntimeError:
        logger.exception("a library failed")
    err = capsys.readouterr().err
    configure("text", env={})
    assert "a library failed" in err and "ValueError" in err and "RuntimeError" in err
    assert "MARKØR" not in err


def test_a_failed_scheduler_tick_is_logged_without_the_notice_text(
    planned: Council, monkeypatch: pytest.MonkeyPatch, everything: pytest.LogCaptureFixture
) -> None:
    """APScheduler would log a failed job's exception message; the tick logs it by kind and reference."""
    from bot.scheduler import Scheduler

    def _boom(limit: int = 50) -> int:
        raise RuntimeError(f"could not render {MARKER}")

    monkeypatch.setattr(planned.app.sender, "drain", _boom)
    Scheduler(planned.app)._tick_job()
    log = logged(everything)
    assert "tick failed (ref" in log and "RuntimeError" in log
    assert "MARKØR" not in log
