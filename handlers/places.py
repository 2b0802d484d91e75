"""Where the bot may write unasked, on a platform that needs an address for it (Teams).

A Teams bot posts into a channel or writes to a person only through a *conversation reference*: the
conversation's id, the service URL of the region that hosts it and the tenant. Teams hands one over when
the app is added to a team or a chat, and with every message; the adapter gives it to the core, which
keeps it here, so that the outbox's sender (in any process, after any restart) can post later. The
address is the platform's own JSON; the core only stores it and finds it again: by the place's id
(a channel) or by the person (their personal chat).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import ChatPlace


def remember(
    session: Session, platform: str, place_id: str, address: Mapping[str, Any], user_id: str | None, now: datetime
) -> bool:
    """Store or refresh the place's address; True when something changed (a new place or a new address).

    A check, then an insert: two processes learning the same place at once meet on the unique key, and the
    dispatcher's caller runs the whole step again (`Dispatcher.remember_place`)."""
    place = session.scalar(select(ChatPlace).where(ChatPlace.platform == platform, ChatPlace.place_id == place_id))
    if place is None:
        session.add(
            ChatPlace(platform=platform, place_id=place_id, user_id=user_id, address=dict(address), updated_at=now)
        )
        return True
    if place.address == dict(address) and place.user_id == (user_id or place.user_id):
        return False
    place.address, place.updated_at = dict(address), now
    if user_id is not None:
        place.user_id = user_id
    return True


def address(session: Session, platform: str, place_id: str) -> dict[str, Any] | None:
    place = session.scalar(select(ChatPlace).where(ChatPlace.platform == platform, ChatPlace.place_id == place_id))
    return dict(place.address) if place is not None else None


def personal(session: Session, platform: str, user_id: str) -> tuple[str, dict[str, Any]] | None:
    """The person's personal chat with the bot (the newest, should they have several)."""
    place = session.scalar(
        select(ChatPlace)
        .where(ChatPlace.platform == platform, ChatPlace.user_id == user_id)
        .order_by(ChatPlace.updated_at.desc(), ChatPlace.id.desc())
        .limit(1)
    )
    return (place.place_id, dict(place.address)) if place is not None else None


def newest(session: Session, platform: str) -> dict[str, Any] | None:
    """Any place's address, the newest: where to open a personal chat with someone who has none yet (the
    service URL and tenant are the same for everyone in one tenant)."""
    place = session.scalar(
        select(ChatPlace).where(ChatPlace.platform == platform).order_by(ChatPlace.updated_at.desc()).limit(1)
    )
    return dict(place.address) if place is not None else None


def forget_person(session: Session, platform: str, user_id: str) -> int:
    """Erase the person's personal chats (GDPR erasure); the number of places removed."""
    result = session.execute(delete(ChatPlace).where(ChatPlace.platform == platform, ChatPlace.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)
