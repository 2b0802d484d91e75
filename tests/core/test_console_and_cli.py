"""The console chat and the command line, as a new user meets them."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import build
from bot.cli import export_council, import_members, main
from bot.clock import MovableClock
from bot.config import ConfigError, parse
from bot.console import ConsoleChat
from bot.demo import ROSTER, load_demo
from storage.models import Member, Role
from tests.conftest import START


def _demo(db_url: str) -> tuple[ConsoleChat, io.StringIO, MovableClock]:
    config = parse({"database": {"url": db_url}}, {})
    clock = MovableClock(START)
    app = build(config, clock)
    assert load_demo(app, "demo") is True
    assert load_demo(app, "demo") is False  # loading twice adds nothing
    out = io.StringIO()
    chat = ConsoleChat(app, "demo", out=out, advance=clock.advance)
    return chat, out, clock


def test_demo_council_has_the_mandates_shape(db_url: str) -> None:
    chat, _, _ = _demo(db_url)
    with chat.app.sessions() as session:
        members = session.query(Member).all()
    roles = [m.role for m in members]
    assert roles.count(Role.LEADER) == roles.count(Role.DEPUTY_LEADER) == 1
    assert roles.count(Role.SECRETARY) == roles.count(Role.OBSERVER) == 1
    assert (
        len({m.organisation_id for m in members if m.role in (Role.REPRESENTATIVE, Role.LEADER, Role.DEPUTY_LEADER)})
        == len(ROSTER)
        == 11
    )


def test_console_walkthrough_from_the_readme(db_url: str) -> None:
    chat, out, _ = _demo(db_url)
    lines = iter(
        [
            "/som Silje",
            "/sak ny Ventetid på avrusning -- Vi ønsker en orientering.",
            "/oppmote nei Legetime",
            "/som Hanne",
            "/sak godkjenn 1",
            "/mote sakliste",
            "/som Petter",
            "/taushet",
            "1",
            "/oppmote ja",
            "/som Siri",
            "/tid +3u",  # to the meeting: decisions are recorded from the meeting day on
            "/sak vedtak 1 Brukerrådet ber om en orientering.",
            "/mote referat 1",
            "/avslutt",
        ]
    )
    chat.loop(read=lambda _prompt: next(lines))
    text = out.getvalue()
    assert "Du er nå Silje Myrvold" in text
    assert "sak 1/2026" in text
    assert "✉️  Direktemelding til Petter Ulvin" in text
    assert "3. Sak 1/2026: Ventetid på avrusning (A-Larm)" in text
    assert "Takk! Du har signert" in text
    assert "Vedtak: Brukerrådet ber om en orientering." in text
    assert "Ha det!" in text


def test_console_time_travel(db_url: str) -> None:
    chat, out, clock = _demo(db_url)
    before = clock.now()
    chat.handle_line("/tid +7d")
    assert clock.now() - before == timedelta(days=7)
    assert "Klokka er nå" in out.getvalue()
    chat.handle_line("/tid fram")
    assert "/tid +7d" in out.getvalue()


def test_export_has_everything_for_the_archive(db_url: str) -> None:
    chat, _, _ = _demo(db_url)
    chat.handle_line("/som Silje")
    chat.handle_line("/sak ny Ventetid")
    data = export_council(chat.app, chat.council_id)
    assert {"members", "meetings", "cases", "attendance", "signatures", "audit_log", "declarations"} <= set(data)
    assert data["cases"][0]["label"] == "1/2026"
    assert any(entry["action"] == "case.submitted" for entry in data["audit_log"])
    json.dumps(data, default=str)


def test_members_import_is_all_or_nothing(db_url: str, tmp_path: Path) -> None:
    config = parse({"database": {"url": db_url}}, {})
    app = build(config, MovableClock(START))
    good = tmp_path / "medlemmer.csv"
    good.write_text(
        "navn;rolle;organisasjon;til\nKari Li;representant;A-Larm;30.06.2027\nPer Li;vara;A-Larm;\n", "utf-8"
    )
    assert import_members(app, app.council_ids["demo"], good) == 2
    bad = tmp_path / "feil.csv"
    bad.write_text("navn,rolle,organisasjon\nNy Person,vara,RiO\nFeil Person,konge,RiO\n", "utf-8")
    with pytest.raises(ConfigError, match="Linje 3"):
        import_members(app, app.council_ids["demo"], bad)
    with app.sessions() as session:
        assert session.query(Member).count() == 2


def test_check_config_explains_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text('[[councils]]\nslug = "Trondheim PHR"\nname = "x"\n', "utf-8")
    assert main(["check-config", str(broken)]) == 2
    assert "slug må være små bokstaver" in capsys.readouterr().err
    secret = tmp_path / "secret.toml"
    secret.write_text('[slack]\nbot_token = "xoxb-123"\n', "utf-8")
    assert main(["check-config", str(secret)]) == 2
    err = capsys.readouterr().err
    assert "miljøvariabler" in err and "xoxb-123" not in err
    good = tmp_path / "good.toml"
    good.write_text(
        '[[councils]]\nslug = "trondheim-phr"\nname = "Brukerrådet"\n[councils.notices]\nagenda_days = 8\n', "utf-8"
    )
    assert main(["check-config", str(good)]) == 0


def test_slack_without_token_cannot_run_but_admin_commands_work() -> None:
    from bot.config import check_secrets

    config = parse({"bot": {"platforms": ["slack"]}}, {})  # console, export and import need no token
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        check_secrets(config, {})
    check_secrets(config, {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})


def test_migrate_brings_an_empty_database_to_the_newest_schema(tmp_path: Path) -> None:
    from sqlalchemy import inspect

    from storage.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'ny.db'}")
    migrate(engine)
    migrate(engine)  # twice is harmless
    assert {"cases", "members", "notices", "audit_log"} <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_console_roll_call_makes_the_minutes(db_url: str) -> None:
    """The demo's first meeting, Tuesday 8 December 2026 at 10:00: a roll call in the console, then the
    minutes from it (who came, who left when and missed which items, the deputy who stood in)."""
    chat, out, _ = _demo(db_url)
    lines = iter(
        [
            "/som Silje",
            "/sak ny Ventetid på avrusning -- Vi ønsker en orientering.",
            "/oppmote nei Legetime",
            "/som Hanne",
            "/sak godkjenn 1",
            "/oppmote ja",
            "/som Petter",
            "/taushet signer",
            "/oppmote ja",
            "/tid +15d",
            "/tid +1t",
            "/tid +5m",
            "/som Siri",
            "/mote opprop",
            "/mote opprop 1 Hanne Sæther Lid til_stede",
            "/mote opprop 1 Silje Myrvold forfall",
            "/mote opprop 1 Petter Ulvin til_stede",
            "/mote opprop 1 Tobias Rognstad gikk kl 11.30 etter sak 3",
            "/mote opprop 1 Marit Osvik kom kl 10.20 etter sak 1",
            "/mote opprop 1 Jonas Brekkan uten_forfall",
            "/mote opprop 1 Jonas Brekkan uten_forfall",
            "/mote referat 1",
            "/avslutt",
        ]
    )
    chat.loop(read=lambda _prompt: next(lines))
    text = out.getvalue()
    assert "[1] Hanne Sæther Lid: til stede" in text
    assert "Det var allerede registrert for Jonas Brekkan. Ingenting er endret." in text
    assert "Møteleder: Hanne Sæther Lid (leder)" in text
    assert "Referent: Siri Strandvik (sekretær)" in text
    assert "Tobias Rognstad (RiO) (gikk kl. 11.30; var ikke med på sak 4)" in text
    assert "Petter Ulvin (A-Larm) (møtte for Silje Myrvold)" in text
    assert "Forfall: Silje Myrvold (A-Larm)" in text
    assert "Møtte ikke (uten forfall): Jonas Brekkan (Foreningen for human narkotikapolitikk)" in text
    assert "Ikke registrert i oppropet: " in text and "Ane Stavrum (We Shall Overcome)" in text
    assert "Representert: 4 av 11 organisasjoner." in text
