"""A real SMTP server on loopback (aiosmtpd) that keeps what it was given and fails on demand, for the
e-mail tests and the bench: STARTTLS with a self-signed certificate (`tls_pair`), LOGIN/PLAIN checked
against one user, 4xx and 5xx replies for an address (`rcpt_replies`) or for the next messages
(`data_replies`). `parsed()` reads what arrived with the standard library's e-mail parser.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    authenticated: bool
    session: int  # which SMTP session carried it (one number per connection)

    def parsed(self) -> EmailMessage:
        message = BytesParser(policy=policy.default).parsebytes(self.data)
        assert isinstance(message, EmailMessage)
        return message


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def tls_pair(folder: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for 127.0.0.1 (made with openssl): (the server's context, a client's that
    trusts only it)."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    if not cert.exists():
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                str(key),
                "-out",
                str(cert),
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ],
            check=True,
            capture_output=True,
        )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


@dataclass
class FakeSmtp:
    tls_context: ssl.SSLContext | None = None  # offer STARTTLS (and require it before login)
    user: tuple[str, str] | None = None  # (username, password) the server accepts; None: no login
    messages: list[Received] = field(default_factory=list)
    # address → the reply to its RCPT TO ("550 5.1.1 Mailbox unavailable", "450 4.2.1 Try later").
    rcpt_replies: dict[str, str] = field(default_factory=dict)
    # Replies to the next DATA commands, one each, instead of accepting them.
    data_replies: list[str] = field(default_factory=list)
    port: int = 0
    _controller: Controller | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> FakeSmtp:
        self.port = self.port or free_port()
        kwargs: dict[str, Any] = {"server_hostname": "localhost"}
        if self.tls_context is not None:
            kwargs.update(tls_context=self.tls_context, require_starttls=True)
        if self.user is not None:
            kwargs.update(authenticator=self._authenticate, auth_required=True)
            kwargs["auth_require_tls"] = self.tls_context is not None
        self._controller = Controller(_Handler(self), hostname=HOST, port=self.port, **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def parsed(self) -> list[EmailMessage]:
        with self._lock:
            return [m.parsed() for m in self.messages]

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and self.user is not None
            and (auth_data.login.decode(), auth_data.password.decode()) == self.user
        )
        return AuthResult(success=ok, handled=False)


class _Handler:
    def __init__(self, fake: FakeSmtp) -> None:
        self._fake = fake

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        reply = self._fake.rcpt_replies.get(address)
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._fake._lock:
            if self._fake.data_replies:
                return self._fake.data_replies.pop(0)
            data = envelope.original_content or envelope.content
            self._fake.messages.append(
                Received(
                    envelope.mail_from, tuple(envelope.rcpt_tos), bytes(data), bool(session.authenticated), id(session)
                )
            )
        return "250 Message accepted for delivery"
