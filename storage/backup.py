"""Backups: SQLite through its online backup API (safe while the bot runs), PostgreSQL through pg_dump.

A restore takes only a backup this program made. A SQLite database is a program as much as data: a trigger
in a restored file runs on the bot's next write (one made a representative secretary after her next
`/sak ny`), a view or a hidden table can collect what the bot stores, a foreign file breaks the bot. So the
backup is copied into a private temporary folder and checked there, object by object, against a database
that the migrations build fresh at the backup's own Alembic revision: the same tables with the same columns
(names, types, defaults, keys), the same indexes and foreign keys, the same SQL, and no trigger, view or
other object besides. `PRAGMA integrity_check` and `foreign_key_check` must pass. A backup from an older
known revision is accepted and migrated (in the temporary copy, before anything is overwritten); one from
an unknown revision is refused. Only a copy that passed every check is written over the live database;
anything else is refused with a plain message, and nothing is changed.

Backup files are written 0600 (storage/files.py): they hold everything the database holds.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.files import create_private_file, private_database, private_folder, tighten

_LOGGER = logging.getLogger(__name__)

NOTHING_CHANGED = "Ingenting er endret."
SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables SQLite itself makes when someone runs ANALYZE (or PRAGMA optimize); their shape is fixed by SQLite.
_SQLITE_STAT_TABLES = {
    "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    "sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
}
_SHOWN_DIFFERENCES = 5


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
    """Write a backup of the database at `url` to `target` (0600; its folder 0700 if it has to be made)."""
    if target.is_dir():
        raise BackupError(f"{target} er en mappe. Oppgi et filnavn, for eksempel {target / 'brukerrad.db'}.")
    private_folder(target.parent)
    if url.startswith("sqlite"):
        source = _sqlite_path(url)
        if not source.is_file():
            raise BackupError(f"Finner ikke databasefilen {source}.")
        with _temporary_beside(target) as partial:
            private_database(partial)
            _copy_database(source, partial, self_contained=True)
            os.replace(partial, target)
        return
    if shutil.which("pg_dump") is None:
        raise BackupError(
            "pg_dump finnes ikke på denne maskinen. Installer PostgreSQL-klienten (Debian: apt-get install "
            "postgresql-client), eller ta sikkerhetskopi på databaseserveren med pg_dump --format=custom."
        )
    with _temporary_beside(target) as partial:
        create_private_file(partial)  # pg_dump writes into it and keeps its mode
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", _libpq_url(url)])
        os.replace(partial, target)


@contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    """A not yet existing path next to `target`, removed again unless it was renamed into place."""
    path = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        yield path
    finally:
        for leftover in (path, path.with_name(path.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _copy_database(source: Path, target: Path, *, self_contained: bool = False) -> None:
    """Page by page through SQLite's backup API (consistent while another process writes to `source`)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target, timeout=10)) as dst:
        src.backup(dst)
        if self_contained:  # one file: no -wal needed beside the copy
            dst.execute("PRAGMA journal_mode=DELETE")


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` with the backup `source`, if and only if the backup passes every check."""
    if not source.exists():
        raise BackupError(f"Finner ikke sikkerhetskopien {source}. {NOTHING_CHANGED}")
    if not source.is_file():
        raise BackupError(f"{source} er ikke en fil (en mappe?). Oppgi selve sikkerhetskopien. {NOTHING_CHANGED}")
    if url.startswith("sqlite"):
        target = _sqlite_path(url)
        # Beside the live database (the same disk, with room for it), in a folder only we can open (0700).
        private_folder(target.parent)
        with tempfile.TemporaryDirectory(prefix=".restore-", dir=target.parent) as folder:
            checked = Path(folder) / "backup.db"
            try:
                private_database(checked)
                shutil.copyfile(source, checked)
            except OSError:
                raise BackupError(f"Klarer ikke å lese {source}. {NOTHING_CHANGED}") from None
            revision = check_sqlite_backup(checked, shown_as=source)
            if revision != head_revision():
                _migrate_copy(checked, shown_as=source)
            private_database(target)
            _copy_database(checked, target)
        private_database(target)
        return
    check_postgres_backup(source)
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore finnes ikke på denne maskinen. Installer PostgreSQL-klienten først.")
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={_libpq_url(url)}", str(source)])


def _migrate_copy(path: Path, *, shown_as: Path) -> None:
    """Bring the checked copy of an older backup to the newest schema, then check it against that."""
    from storage.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
    finally:
        engine.dispose()
    check_sqlite_backup(path, shown_as=shown_as)


# --- the checks ----------------------------------------------------------------------------------------


def known_revisions() -> list[str]:
    """Every Alembic revision in the migrations folder, oldest first."""
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def head_revision() -> str:
    return known_revisions()[-1]


@dataclass(frozen=True)
class _Object:
    type: str
    name: str
    table: str
    sql: str


def check_sqlite_backup(path: Path, *, shown_as: Path | None = None) -> str:
    """Refuse (BackupError) anything but a sound brukerråd database built by our migrations; its revision.

    `path` is opened read-write only if it is a private copy: the caller copies the backup first. No
    statement that could fire a trigger runs before the schema has passed.
    """
    shown = shown_as or path
    _check_file_shape(path, shown)
    try:
        conn = sqlite3.connect(path)
    except sqlite3.Error:
        raise BackupError(f"{shown} er ikke en lesbar SQLite-database. {NOTHING_CHANGED}") from None
    try:
        conn.execute("PRAGMA trusted_schema=OFF")  # no SQL functions from the file's schema run meanwhile
        conn.execute("PRAGMA query_only=ON")
        objects = _objects(conn)
        if "alembic_version" not in {o.name for o in objects if o.type == "table"}:
            raise BackupError(
                f"{shown} er ikke en sikkerhetskopi fra brukerrådsboten (tabellen alembic_version mangler). "
                f"{NOTHING_CHANGED}"
            )
        revision = _revision(conn, shown)
        differences = _differences(_schema(conn, objects), _expected_schema(revision))
        if differences:
            listed = "; ".join(differences[:_SHOWN_DIFFERENCES])
            more = len(differences) - _SHOWN_DIFFERENCES
            if more > 0:
                listed += f"; og {more} til"
            raise BackupError(
                f"{shown} har ikke skjemaet migreringene lager ({listed}). Boten gjenoppretter bare "
                f"sikkerhetskopier den har laget selv. {NOTHING_CHANGED}"
            )
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(f"{shown} er skadet (integrity_check feilet). {NOTHING_CHANGED}")
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise BackupError(
                f"{shown} har rader som viser til rader som ikke finnes (foreign_key_check feilet). {NOTHING_CHANGED}"
            )
        return revision
    except sqlite3.Error:
        raise BackupError(f"{shown} er skadet eller ikke en SQLite-database. {NOTHING_CHANGED}") from None
    finally:
        conn.close()


def _check_file_shape(path: Path, shown: Path) -> None:
    """The SQLite header (https://www.sqlite.org/fileformat.html): the magic string, and a file as long as the
    page size times the page count the header states (a cut-off copy is refused here, before SQLite reads it)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise BackupError(f"{shown} er ikke en SQLite-database. {NOTHING_CHANGED}")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise BackupError(f"{shown} er skadet (ugyldig sidestørrelse). {NOTHING_CHANGED}")
    pages = int.from_bytes(header[28:32], "big")
    header_count_valid = pages > 0 and header[24:28] == header[92:96]
    if size % page_size or (header_count_valid and pages * page_size != size):
        raise BackupError(f"{shown} er avkortet eller skadet (feil lengde). {NOTHING_CHANGED}")


def _objects(conn: sqlite3.Connection) -> list[_Object]:
    rows = conn.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
    return [_Object(str(t), str(n), str(tb), " ".join(str(sql).split())) for t, n, tb, sql in rows]


def _revision(conn: sqlite3.Connection, shown: Path) -> str:
    try:
        rows = [str(row[0]) for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.Error:
        rows = []
    known = known_revisions()
    if len(rows) != 1 or rows[0] not in known:
        raise BackupError(
            f"{shown} har en skjemaversjon denne versjonen av boten ikke kjenner (kjente: {', '.join(known)}). "
            f"Er den laget av en nyere versjon, oppdaterer du boten først. {NOTHING_CHANGED}"
        )
    return rows[0]


Schema = dict[tuple[str, str], tuple[object, ...]]


def _schema(conn: sqlite3.Connection, objects: list[_Object]) -> Schema:
    """Every object with its SQL, and for tables and indexes what SQLite itself says about them.

    Alembic's batch mode rebuilds a table with its foreign keys in no fixed order, so a table's SQL is
    compared as the set of its clauses and its foreign keys as a set; columns keep their order."""
    schema: Schema = {}
    for o in objects:
        quoted = '"' + o.name.replace('"', '""') + '"'
        detail: tuple[object, ...] = (o.table,)
        if o.type == "table" and o.sql.upper().startswith("CREATE TABLE") and o.name not in _SQLITE_STAT_TABLES:
            keys: dict[int, list[tuple[object, ...]]] = {}
            for row in conn.execute(f"PRAGMA foreign_key_list({quoted})"):
                keys.setdefault(int(row[0]), []).append(tuple(row[2:]))
            detail += (
                _clauses(o.sql),
                tuple(conn.execute(f"PRAGMA table_xinfo({quoted})")),
                frozenset(tuple(row[1:]) for row in conn.execute(f"PRAGMA index_list({quoted})")),
                frozenset(tuple(group) for group in keys.values()),
            )
        elif o.type == "index":
            detail += (o.sql, tuple(conn.execute(f"PRAGMA index_xinfo({quoted})")))
        else:
            detail += (o.sql,)
        schema[(o.type, o.name)] = detail
    return schema


def _clauses(sql: str) -> tuple[str, frozenset[str]]:
    """`CREATE TABLE x (a, b, FOREIGN KEY …)` → ('CREATE TABLE x', {clauses}), split at top-level commas."""
    head, _, body = sql.partition("(")
    parts: list[str] = []
    depth, start = 0, 0
    inner = body[: body.rfind(")")] if ")" in body else body
    for i, char in enumerate(inner):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(inner[start:i].strip())
            start = i + 1
    parts.append(inner[start:].strip())
    return head.strip(), frozenset(parts) | {body[body.rfind(")") :]}


@cache
def _expected_schema(revision: str) -> Schema:
    """The schema the migrations build at `revision`, in a fresh database in a temporary folder."""
    from storage.db import make_engine, migrate

    with tempfile.TemporaryDirectory(prefix="brukerrad-schema-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'fresh.db'}")
        try:
            migrate(engine, revision)
        finally:
            engine.dispose()
        with closing(sqlite3.connect(Path(folder) / "fresh.db")) as conn:
            schema = _schema(conn, _objects(conn))
    return schema


_KINDS = {"table": "tabell", "index": "indeks", "trigger": "trigger", "view": "visning"}


def _differences(found: Schema, expected: Schema) -> list[str]:
    def named(key: tuple[str, str]) -> str:
        kind, name = key
        return f"{_KINDS.get(kind, kind)} «{name[:60]}»"

    differences: list[str] = []
    for key in sorted(found.keys() - expected.keys()):
        kind, name = key
        if kind == "table" and _SQLITE_STAT_TABLES.get(name) == found[key][-1]:
            continue  # ANALYZE's statistics: SQLite's own, harmless
        differences.append(f"{named(key)} skal ikke være der")
    differences.extend(f"{named(key)} mangler" for key in sorted(expected.keys() - found.keys()))
    differences.extend(
        f"{named(key)} er annerledes" for key in sorted(found.keys() & expected.keys()) if found[key] != expected[key]
    )
    return differences


# --- PostgreSQL ----------------------------------------------------------------------------------------

# What pg_dump writes for our schema: tables, their data, sequences, keys, indexes, the column defaults and
# the enum types SQLAlchemy creates. Anything else (a trigger, a function, a view, a rule, a policy, an
# extension) is not ours.
_PG_ALLOWED_KINDS = {
    "TABLE",
    "TABLE DATA",
    "SEQUENCE",
    "SEQUENCE OWNED BY",
    "SEQUENCE SET",
    "DEFAULT",
    "CONSTRAINT",
    "FK CONSTRAINT",
    "INDEX",
    "TYPE",
    "ENCODING",
    "STDSTRINGS",
    "SEARCHPATH",
    "DATABASE PROPERTIES",
}


def check_postgres_backup(source: Path) -> None:
    """A pg_dump archive of our tables and nothing else (its table of contents, read with pg_restore --list)."""
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore finnes ikke på denne maskinen. Installer PostgreSQL-klienten først.")
    completed = subprocess.run(["pg_restore", "--list", str(source)], capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(f"{source} er ikke en sikkerhetskopi laget med pg_dump --format=custom. {NOTHING_CHANGED}")
    from storage.models import Base

    ours = set(Base.metadata.tables) | {"alembic_version"}
    tables: set[str] = set()
    foreign: list[str] = []
    for line in completed.stdout.splitlines():
        if not line or line.startswith(";"):
            continue
        # `123; 1259 16390 TABLE public cases brukerrad`: id, catalog ids, kind (one or more words), schema, …
        words = line.split()
        rest = words[3:]
        kind = next(
            (k for k in sorted(_PG_ALLOWED_KINDS, key=len, reverse=True) if " ".join(rest).startswith(k + " ")),
            None,
        )
        if kind is None:
            foreign.append(" ".join(rest[:3]))
            continue
        if kind == "TABLE":
            tables.add(" ".join(rest).removeprefix("TABLE ").split()[1])
    if foreign or tables != ours:
        extra = sorted(tables - ours)
        missing = sorted(ours - tables)
        parts = [*(f"«{f[:60]}» skal ikke være der" for f in foreign[:_SHOWN_DIFFERENCES])]
        parts += [f"tabell «{t[:60]}» skal ikke være der" for t in extra[:_SHOWN_DIFFERENCES]]
        parts += [f"tabell «{t}» mangler" for t in missing[:_SHOWN_DIFFERENCES]]
        raise BackupError(
            f"{source} har ikke skjemaet migreringene lager ({'; '.join(parts)}). Boten gjenoppretter bare "
            f"sikkerhetskopier den har laget selv. {NOTHING_CHANGED}"
        )
    _postgres_revision(source)


def _postgres_revision(source: Path) -> str:
    """The archive's Alembic revision, read from its data for alembic_version (as COPY text)."""
    completed = subprocess.run(
        ["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    rows: list[str] = []
    inside = False
    for line in completed.stdout.splitlines():
        if line.startswith("COPY ") and "alembic_version" in line:
            inside = True
        elif inside and line == "\\.":
            inside = False
        elif inside:
            rows.append(line.strip())
    known = known_revisions()
    if completed.returncode != 0 or len(rows) != 1 or rows[0] not in known:
        raise BackupError(
            f"{source} har en skjemaversjon denne versjonen av boten ikke kjenner (kjente: {', '.join(known)}). "
            f"Er den laget av en nyere versjon, oppdaterer du boten først. {NOTHING_CHANGED}"
        )
    return rows[0]


def _run(command: list[str]) -> None:
    # The URL may hold a password: never echo the command line.
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        _LOGGER.error("%s failed with exit code %s", command[0], completed.returncode)
        raise BackupError(f"{command[0]} feilet (kode {completed.returncode}). Se databaseserverens logg.")


__all__ = ["BackupError", "backup", "check_postgres_backup", "check_sqlite_backup", "restore", "tighten"]
