"""TOML → typed settings, checked with errors that say where and what; secrets only from the environment.

The file holds no secrets. Tokens come from `SLACK_BOT_TOKEN`, `SLACK_APP_TOKEN`, `SLACK_SIGNING_SECRET`,
`TELEGRAM_BOT_TOKEN` and `TELEGRAM_WEBHOOK_SECRET`; `DATABASE_URL` overrides `[database] url`.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handlers import texts
from handlers.context import CouncilSettings
from storage.retention import RetentionPolicy

_LOGGER = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///data/brukerrad.db"
SECRET_ENV = (
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_NOTICE_DAYS = tuple(f.name for f in fields(CouncilSettings) if f.name.endswith("_days"))


class ConfigError(Exception):
    """A problem in the configuration file, said in Norwegian with the place it is at."""


@dataclass(frozen=True)
class CouncilConfig:
    slug: str
    name: str
    settings: CouncilSettings = field(default_factory=CouncilSettings)
    slack_channel: str | None = None
    telegram_chat: str | None = None
    console_channel: str = ""


@dataclass(frozen=True)
class SlackConfig:
    mode: str = "socket"  # "socket" (no public URL) or "http"
    api_base_url: str = "https://slack.com/api/"
    host: str = "127.0.0.1"
    port: int = 3000


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


@dataclass(frozen=True)
class Config:
    database_url: str = DEFAULT_DATABASE_URL
    councils: tuple[CouncilConfig, ...] = ()
    platforms: tuple[str, ...] = ("console",)
    slack: SlackConfig = field(default_factory=SlackConfig)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    log_format: str = "text"
    sweep_seconds: int = 60
    # One HTTP server per process serves /healthz, /readyz, /slack/events and /telegram/webhook.
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)


def load(path: str | Path | None, env: Mapping[str, str] | None = None) -> Config:
    """Read and check the file at `path` (None: defaults, one demo council)."""
    env = os.environ if env is None else env
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"Finner ikke konfigurasjonsfilen {path}.") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path} er ikke gyldig TOML: {error}. Sjekk anførselstegn og klammer.") from None
    return parse(data, env)


def parse(data: Mapping[str, Any], env: Mapping[str, str]) -> Config:
    _only(data, "", {"database", "bot", "councils", "slack", "telegram", "retention"})
    database = _table(data, "database")
    _only(database, "[database]", {"url"})
    url = env.get("DATABASE_URL") or _str(database, "url", "[database]", DEFAULT_DATABASE_URL)
    if not url.startswith(("sqlite", "postgresql")):
        raise ConfigError("[database] url må begynne med sqlite:/// eller postgresql+psycopg://.")
    bot = _table(data, "bot")
    _only(bot, "[bot]", {"platforms", "log_format", "sweep_seconds", "http_host", "http_port"})
    platforms = tuple(bot.get("platforms", ["console"]))
    for platform in platforms:
        if platform not in ("console", "slack", "telegram"):
            raise ConfigError(f"[bot] platforms: «{platform}» finnes ikke. Bruk console, slack og/eller telegram.")
    log_format = _str(bot, "log_format", "[bot]", "text")
    if log_format not in ("text", "json"):
        raise ConfigError('[bot] log_format må være "text" eller "json".')
    sweep = bot.get("sweep_seconds", 60)
    if not isinstance(sweep, int) or not 1 <= sweep <= 3600:
        raise ConfigError("[bot] sweep_seconds må være et heltall mellom 1 og 3600.")

    raw_councils = data.get("councils", [])
    if not isinstance(raw_councils, list):
        raise ConfigError("councils må skrives som [[councils]]-tabeller.")
    councils = tuple(_council(c, i) for i, c in enumerate(raw_councils, start=1))
    if not councils:
        councils = (CouncilConfig(slug="demo", name="Brukerrådet for psykisk helse og rus (demo)"),)
    slugs = [c.slug for c in councils]
    if len(set(slugs)) != len(slugs):
        raise ConfigError("To [[councils]] har samme slug. Hvert råd trenger sin egen.")

    slack = _slack(_table(data, "slack"))
    telegram = _telegram(_table(data, "telegram"))
    http_host = _str(bot, "http_host", "[bot]", "127.0.0.1")
    http_port = bot.get("http_port", 8080)
    if not isinstance(http_port, int) or not 1 <= http_port <= 65535:
        raise ConfigError("[bot] http_port må være et tall mellom 1 og 65535.")
    retention = _retention(_table(data, "retention"))
    return Config(
        url, councils, platforms, slack, telegram, log_format, sweep, http_host, http_port, retention=retention
    )


# Lower bounds: delivery keys must outlive a platform's repeats (Telegram keeps an update up to 24 hours);
# the audit log must cover at least the year the council looks back on in its June evaluation.
_RETENTION_MIN = {"reason_days": 1, "message_days": 1, "delivery_key_days": 2, "audit_days": 365, "invite_days": 1}
_RETENTION_MAX = 36500


def _retention(raw: Mapping[str, Any]) -> RetentionPolicy:
    _only(raw, "[retention]", set(_RETENTION_MIN))
    values: dict[str, int] = {}
    for key, lowest in _RETENTION_MIN.items():
        if key in raw:
            value = raw[key]
            if not isinstance(value, int) or isinstance(value, bool) or not lowest <= value <= _RETENTION_MAX:
                raise ConfigError(
                    f"[retention] {key} må være et helt antall dager mellom {lowest} og {_RETENTION_MAX}."
                )
            values[key] = value
    policy = RetentionPolicy(**values)
    # A message can repeat a reason (the note to the leader about a conflict of interest quotes it).
    if policy.message_days > policy.reason_days:
        raise ConfigError(
            "[retention] message_days kan ikke være større enn reason_days: meldinger kan gjengi grunner "
            "for forfall og inhabilitet, og de skal ikke leve lenger enn grunnene selv."
        )
    return policy


def _council(raw: Any, index: int) -> CouncilConfig:
    where = f"[[councils]] nr. {index}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} må være en tabell.")
    _only(raw, where, {"slug", "name", "timezone", "notices", "slack_channel", "telegram_chat", "declaration_file"})
    slug = _str(raw, "slug", where, "")
    if not _SLUG.match(slug):
        raise ConfigError(f'{where}: slug må være små bokstaver, tall og bindestrek, for eksempel "trondheim-phr".')
    name = _str(raw, "name", where, "")
    if not name:
        raise ConfigError(f"{where}: name mangler (rådets navn slik medlemmene ser det).")
    timezone = _str(raw, "timezone", where, "Europe/Oslo")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f'{where}: tidssonen «{timezone}» finnes ikke. Bruk for eksempel "Europe/Oslo".') from None
    values: dict[str, Any] = {"timezone": timezone}
    notices = raw.get("notices", {})
    if not isinstance(notices, dict):
        raise ConfigError(f"{where}: notices må være en tabell.")
    _only(notices, f"{where} notices", {"post_time", *_NOTICE_DAYS})
    for key in _NOTICE_DAYS:
        if key in notices:
            value = notices[key]
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 366:
                raise ConfigError(f"{where} notices.{key} må være et helt antall dager mellom 0 og 366.")
            values[key] = value
    if "post_time" in notices:
        values["post_time"] = _time(notices["post_time"], f"{where} notices.post_time")
    if "declaration_file" in raw:
        path = Path(_str(raw, "declaration_file", where, ""))
        try:
            values["declaration_text"] = path.read_text(encoding="utf-8").strip()
        except OSError:
            raise ConfigError(f"{where}: finner ikke declaration_file {path}.") from None
    settings = CouncilSettings(**values)
    if settings.deadline_days >= settings.call_for_cases_days and settings.call_for_cases_days:
        raise ConfigError(f"{where}: fristen (deadline_days) må komme etter innkallingen (call_for_cases_days).")
    return CouncilConfig(
        slug=slug,
        name=name,
        settings=settings,
        slack_channel=_opt(raw, "slack_channel", where),
        telegram_chat=_opt(raw, "telegram_chat", where),
    )


def _slack(raw: Mapping[str, Any]) -> SlackConfig:
    _only(raw, "[slack]", {"mode", "api_base_url", "host", "port"})
    mode = _str(raw, "mode", "[slack]", "socket")
    if mode not in ("socket", "http"):
        raise ConfigError('[slack] mode må være "socket" eller "http".')
    base = _str(raw, "api_base_url", "[slack]", "https://slack.com/api/")
    return SlackConfig(
        mode,
        base if base.endswith("/") else base + "/",
        _str(raw, "host", "[slack]", "127.0.0.1"),
        _port(raw, "[slack]", 3000),
    )


def _telegram(raw: Mapping[str, Any]) -> TelegramConfig:
    _only(raw, "[telegram]", {"mode", "base_url", "webhook_url", "host", "port", "bot_username", "rate_limit"})
    mode = _str(raw, "mode", "[telegram]", "polling")
    if mode not in ("polling", "webhook"):
        raise ConfigError('[telegram] mode må være "polling" eller "webhook".')
    webhook_url = _str(raw, "webhook_url", "[telegram]", "")
    if mode == "webhook" and not webhook_url.startswith("https://"):
        raise ConfigError('[telegram] webhook_url må være en https-adresse når mode = "webhook".')
    return TelegramConfig(
        mode,
        _str(raw, "base_url", "[telegram]", "https://api.telegram.org/bot"),
        webhook_url,
        _str(raw, "host", "[telegram]", "127.0.0.1"),
        _port(raw, "[telegram]", 8443),
        _str(raw, "bot_username", "[telegram]", ""),
        _bool(raw, "rate_limit", "[telegram]", True),
    )


# The form each secret has when its service hands it out. A value of another form is a copying mistake
# (a missing part, a space or quotes) or the wrong token (xoxp- or xapp- for the bot token).
SECRET_FORMS = {
    "SLACK_BOT_TOKEN": re.compile(r"^xoxb-[A-Za-z0-9-]+$"),
    "SLACK_APP_TOKEN": re.compile(r"^xapp-[A-Za-z0-9-]+$"),
    "SLACK_SIGNING_SECRET": re.compile(r"^[A-Za-z0-9]+$"),
    "TELEGRAM_BOT_TOKEN": re.compile(r"^[0-9]+:[A-Za-z0-9_-]+$"),
    "TELEGRAM_WEBHOOK_SECRET": re.compile(r"^[A-Za-z0-9_-]{1,256}$"),  # what Telegram accepts as secret_token
}


def needed_secrets(config: Config) -> list[str]:
    """The environment variables the configured platforms need, in the mode each runs in."""
    names: list[str] = []
    if "slack" in config.platforms:
        names += ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN" if config.slack.mode == "socket" else "SLACK_SIGNING_SECRET"]
    if "telegram" in config.platforms:
        names += ["TELEGRAM_BOT_TOKEN"] + (["TELEGRAM_WEBHOOK_SECRET"] if config.telegram.mode == "webhook" else [])
    return names


def secret_problems(config: Config, env: Mapping[str, str] | None = None) -> list[str]:
    """One sentence per needed secret that is missing or of the wrong form, naming it, never its value."""
    env = os.environ if env is None else env
    problems: list[str] = []
    for name in needed_secrets(config):
        value = env.get(name, "")
        if not value:
            problems.append(texts.CLI_SECRET_MISSING.format(name=name, what=texts.CLI_SECRET_WHAT[name]))
        elif not SECRET_FORMS[name].match(value):
            problems.append(texts.CLI_SECRET_MALFORMED.format(name=name, what=texts.CLI_SECRET_WHAT[name]))
    return problems


def check_secrets(config: Config, env: Mapping[str, str] | None = None) -> None:
    """The platforms `brukerrad run` starts need their secrets in the environment. Only running needs them:
    the console, export and import work with the same file and no tokens."""
    problems = secret_problems(config, env)
    if problems:
        raise ConfigError("\n".join([*problems, texts.CLI_SECRETS_FROM_ENV]))


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{key}] må være en tabell.")
    return value


def _only(data: Mapping[str, Any], where: str, allowed: set[str]) -> None:
    for key in data:
        if key not in allowed:
            place = f"{where}: " if where else ""
            secret = " Hemmeligheter skal i miljøvariabler, ikke i filen." if "token" in key or "secret" in key else ""
            raise ConfigError(f"{place}ukjent nøkkel «{key}». Tillatt: {', '.join(sorted(allowed))}.{secret}")


def _str(data: Mapping[str, Any], key: str, where: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{where} {key} må være tekst i anførselstegn.")
    return value


def _bool(data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{where} {key} må være true eller false.")
    return value


def _opt(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, int):
        return str(value)
    return _str(data, key, where, "")


def _port(data: Mapping[str, Any], where: str, default: int) -> int:
    value = data.get("port", default)
    if not isinstance(value, int) or not 1 <= value <= 65535:
        raise ConfigError(f"{where} port må være et tall mellom 1 og 65535.")
    return value


def _time(value: Any, where: str) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str) and re.match(r"^\d{1,2}:\d{2}$", value):
        hours, minutes = (int(p) for p in value.split(":"))
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise ConfigError(f'{where} må være et klokkeslett som "09:00".')
