"""A council whose members are reached by e-mail through a real SMTP server on loopback (aiosmtpd, with
STARTTLS and login), with a movable clock, the real scheduler and the e-mail adapter as `brukerrad run`
makes it; chat members get their messages on a recording port (the console)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot import platforms as registry
from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from bot.email.adapter import EmailAdapter
from bot.scheduler import Scheduler
from fakes.recording_port import RecordingPort
from fakes.smtp_server import FakeSmtp, tls_pair
from handlers.dispatch import Incoming
from handlers.replies import Reply
from storage.db import transaction
from storage.models import ChatIdentity, Member
from tests.conftest import seed_secretary
from tests.scheduler.conftest import START, Council

SECRETARY = "Siri Holm"
LINK_SECRET = "prøve-nøkkel-som-er-lang-nok-til-å-signere-lenker".encode().hex()
ENV = {"EMAIL_LINK_SECRET": LINK_SECRET, "SMTP_USERNAME": "brukerrad-bot", "SMTP_PASSWORD": "hemmelig passord"}
PUBLIC_URL = "http://127.0.0.1:9"  # links are opened in the tests through aiohttp's test client


@dataclass
class MailCouncil(Council):
    smtp: FakeSmtp = None  # type: ignore[assignment]
    adapter: EmailAdapter = None  # type: ignore[assignment]

    def mails(self) -> list[Any]:
        return self.smtp.parsed()

    def mails_to(self, address: str) -> list[Any]:
        return [m for m in self.smtp.parsed() if address in str(m["To"])]

    def tell(self, who: str, text: str) -> Reply:
        """What `who` is answered in their chat, errors included."""
        reply = self.app.dispatcher.handle(Incoming("console", str(self.ids[who]), text, self.council_id))
        assert reply is not None
        return reply

    def as_email(self, who: str, text: str) -> Reply | None:
        return self.app.dispatcher.handle(Incoming("email", str(self.ids[who]), text, None))


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, Path]:
    folder = tmp_path_factory.mktemp("tls")
    server, _client = tls_pair(folder)
    return server, folder / "smtp-cert.pem"


@pytest.fixture
def smtp(tls_files: tuple[ssl.SSLContext, Path]) -> Iterator[FakeSmtp]:
    server = FakeSmtp(tls_context=tls_files[0], user=(ENV["SMTP_USERNAME"], ENV["SMTP_PASSWORD"])).start()
    yield server
    server.stop()


def make_mail_council(
    db_url: str, clock: MovableClock, smtp: FakeSmtp, ca_file: Path, *, port: RecordingPort | None = None, **email: Any
) -> MailCouncil:
    table = {
        "server": "127.0.0.1",
        "port": smtp.port,
        "security": "starttls",
        "sender": "brukerrad@trondheim.kommune.no",
        "reply_to": "sekretariat@trondheim.kommune.no",
        "public_url": PUBLIC_URL,
        "ca_file": str(ca_file),
        **email,
    }
    config = parse(
        {
            "database": {"url": db_url},
            "bot": {"platforms": ["console", "email"]},
            "councils": [{"slug": "test", "name": "Brukerrådet i Trondheim"}],
            "email": table,
        },
        {},
    )
    app = build(config, clock)
    recording = port or RecordingPort()
    app.add_port(recording)
    adapter = registry.platform("email").adapter(app, config.settings_of("email"), ENV)  # type: ignore[misc]
    assert isinstance(adapter, EmailAdapter)
    council_id = app.council_ids["test"]
    made = MailCouncil(app, clock, recording, Scheduler(app), council_id, smtp=smtp, adapter=adapter)
    with app.sessions() as session:
        made.ids = {m.name: m.id for m in session.scalars(select(Member).where(Member.council_id == council_id))}
    return made


# name, role, organisation, e-mail, how they want notices (None: the default), with a chat account
ROSTER = (
    ("Liv Aasen", "leder", "Mental Helse Trøndelag", "liv.aasen@example.no", None, True),
    ("Kari Dybdahl", "representant", "A-Larm", "kari.dybdahl@example.no", None, False),
    ("Per Eggen", "stedfortreder", "A-Larm", "per.eggen@example.no", None, False),
    ("Mona Fossum", "representant", "Angstringen", "mona.fossum@example.no", "begge", True),
    ("Tor Grande", "observatør", "RiO", None, None, True),
)


def seed(c: MailCouncil, *, sign: bool = True) -> None:
    c.ids[SECRETARY] = seed_secretary(c.app, c.council_id, SECRETARY, "console")
    for name, role, organisation, address, wish, _chat in ROSTER:
        fields = f'rolle={role} org="{organisation}"'
        if address:
            fields += f" epost={address}"
        if wish:
            fields += f" varsling={wish}"
        c.say(SECRETARY, f"/brukerrad medlem ny {name} {fields}")
    with transaction(c.app.sessions) as session:
        for member in session.scalars(select(Member).where(Member.council_id == c.council_id)):
            c.ids[member.name] = member.id
    with transaction(c.app.sessions) as session:
        for name, _role, _org, _address, _wish, chat in ROSTER:
            if chat:
                session.add(ChatIdentity(member_id=c.ids[name], platform="console", external_id=str(c.ids[name])))
    if sign:
        for name, *_rest in ROSTER:
            reply = c.app.dispatcher.handle(Incoming("console", str(c.ids[name]), "/taushet signer", c.council_id))
            if reply is None or reply.error:  # no chat account: signs through their e-mail account
                c.as_email(name, "/taushet signer")
        c.say(SECRETARY, "/taushet signer")
    c.scheduler.tick()
    c.port.posts.clear()
    c.smtp.messages.clear()


@pytest.fixture
def mail_council(db_url: str, smtp: FakeSmtp, tls_files: tuple[ssl.SSLContext, Path]) -> Iterator[MailCouncil]:
    c = make_mail_council(db_url, MovableClock(START), smtp, tls_files[1])
    seed(c)
    yield c
    c.adapter.port.close()
    c.app.close()
