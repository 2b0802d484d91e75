"""Alembic migrations on SQLite and PostgreSQL: from empty to the newest, and from the previous revision
with data in it (the data survives)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, func, inspect, select

from storage.db import alembic_config, make_engine, migrate
from storage.models import Base


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_empty_database_reaches_the_models_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    for name, table in Base.metadata.tables.items():
        columns = {c["name"] for c in inspect(engine).get_columns(name)}
        assert set(table.columns.keys()) <= columns, name
    engine.dispose()


@pytest.mark.skipif(len(_revisions()) < 2, reason="only one revision so far")
def test_upgrade_from_previous_revision_keeps_the_data(db_url: str) -> None:
    previous = _revisions()[-2]
    engine = make_engine(db_url)
    with engine.begin() as conn:  # the PostgreSQL run's database starts migrated: start from empty
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        for table in reversed(Base.metadata.sorted_tables):
            conn.exec_driver_sql(
                f"DROP TABLE IF EXISTS {table.name} CASCADE"
                if "postgresql" in db_url
                else f"DROP TABLE IF EXISTS {table.name}"
            )
    migrate(engine, previous)
    old = MetaData()
    old.reflect(engine)
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(
            old.tables["councils"].insert(),
            {"id": 1, "slug": "phr", "name": "Brukerrådet", "timezone": "Europe/Oslo", "created_at": now},
        )
        conn.execute(
            old.tables["members"].insert(),
            {
                "id": 1,
                "council_id": 1,
                "name": "Kari Dybdahl",
                "role": "representative",
                "active": True,
                "created_at": now,
            },
        )
        conn.execute(
            old.tables["meetings"].insert(),
            {
                "id": 1,
                "council_id": 1,
                "number": 1,
                "start": now,
                "place": "Gryta",
                "state": "planned",
                "created_at": now,
            },
        )
    migrate(engine)
    with engine.connect() as conn:
        for name in ("councils", "members", "meetings"):
            assert conn.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar() == 1
    engine.dispose()


def test_the_known_head_is_alembics_head_and_a_current_database_is_left_alone(db_url: str) -> None:
    """`migrate` skips Alembic when the database is at `HEAD_REVISION`: a new migration must move it."""
    import subprocess
    import sys

    from storage.db import HEAD_REVISION, current_revision

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION
    engine = make_engine(db_url)
    migrate(engine)
    assert current_revision(engine) == HEAD_REVISION
    engine.dispose()
    # A fresh process starting on a current database imports no Alembic at all.
    probe = (
        "import sys; from storage.db import make_engine, migrate; "
        f"migrate(make_engine({db_url!r})); print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"
