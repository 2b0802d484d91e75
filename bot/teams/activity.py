"""Reading a Teams activity (the JSON Teams sends): who sent it, where, in which tenant, and how the bot can
write there later. Pure functions over the raw activity, shared by the token check (`auth.py`), the turn
(`adapter.py`) and the delivery port (`port.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def user_of(activity: Mapping[str, Any]) -> str:
    """The sender as the bot knows members: their Entra object id (the same in every chat and team)."""
    sender = activity.get("from") or {}
    return str(sender.get("aadObjectId") or sender.get("id") or "")


def channel_of(activity: Mapping[str, Any]) -> str:
    """The Teams channel a message was written in (`19:…@thread.tacv2`); for any other conversation, the
    conversation itself (without the thread's `;messageid=…`)."""
    data = activity.get("channelData") or {}
    channel = data.get("channel") if isinstance(data, Mapping) else None
    if isinstance(channel, Mapping) and channel.get("id"):
        return str(channel["id"])
    return str((activity.get("conversation") or {}).get("id", "")).split(";")[0]


def is_shared(activity: Mapping[str, Any]) -> bool:
    return str((activity.get("conversation") or {}).get("conversationType", "personal")) != "personal"


def activity_tenant(activity: Mapping[str, Any]) -> str:
    channel_data = activity.get("channelData")
    if isinstance(channel_data, Mapping):
        tenant = channel_data.get("tenant")
        if isinstance(tenant, Mapping) and tenant.get("id"):
            return str(tenant["id"])
    conversation = activity.get("conversation")
    if isinstance(conversation, Mapping) and conversation.get("tenantId"):
        return str(conversation["tenantId"])
    return ""


def address_of(activity: Mapping[str, Any]) -> tuple[str, dict[str, Any], str | None] | None:
    """Where this activity shows the bot may write: (place id, address, the person for a personal chat).
    A channel's place is the channel; a personal or group chat's, the conversation."""
    service_url = str(activity.get("serviceUrl") or "")
    bot = activity.get("recipient") or {}
    conversation = activity.get("conversation") or {}
    if not service_url or not bot.get("id") or not conversation.get("id"):
        return None
    shared = is_shared(activity)
    address = {
        "service_url": service_url,
        "tenant_id": activity_tenant(activity),
        "bot_id": str(bot["id"]),
        "conversation_type": str(conversation.get("conversationType", "personal")),
    }
    place = channel_of(activity) if shared else str(conversation["id"])
    return place, address, None if shared else user_of(activity)
