"""A delivery port that records what it was asked to send, and can fail, rate-limit or crash on demand.

`failures` are raised one per call before anything is posted (a platform that is down, or answers 429
with `retry_after`). `crash` makes the next call die like a killed process, before or after the post
reached the platform (`Crash` is not a `DeliveryError`: nothing in the sender catches it). With
`keeps_ledger` the port can tell afterwards whether a post went out (`DeliveryLedger`), as Slack could.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Literal

from bot.delivery import DeliveryError, OutMessage


class Crash(BaseException):
    """The process died here (SIGKILL, power cut): nothing after this line runs."""


@dataclass
class Post:
    kind: str  # "channel" or "direct"
    address: str
    text: str
    key: str
    edit: str | None = None


@dataclass
class RecordingPort:
    platform: str = "console"
    posts: list[Post] = field(default_factory=list)
    failures: list[DeliveryError] = field(default_factory=list)  # raised, one per call, before posting
    crash: Literal["before", "after"] | None = None  # once: die before or after the post went out
    keeps_ledger: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _before(self) -> None:
        with self.lock:
            if self.failures:
                raise self.failures.pop(0)
            if self.crash == "before":
                self.crash = None
                raise Crash

    def _after(self) -> None:
        with self.lock:
            if self.crash == "after":
                self.crash = None
                raise Crash

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        self._before()
        with self.lock:
            self.posts.append(Post("channel", channel_id, message.text, idempotency_key, edit_message_id))
            message_id = edit_message_id or f"m{len(self.posts)}"
        self._after()
        return message_id

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        self._before()
        with self.lock:
            self.posts.append(Post("direct", user_id, message.text, idempotency_key))
            message_id = f"m{len(self.posts)}"
        self._after()
        return message_id

    def was_delivered(self, address: str, *, idempotency_key: str) -> bool | None:
        if not self.keeps_ledger:
            return None
        with self.lock:
            return any(p.key == idempotency_key and p.address == address for p in self.posts)

    def channel_texts(self) -> list[str]:
        return [p.text for p in self.posts if p.kind == "channel"]

    def direct_texts(self, address: str | None = None) -> list[str]:
        return [p.text for p in self.posts if p.kind == "direct" and (address is None or p.address == address)]
