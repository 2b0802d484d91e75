"""Chat accounts in the core: the private chat a member wrote from is recorded with the command, forgotten
when the platform refuses a personal message, and an invite says which code it made."""

from __future__ import annotations

from sqlalchemy import select

from handlers.dispatch import Incoming
from storage.models import ChatIdentity, Invite
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
