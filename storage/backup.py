"""Backups: SQLite through its online backup API (safe while the bot runs), PostgreSQL through pg_dump.

A restore checks the backup first (SQLite `PRAGMA integrity_check`, and that it is a brukerråd database),
so a damaged or foreign file is refused before anything is overwritten.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

_LOGGER = logging.getLogger(__name__)


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why in Norwegian."""


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("Databasen ligger bare i minnet og kan ikke sikkerhetskopieres.")
    return Path(database)


def _libpq_url(url: str) -> str:
    """`postgresql+psycopg://…` → `postgresql://…` for pg_dump and pg_restore."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def backup(url: str, target: Path) -> None:
    if url.startswith("sqlite"):
        source = _sqlite_path(url)
        if not source.exists():
            raise BackupError(f"Finner ikke databasefilen {source}.")
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return
    if shutil.which("pg_dump") is None:
        raise BackupError(
            "pg_dump finnes ikke på denne maskinen. Installer PostgreSQL-klienten (Debian: apt-get install "
            "postgresql-client), eller ta sikkerhetskopi på databaseserveren med pg_dump --format=custom."
        )
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(url)])


def restore(url: str, source: Path) -> None:
    if not source.exists():
        raise BackupError(f"Finner ikke sikkerhetskopien {source}.")
    if url.startswith("sqlite"):
        check_sqlite_backup(source)
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore finnes ikke på denne maskinen. Installer PostgreSQL-klienten først.")
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={_libpq_url(url)}", str(source)])


def check_sqlite_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        raise BackupError(f"{path} er ikke en lesbar SQLite-database. Ingenting er endret.") from None
    if result is None or result[0] != "ok":
        raise BackupError(f"{path} er skadet (integrity_check feilet). Ingenting er endret.")
    if not {"alembic_version", "councils", "cases"} <= tables:
        raise BackupError(f"{path} er ikke en sikkerhetskopi av brukerrådsboten. Ingenting er endret.")


def _run(command: list[str]) -> None:
    # The URL may hold a password: never echo the command line.
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        _LOGGER.error("%s failed with exit code %s", command[0], completed.returncode)
        raise BackupError(f"{command[0]} feilet (kode {completed.returncode}). Se databaseserverens logg.")
