"""The e-mail adapter: a delivery port that sends through the municipality's SMTP relay (aiosmtplib), and
the answer pages on the bot's web server (bot/email/answers.py).

E-mail has no channel: every post is a personal message to one member (the sender turns the council's
notices into one mail per member who wants e-mail). SMTP's answers become the sender's outcomes: 4xx and a
relay that cannot be reached are temporary (retried with back-off, nothing lost), a 5xx for the address is
`unreachable` (recorded on the member, shown in `/mote varsler`, never retried), any other 5xx `permanent`.
A resend after a crash carries the same Message-ID, which mail programs show once. One SMTP session (TLS
and login once) carries a mailing, on the port's own event loop; a session the relay ended is replaced.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import threading
import time
from collections.abc import Mapping
from email.message import EmailMessage

import aiosmtplib
from aiohttp import web

from bot.app import App
from bot.chat import Chat
from bot.delivery import DeliveryError, OutMessage
from bot.email.answers import AnswerPages
from bot.email.links import Links
from bot.email.message import Link, build
from bot.email.platform import LINK_SECRET, PASSWORD, USERNAME, EmailConfig
from bot.tables import ConfigError
from handlers import reach, texts
from handlers.dispatch import Clock

_LOGGER = logging.getLogger(__name__)

TEMPORARY_RETRY = 60.0  # seconds before a 4xx is tried again, at least (the sender backs off further)
IDLE_SECONDS = 30.0  # a session unused this long is ended before the next mail (relays drop idle ones)
PER_SESSION = 100  # mails per session, then a new one (relays limit how many one session may carry)


class EmailPort:
    """Delivery by SMTP. `send_direct(member id, message)`: the message names its recipient
    (`OutMessage.recipient`), its subject and its calendar entry; buttons become signed links."""

    platform = reach.EMAIL
    repeats_recognised = True  # bot.delivery.RecognisedRepeats: one Message-ID per post

    def __init__(
        self,
        config: EmailConfig,
        clock: Clock,
        links: Links | None,
        username: str = "",
        password: str = "",
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self.config = config
        self._clock = clock
        self._links = links
        self._username = username
        self._password = password
        self._tls = tls_context
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        # Used only on `_loop`: the open SMTP session, how many mails it carried, when it was last used.
        self._client: aiosmtplib.SMTP | None = None
        self._sent = 0
        self._last_used = 0.0

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        raise DeliveryError(texts.EMAIL_NO_CHANNEL, permanent=True)

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        if message.recipient is None:
            raise DeliveryError(texts.EMAIL_NO_ADDRESS, permanent=True)
        links = (
            tuple(
                Link(button.label, self._links.url(user_id, button.command, button.label), button.style)
                for button in message.buttons
            )
            if self._links is not None
            else ()
        )
        mail = build(
            message,
            sender=self.config.sender,
            sender_name=message.recipient.council or self.config.sender,
            reply_to=self.config.reply_to,
            idempotency_key=idempotency_key,
            now=self._clock.now(),
            links=links,
        )
        # Called from the sender's worker thread (never the event loop): the SMTP session lives on the
        # port's own loop, so one session carries a whole mailing instead of a handshake and login per mail.
        running = asyncio.run_coroutine_threadsafe(self._send(mail, message.recipient.address), self._own_loop())
        try:
            running.result(timeout=self.config.timeout * 2 + 5)
        except TimeoutError:
            running.cancel()
            raise DeliveryError(texts.EMAIL_SERVER_DOWN.format(kind="TimeoutError")) from None
        return str(mail["Message-ID"])

    def close(self) -> None:
        """End the SMTP session and the port's loop (the adapter's `stop`)."""
        with self._lock:
            loop, self._loop = self._loop, None
        if loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._disconnect(), loop).result(timeout=self.config.timeout + 5)
        loop.call_soon_threadsafe(loop.stop)

    def _own_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="smtp", daemon=True).start()
            return self._loop

    async def _session(self) -> aiosmtplib.SMTP:
        """The open session, or a new one: connected, TLS as configured, logged in. A session idle for long
        is ended first (relays close them on their side; better not to find out mid-mail)."""
        now = time.monotonic()
        if self._client is not None and (now - self._last_used > IDLE_SECONDS or self._sent >= PER_SESSION):
            await self._disconnect()
        if self._client is None:
            security = self.config.security
            client = aiosmtplib.SMTP(
                hostname=self.config.server,
                port=self.config.port,
                username=self._username or None,
                password=self._password or None,
                use_tls=security == "tls",
                start_tls=security == "starttls",
                tls_context=self._tls,
                timeout=self.config.timeout,
            )
            await client.connect()
            self._client, self._sent = client, 0
        self._last_used = now
        return self._client

    async def _disconnect(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            await client.quit()
        except (TimeoutError, aiosmtplib.SMTPException, OSError):
            client.close()

    async def _send(self, mail: EmailMessage, address: str) -> None:
        for attempt in (1, 2):
            try:
                client = await self._session()
                await client.send_message(mail, sender=self.config.sender, recipients=[address])
                self._sent += 1
                return
            except aiosmtplib.SMTPServerDisconnected:
                # The relay ended a session we held (idle, or a limit per session): once more on a new one.
                # Had it taken the mail before it went, the resend has the same Message-ID.
                self._client = None
                if attempt == 2:
                    raise DeliveryError(texts.EMAIL_SERVER_DOWN.format(kind="SMTPServerDisconnected")) from None
            except aiosmtplib.SMTPRecipientsRefused as error:
                await self._disconnect()
                codes = [refusal.code for refusal in error.recipients]
                raise _outcome(codes[0] if codes else 550, address=True) from None
            except aiosmtplib.SMTPResponseException as error:
                await self._disconnect()
                raise _outcome(error.code, address=False) from None
            except (TimeoutError, aiosmtplib.SMTPException, OSError) as error:
                # Not reached, the connection broke, TLS failed: nothing was accepted, so trying again is safe.
                self._client = None
                raise DeliveryError(texts.EMAIL_SERVER_DOWN.format(kind=type(error).__name__)) from None


def _outcome(code: int, *, address: bool) -> DeliveryError:
    """What an SMTP reply code means for the sender (never its text: it may quote the address)."""
    if 400 <= code < 500:
        return DeliveryError(texts.EMAIL_TEMPORARY.format(code=code), retry_after=TEMPORARY_RETRY)
    if address:
        return DeliveryError(texts.EMAIL_ADDRESS_REFUSED.format(code=code), unreachable=True)
    return DeliveryError(texts.EMAIL_REFUSED.format(code=code), permanent=True)


class EmailAdapter:
    platform = reach.EMAIL

    def __init__(self, app: App, config: EmailConfig, env: Mapping[str, str]) -> None:
        if not config.sender:
            raise ConfigError(texts.CONFIG_EMAIL_NO_SENDER)
        secret = env.get(LINK_SECRET.name, "")
        if not LINK_SECRET.form.match(secret):
            raise ConfigError(texts.CLI_SECRET_MALFORMED.format(name=LINK_SECRET.name, what=LINK_SECRET.what))
        self.app = app
        self.chat = Chat(app, reach.EMAIL, not_bound=texts.NO_COUNCIL_HERE)
        links = Links(secret, app.clock, config.public_url, config.link_days)
        tls = ssl.create_default_context(cafile=config.ca_file or None)
        username = env.get(USERNAME.name, "") if config.login else ""
        password = env.get(PASSWORD.name, "") if config.login else ""
        self._port = EmailPort(
            config, app.clock, links if config.public_url else None, username, password, tls_context=tls
        )
        self.pages = AnswerPages(self.chat, links)
        app.add_port(self._port)

    @property
    def port(self) -> EmailPort:
        return self._port

    def routes(self, web_app: web.Application) -> None:
        self.pages.routes(web_app)

    async def start(self) -> None:
        """Nothing to connect yet: the SMTP session opens with the first mail."""

    async def stop(self) -> None:
        """End the SMTP session (off the loop: the port's own loop does the closing)."""
        await asyncio.to_thread(self._port.close)
