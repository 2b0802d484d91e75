"""`brukerrad run` with e-mail configured: the adapter's answer pages on the shared web server, a click
that runs the command, and the outbox's mail that follows it, through a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
import ssl
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from bot.email.links import Links
from fakes.smtp_server import FakeSmtp, free_port
from handlers.dispatch import Incoming
from storage.db import make_engine, make_sessions
from storage.models import Attendance, Member
from tests.conftest import seed_secretary
from tests.email.conftest import ENV, SECRETARY, START


def _post(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=b"omfang=hele&grunn=", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_brukerrad_run_serves_answer_links_and_sends_what_follows(
    db_url: str, smtp: FakeSmtp, tls_files: tuple[ssl.SSLContext, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.runner import serve

    port = free_port()
    config = parse(
        {
            "database": {"url": db_url},
            "bot": {"platforms": ["email"], "http_port": port},
            "councils": [{"slug": "test", "name": "Brukerrådet i Trondheim"}],
            "email": {
                "server": "127.0.0.1",
                "port": smtp.port,
                "sender": "brukerrad@trondheim.kommune.no",
                "public_url": f"http://127.0.0.1:{port}",
                "ca_file": str(tls_files[1]),
            },
        },
        {},
    )
    clock = MovableClock(START)
    seeded = build(config, clock)
    council = seeded.council_ids["test"]
    secretary = seed_secretary(seeded, council, SECRETARY, "console")
    for line in (
        "/brukerrad medlem ny Kari Dybdahl rolle=representant org=A-Larm epost=kari.dybdahl@example.no",
        "/brukerrad medlem ny Per Eggen rolle=vara org=A-Larm epost=per.eggen@example.no",
        "/mote bekreft 2027-02-16T10:00 Gryta",
    ):
        reply = seeded.dispatcher.handle(Incoming("console", str(secretary), line, council))
        assert reply is not None and not reply.error, reply.text if reply else None
    with seeded.sessions() as session:
        kari = session.scalars(select(Member.id).where(Member.name == "Kari Dybdahl")).one()
    seeded.close()
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    link = Links(ENV["EMAIL_LINK_SECRET"], clock, f"http://127.0.0.1:{port}", 30).url(
        str(kari), "/oppmote nei #1", "Jeg har forfall"
    )

    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    running = asyncio.run_coroutine_threadsafe(serve(config, clock, stop), loop)
    try:
        for _ in range(200):  # until the server is ready
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as ready:
                    if ready.status == 200:
                        break
            except OSError:
                threading.Event().wait(0.05)
        status, page = _post(link)
        assert status == 200 and "Takk" in page
        status, page = _post(link[:-2] + "xx")
        assert status == 400 and "Lenken virker ikke" in page
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(b"per.eggen" in m.data for m in smtp.messages):
            threading.Event().wait(0.05)  # the scheduler, woken by the command, sends the deputy's call-in
        to_per = [m.parsed() for m in smtp.messages if "per.eggen@example.no" in m.rcpt_tos]
        assert to_per and "Kari Dybdahl har meldt forfall" in to_per[0].get_body(("plain",)).get_content()
    finally:
        loop.call_soon_threadsafe(stop.set)
        running.result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
    engine = make_engine(db_url)
    with make_sessions(engine)() as session:
        assert [a.answer.value for a in session.scalars(select(Attendance))] == ["no"]
    engine.dispose()
