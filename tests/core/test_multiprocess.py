"""Several `brukerrad` processes share one database: each notice reaches the platform exactly once, even
when one process is killed with SIGKILL in the middle (its claims are taken over after the lease; a post
it had begun is recorded as uncertain, never sent twice silently)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, insert, select

from bot.app import build
from bot.clock import SystemClock
from bot.config import parse
from storage.models import Notice, NoticeState
from tests.fakes.slack_api import FakeSlackAPI

NOTICES = 240
WORKER = """
import sys, time
from datetime import timedelta
from bot.app import build
from bot.clock import SystemClock
from bot.config import parse
from bot.slack.port import SlackPort
from sqlalchemy import select, func
from storage.models import Notice, NoticeState
council = {"slug": "test", "name": "R", "slack_channel": "C0"}
config = parse({"database": {"url": sys.argv[1]}, "councils": [council]}, {})
app = build(config, SystemClock(), run_migrations=False, worker=sys.argv[3])
app.sender.lease = timedelta(seconds=2)
app.add_port(SlackPort("xoxb-test", sys.argv[2], retries=0))
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    if app.sender.drain(limit=5) == 0:
        with app.sessions() as session:
            # A row a dead process left in `sending` turns `uncertain` once its lease has run out.
            busy = Notice.state.in_([NoticeState.PENDING, NoticeState.SENDING])
            left = session.scalar(select(func.count()).select_from(Notice).where(busy))
        if not left:
            break
        time.sleep(0.2)
app.close()
"""


def test_three_processes_one_killed_every_notice_once(db_url: str) -> None:
    config = parse(
        {"database": {"url": db_url}, "councils": [{"slug": "test", "name": "R", "slack_channel": "C0"}]}, {}
    )
    app = build(config, SystemClock())
    now = datetime.now(UTC)
    with app.engine.begin() as conn:
        conn.execute(
            insert(Notice),
            [
                {
                    "key": f"mp:{n}",
                    "council_id": app.council_ids["test"],
                    "kind": "message",
                    "payload": {"text": f"Varsel nummer {n}", "buttons": []},
                    "due_at": now,
                    "state": "pending",
                    "attempts": 0,
                    "note": "",
                    "created_at": now,
                }
                for n in range(NOTICES)
            ],
        )
    fake = FakeSlackAPI(delay=0.01).start()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, db_url, fake.base_url, f"worker-{i}"], cwd=root, env=env)
        for i in range(3)
    ]
    try:
        fake.wait_for(lambda: len(fake.ok_calls("chat.postMessage")) >= NOTICES // 4, timeout=60)
        os.kill(workers[0].pid, signal.SIGKILL)  # midway, in the middle of its work
        for worker in workers[1:]:
            assert worker.wait(90) == 0
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        fake.stop()
    texts = Counter(str(p["text"]) for p in fake.ok_calls("chat.postMessage"))
    assert max(texts.values()) == 1, [t for t, n in texts.items() if n > 1]  # never twice
    with app.sessions() as session:
        states = dict(session.execute(select(Notice.state, func.count()).group_by(Notice.state)).all())
        uncertain = [
            row.payload["text"] for row in session.scalars(select(Notice).where(Notice.state == NoticeState.UNCERTAIN))
        ]
    assert states.get(NoticeState.PENDING, 0) == 0 and states.get(NoticeState.SENDING, 0) == 0
    assert states.get(NoticeState.SENT, 0) + len(uncertain) == NOTICES
    assert len(uncertain) <= 1  # at most the one post the killed process had begun
    sent_texts = set(texts)
    assert len(sent_texts) >= NOTICES - len(uncertain)
    app.close()
