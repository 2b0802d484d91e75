"""Button commands ↔ Telegram callback data, which holds at most 64 bytes.

A button in the core carries the command it stands for (`/oppmote ja #3`). When that fits in 64 bytes
(every button the core makes today, except a meeting confirmation with a long place name or an invite for a
very long name) the callback data IS the command: nothing to remember, so buttons on posts made before a
restart keep working. A longer command gets a key, `#` and 16 hex digits of its SHA-256, remembered in
memory; a click on such a key after a restart is answered with a friendly "type the command instead".

Callback data comes from the client and can be forged, so a decoded command is handled exactly like typed
text: it grants nothing the member could not type themselves.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from threading import Lock

_LOGGER = logging.getLogger(__name__)

MAX_BYTES = 64
KEY_PREFIX = "#"
# Data of the /sak ny conversation's own buttons; never a command.
FORM_PREFIX = "sakny:"


class CallbackCodec:
    """Encodes commands as callback data and back. Thread-safe: the sender's thread renders keyboards too."""

    def __init__(self, remember: int = 10_000) -> None:
        self._long: OrderedDict[str, str] = OrderedDict()
        self._remember = remember
        self._lock = Lock()

    def encode(self, command: str) -> str:
        if command.startswith(("/", FORM_PREFIX)) and len(command.encode("utf-8")) <= MAX_BYTES:
            return command
        key = KEY_PREFIX + hashlib.sha256(command.encode("utf-8")).hexdigest()[:16]
        with self._lock:
            self._long[key] = command
            self._long.move_to_end(key)
            while len(self._long) > self._remember:
                self._long.popitem(last=False)
        _LOGGER.debug("button command longer than %d bytes kept under a key", MAX_BYTES)
        return key

    def decode(self, data: str) -> str | None:
        """The command `data` stands for; None when it is unknown (a key from before a restart, or junk)."""
        if data.startswith("/"):
            return data
        if data.startswith(KEY_PREFIX):
            with self._lock:
                return self._long.get(data)
        return None
