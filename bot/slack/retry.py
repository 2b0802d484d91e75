"""slack_sdk's retry handlers, bounded: how long a Slack call may wait in place before it gives up.

Connection errors, HTTP 500/503 and 429 `ratelimited` are retried where they happen, the 429 after the
Retry-After Slack names. A Retry-After longer than `max_wait` is not waited out in place: the call fails
at once with it, and the caller (the outbox) schedules the retry. The sync handlers wait through an
injected `sleep`, so tests move time instead of sleeping.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

_LOGGER = logging.getLogger(__name__)

Sleep = Callable[[float], None]


def retry_after_of(response: HttpResponse | None) -> float | None:
    if response is None:
        return None
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return float(values[0])
            except ValueError:
                return None
    return None


class _Waiting:
    """Waits through an injected `sleep`, so tests move time instead of sleeping."""

    sleep: Sleep

    def _wait(self, state: RetryState, seconds: float) -> None:
        state.next_attempt_requested = True
        self.sleep(seconds)
        state.increment_current_attempt()


class BoundedRateLimitRetry(_Waiting, RateLimitErrorRetryHandler):
    """429: wait the Retry-After Slack names (plus a little jitter), but only when that fits in `max_wait`."""

    def __init__(self, max_retry_count: int, max_wait: float, sleep: Sleep) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait
        self.sleep = sleep

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return (retry_after_of(response) or 1.0) <= self.max_wait

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        self._wait(state, (retry_after_of(response) or 1.0) + random.random() / 4)


class ServerErrorRetry(_Waiting, ServerErrorRetryHandler):
    def __init__(self, max_retry_count: int, sleep: Sleep) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.sleep = sleep

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        self._wait(state, self.interval_calculator.calculate_sleep_duration(state.current_attempt))


class ConnectionErrorRetry(_Waiting, ConnectionErrorRetryHandler):
    def __init__(self, max_retry_count: int, sleep: Sleep) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.sleep = sleep

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        self._wait(state, self.interval_calculator.calculate_sleep_duration(state.current_attempt))


def retry_handlers(retries: int, max_wait: float, sleep: Sleep = time.sleep) -> list[RetryHandler]:
    return [
        ConnectionErrorRetry(retries, sleep),
        BoundedRateLimitRetry(retries, max_wait, sleep),
        ServerErrorRetry(retries, sleep),
    ]


class BoundedAsyncRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """The event loop's 429 handler (it waits with asyncio.sleep), bounded the same way."""

    def __init__(self, max_retry_count: int, max_wait: float) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return (retry_after_of(response) or 1.0) <= self.max_wait


def async_retry_handlers(retries: int, max_wait: float) -> list[AsyncRetryHandler]:
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=retries),
        BoundedAsyncRateLimitRetry(retries, max_wait),
        AsyncServerErrorRetryHandler(max_retry_count=retries),
    ]
