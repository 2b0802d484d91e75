"""Both directions of the Slack adapter as pure functions (to_domain, to_platform), and the app manifest."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.slack.incoming import command_text, delivery_key, to_plain
from bot.slack.manifest import slash_commands
from bot.slack.render import SECTION_LIMIT, blocks, escape, message
from handlers.commands import COMMANDS as CORE_COMMANDS
from handlers.replies import Button

COMMANDS = slash_commands()
MANIFESTS = Path(__file__).resolve().parents[2] / "bot" / "slack"


def test_only_the_three_control_characters_are_escaped() -> None:
    assert escape("<!channel> & <@U1|kari> *fet* _kursiv_") == "&lt;!channel&gt; &amp; &lt;@U1|kari&gt; *fet* _kursiv_"


@given(st.text(alphabet="ab<>&\n ", max_size=9000))
def test_long_replies_are_cut_between_entities_never_inside_one(text: str) -> None:
    sections = [b["text"]["text"] for b in blocks(text) if b["type"] == "section"]
    assert all(len(s) <= SECTION_LIMIT for s in sections)
    assert all(not re.search(r"&(?:a|am|amp|l|lt|g|gt)?$", s) for s in sections)  # no entity cut at the end
    rebuilt = "\n".join(s for s in sections).replace("\n", "")
    assert rebuilt.replace(" ", "") == escape(text).replace("\n", "").replace(" ", "")


def test_buttons_carry_their_command_and_stay_within_slack_limits() -> None:
    buttons = tuple(Button(f"Knapp {n} " + "x" * 80, f"/oppmote ja #{n}") for n in range(30))
    rows = [b for b in blocks("Hei", buttons) if b["type"] == "actions"]
    assert [len(r["elements"]) for r in rows] == [25, 5]
    assert rows[0]["elements"][3]["value"] == "/oppmote ja #3"
    assert all(len(e["text"]["text"]) <= 75 for r in rows for e in r["elements"])
    assert len({r["block_id"] for r in rows}) == 2


def _text_objects(value: object) -> list[dict[str, object]]:
    """Every Block Kit text object in `value` (a message, a modal, the Home tab)."""
    if isinstance(value, list):
        return [t for item in value for t in _text_objects(item)]
    if not isinstance(value, dict):
        return []
    found = [value] if value.get("type") in ("plain_text", "mrkdwn") else []
    return found + [t for item in value.values() for t in _text_objects(item)]


def test_formatting_characters_in_user_text_are_shown_as_typed() -> None:
    """mrkdwn has no escape for `*`, `_`, `~`, `` ` `` or a leading `>`: user text goes in plain_text."""
    from bot.slack.home import home_view
    from bot.slack.modal import case_modal, done_view
    from bot.slack.render import reply_view
    from handlers.overview import Overview, Part
    from handlers.replies import Reply

    typed = "*fet* _kursiv_ ~streket~ `kode` ```blokk```\n> sitat\n>>> alt\n• punkt <!here> & <https://x.no|lenke>"
    sections = [b["text"] for b in blocks(typed) if b["type"] == "section"]
    assert sections and all(s["type"] == "plain_text" for s in sections)
    assert "\n".join(str(s["text"]) for s in sections) == escape(typed)
    surfaces = [
        message(typed),
        reply_view(Reply(typed)),
        done_view(Reply(typed)),
        case_modal("C0COUNCIL"),
        home_view(Overview((Part("Neste møte", typed),))),
    ]
    kinds = {str(t["type"]) for surface in surfaces for t in _text_objects(surface)}
    assert kinds == {"plain_text"}


def test_message_fallback_text_is_escaped_too() -> None:
    rendered = message("Sak «<!here>»")
    assert rendered["text"] == "Sak «&lt;!here&gt;»"


def test_mentions_become_user_ids_and_escapes_are_undone() -> None:
    assert to_plain('medlem koble "Kari Nordmann" <@U0123ABC|kari>') == 'medlem koble "Kari Nordmann" U0123ABC'
    assert to_plain("koble Per <@W0PER>") == "koble Per W0PER"
    assert to_plain("&lt;b&gt; &amp;amp; &lt;!here&gt;") == "<b> &amp; <!here>"
    assert to_plain("i <#C0RAAD|brukerradet> <!here> <https://kommune.no|kommune.no>") == (
        "i #brukerradet @here https://kommune.no"
    )
    assert command_text("/sak", "ny Ventetid &amp; kø") == "/sak ny Ventetid & kø"
    assert command_text("/mote", "") == "/mote"


def test_delivery_keys_fit_storage_and_need_an_identity() -> None:
    long = delivery_key("click", "U0KARI", "1.2", "/sak ny " + "x" * 500)
    assert long is not None and len(long) <= 200
    assert delivery_key("cmd", "") is None
    assert delivery_key("cmd", "123.456.abc") == "slack:cmd:123.456.abc"


def _commands(manifest: str) -> list[str]:
    return re.findall(r"^\s*- command: (/\w+)$", manifest, re.MULTILINE)


def _scopes(manifest: str) -> list[str]:
    bot = manifest.split("    bot:\n", 1)[1].split("settings:", 1)[0]
    return re.findall(r"^\s*- ([a-z:]+)", bot, re.MULTILINE)


def test_manifest_declares_every_command_and_least_privilege_scopes() -> None:
    for name in ("manifest.yml", "manifest-http.yml"):
        manifest = (MANIFESTS / name).read_text("utf-8")
        assert _commands(manifest) == list(COMMANDS)
        assert {c.lstrip("/") for c in COMMANDS} <= set(CORE_COMMANDS)
        assert _scopes(manifest) == ["commands", "chat:write", "im:write", "files:write"]
        assert "app_home_opened" in manifest and "home_tab_enabled: true" in manifest
        assert "interactivity:\n    is_enabled: true" in manifest
        # `@bruker` must arrive as a user id for `/brukerrad medlem koble`.
        brukerrad = manifest.split("- command: /brukerrad", 1)[1]
        assert "should_escape: true" in brukerrad
    socket = (MANIFESTS / "manifest.yml").read_text("utf-8")
    http = (MANIFESTS / "manifest-http.yml").read_text("utf-8")
    assert "socket_mode_enabled: true" in socket and "url:" not in socket
    assert "socket_mode_enabled: false" in http
    assert http.count("https://brukerrad.example.no/slack/events") == len(COMMANDS) + 2
