"""One Telegram poller per bot token: the lock is taken by one process and taken over when it goes away."""

from __future__ import annotations

from bot.leader import poller_lock
from storage.db import make_engine


def test_only_one_process_polls_and_another_takes_over(db_url: str) -> None:
    first_engine, second_engine = make_engine(db_url), make_engine(db_url)
    first, second = poller_lock(first_engine), poller_lock(second_engine)
    assert first.held()
    assert first.held()  # asking again keeps it
    assert not second.held()
    first.release()  # as when the process dies: its connection (or file) closes
    assert second.held()
    assert not first.held()
    second.release()
    first_engine.dispose()
    second_engine.dispose()
