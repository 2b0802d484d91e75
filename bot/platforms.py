"""The platform seam: what an adapter must do, what a platform tells the composition root, and the registry.

A platform is one package (`bot/slack`, `bot/telegram`, the console in `bot/console.py`) with a light
`PLATFORM` description, importable without its framework, and an adapter made on demand. Adding one is
that package and a line in `PLATFORMS`; the configuration (`bot/config.py`), the channel bindings
(`bot/app.py`), the secrets check and `brukerrad run` (`bot/runner.py`) loop over the registry.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from aiohttp import web

    from bot.app import App
    from bot.delivery import DeliveryPort


class Adapter(Protocol):
    """One chat platform in a running process. An adapter MUST:

    - turn each platform event into an `Incoming` (`bot.chat.Event` → `Chat.incoming`), with a delivery key
      that is the same when the platform delivers the same event again, and hand it to the core through
      `App.call_core` (never open a transaction or query storage itself);
    - perform the core's answer as `bot.chat.route` says (answer here, answer privately, take a message back,
      open a form, send a file), with escaping of ALL text the core gives it;
    - deliver the outbox through `port` (`bot.delivery.DeliveryPort`), registered with `App.add_port` when
      the adapter is made (once; nothing else registers it): return the message id of each post,
      raise `DeliveryError` for what did not go out, and keep no bookkeeping of its own (the sender does);
    - add its HTTP routes in `routes` (before the server starts), connect in `start` and, in `stop`, stop
      taking events, finish the ones in hand and close its connections. `start` raises `ConfigError` for a
      secret the platform refuses, so that `brukerrad run` stops with a message naming it.
    """

    platform: str

    @property
    def port(self) -> DeliveryPort: ...

    def routes(self, web_app: web.Application) -> None: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass(frozen=True)
class Secret:
    """An environment variable a platform needs: its name, the form its service hands it out in, and what it
    is (a sentence for `check-config`, from texts.py)."""

    name: str
    form: re.Pattern[str]
    what: str


@dataclass(frozen=True)
class Platform:
    """What the composition root needs to know of a platform, without importing its framework.

    `parse` reads the platform's own table (`[slack]`) into its typed settings; `council_key` is the key in
    `[[councils]]` that binds a council to one of its channels (None: `default_channel` binds every
    council); `secrets` lists what a configuration needs from the environment; `adapter` builds the adapter
    (importing the framework then); `single_poller` says whether only one process may fetch its events
    (a PostgreSQL advisory lock or a file lock decides which, `bot/leader.py`).
    """

    name: str
    parse: Callable[[Mapping[str, Any]], Any]
    secrets: Callable[[Any], Sequence[Secret]]
    adapter: Callable[[App, Any, Mapping[str, str]], Adapter] | None
    council_key: str | None = None
    default_channel: Callable[[str], str] | None = None
    single_poller: Callable[[Any], bool] | None = None
    all_secrets: tuple[str, ...] = ()  # every variable it may read, for the log filter


# The registry: name → the module whose `PLATFORM` describes it. Modules, not objects, so that reading
# the configuration imports no framework; the descriptions themselves are light.
REGISTRY: dict[str, str] = {
    "console": "bot.console",
    "slack": "bot.slack.platform",
    "telegram": "bot.telegram.platform",
    "teams": "bot.teams.platform",
    "email": "bot.email.platform",
}


def platform(name: str) -> Platform:
    described: Platform = importlib.import_module(REGISTRY[name]).PLATFORM
    return described


def platforms() -> list[Platform]:
    return [platform(name) for name in REGISTRY]


def secret_names() -> tuple[str, ...]:
    """Every secret any platform may read: their values are kept out of every log line."""
    return tuple(name for described in platforms() for name in described.all_secrets)
