"""Shared test fixtures: a guard against the internet, and a council on a real SQLite file."""

from __future__ import annotations

import ipaddress
import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fakes.council import START, seed_secretary  # shared with the benchmarks

__all__ = ["ON_POSTGRES", "START", "row_counts", "seed_secretary"]

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise RuntimeError(f"tests must not reach the network (tried {host})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that tries to leave loopback: fakes at the boundary, never the real Slack or Telegram."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    yield


ON_POSTGRES = os.environ.get("BRUKERRAD_TEST_DB") == "postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL run, keep only the tests that touch a database (they take `db_url`)."""
    if not ON_POSTGRES:
        return
    keep = [item for item in items if "db_url" in getattr(item, "fixturenames", ())]
    config.hook.pytest_deselected(items=[item for item in items if item not in keep])
    items[:] = keep


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str]:
    """A migrated template database; every test gets a fresh copy of it (fast, and fully isolated)."""
    from sqlalchemy import create_engine

    from storage.db import make_engine, migrate

    admin_url = os.environ["BRUKERRAD_TEST_PG"]
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("DROP DATABASE IF EXISTS brukerrad_template")
        conn.exec_driver_sql("CREATE DATABASE brukerrad_template")
    template_url = admin_url.rsplit("/", 1)[0] + "/brukerrad_template"
    engine = make_engine(template_url)
    migrate(engine)
    engine.dispose()
    yield admin_url
    admin.dispose()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated-on-demand database: a SQLite file, or a PostgreSQL database on the PostgreSQL run."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'brukerrad.db'}"
        return
    from sqlalchemy import create_engine

    admin_url = request.getfixturevalue("_pg_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE brukerrad_template")
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


def row_counts(app: Any) -> dict[str, int]:
    """Row counts of every table: 'nothing written' means this does not change."""
    from sqlalchemy import func, select

    from storage.models import Base

    with app.sessions() as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }
