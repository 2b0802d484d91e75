"""Council profiles (handlers/profiles.py): each demo loads, and the profile's rules change what the bot does."""

from __future__ import annotations

import pytest

from bot.app import build
from bot.clock import MovableClock
from bot.config import ConfigError, parse, with_profile
from bot.demo import load_demo
from handlers.dispatch import Incoming
from handlers.privacy import check_case_text
from handlers.profiles import ELDRERAD, PROFILES
from tests.conftest import START


@pytest.mark.parametrize("key", sorted(PROFILES))
def test_each_profiles_demo_loads_and_answers(tmp_path: object, key: str) -> None:
    config = with_profile(parse({"database": {"url": f"sqlite:///{tmp_path}/{key}.db"}}, {}), "demo", key)
    app = build(config, MovableClock(START))
    assert load_demo(app, "demo") is True
    reply = app.dispatcher.handle(Incoming("console", "1", "/mote plan", app.council_ids["demo"]))
    assert reply is not None and not reply.error
    assert app.settings_for_id(app.council_ids["demo"]).profile.key == key
    app.close()


def test_profile_sets_the_notice_days_and_the_file_overrides_them() -> None:
    council = {"slug": "e", "name": "Eldrerådet", "profile": "ungdomsrad", "notices": {"agenda_days": 5}}
    settings = parse({"councils": [council]}, {}).councils[0].settings
    assert (settings.deadline_days, settings.call_for_cases_days, settings.agenda_days) == (10, 14, 5)


def test_unknown_profile_lists_the_valid_ones() -> None:
    with pytest.raises(ConfigError, match="brukerrad, eldrerad, funksjonsrad, ungdomsrad"):
        parse({"councils": [{"slug": "x", "name": "X", "profile": "pensjonistrad"}]}, {})


def test_individual_case_guard_names_the_council() -> None:
    text = "Klage på vedtaket om hjemmetjeneste for min mor"
    assert "«Eldrerådet behandler ikke enkeltsaker" in check_case_text(text, ELDRERAD)[0].message
    assert "«Brukerrådet behandler ikke enkeltsaker" in check_case_text(text)[0].message
