"""The Telegram adapter: the council in a Telegram group and in private chats with the bot.

`TelegramAdapter` (adapter.py) wires python-telegram-bot to the core; the rest are small pieces it uses:
text rendering (render.py), button data (callbacks.py), sending (outgoing.py), the delivery port (port.py),
who is who (identity.py), the `/sak ny` conversation (case_form.py) and keeping the token out of logs
(redact.py). `platform.py` is what the composition root reads, without importing python-telegram-bot.
See docs/telegram.md for setting up a bot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.telegram.adapter import TelegramAdapter

__all__ = ["TelegramAdapter"]


def __getattr__(name: str) -> Any:
    if name == "TelegramAdapter":
        from bot.telegram.adapter import TelegramAdapter

        return TelegramAdapter
    raise AttributeError(name)
