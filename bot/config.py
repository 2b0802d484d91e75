"""TOML → typed settings, checked with errors that say where and what; secrets only from the environment.

The file holds no secrets: each platform names the environment variables it reads (`bot/platforms.py`,
`Platform.secrets`); `DATABASE_URL` overrides `[database] url`. Each platform parses its own table
(`[slack]`, `[telegram]`, …) and names the `[[councils]]` key that binds a council to one of its channels,
so this module knows no platform by name.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import platforms as registry
from bot.documents import DocumentSettings
from bot.tables import ConfigError, choice, flag, only, optional, port, table, text
from handlers import texts
from handlers.context import CouncilSettings
from handlers.profiles import PROFILES, Profile
from storage.retention import RetentionPolicy

__all__ = ["Config", "ConfigError", "CouncilConfig", "load", "parse", "profile_named", "with_profile"]

_LOGGER = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///data/brukerrad.db"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_NOTICE_DAYS = tuple(f.name for f in fields(CouncilSettings) if f.name.endswith("_days"))
_COUNCIL_KEYS = {"slug", "name", "timezone", "notices", "declaration_file", "profile"}


@dataclass(frozen=True)
class CouncilConfig:
    slug: str
    name: str
    settings: CouncilSettings = field(default_factory=CouncilSettings)
    # Platform → the council's channel there (`slack_channel = "C0…"` in the file is {"slack": "C0…"}).
    channels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    database_url: str = DEFAULT_DATABASE_URL
    councils: tuple[CouncilConfig, ...] = ()
    platforms: tuple[str, ...] = ("console",)
    # Platform → its typed settings, as its `Platform.parse` read them from its table.
    platform_settings: Mapping[str, Any] = field(default_factory=dict)
    log_format: str = "text"
    sweep_seconds: int = 60
    # One HTTP server per process serves /healthz, /readyz and the platforms' routes (/slack/events, …).
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    documents: DocumentSettings = field(default_factory=DocumentSettings)
    # `[web] public = true`: the public meeting pages on the HTTP server (bot/public.py); off by default.
    public_pages: bool = False

    def settings_of(self, platform: str) -> Any:
        """The platform's own settings (its defaults when its table is absent)."""
        if platform in self.platform_settings:
            return self.platform_settings[platform]
        return registry.platform(platform).parse({})


def load(path: str | Path | None, env: Mapping[str, str] | None = None) -> Config:
    """Read and check the file at `path` (None: defaults, one demo council)."""
    env = os.environ if env is None else env
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(texts.CONFIG_NO_FILE.format(path=path)) from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(texts.CONFIG_NOT_TOML.format(path=path, error=error)) from None
    return parse(data, env)


def parse(data: Mapping[str, Any], env: Mapping[str, str]) -> Config:
    known = registry.platforms()
    only(data, "", {"database", "bot", "councils", "retention", "documents", "web", *(p.name for p in known)})
    database = table(data, "database")
    only(database, "[database]", {"url"})
    url = env.get("DATABASE_URL") or text(database, "url", "[database]", DEFAULT_DATABASE_URL)
    if not url.startswith(("sqlite", "postgresql")):
        raise ConfigError(texts.CONFIG_DATABASE_URL)
    bot = table(data, "bot")
    only(bot, "[bot]", {"platforms", "log_format", "sweep_seconds", "http_host", "http_port"})
    platforms = tuple(bot.get("platforms", ["console"]))
    for name in platforms:
        if name not in registry.REGISTRY:
            raise ConfigError(texts.CONFIG_UNKNOWN_PLATFORM.format(name=name, known=_and_or(list(registry.REGISTRY))))
    log_format = choice(bot, "log_format", "[bot]", ("text", "json"))
    sweep = bot.get("sweep_seconds", 60)
    if not isinstance(sweep, int) or not 1 <= sweep <= 3600:
        raise ConfigError(texts.CONFIG_SWEEP)

    raw_councils = data.get("councils", [])
    if not isinstance(raw_councils, list):
        raise ConfigError(texts.CONFIG_COUNCILS_NOT_LIST)
    councils = tuple(_council(c, i, known) for i, c in enumerate(raw_councils, start=1))
    if not councils:
        councils = (CouncilConfig(slug="demo", name=texts.CONFIG_DEMO_COUNCIL),)
    slugs = [c.slug for c in councils]
    if len(set(slugs)) != len(slugs):
        raise ConfigError(texts.CONFIG_SAME_SLUG)

    # Every platform's table is checked, configured or not: a mistake shows before the day it is switched on.
    settings = {p.name: p.parse(table(data, p.name)) for p in known}
    http_host = text(bot, "http_host", "[bot]", "127.0.0.1")
    http_port = port(bot, "[bot]", 8080, key="http_port")
    retention = _retention(table(data, "retention"))
    web = table(data, "web")
    only(web, "[web]", {"public"})
    return Config(
        url,
        councils,
        platforms,
        settings,
        log_format,
        sweep,
        http_host,
        http_port,
        retention=retention,
        documents=_documents(table(data, "documents")),
        public_pages=flag(web, "public", "[web]", False),
    )


