"""Reading one table of the configuration file, with errors that say where and what (in Norwegian).

Shared by `bot/config.py` and by each platform's own `platform.py`, which parses its `[slack]`,
`[telegram]`, … table itself: adding a platform adds its table without editing the configuration code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers import texts


class ConfigError(Exception):
    """A problem in the configuration file, said in Norwegian with the place it is at."""


def table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(texts.CONFIG_NOT_A_TABLE.format(key=key))
    return value


def only(data: Mapping[str, Any], where: str, allowed: set[str]) -> None:
    """Refuse a key the table does not have (a typo would otherwise be ignored), and a secret in the file."""
    for key in data:
        if key not in allowed:
            place = f"{where}: " if where else ""
            secret = f" {texts.CONFIG_SECRETS_IN_ENV}" if any(w in key for w in ("token", "secret", "password")) else ""
            raise ConfigError(
                texts.CONFIG_UNKNOWN_KEY.format(place=place, key=key, allowed=", ".join(sorted(allowed))) + secret
            )


def text(data: Mapping[str, Any], key: str, where: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(texts.CONFIG_NOT_TEXT.format(where=where, key=key))
    return value


def flag(data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(texts.CONFIG_NOT_BOOL.format(where=where, key=key))
    return value


def optional(data: Mapping[str, Any], key: str, where: str) -> str | None:
    """A channel id: text, or a number (a Telegram group id written without quotes)."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text(data, key, where, "")


def port(data: Mapping[str, Any], where: str, default: int, key: str = "port") -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 65535:
        raise ConfigError(texts.CONFIG_PORT.format(where=where, key=key))
    return value


def choice(data: Mapping[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> str:
    """One of `allowed` (the first is the default)."""
    value = text(data, key, where, allowed[0])
    if value not in allowed:
        options = " eller ".join(f'"{option}"' for option in allowed)
        raise ConfigError(texts.CONFIG_CHOICE.format(where=where, key=key, options=options))
    return value
