"""Signed, expiring answer links (itsdangerous): what a button in a chat is, in an e-mail.

A token holds the member's e-mail account id (their roster id, nothing personal), the command the button
stands for (`/oppmote ja #3`) and its label, signed with `EMAIL_LINK_SECRET` and stamped with the time it
was made; the link is `<public_url>/epost/svar/<token>`. Forged or altered tokens fail the signature,
old ones the age check (on the bot's clock, so tests move time instead of waiting).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from handlers.dispatch import Clock

_LOGGER = logging.getLogger(__name__)

PATH = "/epost/svar/"
_SALT = "brukerrad-epost-svar"


@dataclass(frozen=True)
class Answer:
    """What a valid token says: who answers, with which command, under which label."""

    user_id: str
    command: str
    label: str


class LinkError(Exception):
    """A token that is not ours, was changed, or is too old (`expired`)."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "bad")
        self.expired = expired


class Links:
    def __init__(self, secret: str, clock: Clock, public_url: str, max_age_days: int) -> None:
        class _ClockSigner(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(clock.now().timestamp())

        self._serializer = URLSafeTimedSerializer(secret, salt=_SALT, signer=_ClockSigner)
        self._public_url = public_url
        self._max_age = max_age_days * 86400

    def token(self, user_id: str, command: str, label: str) -> str:
        value: str = self._serializer.dumps({"u": user_id, "c": command, "l": label})
        return value

    def url(self, user_id: str, command: str, label: str) -> str:
        return f"{self._public_url}{PATH}{self.token(user_id, command, label)}"

    def read(self, token: str) -> Answer:
        try:
            data: Any = self._serializer.loads(token, max_age=self._max_age)
        except SignatureExpired:
            raise LinkError(expired=True) from None
        except BadData:
            raise LinkError(expired=False) from None
        if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in ("u", "c", "l")):
            raise LinkError(expired=False)
        return Answer(data["u"], data["c"], data["l"])


def delivery_key(token: str) -> str:
    """The core's delivery key for an answer by this link: a second use of it changes nothing."""
    return "email:" + hashlib.sha256(token.encode("ascii", "replace")).hexdigest()[:40]
