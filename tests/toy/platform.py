"""The toy platform as the composition root sees it: its `[toy]` table, one secret, a council key."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot import tables
from bot.platforms import Adapter, Platform, Secret


@dataclass(frozen=True)
class ToyConfig:
    greeting: str = "hei"


def parse(raw: Mapping[str, Any]) -> ToyConfig:
    tables.only(raw, "[toy]", {"greeting"})
    return ToyConfig(tables.text(raw, "greeting", "[toy]", "hei"))


TOKEN = Secret("TOY_TOKEN", re.compile(r"^toy-[a-z0-9]+$"), "tokenet til lekeplattformen, som begynner med toy-")


def adapter(app: Any, config: ToyConfig, env: Mapping[str, str]) -> Adapter:
    from tests.toy.adapter import ToyAdapter

    return ToyAdapter(app, config, env)


PLATFORM = Platform(
    name="toy",
    parse=parse,
    secrets=lambda config: (TOKEN,),
    adapter=adapter,
    council_key="toy_room",
    all_secrets=(TOKEN.name,),
)
