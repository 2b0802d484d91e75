"""The `[email]` table and its secrets (issue 16): mistakes named in Norwegian, secrets only from the
environment, and what `brukerrad run` needs before it starts."""

from __future__ import annotations

from typing import Any

import pytest

from bot import platforms as registry
from bot.app import build
from bot.clock import MovableClock
from bot.config import ConfigError, needed_secrets, parse, secret_problems
from tests.email.conftest import ENV, START


def _config(db_url: str = "sqlite://", **email: Any) -> Any:
    return parse(
        {"database": {"url": db_url}, "bot": {"platforms": ["email"]}, "email": {"sender": "b@kommune.no", **email}},
        {},
    )


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ({"security": "ssl"}, '"starttls" eller "tls" eller "none"'),
        ({"sender": "brukerrad"}, "sender må være en e-postadresse"),
        ({"reply_to": "sekretariatet"}, "reply_to må være en e-postadresse"),
        ({"public_url": "http://bot.kommune.no"}, "public_url må begynne med https://"),
        ({"link_days": 0}, "link_days må være et helt tall fra 1 til 366"),
        ({"password": "hemmelig"}, "Hemmeligheter skal i miljøvariabler"),
        ({"port": 70000}, "port"),
    ],
)
def test_a_mistake_in_the_email_table_is_named(table: dict[str, Any], says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        _config(**table)


def test_login_and_link_key_come_from_the_environment() -> None:
    assert [s.name for s in needed_secrets(_config())] == ["EMAIL_LINK_SECRET", "SMTP_USERNAME", "SMTP_PASSWORD"]
    assert [s.name for s in needed_secrets(_config(login=False))] == ["EMAIL_LINK_SECRET"]
    problems = secret_problems(_config(), {"EMAIL_LINK_SECRET": "for-kort"})
    assert any("EMAIL_LINK_SECRET har feil form" in p for p in problems)
    assert any("SMTP_USERNAME mangler" in p for p in problems)
    assert secret_problems(_config(), ENV) == []
    assert {"SMTP_PASSWORD", "EMAIL_LINK_SECRET"} <= set(registry.secret_names())  # masked in every log line


def test_port_defaults_follow_the_security() -> None:
    assert _config(security="tls").settings_of("email").port == 465
    assert _config().settings_of("email").port == 587


def test_the_adapter_refuses_to_start_without_a_sender_or_a_good_key(db_url: str) -> None:
    config = parse({"database": {"url": db_url}, "bot": {"platforms": ["email"]}}, {})
    app = build(config, MovableClock(START))
    make = registry.platform("email").adapter
    assert make is not None
    with pytest.raises(ConfigError, match="sender mangler"):
        make(app, config.settings_of("email"), ENV)
    config = _config(db_url)
    with pytest.raises(ConfigError, match="EMAIL_LINK_SECRET"):
        make(app, config.settings_of("email"), {**ENV, "EMAIL_LINK_SECRET": "kort"})
    app.close()


def test_how_long_a_deputy_has_to_answer_is_set_per_council() -> None:
    config = parse({"councils": [{"slug": "t", "name": "T", "notices": {"deputy_wait_days": 1}}]}, {})
    assert config.councils[0].settings.deputy_wait_days == 1
