"""Slack as the composition root sees it: the `[slack]` table, the secrets, and the adapter on demand."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot import tables
from bot.platforms import Platform, Secret
from handlers import texts

if TYPE_CHECKING:
    from bot.app import App
    from bot.platforms import Adapter


@dataclass(frozen=True)
class SlackConfig:
    mode: str = "socket"  # "socket" (no public URL) or "http"
    api_base_url: str = "https://slack.com/api/"
    host: str = "127.0.0.1"
    port: int = 3000


def parse(raw: Mapping[str, Any]) -> SlackConfig:
    tables.only(raw, "[slack]", {"mode", "api_base_url", "host", "port"})
    mode = tables.choice(raw, "mode", "[slack]", ("socket", "http"))
    base = tables.text(raw, "api_base_url", "[slack]", "https://slack.com/api/")
    return SlackConfig(
        mode,
        base if base.endswith("/") else base + "/",
        tables.text(raw, "host", "[slack]", "127.0.0.1"),
        tables.port(raw, "[slack]", 3000),
    )


# The form each secret has when Slack hands it out. A value of another form is a copying mistake (a
# missing part, a space or quotes) or the wrong token (xoxp- or xapp- for the bot token).
BOT_TOKEN = Secret("SLACK_BOT_TOKEN", re.compile(r"^xoxb-[A-Za-z0-9-]+$"), texts.CLI_SECRET_WHAT["SLACK_BOT_TOKEN"])
APP_TOKEN = Secret("SLACK_APP_TOKEN", re.compile(r"^xapp-[A-Za-z0-9-]+$"), texts.CLI_SECRET_WHAT["SLACK_APP_TOKEN"])
SIGNING_SECRET = Secret(
    "SLACK_SIGNING_SECRET", re.compile(r"^[A-Za-z0-9]+$"), texts.CLI_SECRET_WHAT["SLACK_SIGNING_SECRET"]
)


def secrets(config: SlackConfig) -> Sequence[Secret]:
    """Socket Mode connects with the app token; HTTP mode checks each request with the signing secret."""
    return (BOT_TOKEN, APP_TOKEN if config.mode == "socket" else SIGNING_SECRET)


def adapter(app: App, config: SlackConfig, env: Mapping[str, str]) -> Adapter:
    from bot.slack.adapter import SlackAdapter

    return SlackAdapter(app, config, env)


PLATFORM = Platform(
    name="slack",
    parse=parse,
    secrets=secrets,
    adapter=adapter,
    council_key="slack_channel",
    all_secrets=(BOT_TOKEN.name, APP_TOKEN.name, SIGNING_SECRET.name),
)
