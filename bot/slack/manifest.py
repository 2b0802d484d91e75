"""The Slack app manifests (Socket Mode and HTTP), made from the command table (handlers/commands.py).

`bot/slack/manifest.yml` and `manifest-http.yml` are this module's output, shipped so that an admin can
paste them without running anything; `brukerrad manifest slack [--http]` prints them, and a test fails when
a shipped file differs from what this makes. The YAML is written here, by hand: it is small, and its
comments (why each scope) must survive, which a YAML library would drop.
"""

from __future__ import annotations

import json
import logging
import re

from handlers import commands, texts

_LOGGER = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # the one request URL in HTTP mode (commands, interactivity and events)
EXAMPLE_ADDRESS = "https://brukerrad.example.no"

_SOCKET_HEADER = """\
# Slack app manifest for Brukerrådsboten, Socket Mode (the default: the bot needs no public address).
# api.slack.com/apps → Create New App → From an app manifest → pick the workspace → paste this file.
# For HTTP mode use manifest-http.yml instead. Scopes are the least the bot needs; each says why.
"""
_HTTP_HEADER = """\
# Slack app manifest for Brukerrådsboten, HTTP mode: Slack calls the bot at https://<address>/slack/events.
# Replace every https://brukerrad.example.no with the bot's public address (HTTPS, a valid certificate)
# before pasting. Socket Mode (no public address) uses manifest.yml. Everything else is the same.
"""
_HTTP_HEADER_FOR = """\
# Slack app manifest for Brukerrådsboten, HTTP mode: Slack calls the bot at {url}.
# Socket Mode (no public address) uses manifest.yml. Everything else is the same.
"""
_GENERATED = """\
# Made from the command table (handlers/commands.py) by `brukerrad manifest slack`: change the table, not this.
"""
# A plain YAML scalar needs no quotes when it starts with a letter or digit and holds nothing YAML reads
# as structure (`: `, ` #`, quotes); anything else is written as a JSON string, which YAML also reads.
_PLAIN = re.compile(r"^[0-9A-Za-zÆØÅæøå][^:#\"'\n]*(?<! )$")


def slash_commands() -> tuple[str, ...]:
    """The slash commands the app declares, and so the ones the adapter listens to (`/sak`, …)."""
    return tuple(f"/{name}" for name, _spec in commands.offered())


def _scalar(text: str) -> str:
    return text if _PLAIN.match(text) else json.dumps(text, ensure_ascii=False)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _header(http: bool, address: str, url: str) -> str:
    if not http:
        return _SOCKET_HEADER
    return _HTTP_HEADER if address == EXAMPLE_ADDRESS else _HTTP_HEADER_FOR.format(url=url)


def render(*, http: bool = False, address: str = EXAMPLE_ADDRESS) -> str:
    """The manifest as YAML text. `http`: Slack calls `address` + /slack/events instead of Socket Mode."""
    url = address.rstrip("/") + EVENTS_PATH
    lines = [
        _header(http, address, url) + _GENERATED.rstrip("\n"),
        "display_information:",
        f"  name: {_scalar(texts.SLACK_APP_NAME)}",
        f"  description: {_scalar(texts.SLACK_APP_DESCRIPTION)}",
        '  background_color: "#2c5f2d"',
        "features:",
        "  app_home:",
        "    home_tab_enabled: true              # my next meeting, my answer, my declaration, my cases",
        "    messages_tab_enabled: true          # personal reminders arrive here",
        "    messages_tab_read_only_enabled: true",
        "  bot_user:",
        "    display_name: brukerradet",
        "    always_online: true",
        "  slash_commands:",
    ]
    for name, spec in commands.offered():
        lines.append(f"    - command: /{name}")
        if http:
            lines.append(f"      url: {url}")
        lines.append(f"      description: {_scalar(spec.summary)}")
        if spec.hint:
            lines.append(f"      usage_hint: {_quoted(spec.hint)}")
        if spec.mentions:
            lines.append("      should_escape: true                # @bruker arrives as the user's id, not as text")
        else:
            lines.append("      should_escape: false")
    lines += [
        "oauth_config:",
        "  scopes:",
        "    bot:",
        "      - commands      # the slash commands above",
        "      - chat:write    # posts in the council channel (once invited) and direct messages to members",
        "      - im:write      # open the direct conversation a file is shared in (files need its D… id)",
        "      - files:write   # the meeting calendar (.ics), to the member who asked for it",
        "settings:",
        "  event_subscriptions:",
    ]
    if http:
        lines.append(f"    request_url: {url}")
    lines += [
        "    bot_events:",
        "      - app_home_opened   # draw the Home tab when a member opens it",
        "  interactivity:",
        "    is_enabled: true      # buttons and the /sak ny form",
    ]
    if http:
        lines.append(f"    request_url: {url}")
    lines += [
        "  org_deploy_enabled: false",
        f"  socket_mode_enabled: {'false' if http else 'true'}",
        "  token_rotation_enabled: false",
    ]
    return "\n".join(lines) + "\n"
