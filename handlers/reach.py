"""How a member is reached: their e-mail address on the roster, and whether they want notices by chat,
by e-mail or both.

E-mail is a platform like the chats (bot/email): a member with an address has an account on it, the
`ChatIdentity` (platform `email`, external id = the member id) that lets a signed link in a mail run a
command as them through the dispatcher, like a click in a chat. The address itself lives on the member
(`Member.email`), so a change takes effect at the next mail. Default: e-mail for a member with no chat
account, chat for one who has.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from handlers import texts
from handlers.errors import UserError
from handlers.words import fold
from storage.models import ChatIdentity, Member

_LOGGER = logging.getLogger(__name__)

EMAIL = "email"  # the platform's name (bot/email/platform.py)

AUTOMATIC, CHAT, BY_EMAIL, BOTH = "", "chat", "epost", "begge"
REACH_WORDS = {
    "chat": CHAT,
    "kanal": CHAT,
    "epost": BY_EMAIL,
    "e-post": BY_EMAIL,
    "mail": BY_EMAIL,
    "e-mail": BY_EMAIL,
    "begge": BOTH,
    "-": AUTOMATIC,
    "auto": AUTOMATIC,
}

ADDRESS_MAX = 254  # RFC 5321: a path of 256 octets, less the angle brackets
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def parse_address(text: str) -> str | None:
    """An address as typed (`Kari.Nordmann@Trondheim.kommune.no`) → as kept (the domain in lower case);
    `-` or nothing: no address. Refused with what to type instead when it cannot be one."""
    value = text.strip()
    if value in ("", "-"):
        return None
    refusal = texts.BAD_EMAIL.format(text=texts.short(value))
    local, at, domain = value.rpartition("@")
    if not at or len(value) > ADDRESS_MAX or len(local) > 64 or not _LOCAL.match(local):
        raise UserError(refusal)
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise UserError(refusal)
    return f"{local}@{domain.lower()}"


def parse_reach(word: str) -> str:
    reach = REACH_WORDS.get(fold(word))
    if reach is None:
        raise UserError(texts.BAD_REACH.format(word=texts.short(word)))
    return reach


def routes(reach: str, has_chat: bool, has_email: bool) -> tuple[bool, bool]:
    """(by chat, by e-mail) for a member who wants `reach`: never nothing while either way is open, so
    a wish for the one a member lacks falls back on the other."""
    if not has_email:
        return True, False
    if not has_chat:
        return False, True
    if reach == BOTH:
        return True, True
    if reach == BY_EMAIL:
        return False, True
    return True, False


def mailable(member: Member) -> bool:
    """The member has an address the mail server has not refused."""
    return bool(member.email) and member.email_refused_at is None


def set_address(member: Member, address: str | None) -> None:
    """Give `member` this address (None: none). A new address clears an earlier refusal: the secretary
    has fixed it. `sync_account` then makes the e-mail account match (once the member has an id)."""
    if address != member.email:
        member.email_refused_at = None
    member.email = address


def sync_account(session: Session, member: Member) -> None:
    """The member's e-mail account, which signed links act through, exists exactly when they have an address."""
    session.flush()
    if not member.email:
        session.execute(delete(ChatIdentity).where(ChatIdentity.member_id == member.id, ChatIdentity.platform == EMAIL))
        return
    existing = session.scalar(
        select(ChatIdentity.id).where(ChatIdentity.member_id == member.id, ChatIdentity.platform == EMAIL)
    )
    if existing is None:
        session.add(ChatIdentity(member_id=member.id, platform=EMAIL, external_id=str(member.id)))


def describe(member: Member) -> str:
    """How the roster shows a member's e-mail and wish (to the secretary)."""
    if not member.email:
        return ""
    refused = texts.EMAIL_REFUSED_MARK if member.email_refused_at is not None else ""
    wish = texts.REACH_NAMES.get(member.reach, "")
    return texts.ROSTER_EMAIL.format(address=member.email, refused=refused, wish=wish)
