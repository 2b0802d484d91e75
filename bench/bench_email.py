"""The agenda e-mailed to 100 councils of 15 members through SMTP on loopback (issue 16).

Each council has one meeting whose agenda is due now and 15 members who get e-mail only. Measured: how many
mails a second the outbox's sender gets through the e-mail port (render, one mail per member with its links
and invitation, recorded as done; one SMTP session carries up to 100 mails), and the time until the last one
arrived at the server, next to the bare library in the same run: aiosmtplib sending one of the same mails,
ready-made, as many times, 100 to a session. No target yet: the figures first (the difference is the
database, rendering, building each mail with its invitation and the bookkeeping of exactly once).
`python -m bench.bench_email [councils]`.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from bench.common import Row, print_table
from bot.app import build
from bot.clock import MovableClock
from bot.config import parse
from bot.email.adapter import EmailPort
from bot.email.platform import EmailConfig
from fakes.smtp_server import FakeSmtp
from storage.db import transaction
from storage.models import ChatIdentity, Council, Meeting, Member, Notice, Role

_LOGGER = logging.getLogger(__name__)

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
COUNCILS = 100
MEMBERS = 15


def _seed(app_sessions: object, councils: int) -> None:
    with transaction(app_sessions) as session:  # type: ignore[arg-type]
        for n in range(councils):
            council = Council(slug=f"r{n}", name=f"Brukerrådet {n}", timezone="Europe/Oslo", created_at=NOW)
            session.add(council)
            session.flush()
            meeting = Meeting(
                council_id=council.id, number=1, start=NOW + timedelta(days=7), place="Gryta", created_at=NOW
            )
            session.add(meeting)
            session.flush()
            for m in range(MEMBERS):
                member = Member(
                    council_id=council.id,
                    name=f"Medlem {m} Rådsen",
                    role=Role.REPRESENTATIVE if m else Role.SECRETARY,
                    email=f"m{m}.r{n}@example.no",
                    created_at=NOW,
                )
                session.add(member)
                session.flush()
                session.add(ChatIdentity(member_id=member.id, platform="email", external_id=str(member.id)))
            session.add(
                Notice(
                    key=f"{council.id}:agenda:m{meeting.id}",
                    council_id=council.id,
                    kind="agenda",
                    meeting_id=meeting.id,
                    payload={},
                    due_at=NOW,
                    created_at=NOW,
                )
            )


def ours(councils: int, smtp: FakeSmtp) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        config = parse({"database": {"url": f"sqlite:///{Path(folder) / 'b.db'}"}}, {})
        clock = MovableClock(NOW)
        app = build(config, clock)
        _seed(app.sessions, councils)
        port = EmailPort(
            EmailConfig(server="127.0.0.1", port=smtp.port, security="none", sender="b@kommune.no", login=False),
            clock,
            None,
        )
        app.add_port(port)
        started = time.perf_counter()
        while app.sender.drain(limit=50):
            pass
        elapsed = time.perf_counter() - started
        port.close()
        app.close()
    return elapsed, len(smtp.messages)


def bare(count: int, smtp: FakeSmtp, mail: EmailMessage) -> float:
    """The bare library: one of our agenda mails, built once, sent `count` times, 100 to a session."""
    import aiosmtplib

    async def send_all() -> None:
        left = count
        while left:
            async with aiosmtplib.SMTP(hostname="127.0.0.1", port=smtp.port, start_tls=False) as client:
                for _ in range(min(left, 100)):
                    await client.send_message(mail, sender="b@kommune.no", recipients=["m@example.no"])
                    left -= 1

    started = time.perf_counter()
    asyncio.run(send_all())
    return time.perf_counter() - started


def rows(councils: int = COUNCILS) -> list[Row]:
    smtp = FakeSmtp().start()
    try:
        elapsed, sent = ours(councils, smtp)
        sample = smtp.parsed()[0]
        smtp.messages.clear()
        baseline = bare(sent, smtp, sample)
    finally:
        smtp.stop()
    rate, bare_rate = sent / elapsed, sent / baseline
    return [
        Row(
            f"e-mail: agenda to {councils} councils x {MEMBERS}, mails/s",
            rate,
            None,
            bare_rate,
            unit="1/s",
            target="(figures; bare: aiosmtplib alone)",
        ),
        Row(f"e-mail: time to the last of {sent} mails", elapsed, None, baseline, unit="s"),
    ]


if __name__ == "__main__":
    print_table(rows(int(sys.argv[1]) if len(sys.argv) > 1 else COUNCILS))
