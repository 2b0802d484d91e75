"""The least a bot that keeps its cases must do for `/sak ny`, written by hand in plain sqlite3.

The yardstick of two rows: bench_slack's "bare bolt + the same commit by hand" (in process) and
bench_system's throughput floors (in a server process of their own, which imports this module). One
transaction with the delivery key, the member and the next meeting looked up, the next number, the case
and an audit line, then the answer. No privacy guard, no roles, no outbox, no ORM: what is left of ours
above this is our own code.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

HAND_SCHEMA = """
CREATE TABLE members (id INTEGER PRIMARY KEY, slack_id TEXT UNIQUE, name TEXT);
CREATE TABLE meetings (id INTEGER PRIMARY KEY, number INTEGER, start TEXT);
CREATE TABLE cases (id INTEGER PRIMARY KEY, year INTEGER, number INTEGER, title TEXT, member_id INTEGER,
                    meeting_id INTEGER, created_at TEXT, UNIQUE (year, number));
CREATE TABLE audit (id INTEGER PRIMARY KEY, member_id INTEGER, action TEXT, subject TEXT, at TEXT);
CREATE TABLE deliveries (key TEXT PRIMARY KEY, at TEXT);
INSERT INTO members (slack_id, name) VALUES ('U0KARI', 'Kari Dybdahl');
INSERT INTO meetings (number, start) VALUES (1, '2026-12-15T09:00:00+00:00');
"""


def open_db(path: str | Path, members: Iterable[str] = ()) -> sqlite3.Connection:
    """A new database with the schema above (same pragmas as ours) and `members` by their chat ids."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + HAND_SCHEMA)
    db.executemany("INSERT INTO members (slack_id, name) VALUES (?, 'Medlem')", [(m,) for m in members])
    return db


def commit_by_hand(db: sqlite3.Connection, key: str, user: str, title: str) -> str | None:
    """Register the case and return the answer; None when `key` was delivered before."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    db.execute("BEGIN IMMEDIATE")
    try:
        if db.execute("INSERT OR IGNORE INTO deliveries VALUES (?, ?)", (key, now)).rowcount == 0:
            db.execute("ROLLBACK")
            return None
        member = db.execute("SELECT id FROM members WHERE slack_id = ?", (user,)).fetchone()[0]
        meeting = db.execute("SELECT id, number FROM meetings ORDER BY start LIMIT 1").fetchone()
        number = db.execute("SELECT coalesce(max(number), 0) + 1 FROM cases WHERE year = 2026").fetchone()[0]
        case = db.execute(
            "INSERT INTO cases (year, number, title, member_id, meeting_id, created_at) VALUES (2026, ?, ?, ?, ?, ?)",
            (number, title, member, meeting[0], now),
        ).lastrowid
        db.execute(
            "INSERT INTO audit (member_id, action, subject, at) VALUES (?, 'case.new', ?, ?)", (member, case, now)
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return f"Takk! Saken er registrert som sak {number}/2026: «{title}». Møte {meeting[1]}."
