"""One outbox message as an e-mail: multipart plain text and HTML in UTF-8, the answer links, the calendar
invitation, and the headers that make a resend recognisable (a Message-ID made from the outbox key).

Pure: `build` takes values and returns an `email.message.EmailMessage`; the port sends it.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from bot.delivery import OutMessage
from handlers import calendar, texts

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    style: str = ""


def message_id(idempotency_key: str, sender: str) -> str:
    """`<notice-12-email-5@kommune.no>`: the same for every attempt of one post of one outbox row."""
    domain = sender.rpartition("@")[2] or "brukerrad.invalid"
    return f"<{idempotency_key}@{domain}>"


def build(
    message: OutMessage,
    *,
    sender: str,
    sender_name: str,
    reply_to: str,
    idempotency_key: str,
    now: datetime,
    links: tuple[Link, ...] = (),
) -> EmailMessage:
    assert message.recipient is not None
    mail = EmailMessage()
    mail["From"] = formataddr((sender_name, sender))
    mail["To"] = formataddr((message.recipient.name, message.recipient.address))
    if reply_to:
        mail["Reply-To"] = reply_to
    mail["Subject"] = message.subject or texts.EMAIL_SUBJECT_DEFAULT.format(council=sender_name)
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = message_id(idempotency_key, sender)
    # A notice, not a person writing: out-of-office replies and the like stay away (RFC 3834).
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(plain_text(message, links), charset="utf-8")
    mail.add_alternative(html_text(message, links, sender_name), subtype="html", charset="utf-8")
    if message.event is not None:
        method = calendar.CANCEL if message.event.cancelled else calendar.REQUEST
        invitation = calendar.to_ical(
            [message.event],
            now=now,
            method=method,
            organizer=(sender_name, sender),
            attendee=(message.recipient.name, message.recipient.address),
        )
        # Beside the text, as calendars expect an invitation (RFC 6047): text/calendar with its method.
        mail.add_alternative(invitation.decode("utf-8"), subtype="calendar", charset="utf-8", params={"method": method})
    if message.attachment is not None:
        maintype, _, subtype = message.attachment.mime.partition("/")
        mail.add_attachment(
            message.attachment.content, maintype=maintype, subtype=subtype, filename=message.attachment.filename
        )
    mail["Content-Language"] = "nb"  # after the content: setting the content drops Content-* headers
    return mail


def plain_text(message: OutMessage, links: tuple[Link, ...]) -> str:
    lines = [message.text.strip(), ""]
    if links:
        lines.append(texts.EMAIL_LINKS_HEADING)
        lines += [f"{link.label}: {link.url}" for link in links]
        lines.append("")
    if message.event is not None:
        lines += [texts.EMAIL_INVITATION_NOTE, ""]
    lines.append(texts.EMAIL_FOOTER)
    return "\n".join(lines) + "\n"


_BUTTON = (
    "display:inline-block;padding:10px 18px;margin:0 8px 8px 0;border-radius:4px;"
    "font-weight:bold;text-decoration:none;color:#ffffff;background:{color}"
)
_COLORS = {"primary": "#005a9e", "danger": "#a4262c", "": "#3b3b3b"}  # each at least 7:1 against white text


def _button_style(style: str) -> str:
    return _BUTTON.format(color=_COLORS.get(style, _COLORS[""]))


def html_text(message: OutMessage, links: tuple[Link, ...], sender_name: str) -> str:
    """Simple, accessible HTML: the language, a heading, paragraphs, links that say what they do."""
    paragraphs = "\n".join(
        f"<p>{'<br>'.join(html.escape(line) for line in block.splitlines())}</p>"
        for block in message.text.strip().split("\n\n")
        if block.strip()
    )
    buttons = ""
    if links:
        anchors = "".join(
            f'<a href="{html.escape(link.url, quote=True)}" style="{_button_style(link.style)}">'
            f"{html.escape(link.label)}</a>"
            for link in links
        )
        buttons = f"<p>{html.escape(texts.EMAIL_LINKS_HEADING)}</p>\n<p>{anchors}</p>"
    invitation = f"<p>{html.escape(texts.EMAIL_INVITATION_NOTE)}</p>" if message.event is not None else ""
    subject = html.escape(message.subject or sender_name)
    return (
        '<!DOCTYPE html>\n<html lang="nb">\n<head><meta charset="utf-8">'
        f"<title>{subject}</title></head>\n"
        '<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b">\n'
        f'<h1 style="font-size:20px">{subject}</h1>\n{paragraphs}\n{buttons}\n{invitation}\n'
        f'<p style="color:#4a4a4a;font-size:14px">{html.escape(texts.EMAIL_FOOTER)}</p>\n</body>\n</html>\n'
    )
