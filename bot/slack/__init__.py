"""The council in Slack (slack-bolt): Socket Mode or HTTP, rendered Block Kit, and a delivery port.

`platform.py` is what the composition root reads (light); `SlackAdapter` imports slack-bolt, so it is
imported only when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.slack.adapter import SlackAdapter

__all__ = ["SlackAdapter"]


def __getattr__(name: str) -> Any:
    if name == "SlackAdapter":
        from bot.slack.adapter import SlackAdapter

        return SlackAdapter
    raise AttributeError(name)
