"""The Microsoft Teams adapter: the council in a Teams channel and in personal chats with the bot.

Built on the Microsoft 365 Agents SDK (`microsoft-agents-hosting-aiohttp`): `TeamsAdapter` (adapter.py)
serves `/api/messages` on the bot's own web server and turns activities into the core's events; the rest
are small pieces it uses: checking each request's token (auth.py), Adaptive Cards (cards.py), the
delivery port with proactive messages (port.py) and the app package (manifest.py). `platform.py` is what
the composition root reads, without importing the SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.teams.adapter import TeamsAdapter

__all__ = ["TeamsAdapter"]


def __getattr__(name: str) -> Any:
    if name == "TeamsAdapter":
        from bot.teams.adapter import TeamsAdapter

        return TeamsAdapter
    raise AttributeError(name)
