"""The Teams app package a Teams administrator uploads: `manifest.json` and its two icons, in one zip.

Made from the command table (`handlers/commands.py`, the same menu Slack and Telegram get) and the
`[teams]` table, by `brukerrad teams-package`. The app asks for the least Teams offers a bot that posts in a
team's channel and writes to its members: the bot in the `team` and `personal` scopes, the `identity`
and `messageTeamMembers` permissions, and no tabs, no message extensions, no files and no valid domains
(the bot shows no web page inside Teams).
"""

from __future__ import annotations

import io
import json
import zipfile
from importlib import resources
from typing import Any

from bot.teams.platform import TeamsConfig
from handlers import commands, texts

MANIFEST_VERSION = "1.17"
SCHEMA = f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
APP_VERSION = "1.0.0"
SCOPES = ["team", "personal"]
# Teams shows at most ten commands a scope; titles up to 32 characters, descriptions up to 128.
MOST_COMMANDS = 10


def command_list() -> list[dict[str, str]]:
    """The menu Teams offers under the message box: the table's offered commands and aliases."""
    return [{"title": name[:32], "description": summary[:128]} for name, summary in commands.menu()[:MOST_COMMANDS]]


def manifest(app_id: str, config: TeamsConfig) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": APP_VERSION,
        "id": app_id,
        "developer": {
            "name": config.app_name,
            "websiteUrl": config.website,
            "privacyUrl": config.website,
            "termsOfUseUrl": config.website,
        },
        "name": {"short": config.app_name[:30], "full": config.app_name[:100]},
        "description": {"short": texts.TEAMS_APP_SHORT[:80], "full": texts.TEAMS_APP_LONG[:4000]},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#004B87",
        "bots": [
            {
                "botId": app_id,
                "scopes": SCOPES,
                "isNotificationOnly": False,
                "supportsFiles": False,
                "supportsCalling": False,
                "supportsVideo": False,
                "commandLists": [{"scopes": SCOPES, "commands": command_list()}],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def package(app_id: str, config: TeamsConfig) -> bytes:
    """The zip: manifest.json, color.png (192×192) and outline.png (32×32, white on transparent)."""
    icons = resources.files("bot.teams") / "icons"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest(app_id, config), ensure_ascii=False, indent=2))
        for name in ("color.png", "outline.png"):
            archive.writestr(name, (icons / name).read_bytes())
    return buffer.getvalue()
