"""`brukerrad restore` takes only a backup this program made (issue 13), and changes nothing otherwise.

Each crafted backup starts from a real one and adds what an attacker (or an accident) would: a trigger that
makes a representative secretary after her next case, a hidden table that collects case descriptions, a
view, a foreign file with three tables, a file that is not SQLite, a cut-off copy, and more. Each is refused
with a plain message, and the live database keeps its exact bytes.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.app import build
from bot.cli import main
from bot.clock import MovableClock
from bot.config import parse
from bot.demo import load_demo
from storage.backup import BackupError, backup, check_sqlite_backup, head_revision, known_revisions
from storage.db import make_engine, migrate
from tests.conftest import ON_POSTGRES, START

pytestmark = pytest.mark.skipif(ON_POSTGRES, reason="SQLite backups; PostgreSQL has its own test")


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """(config file, live database, a real backup of it)."""
    monkeypatch.chdir(tmp_path)
    config_file = tmp_path / "config.toml"
    config_file.write_text('[database]\nurl = "sqlite:///data/brukerrad.db"\n', "utf-8")
    app = build(parse({"database": {"url": "sqlite:///data/brukerrad.db"}}, {}), MovableClock(START))
    load_demo(app, "demo")
    app.close()
    assert main(["--config", str(config_file), "backup", "kopi.db"]) == 0
    return config_file, tmp_path / "data" / "brukerrad.db", tmp_path / "kopi.db"


def _crafted(original: Path, name: str, *statements: str) -> Path:
    path = original.with_name(name)
    shutil.copyfile(original, path)
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()
    return path


def _foreign_three_tables(folder: Path) -> Path:
    path = folder / "fremmed.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute(f"INSERT INTO alembic_version VALUES ('{head_revision()}')")
        conn.execute("CREATE TABLE councils (id INTEGER PRIMARY KEY, slug TEXT)")
        conn.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, title TEXT)")
    conn.close()
    return path


def _corrupt_a_page(original: Path) -> Path:
    path = original.with_name("skadet.db")
    data = bytearray(original.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(3 * page, 3 * page + 200):  # scribble over the start of the third page's b-tree
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    return path


def _cases(folder: Path, copy: Path) -> dict[str, Callable[[], Path]]:
    return {
        "trigger that makes a representative secretary": lambda: _crafted(
            copy,
            "trigger.db",
            "CREATE TRIGGER promote AFTER INSERT ON cases BEGIN "
            "UPDATE members SET role = 'secretary' WHERE id = NEW.submitter_id; END",
        ),
        "hidden table collecting descriptions": lambda: _crafted(
            copy,
            "skjult.db",
            "CREATE TABLE case_cache (description TEXT)",
            "CREATE TRIGGER copy_out AFTER INSERT ON cases BEGIN "
            "INSERT INTO case_cache VALUES (NEW.description); END",
        ),
        "hidden extra table alone": lambda: _crafted(copy, "ekstra.db", "CREATE TABLE notes (text TEXT)"),
        "view": lambda: _crafted(copy, "visning.db", "CREATE VIEW everything AS SELECT description FROM cases"),
        "extra index": lambda: _crafted(copy, "indeks.db", "CREATE INDEX ix_spy ON members (name)"),
        "extra column": lambda: _crafted(copy, "kolonne.db", "ALTER TABLE members ADD COLUMN note TEXT"),
        "table dropped": lambda: _crafted(copy, "mangler.db", "DROP TABLE counters"),
        "unknown revision": lambda: _crafted(copy, "revisjon.db", "UPDATE alembic_version SET version_num = '9999'"),
        "two revisions": lambda: _crafted(
            copy, "to.db", "INSERT INTO alembic_version VALUES ('0001')"
        ),
        "rows pointing nowhere": lambda: _crafted(
            copy,
            "fremmednokkel.db",
            "PRAGMA foreign_keys=OFF",
            "INSERT INTO chat_identities (member_id, platform, external_id) VALUES (99999, 'slack', 'U1')",
        ),
        "foreign file with three tables": lambda: _foreign_three_tables(folder),
        "not SQLite": lambda: _write(folder / "søppel.db", b"dette er ikke en database" * 100),
        "empty file": lambda: _write(folder / "tom.db", b""),
        "truncated to half": lambda: _write(folder / "halv.db", copy.read_bytes()[: len(copy.read_bytes()) // 2]),
        "truncated mid-page": lambda: _write(folder / "kuttet.db", copy.read_bytes()[:-100]),
        "corrupted page": lambda: _corrupt_a_page(copy),
        "a folder": lambda: _folder(folder / "mappe.db"),
        "missing": lambda: folder / "finnes-ikke.db",
    }


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def test_restore_refuses_every_backup_it_did_not_make_and_changes_nothing(
    live: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file, database, copy = live
    before, counts = _fingerprint(database), _counts(database)
    refused, tried = 0, 0
    for label, make in _cases(tmp_path, copy).items():
        crafted = make()
        tried += 1
        code = main(["--config", str(config_file), "restore", str(crafted)])
        err = capsys.readouterr().err
        assert code == 2, label
        assert "Ingenting er endret" in err, (label, err)
        assert "Traceback" not in err
        assert _fingerprint(database) == before, label
        refused += 1
    print(f"restore refused {refused}/{tried} backups it did not make; live database unchanged every time")
    assert refused == tried == 18
    assert _counts(database) == counts
    with sqlite3.connect(database) as conn:
        kinds = {row[0] for row in conn.execute("SELECT type FROM sqlite_master")}
    assert kinds == {"table", "index"}


def test_refusals_say_what_is_wrong(live: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _, _, copy = live
    expected = {
        "trigger that makes a representative secretary": "trigger «promote» skal ikke være der",
        "hidden table collecting descriptions": "tabell «case_cache» skal ikke være der",
        "view": "visning «everything» skal ikke være der",
        "extra column": "tabell «members» er annerledes",
        "table dropped": "tabell «counters» mangler",
        "unknown revision": "skjemaversjon denne versjonen av boten ikke kjenner",
        "rows pointing nowhere": "foreign_key_check feilet",
        "foreign file with three tables": "mangler",
        "not SQLite": "ikke en SQLite-database",
        "truncated to half": "avkortet",
        "corrupted page": "skadet",
    }
    cases = _cases(tmp_path, copy)
    for label, words in expected.items():
        with pytest.raises(BackupError) as caught:
            check_sqlite_backup(cases[label]())
        assert words in str(caught.value), (label, str(caught.value))


def test_a_real_backup_is_restored(live: tuple[Path, Path, Path]) -> None:
    config_file, database, copy = live
    counts = _counts(database)
    with sqlite3.connect(database) as conn:  # damage: the roster is gone
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DELETE FROM chat_identities")
        conn.execute("DELETE FROM members")
    assert main(["--config", str(config_file), "restore", str(copy)]) == 0
    assert _counts(database) == counts
    assert check_sqlite_backup(database) == head_revision()


def test_a_backup_from_an_older_known_revision_is_migrated(tmp_path: Path, live: tuple[Path, Path, Path]) -> None:
    config_file, database, _ = live
    assert known_revisions()[0] == "0001" and len(known_revisions()) >= 2
    old = tmp_path / "gammel" / "brukerrad.db"
    engine = make_engine(f"sqlite:///{old}")
    migrate(engine, "0001")
    engine.dispose()
    backup(f"sqlite:///{old}", tmp_path / "gammel.db")
    assert check_sqlite_backup(tmp_path / "gammel.db") == "0001"
    assert main(["--config", str(config_file), "restore", str(tmp_path / "gammel.db")]) == 0
    assert check_sqlite_backup(database) == head_revision()
    assert _counts(database)["members"] == 0
