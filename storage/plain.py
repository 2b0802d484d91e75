"""Statements on the hot path run straight on the driver's cursor, compiled once per database dialect.

Every command writes its delivery key, bumps counters and appends an audit line: plain statements whose
result is a row of numbers at most. Through SQLAlchemy's `Connection.execute` each such statement cost
about 40-60 µs of Python (the compiled cache's lookup, execution context, events, result object) against
5-10 µs for the driver to run it: more than half of a `/sak ny` went there (cProfile, bench/bench_slack.py).
A `Plain` statement is a Core statement compiled once per dialect (the SQL, the order of its parameters, and
each parameter's bind processor, so `UtcDateTime` and `JSON` columns store exactly what the ORM stores), run
on the DBAPI cursor of the session's own connection: the same transaction, the same `BEGIN IMMEDIATE` on
SQLite (the session's connection begins it), nothing the ORM sees or flushes.

What SQLAlchemy would have done on an error is kept: a driver error is raised as SQLAlchemy's wrapped
`DBAPIError` (so `handlers.faults` classifies it, a unique or serialization failure makes the dispatcher run
the command again, and parameters are hidden as everywhere: storage/db.py), and a lost connection is
invalidated, so the pool hands the next command a new one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Positional paramstyles (SQLite's qmark): the bind names in order; None: the driver takes a dict.
    order: tuple[str, ...] | None
    constants: Mapping[str, Any]  # binds with a value of their own (`value=1`, `head=""`)
    processors: Mapping[str, Callable[[Any], Any]]


class Plain:
    """`Plain(statement).run(session, params)`: the rows the statement returns (a list of tuples, empty for
    one without RETURNING). `statement` takes its parameters as named `bindparam`s; build it with every
    column it writes named (an `insert(table)` without `.values()` would compile per call)."""

    def __init__(self, statement: ClauseElement | Callable[[str], ClauseElement]) -> None:
        """`statement`, or a function of the dialect's name that builds it (the upserts use the dialect's
        own `insert`: see storage/dialects.py)."""
        self._statement = statement
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _for(self, dialect: Dialect) -> _Compiled:
        try:
            return self._compiled[dialect.name]
        except KeyError:
            pass
        statement = self._statement if isinstance(self._statement, ClauseElement) else self._statement(dialect.name)
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        constants = {
            name: bind.value for name, bind in compiled.binds.items() if not bind.required and bind.callable is None
        }
        processors = {}
        for name, bind in compiled.binds.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)  # the dialect's own (JSON)
            if processor is not None:
                processors[name] = processor
        order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup is not None else None
        built = _Compiled(compiled.string, order, constants, processors)
        with self._lock:
            return self._compiled.setdefault(dialect.name, built)

    def run(self, session: Session, params: Mapping[str, Any], *, autoflush: bool = False) -> list[tuple[Any, ...]]:
        """Run in `session`'s transaction (begun here if it was not yet). `autoflush`: first write what
        the session holds unwritten, as the ORM's `session.execute` does (unless in `no_autoflush`), for
        a statement whose result depends on it (nothing to write: a check of a few microseconds)."""
        if autoflush:
            _autoflush(session)
        return self.run_on(session.connection(), params)

    def run_on(self, connection: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        dialect = connection.dialect
        compiled = self._for(dialect)
        values = {**compiled.constants, **params}
        for name, processor in compiled.processors.items():
            values[name] = processor(values[name])
        arguments: Sequence[Any] | Mapping[str, Any] = (
            values if compiled.order is None else [values[name] for name in compiled.order]
        )
        dbapi_connection = connection.connection.dbapi_connection
        assert dbapi_connection is not None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(compiled.sql, arguments)
            return list(cursor.fetchall()) if cursor.description is not None else []
        except dialect.loaded_dbapi.Error as error:
            invalidated = dialect.is_disconnect(error, dbapi_connection, cursor)
            if invalidated:
                connection.invalidate(error)
            raise exc.DBAPIError.instance(
                compiled.sql,
                None,
                error,
                dialect.loaded_dbapi.Error,
                hide_parameters=True,
                connection_invalidated=invalidated,
                dialect=dialect,
            ) from error
        finally:
            cursor.close()


def _autoflush(session: Session) -> None:
    if session.autoflush:
        session.flush()


@dataclass(frozen=True)
class _NewRow:
    statement: Plain
    # (attribute, column, scalar default) for every column written: all but the generated primary key
    fields: tuple[tuple[str, str, Any], ...]
    key: str  # the generated primary key's attribute


_NEW_ROWS: dict[type, _NewRow] = {}


def _new_row(cls: type) -> _NewRow:
    from sqlalchemy import Table, bindparam, insert, inspect
    from sqlalchemy.orm import Mapper

    mapper: Mapper[Any] = inspect(cls)
    table = mapper.local_table
    assert isinstance(table, Table)
    (primary,) = table.primary_key.columns
    fields = []
    for attribute in mapper.column_attrs:
        (column,) = attribute.columns
        if column is primary:
            continue
        default = column.default
        if default is not None and not default.is_scalar:
            raise TypeError(f"{cls.__name__}.{attribute.key}: only scalar defaults are written by storage.plain.add")
        fields.append((attribute.key, column.name, default.arg if default is not None else None))
    names = [name for _key, name, _default in fields]
    statement = insert(table).values({name: bindparam(name) for name in names}).returning(primary)
    key = mapper.get_property_by_column(primary).key
    return _NEW_ROWS.setdefault(cls, _NewRow(Plain(statement), tuple(fields), key))


def add(session: Session, row: Any) -> None:
    """Insert the new ORM object `row` with one plain `INSERT … RETURNING id` and make it persistent in
    `session`, as `session.add(row); session.flush()` would, without the unit of work's flush (about a
    fifth of a `/sak ny`, cProfile). Unset attributes get their column's scalar default first, as a flush
    gives them. The row's relationships load on first use, as after a flush."""
    from sqlalchemy.orm import make_transient_to_detached

    plan = _NEW_ROWS.get(type(row)) or _new_row(type(row))
    values = {}
    for key, name, default in plan.fields:
        value = getattr(row, key)
        if value is None and default is not None:
            value = default
        if key not in row.__dict__:  # written, so known: not reloaded on first use
            setattr(row, key, value)
        values[name] = value
    ((generated,),) = plan.statement.run(session, values, autoflush=True)  # its keys may be unwritten rows
    setattr(row, plan.key, generated)
    make_transient_to_detached(row)
    session.add(row)