def _documents(raw: Mapping[str, Any]) -> DocumentSettings:
    only(raw, "[documents]", {"letterhead"})
    letterhead = optional(raw, "letterhead", "[documents]")
    if letterhead is None:
        return DocumentSettings()
    path = Path(letterhead)
    if path.suffix.lower() != ".docx" or not path.is_file():
        raise ConfigError(texts.CONFIG_LETTERHEAD.format(path=path))
    return DocumentSettings(letterhead=path)


# Lower bounds: delivery keys must outlive a platform's repeats (Telegram keeps an update up to 24 hours);
# the audit log must cover at least the year the council looks back on in its June evaluation.
_RETENTION_MIN = {"reason_days": 1, "message_days": 1, "delivery_key_days": 2, "audit_days": 365, "invite_days": 1}
_RETENTION_MAX = 36500


def _retention(raw: Mapping[str, Any]) -> RetentionPolicy:
    only(raw, "[retention]", set(_RETENTION_MIN))
    values: dict[str, int] = {}
    for key, lowest in _RETENTION_MIN.items():
        if key in raw:
            value = raw[key]
            if not isinstance(value, int) or isinstance(value, bool) or not lowest <= value <= _RETENTION_MAX:
                raise ConfigError(texts.CONFIG_RETENTION_DAYS.format(key=key, lowest=lowest, most=_RETENTION_MAX))
            values[key] = value
    policy = RetentionPolicy(**values)
    # A message can repeat a reason (the note to the leader about a conflict of interest quotes it).
    if policy.message_days > policy.reason_days:
        raise ConfigError(texts.CONFIG_MESSAGES_OUTLIVE_REASONS)
    return policy


def _council(raw: Any, index: int, known: list[registry.Platform]) -> CouncilConfig:
    where = texts.CONFIG_COUNCIL_WHERE.format(index=index)
    if not isinstance(raw, dict):
        raise ConfigError(texts.CONFIG_COUNCIL_NOT_TABLE.format(where=where))
    channel_keys = {p.council_key: p.name for p in known if p.council_key}
    only(raw, where, _COUNCIL_KEYS | set(channel_keys))
    slug = text(raw, "slug", where, "")
    if not _SLUG.match(slug):
        raise ConfigError(texts.CONFIG_SLUG.format(where=where))
    name = text(raw, "name", where, "")
    if not name:
        raise ConfigError(texts.CONFIG_NO_NAME.format(where=where))
    timezone = text(raw, "timezone", where, "Europe/Oslo")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(texts.CONFIG_TIMEZONE.format(where=where, timezone=timezone)) from None
    profile = profile_named(text(raw, "profile", where, "brukerrad"))
    values: dict[str, Any] = {"timezone": timezone, "profile": profile, **profile_days(profile)}
    notices = raw.get("notices", {})
    if not isinstance(notices, dict):
        raise ConfigError(texts.CONFIG_NOTICES_NOT_TABLE.format(where=where))
    only(notices, f"{where} notices", {"post_time", *_NOTICE_DAYS})
    for key in _NOTICE_DAYS:
        if key in notices:
            value = notices[key]
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 366:
                raise ConfigError(texts.CONFIG_NOTICE_DAYS.format(where=where, key=key))
            values[key] = value
    if "post_time" in notices:
        values["post_time"] = _time(notices["post_time"], f"{where} notices.post_time")
    if "declaration_file" in raw:
        path = Path(text(raw, "declaration_file", where, ""))
        try:
            values["declaration_text"] = path.read_text(encoding="utf-8").strip()
        except OSError:
            raise ConfigError(texts.CONFIG_NO_DECLARATION.format(where=where, path=path)) from None
    settings = CouncilSettings(**values)
    if settings.deadline_days >= settings.call_for_cases_days and settings.call_for_cases_days:
        raise ConfigError(texts.CONFIG_DEADLINE_ORDER.format(where=where))
    channels: dict[str, str] = {}
    for described in known:
        channel = None
        if described.council_key is not None:
            channel = optional(raw, described.council_key, where)
        if channel is None and described.default_channel is not None:
            channel = described.default_channel(slug)
        if channel is not None:
            channels[described.name] = channel
    return CouncilConfig(slug=slug, name=name, settings=settings, channels=channels)


