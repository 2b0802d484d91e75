"""Slack as a delivery port: the sync Web API client, called from the sender's worker thread.

slack_sdk's retry handlers retry in place: connection errors, HTTP 500/503, and 429 `ratelimited` after
the Retry-After Slack names. In-place waits are bounded (`max_wait`), because a port must answer within
the sender's lease: a longer Retry-After, or what still fails after the retries, becomes a
`DeliveryError` (with `retry_after`), so the outbox keeps the notice and tries again later: delayed,
never lost. Only errors that retrying cannot mend are `permanent`.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.delivery import DeliveryError, OutMessage
from bot.slack.render import message as render_message
from bot.slack.retry import Sleep, retry_handlers
from handlers import texts

_LOGGER = logging.getLogger(__name__)

PLATFORM = "slack"
# Errors that retrying cannot mend: the message would never go out.
PERMANENT = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "user_not_found",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "missing_scope",
        "msg_too_long",
        "no_text",
        "invalid_blocks",
        "cannot_dm_bot",
        "message_not_found",
        "cant_update_message",
        "restricted_action",
    }
)
# chat.update on a message that is gone: post the poll anew instead.
_EDIT_GONE = frozenset({"message_not_found", "cant_update_message", "edit_window_closed"})


class SlackPort:
    """`bot.delivery.DeliveryPort` for Slack: channel posts (edited in place with `chat.update`) and
    direct messages (`chat.postMessage` to the user's id, which opens the app's conversation with them)."""

    platform = PLATFORM

    def __init__(
        self,
        token: str,
        base_url: str,
        *,
        timeout: int = 10,
        retries: int = 2,
        max_wait: float = 10.0,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.client = WebClient(
            token=token, base_url=base_url, timeout=timeout, retry_handlers=retry_handlers(retries, max_wait, sleep)
        )

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        if edit_message_id is not None:
            try:
                rendered = render_message(message.text, message.buttons)
                self._call("chat_update", channel=channel_id, ts=edit_message_id, **rendered)
                return edit_message_id
            except _EditGone:
                _LOGGER.info("Slack: the message to edit is gone; posting it anew")
        return self._post(channel_id, message)

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        return self._post(user_id, message)

    def _post(self, channel: str, message: OutMessage) -> str:
        response = self._call(
            "chat_postMessage",
            channel=channel,
            unfurl_links=False,
            unfurl_media=False,
            mrkdwn=False,  # the notification text (`text`) is plain too, like the blocks
            **render_message(message.text, message.buttons),
        )
        return str(response.get("ts", ""))

    def _call(self, method: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = getattr(self.client, method)(**kwargs)
        except SlackApiError as error:
            code = str(error.response.get("error", "error")) if error.response is not None else "error"
            if error.response is not None and error.response.status_code == 429:
                seconds = float(error.response.headers.get("Retry-After", "30") or 30)
                _LOGGER.warning("Slack: rate limited on %s; Retry-After %s s", method, seconds)
                raise DeliveryError(
                    texts.SLACK_FAILED_RATE_LIMIT.format(seconds=int(seconds)), retry_after=seconds
                ) from None
            if method == "chat_update" and code in _EDIT_GONE:
                raise _EditGone(code) from None
            _LOGGER.warning("Slack: %s failed (%s)", method, code)
            if code in PERMANENT:
                raise DeliveryError(texts.SLACK_FAILED_PERMANENT.format(error=code), permanent=True) from None
            raise DeliveryError(texts.SLACK_FAILED.format(error=code)) from None
        except Exception as error:  # connection refused, timeout: transient
            _LOGGER.warning("Slack: %s failed (%s)", method, type(error).__name__)
            raise DeliveryError(texts.SLACK_FAILED.format(error=type(error).__name__)) from None
        return dict(response.data) if isinstance(response.data, dict) else {}


class _EditGone(Exception):
    pass
