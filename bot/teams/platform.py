"""Teams as the composition root sees it: the `[teams]` table, the secrets, the adapter on demand."""

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

# Where the Bot Connector's signing keys are published (its OpenID configuration names the key set).
BOT_FRAMEWORK_OPENID = "https://login.botframework.com/v1/.well-known/openidconfiguration"
# The hosts Teams' service URLs live on (the SDK's own list for the Bot Connector and Teams).
MICROSOFT_SERVICE_HOSTS = ("botframework.com", "smba.trafficmanager.net", "teams.microsoft.com")


@dataclass(frozen=True)
class TeamsConfig:
    # The OpenID configuration whose keys sign every request Teams makes to the bot; only tests change it.
    openid_metadata: str = BOT_FRAMEWORK_OPENID
    # Service URLs the bot will send to: a request naming any other is refused (it could send the bot's
    # answers anywhere). Plain http only for a loopback host (a local fake connector).
    service_hosts: tuple[str, ...] = MICROSOFT_SERVICE_HOSTS
    # The app's name and short description in the Teams app package (`brukerrad teams-package`).
    app_name: str = "Brukerrådet"
    website: str = "https://www.trondheim.kommune.no/"


def parse(raw: Mapping[str, Any]) -> TeamsConfig:
    where = "[teams]"
    tables.only(raw, where, {"openid_metadata", "service_hosts", "app_name", "website"})
    hosts = raw.get("service_hosts", list(MICROSOFT_SERVICE_HOSTS))
    if not isinstance(hosts, list) or not hosts or not all(isinstance(h, str) and h.strip() for h in hosts):
        raise tables.ConfigError(texts.CONFIG_TEAMS_HOSTS)
    metadata = tables.text(raw, "openid_metadata", where, BOT_FRAMEWORK_OPENID)
    if not (metadata.startswith("https://") or _loopback_url(metadata)):
        raise tables.ConfigError(texts.CONFIG_TEAMS_METADATA)
    website = tables.text(raw, "website", where, TeamsConfig.website)
    if not website.startswith("https://"):
        raise tables.ConfigError(texts.CONFIG_TEAMS_WEBSITE)
    return TeamsConfig(
        metadata,
        tuple(h.strip().lower() for h in hosts),
        tables.text(raw, "app_name", where, TeamsConfig.app_name),
        website,
    )


def _loopback_url(url: str) -> bool:
    return url.startswith(("http://127.0.0.1:", "http://localhost:", "http://[::1]:"))


_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
APP_ID = Secret("TEAMS_APP_ID", _GUID, texts.CLI_SECRET_WHAT["TEAMS_APP_ID"])
TENANT_ID = Secret("TEAMS_TENANT_ID", _GUID, texts.CLI_SECRET_WHAT["TEAMS_TENANT_ID"])
APP_PASSWORD = Secret(
    "TEAMS_APP_PASSWORD", re.compile(r"^[A-Za-z0-9~._-]{16,}$"), texts.CLI_SECRET_WHAT["TEAMS_APP_PASSWORD"]
)


def secrets(config: TeamsConfig) -> Sequence[Secret]:
    return (APP_ID, TENANT_ID, APP_PASSWORD)


def adapter(app: App, config: TeamsConfig, env: Mapping[str, str]) -> Adapter:
    from bot.teams.adapter import TeamsAdapter

    return TeamsAdapter(app, config, env)


PLATFORM = Platform(
    name="teams",
    parse=parse,
    secrets=secrets,
    adapter=adapter,
    council_key="teams_channel",
    all_secrets=(APP_PASSWORD.name,),
)
