"""Chat accounts in the core: the private chat a member wrote from is recorded with the command, forgotten
when the platform refuses a personal message, and an invite says which code it made."""

from __future__ import annotations

from sqlalchemy import select

from handlers.dispatch import Incoming
from storage.db import transaction
from storage.models import ChannelBinding, ChatIdentity, Invite
from tests.core.conftest import SECRETARY, Council

KARI = "Kari Dybdahl"


def _private_chat(council: Council, who: str) -> str | None:
    with council.app.sessions() as session:
        identity = session.scalars(
            select(ChatIdentity).where(ChatIdentity.platform == "console", ChatIdentity.member_id == council.ids[who])
        ).one()
        return identity.dm_channel


def _from_private_chat(council: Council, user_id: str, text: str, chat: str) -> None:
    incoming = Incoming("console", user_id, text, council.council_id, private_chat_id=chat)
    assert council.app.dispatcher.handle(incoming) is not None


def test_private_chat_is_recorded_with_the_command(council: Council) -> None:
    assert _private_chat(council, KARI) is None
    _from_private_chat(council, str(council.ids[KARI]), "/sak liste", "dm-kari")
    assert _private_chat(council, KARI) == "dm-kari"
    _from_private_chat(council, str(council.ids[KARI]), "/sak liste", "dm-kari-ny")  # a new chat replaces it
    assert _private_chat(council, KARI) == "dm-kari-ny"


def test_refused_command_still_records_the_private_chat(council: Council) -> None:
    _from_private_chat(council, str(council.ids[KARI]), "/mote nye fredag", "dm-kari")
    assert _private_chat(council, KARI) == "dm-kari"


def test_a_strangers_private_messages_write_nothing(council: Council) -> None:
    before = council.snapshot()
    for text in ("/sak liste", "/start", "hei"):
        _from_private_chat(council, "ukjent-konto", text, "dm-ukjent")
    assert council.snapshot() == before


def test_invite_says_which_code_it_made(council: Council) -> None:
    invited = council.ok(SECRETARY, f"/brukerrad inviter {KARI}")
    invite = council.one(Invite, Invite.member_id == council.ids[KARI])
    assert invited.invite_code == invite.code and invite.code in invited.text
    assert council.ok(SECRETARY, "/brukerrad medlemmer").invite_code is None


def test_refused_personal_message_forgets_the_chat_and_names_where_to_ask(council: Council) -> None:
    _from_private_chat(council, str(council.ids[KARI]), "/sak liste", "dm-kari")
    with transaction(council.app.sessions) as session:
        session.add(ChannelBinding(council_id=council.council_id, platform="console", channel_id="rådet"))
        session.add(ChannelBinding(council_id=council.council_id, platform="slack", channel_id="C0RADET"))
    closed = council.app.dispatcher.private_chat_closed("console", str(council.ids[KARI]))
    assert len(closed) == 1 and closed[0].member_id == council.ids[KARI] and closed[0].first_name == "Kari"
    assert "rådet" in closed[0].channels and "C0RADET" not in closed[0].channels  # its own platform's only
    assert _private_chat(council, KARI) is None
    assert council.app.dispatcher.private_chat_closed("console", "ukjent-konto") == ()
