"""What a log line may say about a failure: its kind, its reference and where it happened; never its message.

An exception's message can carry what a person typed: PostgreSQL's `DETAIL: Key (…)=(…) already exists` and
`Failing row contains (…)`, `invalid input syntax for type integer: "…"`, Python's own `invalid literal for
int(): '…'`. So a failure is described by its types (the whole chain), the database's error code and
constraint name, the SQL statement as written in the code (its parameters are never in it), and the stack of
frames (file, line, function and source line: code, not data).
"""

from __future__ import annotations

import logging
import secrets
import traceback

from sqlalchemy import exc

_LOGGER = logging.getLogger(__name__)

# How much of a statement's SQL a log line shows: enough to tell which one it was.
STATEMENT_MAX = 300


def reference() -> str:
    """A short code a person can quote to whoever reads the log (`INTERNAL_ERROR` shows it)."""
    return secrets.token_hex(3).upper()


def describe(error: BaseException) -> str:
    """One line: the exception types of the chain and, for a database error, its code and constraint."""
    parts: list[str] = []
    for link in _chain(error):
        part = _type_name(link)
        if isinstance(link, exc.StatementError) and link.statement:
            sql = " ".join(link.statement.split())
            part += f" [SQL: {sql[:STATEMENT_MAX]}{'…' if len(sql) > STATEMENT_MAX else ''}]"
        code = _database_code(link)
        if code:
            part += f" ({code})"
        parts.append(part)
    return " <- ".join(parts)


def safe_traceback(error: BaseException) -> str:
    """The stack of every exception in the chain, each headed by its type only (see the module docstring)."""
    blocks: list[str] = []
    for link in reversed(_chain(error)):
        frames = "".join(traceback.format_tb(link.__traceback__)) if link.__traceback__ else ""
        blocks.append(f"Traceback (most recent call last):\n{frames}{_type_name(link)} (message not logged)")
    return "\n\nwhich caused:\n\n".join(blocks)


def is_retryable(error: BaseException) -> bool:
    """A failure that running the same command again in a new transaction can resolve: a unique key that
    another transaction took first (check-then-insert), a PostgreSQL serialization failure or deadlock."""
    if isinstance(error, exc.IntegrityError):
        return True
    if isinstance(error, exc.DBAPIError):
        return getattr(error.orig, "sqlstate", None) in {"40001", "40P01"}
    return False


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and what caused it, outermost first (bounded, in case of a cycle)."""
    chain: list[BaseException] = []
    link: BaseException | None = error
    while link is not None and link not in chain and len(chain) < 10:
        chain.append(link)
        link = link.__cause__ or (None if link.__suppress_context__ else link.__context__)
    return chain


def _type_name(error: BaseException) -> str:
    kind = type(error)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def _database_code(error: BaseException) -> str:
    """psycopg's SQLSTATE and constraint name, or SQLite's error name: codes and names, never values."""
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str):
        diag = getattr(error, "diag", None)
        constraint = getattr(diag, "constraint_name", None) if diag is not None else None
        return f"sqlstate {sqlstate}" + (f", constraint {constraint}" if constraint else "")
    name = getattr(error, "sqlite_errorname", None)
    return str(name) if isinstance(name, str) else ""
