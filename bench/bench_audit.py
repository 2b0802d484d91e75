"""What the audit log costs one command: `/oppmote ja #1` through `Dispatcher.handle` on a SQLite file.

The answer writes an attendance row and one audit line in one transaction; between timed commands the
answer is deleted again (untimed), so every command records a first answer. Interleaved in the same run,
so that both see the same machine: the same command with the audit line written as before the hash chain
(one plain insert, `_unchained`), and `/mote neste`, a command that writes no audit line, as the floor.
The chain adds a counter bump (an upsert returning the head) and a head update to every audited command.

`python -m bench.bench_audit [commands] [database-url]` (default: a SQLite file in a temporary folder; a
PostgreSQL URL must name an empty database).
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, insert

from bench.common import Row, print_table, row_from
from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from fakes.council import START, seed_secretary
from handlers.context import Context
from handlers.dispatch import Incoming
from storage.db import transaction
from storage.models import Attendance, AuditEntry, ChatIdentity

_LOGGER = logging.getLogger(__name__)

WARM_UP = 50
DEFAULT_COMMANDS = 2000


assert isinstance(AuditEntry.__table__, Table)
_PLAIN = insert(AuditEntry.__table__)


def _unchained(self: Context, action: str, subject: str = "", **detail: Any) -> None:
    """The audit line as it was written before the chain: one plain insert, no seq or hash."""
    self.session.execute(
        _PLAIN,
        {
            "council_id": self.council.id,
            "member_id": self.member.id if self.member else None,
            "platform": self.platform,
            "action": action,
            "subject": subject,
            "detail": detail,
            "at": self.now,
        },
    )


def run(commands: int = DEFAULT_COMMANDS, database_url: str | None = None) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        config = parse({"database": {"url": url}, "councils": [{"slug": "bench", "name": "Benk"}]}, {})
        app = build(config, MovableClock(START))
        council = app.council_ids["bench"]
        secretary = seed_secretary(app, council, "Siri Holm", "console")

        def say(who: str, text: str) -> None:
            reply = app.dispatcher.handle(Incoming("console", who, text, council))
            assert reply is not None and not reply.error, reply and reply.text

        say(str(secretary), "/mote bekreft 2026-12-15T10:00 Gryta")
        say(str(secretary), "/brukerrad medlem ny Kari Dybdahl rolle=representant org=A-Larm")
        with transaction(app.sessions) as session:
            session.add(ChatIdentity(member_id=secretary + 1, platform="console", external_id="kari"))
        chained: list[float] = []
        plain: list[float] = []
        read: list[float] = []
        chained_audit = Context.audit

        def timed(text: str) -> float:
            started = time.perf_counter()
            say("kari", text)
            took = (time.perf_counter() - started) * 1000
            with transaction(app.sessions) as session:
                session.execute(delete(Attendance))
            return took

        try:
            for i in range(WARM_UP + commands):
                Context.audit = chained_audit  # type: ignore[method-assign]
                took_chained = timed("/oppmote ja #1")
                Context.audit = _unchained  # type: ignore[method-assign]
                took_plain = timed("/oppmote ja #1")
                Context.audit = chained_audit  # type: ignore[method-assign]
                took_read = timed("/mote neste")
                if i >= WARM_UP:
                    chained.append(took_chained)
                    plain.append(took_plain)
                    read.append(took_read)
        finally:
            Context.audit = chained_audit  # type: ignore[method-assign]
            app.close()
    return [
        row_from("/oppmote ja, audit line chained (now)", chained, plain),
        row_from("/oppmote ja, audit line as before the chain", plain),
        row_from("/mote neste (no audit line)", read),
    ]


def rows() -> list[Row]:
    """For `python -m bench`: the audit chain's cost on a SQLite file."""
    return run()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    commands = int(args[0]) if args else DEFAULT_COMMANDS
    url = args[1] if len(args) > 1 else None
    where = "PostgreSQL" if url and url.startswith("postgresql") else "SQLite file"
    print_table(run(commands, url), f"audit cost per command, {commands} commands, {where}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
