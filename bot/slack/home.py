"""The App Home tab: the member's overview (`handlers/overview.py`, read by `Dispatcher.overview`) as
Block Kit. Only rendering lives here; what the tab shows, and in which transaction, is the core's."""

from __future__ import annotations

import logging
from typing import Any

from bot.slack.render import VIEW_BLOCKS, actions, sections
from handlers import texts
from handlers.overview import Overview

_LOGGER = logging.getLogger(__name__)


def home_view(overview: Overview) -> dict[str, Any]:
    view_blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": texts.SLACK_HOME_HEADER}}
    ]
    for part in overview.parts:
        if part.heading:
            view_blocks.append({"type": "header", "text": {"type": "plain_text", "text": part.heading}})
        view_blocks += sections(part.text)
        view_blocks += actions(part.buttons, block_prefix=f"home_{len(view_blocks)}")
        view_blocks.append({"type": "divider"})
    return {"type": "home", "blocks": view_blocks[:VIEW_BLOCKS]}