@dataclass(frozen=True)
class _Entity:
    cls: type
    keys: tuple[str, ...]  # the attribute of each of its columns, in the statement's order
    primary: int  # where its primary key is among them


class Load:
    """`Load(Member, Council, where=lambda select: select.join(...).where(...))`: the rows of `select` over
    every column of each class, as ORM objects persistent in the session, the way `session.execute(
    select(Member, Council)…)` gives them, at the cost of a plain statement (storage/plain.py's reason).

    For lookups on every command (the sender, the council, the next meetings). As with the ORM's own
    load, an object already in the session's identity map is the one returned, its state untouched; a new
    one has every column loaded and its relationships load on first use. Each column's value passes the
    dialect's result processor, so the objects hold exactly what the ORM would have put there.
    """

    def __init__(self, *classes: type, where: Callable[[Any], Any]) -> None:
        from sqlalchemy import Table, inspect, select

        columns: list[Any] = []
        entities = []
        for cls in classes:
            mapper: Any = inspect(cls)
            table = mapper.local_table
            assert isinstance(table, Table)
            (primary,) = table.primary_key.columns
            own = list(table.columns)
            entities.append(
                _Entity(cls, tuple(mapper.get_property_by_column(c).key for c in own), own.index(primary))
            )
            columns += own
        self._columns = tuple(columns)
        self._entities = tuple(entities)
        self._plain = Plain(where(select(*columns)))
        self._processors: dict[str, tuple[Callable[[Any], Any] | None, ...]] = {}

    def _result_processors(self, dialect: Dialect) -> tuple[Callable[[Any], Any] | None, ...]:
        try:
            return self._processors[dialect.name]
        except KeyError:
            built = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in self._columns)
            return self._processors.setdefault(dialect.name, built)

    def rows(self, session: Session, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """One tuple of objects per row (one object per class)."""
        from sqlalchemy.orm import make_transient_to_detached

        _autoflush(session)  # as the ORM's query would: what the session changed shows in the rows
        connection = session.connection()
        processors = self._result_processors(connection.dialect)
        found = []
        identity_map = session.identity_map
        for raw in self._plain.run_on(connection, params):
            values = [value if p is None else p(value) for p, value in zip(processors, raw, strict=True)]
            objects = []
            start = 0
            for entity in self._entities:
                own = values[start : start + len(entity.keys)]
                start += len(entity.keys)
                existing = identity_map.get((entity.cls, (own[entity.primary],), None))
                if existing is not None:
                    objects.append(existing)
                    continue
                manager: Any = entity.cls._sa_class_manager  # type: ignore[attr-defined]
                obj = manager.new_instance()
                obj.__dict__.update(zip(entity.keys, own, strict=True))
                make_transient_to_detached(obj)
                session.add(obj)
                objects.append(obj)
            found.append(tuple(objects))
        return found

    def first(self, session: Session, params: Mapping[str, Any]) -> Any:
        """The first row's first object, or None: the ORM's `session.scalar` of the same select."""
        rows = self.rows(session, params)
        return rows[0][0] if rows else None
