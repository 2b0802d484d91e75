"""A new platform is one package and one registry entry: the toy platform (tests/toy) runs a command.

Nothing in bot/ names it: the configuration reads its table and its council key, `check-config` asks for
its secret, `brukerrad run` starts its adapter on the shared web server, the channel binding is written,
the core answers through `bot.chat`, and the outbox delivers to its port.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bot import platforms
from bot.app import build
from bot.chat import OpenForm, SendPrivately, Show, Surface, TakeBack, route
from bot.clock import MovableClock
from bot.config import ConfigError, check_secrets, parse, secret_problems
from fakes.council import SECRETARY, START, seed_secretary
from handlers.replies import Reply
from storage.db import make_engine, make_sessions
from storage.models import Case, ChannelBinding

ROOM = "rom-brukerradet"


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(platforms.REGISTRY, "toy", "tests.toy.platform")
    yield


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _config(db_url: str, port: int, **toy: Any) -> Any:
    return parse(
        {
            "database": {"url": db_url},
            "bot": {"platforms": ["toy"], "http_port": port},
            "toy": toy,
            "councils": [{"slug": "test", "name": "Brukerrådet (test)", "toy_room": ROOM}],
        },
        {},
    )


def _say(port: int, message: dict[str, str]) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/toy/messages",
        data=json.dumps(message).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        answer: list[dict[str, Any]] = json.loads(response.read())
        return answer


def test_the_configuration_knows_a_registered_platform_and_only_then(
    db_url: str, toy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(db_url, 8080, greeting="hallo")
    assert config.settings_of("toy").greeting == "hallo"
    assert config.councils[0].channels["toy"] == ROOM
    assert secret_problems(config, {}) and "TOY_TOKEN" in secret_problems(config, {})[0]
    check_secrets(config, {"TOY_TOKEN": "toy-abc"})
    with pytest.raises(ConfigError, match="TOY_TOKEN"):
        check_secrets(config, {"TOY_TOKEN": "feil form"})
    with pytest.raises(ConfigError, match="ukjent nøkkel «farge»"):
        _config(db_url, 8080, farge="blå")
    monkeypatch.delitem(platforms.REGISTRY, "toy")
    with pytest.raises(ConfigError, match="ukjent nøkkel «toy»"):
        _config(db_url, 8080)


def test_brukerrad_run_serves_a_command_through_the_toy_platform(
    db_url: str, toy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.runner import serve

    port = _free_port()
    config = _config(db_url, port)
    seeded = build(config, MovableClock(START))
    seed_secretary(seeded, seeded.council_ids["test"], SECRETARY, "toy", "u-siri")
    seeded.close()
    monkeypatch.setenv("TOY_TOKEN", "toy-abc")

    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    running = asyncio.run_coroutine_threadsafe(serve(config, MovableClock(START), stop), loop)
    try:
        for _ in range(200):  # until the server listens (a connection refused means not yet)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as ready:
                    if ready.status == 200:
                        break
            except OSError:
                threading.Event().wait(0.05)
        answer = _say(port, {"id": "1", "user": "u-siri", "room": ROOM, "text": "/sak ny Ventetid på avrusning"})
        assert answer[0]["show"] == "room" and "registrert som sak" in answer[0]["text"]
        assert _say(port, {"id": "1", "user": "u-siri", "room": ROOM, "text": "/sak ny Ventetid"}) == []  # repeat
        elsewhere = _say(port, {"id": "2", "user": "u-siri", "room": "rom-annet", "text": "/sak liste"})
        assert elsewhere[0]["show"] == "only-you"  # a room that is not the council's: refused, nothing done
        private = _say(port, {"id": "3", "user": "u-siri", "room": "dm-siri", "text": "/sak liste"})
        assert private[0]["show"] == "only-you" and "Ventetid på avrusning" in private[0]["text"]
    finally:
        loop.call_soon_threadsafe(stop.set)
        running.result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
    engine = make_engine(db_url)
    with make_sessions(engine)() as session:
        assert session.query(Case).count() == 1
        binding = session.query(ChannelBinding).filter_by(platform="toy").one()
        assert binding.channel_id == ROOM
    engine.dispose()


@pytest.mark.parametrize(
    ("reply", "shared", "ephemeral", "expected"),
    [
        (Reply("ok", private=False), True, False, Show),
        (Reply("bare for deg", private=True), True, False, SendPrivately),
        (Reply("bare for deg", private=True), True, True, Show),
        (Reply("nei", error=True, redact=True), True, False, TakeBack),
        (Reply("skjema", form="sak_ny"), True, False, OpenForm),
        (Reply("feil", error=True, form="sak_ny"), False, False, Show),
    ],
)
def test_route_says_what_every_platform_does_with_an_answer(
    reply: Reply, shared: bool, ephemeral: bool, expected: type
) -> None:
    actions = route(reply, Surface(shared=shared, ephemeral=ephemeral))
    assert [type(action) for action in actions] == [expected]
    if expected is Show:
        assert actions[0].private == (reply.error or reply.private or not shared)  # type: ignore[union-attr]


def test_one_splitter_cuts_long_messages_for_every_platform() -> None:
    from bot.chat import split_lines

    text = "\n".join(f"linje {n}" for n in range(100))
    pieces = split_lines(text, 50)
    assert all(len(piece) <= 50 for piece in pieces) and "\n".join(pieces) == text  # cut at line ends
    long_line = "x" * 120
    assert split_lines(long_line, 50) == ["x" * 50, "x" * 50, "x" * 20]
    # Slack's measure (escaped length): four '&' make twenty characters, so fewer fit in a piece.
    escaped = split_lines("&" * 12, 20, lambda raw: len(raw.replace("&", "&amp;")))
    assert all(len(p.replace("&", "&amp;")) <= 20 for p in escaped) and "".join(escaped) == "&" * 12
