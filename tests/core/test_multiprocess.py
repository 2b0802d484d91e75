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
from typing import Any

from sqlalchemy import func, insert, select

from bot.app import build
from bot.clock import SystemClock
from bot.config import parse
from fakes.slack_api import FakeSlackAPI
from handlers.dispatch import Incoming
from storage.models import Notice, NoticeState

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


# --- several processes answering commands at the same moment (issue 13) ---------------------------------

PROCESSES = 4
PER_PROCESS = 40
MEMBERS = 40
COMMANDS_WORKER = """
import json, logging, sys
from datetime import datetime
from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from handlers.dispatch import Incoming
url, mode, index, log_path, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
members = json.loads(sys.argv[6])
# A plain formatter, as any log collector would use: the source must not put typed text in a record.
logging.basicConfig(filename=log_path, level=logging.DEBUG, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
config = parse({"database": {"url": url}, "councils": [{"slug": "test", "name": "R"}]}, {})
app = build(config, MovableClock(datetime.fromisoformat(sys.argv[7])), run_migrations=False, worker=f"w{index}")
council = app.council_ids["test"]
print("ready", flush=True)
sys.stdin.readline()  # the barrier: every process starts when all are ready
replies = []
for n in range(per):
    if mode == "cases":
        who = members[n % len(members)]
        text = f"/sak ny Ventetid {index}-{n} -- Pasienten venter MARKØR-{index}-{n}"
    else:
        who = members[n % len(members)]
        text = f"/oppmote nei Innlagt akutt MARKØR-{index}-{n}"
    reply = app.dispatcher.handle(Incoming("console", str(who), text, council))
    replies.append({"error": reply.error, "text": reply.text})
print(json.dumps(replies), flush=True)
app.close()
"""


def _council_of_many(db_url: str) -> tuple[Any, list[int], datetime]:
    """A council with `MEMBERS` representatives (one organisation each) and a meeting a month ahead."""
    from bot.clock import MovableClock
    from storage.db import transaction
    from storage.models import ChatIdentity, Member, Organisation, Role
    from tests.conftest import START, seed_secretary

    config = parse({"database": {"url": db_url}, "councils": [{"slug": "test", "name": "R"}]}, {})
    app = build(config, MovableClock(START))
    council_id = app.council_ids["test"]
    secretary = seed_secretary(app, council_id, "Siri Holm", "console")
    ids: list[int] = []
    with transaction(app.sessions) as session:
        for n in range(MEMBERS):
            organisation = Organisation(council_id=council_id, name=f"Forening {n}")
            session.add(organisation)
            session.flush()
            member = Member(
                council_id=council_id,
                name=f"Representant {n}",
                role=Role.REPRESENTATIVE,
                organisation_id=organisation.id,
                created_at=START,
            )
            session.add(member)
            session.flush()
            session.add(ChatIdentity(member_id=member.id, platform="console", external_id=str(member.id)))
            ids.append(member.id)
    reply = app.dispatcher.handle(
        Incoming("console", str(secretary), "/mote bekreft 2026-12-15T10:00 Gryta", council_id)
    )
    assert reply is not None and not reply.error, reply
    return app, ids, START


def _run_at_once(
    db_url: str, mode: str, ids: list[int], start: datetime, tmp_path: Path
) -> tuple[list[dict[str, Any]], int]:
    """`PROCESSES` processes, each sending `PER_PROCESS` commands, all released at the same moment; their
    replies, and how many commands met a concurrent change and ran again."""
    import json

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    logs = [tmp_path / f"{mode}-{i}.log" for i in range(PROCESSES)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", COMMANDS_WORKER, db_url, mode, str(i), str(logs[i]), str(PER_PROCESS),
             json.dumps(ids), start.isoformat()],
            cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        for i in range(PROCESSES)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        replies: list[dict[str, Any]] = []
        for worker in workers:
            out, _ = worker.communicate(timeout=300)
            assert worker.returncode == 0
            replies += json.loads(out.strip().splitlines()[-1])
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    log = "\n".join(path.read_text("utf-8") for path in logs if path.exists())
    assert "MARKØR" not in log  # no typed text in any process's log
    return replies, log.count("met a concurrent change")


def test_four_processes_submitting_cases_at_once_get_unique_consecutive_numbers(db_url: str, tmp_path: Path) -> None:
    from storage.models import Case

    app, ids, start = _council_of_many(db_url)
    replies, retried = _run_at_once(db_url, "cases", ids, start, tmp_path)
    failures = [r["text"] for r in replies if r["error"]]
    internal = [t for t in failures if "Beklager, noe gikk galt" in t]
    with app.sessions() as session:
        numbers = sorted(session.scalars(select(Case.number)))
    total = PROCESSES * PER_PROCESS
    print(f"/sak ny: {PROCESSES} processes, {len(replies)} submissions, {len(failures)} failures "
          f"({len(internal)} internal), {retried} run again, {len(numbers)} cases stored, "
          f"numbers {numbers[0]}..{numbers[-1]}")
    assert len(replies) == total
    assert failures == []
    assert numbers == list(range(1, total + 1))  # unique and consecutive
    app.close()


def test_four_processes_answering_attendance_at_once_all_get_an_answer(db_url: str, tmp_path: Path) -> None:
    from storage.models import Attendance

    app, ids, start = _council_of_many(db_url)
    replies, retried = _run_at_once(db_url, "attendance", ids, start, tmp_path)
    failures = [r["text"] for r in replies if r["error"]]
    with app.sessions() as session:
        rows = session.scalars(select(Attendance)).all()
    print(f"/oppmote nei: {PROCESSES} processes, {len(replies)} answers for {MEMBERS} members, "
          f"{len(failures)} failures, {retried} run again after a race, {len(rows)} rows stored")
    assert len(replies) == PROCESSES * PER_PROCESS
    assert failures == []
    assert len(rows) == MEMBERS and len({r.member_id for r in rows}) == MEMBERS  # one answer per member
    app.close()
