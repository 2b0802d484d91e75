"""What the audit log costs one command: `/oppmote ja #1` through `Dispatcher.handle` on a SQLite file.

The answer writes an attendance row and one audit line in one transaction; between timed commands the
answer is deleted again (untimed), so every command records a first answer. The same run times
`/mote neste`, a command that writes no audit line, as the floor. Run it before and after a change to the
audit path (the hash chain adds a counter bump and a head update to every audited command).

`python -m bench.bench_audit [commands]`
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import delete

from bench.common import Row, print_table, row_from
from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from handlers.dispatch import Incoming
from storage.db import transaction
from storage.models import Attendance, ChatIdentity
from tests.conftest import START, seed_secretary

_LOGGER = logging.getLogger(__name__)

WARM_UP = 50
DEFAULT_COMMANDS = 2000


def run(commands: int = DEFAULT_COMMANDS) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
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
        attend: list[float] = []
        read: list[float] = []
        for i in range(WARM_UP + commands):
            started = time.perf_counter()
            say("kari", "/oppmote ja #1")
            took = time.perf_counter() - started
            with transaction(app.sessions) as session:
                session.execute(delete(Attendance))
            started = time.perf_counter()
            say("kari", "/mote neste")
            took_read = time.perf_counter() - started
            if i >= WARM_UP:
                attend.append(took * 1000)
                read.append(took_read * 1000)
        app.close()
    return [
        row_from("/oppmote ja (attendance row + audit line)", attend),
        row_from("/mote neste (no audit line)", read),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    commands = int(args[0]) if args else DEFAULT_COMMANDS
    print_table(run(commands), f"audit cost per command, {commands} commands, SQLite file")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
