"""`brukerrad restore` on PostgreSQL (issue 13): only a pg_dump archive of our own tables is restored.

The archive's table of contents (`pg_restore --list`) must hold our tables and what they need (sequences,
keys, indexes, enum types) and nothing else, and its alembic_version a known revision: a trigger, a
function, a view, an extra table or an unknown revision is refused before pg_restore touches the database.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from bot.demo import load_demo
from storage.backup import BackupError, backup, check_postgres_backup, head_revision, restore
from tests.conftest import ON_POSTGRES, START, row_counts

pytestmark = [
    pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump archives need PostgreSQL"),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs the PostgreSQL client"),
]

CRAFTED = {
    "trigger that makes a representative secretary": (
        "CREATE FUNCTION promote() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "UPDATE members SET role = 'SECRETARY' WHERE id = NEW.submitter_id; RETURN NEW; END $$",
        "CREATE TRIGGER promote AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION promote()",
    ),
    "hidden table": ("CREATE TABLE case_cache (description TEXT)",),
    "view": ("CREATE VIEW everything AS SELECT description FROM cases",),
    "unknown revision": ("UPDATE alembic_version SET version_num = '9999'",),
}


def test_postgres_restore_takes_only_our_own_archives(db_url: str, tmp_path: Path) -> None:
    app = build(parse({"database": {"url": db_url}}, {}), MovableClock(START))
    load_demo(app, "demo")
    counts = row_counts(app)
    good = tmp_path / "kopi.dump"
    backup(db_url, good)
    check_postgres_backup(good)
    refused = tried = 0
    for label, statements in CRAFTED.items():
        engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
        crafted = tmp_path / f"{len(statements)}-{tried}.dump"
        backup(db_url, crafted)
        with engine.connect() as conn:  # the live database back as it was
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS promote ON cases")
            conn.exec_driver_sql("DROP FUNCTION IF EXISTS promote()")
            conn.exec_driver_sql("DROP TABLE IF EXISTS case_cache")
            conn.exec_driver_sql("DROP VIEW IF EXISTS everything")
            conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{head_revision()}'")
        engine.dispose()
        tried += 1
        with pytest.raises(BackupError, match="Ingenting er endret") as caught:
            restore(db_url, crafted)
        print(f"{label}: {caught.value}")
        assert "skal ikke være der" in str(caught.value) or "skjemaversjon" in str(caught.value)
        refused += 1
        assert row_counts(app) == counts, label
    junk = tmp_path / "søppel.dump"
    junk.write_bytes(b"dette er ikke en sikkerhetskopi" * 50)
    tried += 1
    with pytest.raises(BackupError, match="Ingenting er endret"):
        restore(db_url, junk)
    refused += 1
    print(f"PostgreSQL restore refused {refused}/{tried} archives it did not make")
    assert refused == tried == 5
    restore(db_url, good)
    assert row_counts(app) == counts
    app.close()
