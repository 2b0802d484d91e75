"""A delivery port that records what it was asked to send, and can fail or rate-limit on demand."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from bot.delivery import DeliveryError, OutMessage


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
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _maybe_fail(self) -> None:
        with self.lock:
            if self.failures:
                raise self.failures.pop(0)

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        self._maybe_fail()
        with self.lock:
            self.posts.append(Post("channel", channel_id, message.text, idempotency_key, edit_message_id))
            return edit_message_id or f"m{len(self.posts)}"

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        self._maybe_fail()
        with self.lock:
            self.posts.append(Post("direct", user_id, message.text, idempotency_key))
            return f"m{len(self.posts)}"

    def channel_texts(self) -> list[str]:
        return [p.text for p in self.posts if p.kind == "channel"]
