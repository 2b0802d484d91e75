"""E-mail as the composition root sees it: the `[email]` table, the secrets, the adapter on demand.

The table names the municipality's SMTP relay and the sender; the login (when the relay wants one) and the
key that signs the answer links come from the environment. The sender's name is the council's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot import tables
from bot.platforms import Platform, Secret
from handlers import reach, texts

if TYPE_CHECKING:
    from bot.app import App
    from bot.platforms import Adapter

SECURITY = ("starttls", "tls", "none")
_DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


@dataclass(frozen=True)
class EmailConfig:
    server: str = "localhost"
    port: int = 587
    security: str = "starttls"  # STARTTLS on the submission port; "tls" implicit TLS (465); "none" (tests)
    sender: str = ""  # the From address; its name is the council's
    reply_to: str = ""  # where a member's reply goes (the secretariat's mailbox); empty: the sender
    login: bool = True  # the relay wants SMTP_USERNAME / SMTP_PASSWORD
    public_url: str = ""  # where the bot's web server is reached, for the answer links (https://…)
    link_days: int = 30  # how long an answer link works
    timeout: int = 30  # seconds for one message, connect to QUIT
    # The CA bundle to trust for the relay's certificate (a municipality's own CA); empty: the system's.
    ca_file: str = ""


def parse(raw: Mapping[str, Any]) -> EmailConfig:
    where = "[email]"
    tables.only(
        raw,
        where,
        {"server", "port", "security", "sender", "reply_to", "login", "public_url", "link_days", "timeout", "ca_file"},
    )
    security = tables.choice(raw, "security", where, SECURITY)
    sender = tables.text(raw, "sender", where, "")
    reply_to = tables.text(raw, "reply_to", where, "")
    for key, value in (("sender", sender), ("reply_to", reply_to)):
        if value and not _is_address(value):
            raise tables.ConfigError(texts.CONFIG_EMAIL_ADDRESS.format(key=key))
    public_url = tables.text(raw, "public_url", where, "").rstrip("/")
    if public_url and not public_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise tables.ConfigError(texts.CONFIG_EMAIL_PUBLIC_URL)
    return EmailConfig(
        server=tables.text(raw, "server", where, "localhost"),
        port=tables.port(raw, where, _DEFAULT_PORTS[security]),
        security=security,
        sender=sender,
        reply_to=reply_to,
        login=tables.flag(raw, "login", where, True),
        public_url=public_url,
        link_days=_whole(raw, "link_days", 1, 366, 30),
        timeout=_whole(raw, "timeout", 1, 600, 30),
        ca_file=tables.text(raw, "ca_file", where, ""),
    )


def _whole(raw: Mapping[str, Any], key: str, least: int, most: int, default: int) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
        raise tables.ConfigError(texts.CONFIG_EMAIL_NUMBER.format(key=key, least=least, most=most))
    return value


def _is_address(value: str) -> bool:
    try:
        return reach.parse_address(value) is not None
    except Exception:
        return False


USERNAME = Secret("SMTP_USERNAME", re.compile(r"^\S{1,254}$"), texts.CLI_SECRET_WHAT["SMTP_USERNAME"])
PASSWORD = Secret("SMTP_PASSWORD", re.compile(r"^.{1,512}$"), texts.CLI_SECRET_WHAT["SMTP_PASSWORD"])
# Signs the answer links (itsdangerous): long and random, e.g. `python3 -c "import secrets;
# print(secrets.token_urlsafe(32))"`.
LINK_SECRET = Secret("EMAIL_LINK_SECRET", re.compile(r"^\S{32,}$"), texts.CLI_SECRET_WHAT["EMAIL_LINK_SECRET"])


def secrets(config: EmailConfig) -> Sequence[Secret]:
    return (LINK_SECRET, USERNAME, PASSWORD) if config.login else (LINK_SECRET,)


def adapter(app: App, config: EmailConfig, env: Mapping[str, str]) -> Adapter:
    from bot.email.adapter import EmailAdapter

    return EmailAdapter(app, config, env)


PLATFORM = Platform(
    name=reach.EMAIL,
    parse=parse,
    secrets=secrets,
    adapter=adapter,
    all_secrets=(USERNAME.name, PASSWORD.name, LINK_SECRET.name),
)
