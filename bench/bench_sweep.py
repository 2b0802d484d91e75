"""The cost of one scheduler sweep with 1, 100 and 10,000 councils, each with a half-year of meetings.

A sweep is what APScheduler's periodic job runs: `Scheduler.tick()` (reconcile abandoned rows, claim
what is due, render and send it, until nothing is due) plus the query that books the next wake-up
(`storage.outbox.next_due`). Each council has three meetings and their 18 notices in the outbox, and a
channel. Measured: a sweep when nothing is due, and when 1% of the councils have their call for cases due
(rendered for real, sent to a port that does nothing, so the figure is ours, not a platform's).

Issue 4's targets: a sweep's cost grows with what is due, not with what is stored (every outbox query is
a range scan of the `(state, due_at)` index): 10,000 vs 100 councils with nothing due under 3x, and under
20 ms for 10,000 councils with nothing due. `python -m bench.bench_sweep`.
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

from sqlalchemy import func, insert, select, update

from bench.common import Row, print_table, row_from
from bot.app import App, build
from bot.clock import MovableClock
from bot.config import parse
from bot.delivery import OutMessage
from bot.scheduler import Scheduler
from storage.models import ChannelBinding, Council, Meeting, Notice, NoticeState
from storage.outbox import next_due

_LOGGER = logging.getLogger(__name__)

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
KINDS = (
    ("call_for_cases", 21),
    ("last_call", 14),
    ("untriaged", 9),
    ("agenda", 7),
    ("attendance_nudge", 2),
    ("meeting_day", 0),
)
SIZES = (1, 100, 10_000)
ROUNDS = 30
FIRST_COUNCIL = 100


class NullPort:
    """A platform that takes every post at once."""

    platform = "console"

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        return "x"

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        return "x"


def _populate(app: App, councils: int) -> None:
    """Councils with three meetings each (40, 96 and 152 days ahead) and every notice they imply."""
    with app.engine.begin() as conn:
        conn.execute(
            insert(Council),
            [
                {
                    "id": FIRST_COUNCIL + i,
                    "slug": f"c{i}",
                    "name": f"Råd {i}",
                    "timezone": "Europe/Oslo",
                    "created_at": NOW,
                }
                for i in range(councils)
            ],
        )
        conn.execute(
            insert(ChannelBinding),
            [{"council_id": FIRST_COUNCIL + i, "platform": "console", "channel_id": f"k{i}"} for i in range(councils)],
        )
        meetings, notices = [], []
        for i in range(councils):
            for m in range(3):
                meeting_id = 1 + i * 3 + m
                start = NOW + timedelta(days=40 + 56 * m, hours=1)
                meetings.append(
                    {
                        "id": meeting_id,
                        "council_id": FIRST_COUNCIL + i,
                        "number": m + 1,
                        "start": start,
                        "place": "Gryta",
                        "state": "planned",
                        "created_at": NOW,
                    }
                )
                for kind, days in KINDS:
                    due = start - timedelta(days=days, hours=1)
                    notices.append(
                        {
                            "key": f"{FIRST_COUNCIL + i}:{kind}:m{meeting_id}:{due.isoformat()}",
                            "council_id": FIRST_COUNCIL + i,
                            "kind": kind,
                            "meeting_id": meeting_id,
                            "payload": {"natural_due": due.isoformat()},
                            "due_at": due,
                            "state": "pending",
                            "attempts": 0,
                            "note": "",
                            "created_at": NOW,
                        }
                    )
        conn.execute(insert(Meeting), meetings)
        conn.execute(insert(Notice), notices)


def _make_due(app: App, councils: list[int]) -> None:
    """These councils' first call for cases falls due now (as if planned 20 days ahead: the catch-up rule)."""
    with app.engine.begin() as conn:
        conn.execute(
            update(Notice)
            .where(
                Notice.council_id.in_(councils),
                Notice.kind == "call_for_cases",
                Notice.meeting_id == (Notice.council_id - FIRST_COUNCIL) * 3 + 1,
            )
            .values(due_at=NOW - timedelta(minutes=1))
        )


def _sweep(app: App, scheduler: Scheduler) -> float:
    """One sweep in milliseconds: the tick, and booking the next wake-up."""
    started = time.perf_counter()
    scheduler.tick()
    with app.sessions() as session:
        next_due(session)
    return (time.perf_counter() - started) * 1000


def _measure(councils: int) -> tuple[list[float], list[float], int]:
    """(sweeps with nothing due, sweeps with 1% due, notices sent in those) for `councils` councils."""
    with tempfile.TemporaryDirectory() as tmp:
        app = build(parse({"database": {"url": f"sqlite:///{Path(tmp) / 'sweep.db'}"}}, {}), MovableClock(NOW))
        app.add_port(NullPort())
        _populate(app, councils)
        scheduler = Scheduler(app)
        scheduler.tick()  # warm up; plans the councils' calendar (once a day)
        idle = [_sweep(app, scheduler) for _ in range(ROUNDS)]
        busy: list[float] = []
        share = councils // 100
        if share:
            for round_ in range(ROUNDS):
                chosen = [FIRST_COUNCIL + (round_ * share + k) % councils for k in range(share)]
                _make_due(app, chosen)
                busy.append(_sweep(app, scheduler))
        with app.sessions() as session:  # everything due went out
            sent = session.scalar(select(func.count()).select_from(Notice).where(Notice.state == NoticeState.SENT)) or 0
            assert sent == share * ROUNDS, (sent, share * ROUNDS)
        app.close()
    return idle, busy, share


def rows() -> list[Row]:
    results = {n: _measure(n) for n in SIZES}
    idle = {n: results[n][0] for n in SIZES}
    ratio = statistics.median(idle[10_000]) / statistics.median(idle[100])
    out = [
        row_from("sweep, nothing due, 1 council", idle[1]),
        row_from("sweep, nothing due, 100 councils", idle[100]),
        row_from(
            "sweep, nothing due, 10,000 councils (vs 100)",
            idle[10_000],
            idle[100],
            target="< 20 ms, < 3x the 100-council sweep",
            ok=statistics.median(idle[10_000]) < 20 and ratio < 3,
        ),
    ]
    busy_100, busy_10k = results[100][1], results[10_000][1]
    out.append(row_from(f"sweep, 1% due, 100 councils ({results[100][2]} notice)", busy_100))
    out.append(row_from(f"sweep, 1% due, 10,000 councils ({results[10_000][2]} notices)", busy_10k, busy_100))
    per_notice = [ms / results[10_000][2] for ms in busy_10k]
    out.append(row_from("  the same, per notice sent", per_notice))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    result = rows()
    print_table(result, f"Scheduler sweep (SQLite, {ROUNDS} rounds each)")
    idle_100, idle_10k = result[1].median, result[2].median
    print(
        f"\nNothing due: 10,000 councils vs 100 councils = {idle_10k / idle_100:.2f}x (target < 3x); "
        f"10,000 councils {idle_10k:.2f} ms (target < 20 ms)."
    )
    return 0 if all(r.ok is not False for r in result) else 1


if __name__ == "__main__":
    sys.exit(main())
