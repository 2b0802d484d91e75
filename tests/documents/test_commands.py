"""Where the files go: the console writes them under the data folder and says where; `brukerrad documents`
writes both documents in both versions, 0600; a bad meeting number is a Norwegian error."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pikepdf
import pytest

from bot.cli import main
from bot.console import ConsoleChat
from tests.core.conftest import SECRETARY, Council


def test_console_saves_the_notice_under_the_data_folder(
    held: Council, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    chat = ConsoleChat(held.app, "test", out=out, tick=lambda: None)
    chat.act_as("Liv Aasen")
    chat.handle_line("/mote innkalling 1")
    path = Path("data") / "test-innkalling-mote-1-offentlig.pdf"
    assert f"Filen er lagret som {path}." in out.getvalue()
    assert stat.S_IMODE((tmp_path / path).stat().st_mode) == 0o600
    assert str(pikepdf.open(tmp_path / path).Root.Lang) == "nb-NO"


def _config(tmp_path: Path, held: Council) -> Path:
    config = tmp_path / "config.toml"
    url = held.app.config.database_url
    config.write_text(
        f'[database]\nurl = "{url}"\n\n[[councils]]\nslug = "test"\nname = "Brukerrådet (test)"\n', encoding="utf-8"
    )
    return config


def test_documents_command_writes_both_documents_in_both_versions(
    held: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ut"
    assert main(["--config", str(_config(tmp_path, held)), "documents", "1", "--out", str(folder)]) == 0
    written = sorted(p.name for p in folder.iterdir())
    assert written == sorted(
        f"test-{kind}-mote-1-{version}.{format}"
        for kind in ("innkalling", "referat")
        for version in ("offentlig", "intern")
        for format in ("pdf", "docx")
    )
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert f"Skrev {folder / 'test-referat-mote-1-intern.pdf'}" in capsys.readouterr().out


def test_documents_command_refuses_an_unknown_meeting_in_norwegian(
    held: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ut"
    assert main(["--config", str(_config(tmp_path, held)), "documents", "9", "--out", str(folder)]) == 2
    assert "møte 9" in capsys.readouterr().err.lower()
    assert not folder.exists()


def test_letterhead_that_is_not_a_word_file_is_refused(tmp_path: Path) -> None:
    from bot.config import parse
    from bot.tables import ConfigError

    with pytest.raises(ConfigError, match="letterhead"):
        parse({"documents": {"letterhead": str(tmp_path / "brevmal.pdf")}}, {})
    assert parse({"web": {"public": True}}, {}).public_pages is True
    assert parse({}, {}).public_pages is False


def test_secretary_signed_gets_the_internal_minutes_in_the_console(
    held: Council, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    held.ok(SECRETARY, "/taushet signer")
    out = io.StringIO()
    chat = ConsoleChat(held.app, "test", out=out, tick=lambda: None)
    chat.act_as(SECRETARY)
    chat.handle_line("/mote referat 1 word")
    assert (tmp_path / "data" / "test-referat-mote-1-intern.docx").stat().st_size > 1000
    assert "Referat fra brukerrådet" in out.getvalue()
