"""Keep the bot token out of the logs.

The Bot API puts the token in every URL, and libraries log URLs: httpx logs each request at INFO, and
python-telegram-bot logs its API URL at DEBUG when the bot is built. A filter on exactly those loggers
replaces the token before any handler sees the record, without touching the process's logging setup.
"""

from __future__ import annotations

import logging

_LOGGER = logging.getLogger(__name__)

# Loggers known to write URLs with the token in them (httpx per request; PTB when the bot is created).
URL_LOGGERS = ("httpx", "httpcore", "telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater")
MASK = "<TELEGRAM_BOT_TOKEN>"


class RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._token:
            return True
        message = record.getMessage()
        if self._token in message:
            record.msg = message.replace(self._token, MASK)
            record.args = None
        return True

    def install(self) -> None:
        for name in URL_LOGGERS:
            logging.getLogger(name).addFilter(self)

    def remove(self) -> None:
        for name in URL_LOGGERS:
            logging.getLogger(name).removeFilter(self)
