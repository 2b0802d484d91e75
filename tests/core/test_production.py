"""Production concerns: backup and restore, and many councils in one deployment with nothing crossing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.app import build
from bot.cli import main
from bot.clock import MovableClock
from bot.config import parse
from handlers.dispatch import Incoming
from storage.db import transaction
from storage.models import Case, ChatIdentity, Member, Role
from tests.conftest import ON_POSTGRES, START


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite file backup; PostgreSQL uses pg_dump")
def test_backup_damage_restore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    config_file = tmp_path / "config.toml"
    config_file.write_text('[database]\nurl = "sqlite:///data/brukerrad.db"\n', "utf-8")
    app = build(parse({"database": {"url": "sqlite:///data/brukerrad.db"}}, {}), MovableClock(START))
    from bot.demo import load_demo

    load_demo(app, "demo")
    app.close()
    assert main(["--config", str(config_file), "backup", "kopi.db"]) == 0
    live = tmp_path / "data" / "brukerrad.db"
    with sqlite3.connect(live) as conn:  # damage: the roster is gone
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DELETE FROM chat_identities")
        conn.execute("DELETE FROM members")
    (tmp_path / "søppel.db").write_bytes(b"dette er ikke en database" * 100)
    assert main(["--config", str(config_file), "restore", "søppel.db"]) == 2
    assert "Ingenting er endret" in capsys.readouterr().err
    assert main(["--config", str(config_file), "restore", "kopi.db"]) == 0
    with sqlite3.connect(live) as conn:
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 20
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_councils_share_nothing(db_url: str) -> None:
    config = parse(
        {
            "database": {"url": db_url},
            "councils": [
                {"slug": "phr", "name": "Brukerrådet PHR", "slack_channel": "CPHR"},
                {"slug": "eldre", "name": "Eldrerådet", "slack_channel": "CELDRE"},
            ],
        },
        {},
    )
    app = build(config, MovableClock(START))
    ids = app.council_ids
    with transaction(app.sessions) as session:
        for slug in ("phr", "eldre"):
            secretary = Member(council_id=ids[slug], name=f"Sekretær {slug}", role=Role.SECRETARY, created_at=START)
            session.add(secretary)
            session.flush()
            # The same Slack user is secretary in both councils.
            session.add(ChatIdentity(member_id=secretary.id, platform="slack", external_id="USAME"))

    def say(channel: str, text: str) -> str:
        council_id = app.dispatcher.council_for("slack", channel, "USAME")
        assert council_id is not None
        reply = app.dispatcher.handle(Incoming("slack", "USAME", text, council_id))
        assert reply is not None
        return reply.text

    say("CPHR", "/mote bekreft 2026-12-15T10:00 Gryta")
    say("CELDRE", "/mote bekreft 2026-12-16T10:00 Rådhuset")
    assert "1/2026" in say("CPHR", "/sak ny Ventetid på avrusning")
    assert "1/2026" in say("CELDRE", "/sak ny Brøyting av fortau")  # numbers count per council
    assert "Brøyting" not in say("CPHR", "/sak liste")
    assert "Ventetid" not in say("CELDRE", "/sak vis 1")
    assert "Rådhuset" not in say("CPHR", "/mote plan")
    with app.sessions() as session:
        assert {c.council_id for c in session.query(Case)} == {ids["phr"], ids["eldre"]}
    app.close()


def test_secrets_never_reach_the_log(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from bot.logs import configure

    token = "123456:AAbbCCddEEffGGhh-secret"
    configure("json", env={"TELEGRAM_BOT_TOKEN": token})
    logger = logging.getLogger("httpcore.test")
    logger.warning("POST https://api.telegram.org/bot%s/sendMessage failed", token)
    try:
        raise RuntimeError(f"connection to /bot{token}/getMe refused")
    except RuntimeError:
        logger.exception("boom")
    err = capsys.readouterr().err
    assert token not in err
    # The exception's message is not logged at all (it may quote typed text: issue 13), only its type.
    assert err.count("[skjult]") == 1 and "RuntimeError (message not logged)" in err
    configure("text", env={})


def test_library_debug_lines_with_message_contents_stay_out_even_at_debug(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from bot.logs import configure

    try:
        configure("text", level=logging.DEBUG, env={})
        logging.getLogger("telegram.ext.Application").debug("Processing update: Innlagt akutt MARKER-7")
        logging.getLogger("slack_bolt.App").debug("Received request body: MARKER-7")
        logging.getLogger("bot.test").debug("our own debug line")
        err = capsys.readouterr().err
        assert "MARKER-7" not in err and "our own debug line" in err
    finally:
        configure("text", env={})


def test_container_entrypoint_refuses_without_config_and_migrates_with_one(tmp_path: Path) -> None:
    """The image's entrypoint, run as a plain script: Docker itself cannot run on this machine."""
    import os
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[2] / "deploy" / "entrypoint.sh"
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "BRUKERRAD_CONFIG": str(tmp_path / "none.toml")}
    missing = subprocess.run(["sh", str(script), "check-config"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert missing.returncode == 64 and "Finner ikke konfigurasjonen" in missing.stderr
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path}/data/b.db"\n', "utf-8")
    env["BRUKERRAD_CONFIG"] = str(config)
    ok = subprocess.run(["sh", str(script), "export"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "Databasen er oppdatert" in ok.stdout and '"council"' in ok.stdout


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's page limit stands in for a full disk")
def test_full_disk_gives_a_clear_answer_and_no_corruption(planned: object) -> None:
    from sqlalchemy import event, text

    from tests.core.conftest import Council

    assert isinstance(planned, Council)
    engine = planned.app.engine
    with engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar()
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _cap(dbapi_conn: object, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")  # type: ignore[attr-defined]

    # Fill what room is left inside the file, so the next write finds the "disk" full.
    raw = sqlite3.connect(str(engine.url.database), isolation_level=None)
    raw.execute(f"PRAGMA max_page_count={pages}")
    # Big rows first, then ever smaller ones, until not even a small row fits: what room the schema's own
    # layout leaves (free pages after a migration rebuilt a table, say) is used up whatever it is.
    for size in (1000, 300, 90, 20):
        for _ in range(10_000):
            try:
                raw.execute(f"INSERT INTO deliveries (key, at) VALUES (hex(randomblob({size // 2})), '2026-01-01')")
            except sqlite3.OperationalError:
                break
    raw.close()
    before = planned.snapshot()
    # Two bytes a letter: more than a page, so the row cannot fit in what is left of a table's page.
    reply = planned.say("Kari Dybdahl", "/sak ny Ventetid -- " + "æ" * 3900)
    assert reply.error and "lagringsplassen er full" in reply.text
    assert planned.snapshot() == before
    event.remove(engine, "connect", _cap)
    engine.dispose()
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        conn.exec_driver_sql("DELETE FROM deliveries")
        conn.commit()
    planned.ok("Kari Dybdahl", "/sak ny Ventetid")  # works again once there is room