def profile_named(key: str) -> Profile:
    """The profile `key` names (`profile = "eldrerad"`, `--profil eldrerad`), or a refusal listing them all."""
    if key not in PROFILES:
        raise ConfigError(texts.PROFILE_UNKNOWN.format(key=key, known=", ".join(PROFILES)))
    return PROFILES[key]


def profile_days(profile: Profile) -> dict[str, int]:
    """The notice offsets a council of this kind starts from; `[councils.notices]` overrides each."""
    return {
        "call_for_cases_days": profile.call_for_cases_days,
        "deadline_days": profile.deadline_days,
        "untriaged_days": profile.untriaged_days,
        "agenda_days": profile.agenda_days,
    }


def with_profile(config: Config, slug: str, key: str) -> Config:
    """`brukerrad demo --profil KEY`: the council `slug` as a council of that kind (the file's own notice
    days give way to the profile's). The built-in demo council is also named after it."""
    profile = profile_named(key)
    councils = []
    for council in config.councils:
        if council.slug == slug:
            days: dict[str, Any] = dict(profile_days(profile))
            settings = replace(council.settings, profile=profile, **days)
            name = council.name
            if name == texts.CONFIG_DEMO_COUNCIL and key != "brukerrad":
                name = texts.PROFILE_DEMO_COUNCIL.format(council_title=profile.council_title)
            council = replace(council, name=name, settings=settings)
        councils.append(council)
    return replace(config, councils=tuple(councils))


def needed_secrets(config: Config) -> list[registry.Secret]:
    """The environment variables the configured platforms need, in the mode each runs in."""
    return [secret for name in config.platforms for secret in registry.platform(name).secrets(config.settings_of(name))]


def secret_problems(config: Config, env: Mapping[str, str] | None = None) -> list[str]:
    """One sentence per needed secret that is missing or of the wrong form, naming it, never its value."""
    env = os.environ if env is None else env
    problems: list[str] = []
    for secret in needed_secrets(config):
        value = env.get(secret.name, "")
        if not value:
            problems.append(texts.CLI_SECRET_MISSING.format(name=secret.name, what=secret.what))
        elif not secret.form.match(value):
            problems.append(texts.CLI_SECRET_MALFORMED.format(name=secret.name, what=secret.what))
    return problems


def check_secrets(config: Config, env: Mapping[str, str] | None = None) -> None:
    """The platforms `brukerrad run` starts need their secrets in the environment. Only running needs them:
    the console, export and import work with the same file and no tokens."""
    problems = secret_problems(config, env)
    if problems:
        raise ConfigError("\n".join([*problems, texts.CLI_SECRETS_FROM_ENV]))


def _and_or(names: list[str]) -> str:
    """«console, slack og/eller telegram»."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og/eller {names[-1]}"


def _time(value: Any, where: str) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str) and re.match(r"^\d{1,2}:\d{2}$", value):
        hours, minutes = (int(p) for p in value.split(":"))
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise ConfigError(texts.CONFIG_TIME.format(where=where))
