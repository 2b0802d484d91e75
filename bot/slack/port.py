"""Slack as a delivery port: the sync Web API client with slack_sdk's retry handlers, called from the
scheduler's thread. Rate limits (429) and server errors are retried in place a few times; what still
fails becomes a `DeliveryError`, so the outbox keeps the notice and tries again later."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.delivery import DeliveryError, OutMessage
from bot.slack.render import blocks, escape
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
        "msg_too_long",
        "no_text",
        "cannot_dm_bot",
        "message_not_found",
        "cant_update_message",
    }
)


class SlackPort:
    platform = PLATFORM

    def __init__(self, token: str, base_url: str, *, timeout: int = 10, retries: int = 2) -> None:
        self.client = WebClient(
            token=token,
            base_url=base_url,
            timeout=timeout,
            retry_handlers=[
                ConnectionErrorRetryHandler(max_retry_count=retries),
                RateLimitErrorRetryHandler(max_retry_count=retries),
                ServerErrorRetryHandler(max_retry_count=retries),
            ],
        )

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        if edit_message_id is not None:
            try:
                self._call(
                    "chat_update",
                    channel=channel_id,
                    ts=edit_message_id,
                    text=escape(message.text),
                    blocks=blocks(message.text, message.buttons),
                )
                return edit_message_id
            except DeliveryError as error:
                if not error.permanent:
                    raise
                # The poll message is gone: post it anew (its new ts is remembered by the sender).
        return self._post(channel_id, message)

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        # chat.postMessage to a user id opens (or reuses) the app's direct-message conversation.
        return self._post(user_id, message)

    def _post(self, channel: str, message: OutMessage) -> str:
        response = self._call(
            "chat_postMessage",
            channel=channel,
            text=escape(message.text),
            blocks=blocks(message.text, message.buttons),
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response.get("ts", ""))

    def _call(self, method: str, **kwargs: object) -> dict[str, object]:
        try:
            response = getattr(self.client, method)(**kwargs)
        except SlackApiError as error:
            code = str(error.response.get("error", "error")) if error.response is not None else "error"
            if error.response is not None and error.response.status_code == 429:
                seconds = float(error.response.headers.get("Retry-After", "30") or 30)
                raise DeliveryError(
                    texts.SLACK_FAILED_RATE_LIMIT.format(seconds=int(seconds)), retry_after=seconds
                ) from None
            if code in PERMANENT:
                raise DeliveryError(texts.SLACK_FAILED_PERMANENT.format(error=code), permanent=True) from None
            raise DeliveryError(texts.SLACK_FAILED.format(error=code)) from None
        except Exception as error:  # connection refused, timeout: transient
            raise DeliveryError(texts.SLACK_FAILED.format(error=type(error).__name__)) from None
        return dict(response.data) if isinstance(response.data, dict) else {}
