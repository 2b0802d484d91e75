"""Statements built once per database dialect, each built the first time that dialect is asked for.

The upserts (counters, audit anchor, delivery keys) use a dialect's own `insert` for `ON CONFLICT`. Importing
`sqlalchemy.dialects.postgresql` costs a SQLite instance about a tenth of its cold start for statements it
never runs, so the dialect's module is imported only when a session of that dialect first needs it.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from types import ModuleType
from typing import Any

_LOGGER = logging.getLogger(__name__)


class PerDialect:
    """`statements[dialect_name]`: `build(sqlalchemy.dialects.<name>)`, built on first use and kept."""

    def __init__(self, build: Callable[[ModuleType], Any]) -> None:
        self._build = build
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        try:
            return self._built[name]
        except KeyError:
            statement = self._build(importlib.import_module(f"sqlalchemy.dialects.{name}"))
            # setdefault: two threads building at once keep one statement
            return self._built.setdefault(name, statement)
