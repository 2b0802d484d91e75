"""Files only the bot's user can read (issue 13): the data folder 0700, every file 0600, whatever the umask.

Each test runs under a permissive umask (022, the usual default, which made everything 0644 in 0755 folders
before), so a mode that comes out right comes from the bot, not from the test's environment.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import build
from bot.cli import export_council, export_csv, main
from bot.clock import MovableClock
from bot.config import parse
from bot.console import ConsoleChat
from bot.demo import load_demo
from bot.leader import FileLock
from handlers.replies import Attachment, Reply
from storage.backup import backup
from storage.db import make_engine
from storage.files import write_private
from tests.conftest import ON_POSTGRES, START

pytestmark = pytest.mark.skipif(ON_POSTGRES, reason="files of the SQLite database and of the command line")


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_folder_wal_and_shm_are_private_whatever_the_umask(tmp_path: Path, permissive_umask: None) -> None:
    data = tmp_path / "var" / "data"
    database = data / "brukerrad.db"
    app = build(parse({"database": {"url": f"sqlite:///{database}"}}, {}), MovableClock(START))
    assert load_demo(app, "demo")  # writes, so the -wal and -shm are there while the engine is open
    wal, shm = database.with_name("brukerrad.db-wal"), database.with_name("brukerrad.db-shm")
    seen = {p.name: oct(mode(p)) for p in (tmp_path / "var", data, database, wal, shm)}
    print(f"modes under umask 022: {seen}")
    assert wal.exists() and shm.exists()
    assert mode(tmp_path / "var") == mode(data) == 0o700
    assert mode(database) == mode(wal) == mode(shm) == 0o600
    app.close()


def test_files_from_before_are_tightened(tmp_path: Path, permissive_umask: None) -> None:
    database = tmp_path / "brukerrad.db"
    for path in (database, tmp_path / "brukerrad.db-wal", tmp_path / "brukerrad.db-shm"):
        path.touch()
        path.chmod(0o644)
    engine = make_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
    engine.dispose()
    assert mode(database) == 0o600
    assert all(mode(p) == 0o600 for p in tmp_path.glob("brukerrad.db-*"))


def test_backup_and_exports_are_private_whatever_the_umask(tmp_path: Path, permissive_umask: None) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'brukerrad.db'}"
    app = build(parse({"database": {"url": url}}, {}), MovableClock(START))
    load_demo(app, "demo")
    data = export_council(app, app.council_ids["demo"])
    app.close()
    copy = tmp_path / "kopier" / "natt" / "brukerrad.db"
    backup(url, copy)
    folder = tmp_path / "eksport"
    count = export_csv(data, folder)
    json_file = write_private(tmp_path / "eksport.json", "{}")
    seen = {
        "backup folder": oct(mode(copy.parent)),
        "backup": oct(mode(copy)),
        "csv folder": oct(mode(folder)),
        "csv files": sorted({oct(mode(p)) for p in folder.iterdir()}),
        "json": oct(mode(json_file)),
    }
    print(f"modes under umask 022: {seen}")
    assert mode(copy.parent) == mode(copy.parent.parent) == mode(folder) == 0o700
    assert mode(copy) == mode(json_file) == 0o600
    assert count == len(list(folder.iterdir())) >= 10
    assert {mode(p) for p in folder.iterdir()} == {0o600}
    assert not [p for p in copy.parent.iterdir() if p != copy]  # no partial file left beside it
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file


def test_command_line_export_backup_and_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, permissive_umask: None
) -> None:
    monkeypatch.chdir(tmp_path)
    config_file = tmp_path / "config.toml"
    config_file.write_text('[database]\nurl = "sqlite:///data/brukerrad.db"\n', "utf-8")
    assert main(["--config", str(config_file), "migrate"]) == 0
    assert main(["--config", str(config_file), "export", "--out", "eksport.json"]) == 0
    assert main(["--config", str(config_file), "export", "--format", "csv", "--out", "regneark"]) == 0
    assert main(["--config", str(config_file), "backup", "kopi.db"]) == 0
    assert mode(tmp_path / "data") == mode(tmp_path / "regneark") == 0o700
    assert {mode(p) for p in [tmp_path / "eksport.json", tmp_path / "kopi.db", *tmp_path.glob("regneark/*")]} == {
        0o600
    }
    seen: list[int] = []

    def record(_args: object) -> int:
        current = os.umask(0)
        os.umask(current)
        seen.append(current)
        return 0

    monkeypatch.setattr("bot.cli.cmd_migrate", record)
    assert main(["--config", str(config_file), "migrate"]) == 0
    assert seen == [0o077]
    after = os.umask(0o022)
    assert after == 0o022  # restored for the rest of this process


def test_console_attachment_and_poller_lock_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, permissive_umask: None
) -> None:
    monkeypatch.chdir(tmp_path)
    app = build(parse({"database": {"url": f"sqlite:///{tmp_path / 'db' / 'b.db'}"}}, {}), MovableClock(START))
    load_demo(app, "demo")
    chat = ConsoleChat(app, "demo")
    chat.render(Reply("Kalender", attachment=Attachment("moter.ics", b"BEGIN:VCALENDAR", "text/calendar")))
    saved = tmp_path / "data" / "moter.ics"
    lock = FileLock(tmp_path / "db" / "b.db.telegram-poller.lock")
    assert lock.held()
    lock.release()
    app.close()
    assert saved.read_bytes() == b"BEGIN:VCALENDAR"
    assert mode(saved.parent) == 0o700 and mode(saved) == 0o600
    assert mode(tmp_path / "db" / "b.db.telegram-poller.lock") == 0o600
