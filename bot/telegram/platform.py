"""Telegram as the composition root sees it: the `[telegram]` table, the secrets, the adapter on demand."""

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
class TelegramConfig:
    mode: str = "polling"  # "polling" or "webhook"
    base_url: str = "https://api.telegram.org/bot"
    webhook_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8443
    bot_username: str = ""
    # Telegram's own limits (about 20 messages a minute per group). Turn off only for load tests against
    # a local or fake Bot API server; a real Telegram would answer 429 instead.
    rate_limit: bool = True


def parse(raw: Mapping[str, Any]) -> TelegramConfig:
    where = "[telegram]"
    tables.only(raw, where, {"mode", "base_url", "webhook_url", "host", "port", "bot_username", "rate_limit"})
    mode = tables.choice(raw, "mode", where, ("polling", "webhook"))
    webhook_url = tables.text(raw, "webhook_url", where, "")
    if mode == "webhook" and not webhook_url.startswith("https://"):
        raise tables.ConfigError(texts.CONFIG_TG_WEBHOOK_URL)
    return TelegramConfig(
        mode,
        tables.text(raw, "base_url", where, "https://api.telegram.org/bot"),
        webhook_url,
        tables.text(raw, "host", where, "127.0.0.1"),
        tables.port(raw, where, 8443),
        tables.text(raw, "bot_username", where, ""),
        tables.flag(raw, "rate_limit", where, True),
    )


BOT_TOKEN = Secret(
    "TELEGRAM_BOT_TOKEN", re.compile(r"^[0-9]+:[A-Za-z0-9_-]+$"), texts.CLI_SECRET_WHAT["TELEGRAM_BOT_TOKEN"]
)
# What Telegram accepts as a webhook's secret_token.
WEBHOOK_SECRET = Secret(
    "TELEGRAM_WEBHOOK_SECRET", re.compile(r"^[A-Za-z0-9_-]{1,256}$"), texts.CLI_SECRET_WHAT["TELEGRAM_WEBHOOK_SECRET"]
)


def secrets(config: TelegramConfig) -> Sequence[Secret]:
    return (BOT_TOKEN, WEBHOOK_SECRET) if config.mode == "webhook" else (BOT_TOKEN,)


def adapter(app: App, config: TelegramConfig, env: Mapping[str, str]) -> Adapter:
    from bot.telegram.adapter import TelegramAdapter

    limiter = None
    if not config.rate_limit:
        from telegram.ext import AIORateLimiter

        limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
    return TelegramAdapter(app, config, env, rate_limiter=limiter)


def single_poller(config: TelegramConfig) -> bool:
    """Telegram hands a bot's updates to one getUpdates caller at a time (a second gets 409 Conflict)."""
    return config.mode == "polling"


PLATFORM = Platform(
    name="telegram",
    parse=parse,
    secrets=secrets,
    adapter=adapter,
    council_key="telegram_chat",
    single_poller=single_poller,
    all_secrets=(BOT_TOKEN.name, WEBHOOK_SECRET.name),
)
