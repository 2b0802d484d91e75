"""Alembic environment: runs on the connection handed in by `storage.db.migrate`, or on `sqlalchemy.url`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    # hide_parameters: as every engine of the bot (storage/db.py), so a failed statement logs no values.
    engine = create_engine(
        config.get_main_option("sqlalchemy.url") or "sqlite:///data/brukerrad.db", hide_parameters=True
    )
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
