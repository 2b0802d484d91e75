"""`brukerrad teams-package`: the zip a Teams administrator uploads, made from the command table."""

from __future__ import annotations

import json
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from bot.cli import main
from fakes.teams_connector import APP_ID
from handlers import commands


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def test_the_package_holds_the_manifest_and_both_icons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "pakke.zip"
    assert main(["teams-package", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        assert _size(archive.read("color.png")) == (192, 192)
        assert _size(archive.read("outline.png")) == (32, 32)
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert manifest["bots"][0]["scopes"] == ["team", "personal"]
    assert manifest["permissions"] == ["identity", "messageTeamMembers"] and manifest["validDomains"] == []
    listed = [c["title"] for c in manifest["bots"][0]["commandLists"][0]["commands"]]
    assert listed == [name for name, _summary in commands.menu()][:10]
    assert "sak" in listed and all(
        len(c["description"]) <= 128 for c in manifest["bots"][0]["commandLists"][0]["commands"]
    )
    assert len(manifest["description"]["short"]) <= 80


def test_without_an_app_id_it_says_which_variable_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["teams-package"]) == 2
    assert "TEAMS_APP_ID" in capsys.readouterr().err
    assert not (tmp_path / "brukerrad-teams.zip").exists()
