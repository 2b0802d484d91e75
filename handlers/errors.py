"""The one exception type for input a person can fix: it carries the Norwegian message they see."""

from __future__ import annotations

import logging

from handlers.replies import Button

_LOGGER = logging.getLogger(__name__)


class UserError(Exception):
    """Bad input or a missing right. The command's transaction is rolled back; `message` is shown privately."""

    def __init__(self, message: str, buttons: tuple[Button, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.buttons = buttons
