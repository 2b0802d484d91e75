"""The shipped Slack manifests are the command table's (bot/slack/manifest.py): a test fails when one is
edited by hand or the table changes without them, and a command added to the table is one Slack sends."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.cli import main
from bot.slack import manifest
from handlers.commands import COMMANDS
from tests.slack.conftest import SECRETARY, Slack
from tests.toy.command import TOY, add_toy_command

FOLDER = Path(__file__).resolve().parents[2] / "bot" / "slack"
SHIPPED = {"manifest.yml": False, "manifest-http.yml": True}  # file → HTTP mode


@pytest.mark.parametrize(("name", "http"), SHIPPED.items())
def test_shipped_manifest_is_the_one_the_table_makes(name: str, http: bool) -> None:
    regenerate = f"brukerrad manifest slack{' --http' if http else ''} > bot/slack/{name}"
    assert (FOLDER / name).read_text("utf-8") == manifest.render(http=http), f"out of date: run {regenerate}"


def test_a_changed_summary_changes_the_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = (FOLDER / "manifest.yml").read_text("utf-8")
    monkeypatch.setitem(COMMANDS, "sak", dataclasses.replace(COMMANDS["sak"], summary="Saker: alt om dem"))
    changed = manifest.render()
    assert changed != shipped
    assert '      description: "Saker: alt om dem"\n' in changed  # quoted: a plain scalar cannot hold ": "


def test_every_command_the_table_offers_is_a_slash_command_and_start_is_not() -> None:
    offered = [name for name, spec in COMMANDS.items() if spec.summary]
    assert manifest.slash_commands() == tuple(f"/{name}" for name in offered)
    assert "/start" not in manifest.slash_commands() and "start" in COMMANDS


def test_http_manifest_sends_everything_to_the_given_address(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "slack", "--http", "--address", "https://raad.example.no/"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("url: https://raad.example.no/slack/events\n") == len(manifest.slash_commands()) + 2
    assert "brukerrad.example.no" not in printed and "socket_mode_enabled: false" in printed
    assert main(["manifest", "slack"]) == 0
    assert capsys.readouterr().out == (FOLDER / "manifest.yml").read_text("utf-8")


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    add_toy_command(monkeypatch)


def test_a_command_added_to_the_table_is_declared_and_answered(toy: None, slack: Slack) -> None:
    # `toy` comes before `slack`: the adapter is made with the toy row in the table.
    assert "      description: En lekekommando for prøvene\n" in manifest.render()
    assert f'      usage_hint: "{TOY.hint}"\n' in manifest.render()
    status, answer = slack.command(SECRETARY, "/leke ping hei")
    assert status == 200 and answer["text"] == "pong hei", answer


def test_a_command_not_in_the_table_is_not_answered(slack: Slack) -> None:
    status, answer = slack.command(SECRETARY, "/leke ping hei")
    assert status == 404 and answer.get("text") != "pong hei"  # Bolt: no listener for it
    assert "/leke" not in manifest.slash_commands()
