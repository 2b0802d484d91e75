"""The cost of one scheduler sweep (claim what is due, send it) with 1, 100 and 10,000 councils.

Each council has a half-year of meetings (three) and their notices in the outbox (18 rows), plus a channel.
Measured: one `Sender.drain()` when nothing is due, and when 1% of the councils have a notice due (sent
to a port that does nothing, so the figure is ours, not a platform's). Issue 4's targets: a sweep's cost
grows with what is due, not with what is stored (the 10,000 vs 100 councils ratio with nothing due under
3x, thanks to the (state, due_at) index), and under 20 ms for 10,000 councils with nothing due.
`python -m bench.bench_sweep`.
"""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, update

from bench.common import Row, print_table, row_from
from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from bot.delivery import OutMessage
from storage.models import ChannelBinding, Council, Meeting, Notice, NoticeState

_LOGGER = logging.getLogger(__name__)

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
KINDS = ("call_for_cases", "last_call", "untriaged", "agenda", "attendance_nudge", "meeting_day")
ROUNDS = 30


class NullPort:
    platform = "console"

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        return "x"

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        return "x"


def _populate(app: object, councils: int) -> None:
    from bot.app import App

    assert isinstance(app, App)
    naive = NOW  # the column type stores it as naive UTC
    with app.engine.begin() as conn:
        conn.execute(
            insert(Council),
            [
                {"id": 100 + i, "slug": f"c{i}", "name": f"Råd {i}", "timezone": "Europe/Oslo", "created_at": naive}
                for i in range(councils)
            ],
        )
        conn.execute(
            insert(ChannelBinding),
            [{"council_id": 100 + i, "platform": "console", "channel_id": f"k{i}"} for i in range(councils)],
        )
        meetings = []
        notices = []
        for i in range(councils):
            for m in range(3):
                meeting_id = 1 + i * 3 + m
                start = naive + timedelta(days=40 + 56 * m)
                meetings.append(
                    {
                        "id": meeting_id,
                        "council_id": 100 + i,
                        "number": m + 1,
                        "start": start,
                        "place": "Gryta",
                        "state": "planned",
                        "created_at": naive,
                    }
                )
                for k, kind in enumerate(KINDS):
                    due = start - timedelta(days=21 - 3 * k)
                    notices.append(
                        {
                            "key": f"{100 + i}:{kind}:m{meeting_id}:{due.isoformat()}",
                            "council_id": 100 + i,
                            "kind": kind,
                            "meeting_id": meeting_id,
                            "payload": {},
                            "due_at": due,
                            "state": "pending",
                            "attempts": 0,
                            "note": "",
                            "created_at": naive,
                        }
                    )
        conn.execute(insert(Meeting), meetings)
        conn.execute(insert(Notice), notices)


def _make_due(app: object, councils: int, round_: int) -> None:
    """1% of the councils get one message due now (a fresh one each round)."""
    from bot.app import App

    assert isinstance(app, App)
    naive = NOW  # the column type stores it as naive UTC
    step = 100
    with app.engine.begin() as conn:
        conn.execute(
            insert(Notice),
            [
                {
                    "key": f"due:{round_}:{i}",
                    "council_id": 100 + i,
                    "kind": "message",
                    "payload": {"text": "Hei!", "buttons": []},
                    "due_at": naive - timedelta(minutes=1),
                    "state": "pending",
                    "attempts": 0,
                    "note": "",
                    "created_at": naive,
                }
                for i in range(0, councils, step)
            ],
        )


def _sweep_ms(councils: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        app = build(parse({"database": {"url": f"sqlite:///{Path(tmp) / 'sweep.db'}"}}, {}), MovableClock(NOW))
        app.add_port(NullPort())
        _populate(app, councils)
        app.sender.drain()  # warm up
        idle = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            app.sender.drain()
            idle.append((time.perf_counter() - started) * 1000)
        busy = []
        for round_ in range(ROUNDS):
            _make_due(app, councils, round_)
            started = time.perf_counter()
            while app.sender.drain():
                pass
            busy.append((time.perf_counter() - started) * 1000)
        with app.engine.begin() as conn:  # nothing is left pending that was due
            assert (
                conn.execute(
                    update(Notice).where(Notice.state == NoticeState.PENDING, Notice.kind == "message").values(note="")
                ).rowcount
                == 0
            )
        app.close()
    return idle, busy


def rows() -> list[Row]:
    results = {n: _sweep_ms(n) for n in (1, 100, 10_000)}
    idle_100 = results[100][0]
    out = [
        row_from("sweep, nothing due, 1 council", results[1][0]),
        row_from("sweep, nothing due, 100 councils", idle_100),
    ]
    idle_10k = results[10_000][0]
    ratio = statistics.median(idle_10k) / statistics.median(idle_100)
    out.append(
        row_from(
            "sweep, nothing due, 10,000 councils (vs 100)",
            idle_10k,
            idle_100,
            target="< 20 ms, < 3x the 100-council sweep",
            ok=statistics.median(idle_10k) < 20 and ratio < 3,
        )
    )
    out.append(row_from("sweep, 1% due, 100 councils (1 notice)", results[100][1]))
    out.append(row_from("sweep, 1% due, 10,000 councils (100 notices)", results[10_000][1], results[100][1]))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    result = rows()
    print_table(result, f"Scheduler sweep (SQLite, {ROUNDS} rounds each)")
    return 0 if all(r.ok is not False for r in result) else 1


if __name__ == "__main__":
    sys.exit(main())
