"""Logging: plain text or one JSON object per line, with every secret scrubbed before it is written.

Tokens travel in URLs (Telegram puts the bot token in every request path), so a library's debug line can
carry one; the filter replaces the values of the secret environment variables wherever they appear.
Case text is never logged by our code; handlers log ids and verbs only. An exception's message may quote
what a person typed (PostgreSQL's `DETAIL: Key (…)=(…)`, `invalid input syntax … "…"`), so every traceback,
ours or a library's, is written as `handlers.faults.safe_traceback` renders it: types, codes and frames.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from bot.platforms import secret_names
from handlers import faults

_LOGGER = logging.getLogger(__name__)

REDACTED = "[skjult]"
# Libraries whose DEBUG lines carry message contents (python-telegram-bot's updates, Bolt's request bodies,
# slack_sdk's API payloads, aiohttp's and httpcore's request data).
PAYLOAD_LOGGERS = ("telegram", "slack_bolt", "slack_sdk", "aiohttp", "httpcore", "apscheduler")


class SecretFilter(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:  # always ours, even if another handler formatted the record first
            record.exc_text = _safe_exception(record.exc_info)
        if self._secrets:
            record.msg = self.scrub(record.getMessage())
            record.args = None
            if record.exc_text:
                record.exc_text = self.scrub(record.exc_text)
        return True


def _no_library_debug(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.INFO or record.name.split(".", 1)[0] not in PAYLOAD_LOGGERS


def _safe_exception(exc_info: Any) -> str:
    error = exc_info[1] if isinstance(exc_info, tuple) else None
    if not isinstance(error, BaseException):
        return ""
    return f"{faults.describe(error)}\n{faults.safe_traceback(error)}"


class TextFormatter(logging.Formatter):
    """The plain format, with tracebacks that carry no exception messages (see the module docstring)."""

    def formatException(self, ei: Any) -> str:
        return _safe_exception(ei)


class JsonFormatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:
        return _safe_exception(ei)

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info or record.exc_text:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(log_format: str = "text", level: int = logging.INFO, env: Mapping[str, str] | None = None) -> None:
    env = os.environ if env is None else env
    handler = logging.StreamHandler()
    handler.addFilter(SecretFilter(env.get(name, "") for name in secret_names()))
    # At DEBUG these libraries log whole updates, request bodies and API payloads: what a person typed.
    # Our own loggers may go to DEBUG; theirs are written from INFO up only.
    handler.addFilter(_no_library_debug)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, with the Telegram token in it.
    logging.getLogger("httpx").setLevel(logging.WARNING)

