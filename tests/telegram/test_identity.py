"""Who is who: invite deep links and `/start KODE`, strangers, and members the bot cannot write to privately."""

from __future__ import annotations

import asyncio
import re
import threading
from datetime import timedelta

from sqlalchemy import select

from bot.delivery import Sender
from bot.telegram.port import TelegramPort
from storage.db import transaction
from storage.models import ChannelBinding, ChatIdentity, Council, Invite, Member, Notice, NoticeState
from tests.conftest import START
from tests.telegram.conftest import GROUP, NEVER_STARTED, SECRETARY, TG_IDS, Telegram

NEWCOMER = {"id": 7100, "is_bot": False, "first_name": "Nora"}
SOMEONE_ELSE = {"id": 7101, "is_bot": False, "first_name": "Ukjent"}


def _invite(tg: Telegram) -> tuple[str, str]:
    """The secretary adds Nora Lien and makes her an invite in a private chat: (code, deep link)."""
    tg.say(SECRETARY, '/brukerrad medlem ny Nora Lien rolle=representant org="LPP Trøndelag"', chat=None)
    invited = tg.say(SECRETARY, "/brukerrad inviter Nora Lien", chat=None)
    link = re.search(r"https://t\.me/brukerrad_test_bot\?start=([A-Z0-9]+)", invited.text)
    assert link is not None, invited.text
    return link.group(1), link.group(0)


def _private(tg: Telegram, user: dict[str, object], text: str) -> str:
    update = tg.fake.message_update(user, int(str(user["id"])), text)
    before = len(tg.sent(int(str(user["id"]))))
    tg.deliver(update)
    return "\n".join(str(m["text"]) for m in tg.sent(int(str(user["id"])))[before:])


def test_invite_link_links_a_telegram_account_with_one_tap(planned: Telegram) -> None:
    code, link = _invite(planned)
    assert link == f"https://t.me/brukerrad_test_bot?start={code}"
    # Opening the link makes the Telegram app send "/start CODE" in the private chat.
    welcome = _private(planned, NEWCOMER, f"/start {code}")
    assert "Velkommen, Nora Lien!" in welcome
    with planned.app.sessions() as session:
        identity = session.scalars(select(ChatIdentity).where(ChatIdentity.external_id == "7100")).one()
        assert identity.platform == "telegram" and identity.dm_channel == "7100"
    assert "Saker" in _private(planned, NEWCOMER, "/sak liste")


def test_invite_code_works_only_once(planned: Telegram) -> None:
    code, _ = _invite(planned)
    _private(planned, NEWCOMER, f"/start {code}")
    refused = _private(planned, SOMEONE_ELSE, f"/start {code}")
    assert "Koden stemmer ikke" in refused


def _second_council(tg: Telegram) -> None:
    with transaction(tg.app.sessions) as session:
        other = Council(slug="annet", name="Eldrerådet", created_at=START)
        session.add(other)
        session.flush()
        session.add(ChannelBinding(council_id=other.id, platform="telegram", channel_id="-1005555555555"))


def test_invite_finds_its_council_when_the_bot_serves_several(planned: Telegram) -> None:
    _second_council(planned)
    code, _ = _invite(planned)
    welcome = _private(planned, NEWCOMER, f"/start {code}")
    assert "Velkommen, Nora Lien! Du er nå koblet til Brukerrådet (test)" in welcome


def test_typed_code_finds_its_council_when_the_bot_serves_several(planned: Telegram) -> None:
    """The refusal tells a stranger to type `/brukerrad registrer KODE`: that must work in a private chat
    even when the bot serves several councils and the sender belongs to none yet."""
    _second_council(planned)
    code, _ = _invite(planned)
    welcome = _private(planned, NEWCOMER, f"/brukerrad registrer {code[:4].lower()}-{code[4:].lower()}")
    assert "Velkommen, Nora Lien! Du er nå koblet til Brukerrådet (test)" in welcome
    assert "Saker" in _private(planned, NEWCOMER, "/sak liste")


def test_stranger_in_a_bot_serving_several_councils_is_told_how_to_get_in(planned: Telegram) -> None:
    _second_council(planned)
    before = planned.snapshot()
    for text in ("/sak liste", "/start", "/start UKJENTKODE", "/brukerrad registrer"):
        answer = _private(planned, SOMEONE_ELSE, text)
        assert "Jeg kjenner deg ikke igjen" in answer and "/brukerrad registrer KODE" in answer, (text, answer)
    assert planned.snapshot() == before


def test_stranger_pressing_start_gets_a_friendly_refusal(planned: Telegram) -> None:
    answer = _private(planned, SOMEONE_ELSE, "/start")
    assert "Jeg kjenner deg ikke igjen" in answer and "invitasjonskode" in answer


def test_member_who_never_pressed_start_is_asked_in_the_group_without_details(planned: Telegram) -> None:
    per = TG_IDS[NEVER_STARTED]
    planned.fake.forbid(per)  # Telegram: "bot can't initiate conversation with a user"
    planned.say("Kari Dybdahl", "/oppmote nei Sykdom", chat=None)  # calls in her deputy, Per, privately
    note = planned.fake.wait_for(lambda: [t for t in planned.texts(GROUP) if t.startswith("Per:")])
    assert "trykk Start" in note[0] and "https://t.me/brukerrad_test_bot" in note[0]
    assert "Kari" not in note[0] and "forfall" not in note[0].lower()  # nothing of the message itself
    planned.fake.wait_for(lambda: planned.count(Notice, Notice.state == NoticeState.FAILED) == 1)
    with planned.app.sessions() as session:
        failed = session.scalars(select(Notice).where(Notice.state == NoticeState.FAILED)).one()
        assert "trykket Start" in failed.note


def test_member_is_asked_to_press_start_at_most_once_a_day(planned: Telegram) -> None:
    per = TG_IDS[NEVER_STARTED]
    planned.fake.forbid(per)
    planned.say("Kari Dybdahl", "/oppmote nei Sykdom", chat=None)
    planned.fake.wait_for(lambda: planned.count(Notice, Notice.state == NoticeState.FAILED) == 1)
    planned.say("Kari Dybdahl", "/oppmote ja", chat=None)  # Per is released: another private message
    planned.fake.wait_for(lambda: planned.count(Notice, Notice.state == NoticeState.FAILED) == 2)
    assert sum(1 for t in planned.texts(GROUP) if t.startswith("Per:")) == 1


def _queue_direct(tg: Telegram, name: str, count: int) -> None:
    with transaction(tg.app.sessions) as session:
        member = session.scalars(select(Member).where(Member.name == name)).one()
        for n in range(count):
            session.add(
                Notice(
                    key=f"test:dm:{n}",
                    council_id=member.council_id,
                    kind="message",
                    member_id=member.id,
                    payload={"text": f"Personlig melding {n}", "buttons": [], "ref": None},
                    due_at=tg.clock.now(),
                    created_at=tg.clock.now(),
                )
            )


def test_two_replicas_ask_a_member_to_press_start_once_a_day(planned: Telegram) -> None:
    # Two processes on one database, each with its own sender: once a day is a row, not a memory.
    planned.app.sender.drain()
    planned.fake.forbid(TG_IDS[NEVER_STARTED])
    original = planned.adapter.port
    second = TelegramPort(planned.app, original._codec)  # nothing shared in memory

    async def attach() -> None:
        assert original._bot is not None
        second.attach(original._bot, asyncio.get_running_loop(), original.bot_username)

    planned.loop.run(attach())
    replicas = [
        Sender(planned.app.sessions, planned.clock, {"telegram": port}, planned.app.settings_for, f"replica-{n}")
        for n, port in enumerate((original, second))
    ]
    _queue_direct(planned, NEVER_STARTED, 2)
    start = threading.Barrier(2)

    def run(sender: Sender) -> None:
        start.wait()
        sender.drain(limit=1)  # each replica takes one of the two messages

    threads = [threading.Thread(target=run, args=(sender,)) for sender in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for sender in replicas:
        sender.drain()
    assert planned.count(Notice, Notice.state == NoticeState.FAILED) == 2
    assert sum(1 for t in planned.texts(GROUP) if t.startswith("Per:")) == 1
    # The next day she is asked again, once.
    planned.clock.advance(timedelta(days=1))
    with transaction(planned.app.sessions) as session:
        for row in session.scalars(select(Notice).where(Notice.key.like("test:dm:%"))):
            row.key, row.state, row.due_at = f"{row.key}:again", NoticeState.PENDING, planned.clock.now()
    for sender in replicas:
        sender.drain()
    assert sum(1 for t in planned.texts(GROUP) if t.startswith("Per:")) == 2


def test_private_message_from_a_member_opens_the_way_for_personal_messages(planned: Telegram) -> None:
    per = TG_IDS[NEVER_STARTED]
    planned.say(NEVER_STARTED, "/start", chat=None)
    with planned.app.sessions() as session:
        identity = session.scalars(
            select(ChatIdentity).where(ChatIdentity.platform == "telegram", ChatIdentity.external_id == str(per))
        ).one()
        assert identity.dm_channel == str(per)
    planned.say("Kari Dybdahl", "/oppmote nei Sykdom", chat=None)
    called_in = planned.fake.wait_for(lambda: [t for t in planned.texts(per) if "har meldt forfall" in t])
    assert "Kari Dybdahl har meldt forfall" in called_in[0]


def test_invite_button_gives_the_deep_link_too(planned: Telegram) -> None:
    """The link comes from the invite the core made (`Reply.invite_code`), however it was asked for:
    here the button under the new member's roster entry."""
    added = planned.say(SECRETARY, '/brukerrad medlem ny Nora Lien rolle=representant org="LPP Trøndelag"', chat=None)
    planned.click(SECRETARY, added.messages[-1], "/brukerrad inviter \"Nora Lien\"")
    text = planned.texts(TG_IDS[SECRETARY])[-1]
    link = re.search(r"https://t\.me/brukerrad_test_bot\?start=([A-Z0-9]+)$", text)
    assert link is not None, text
    with planned.app.sessions() as session:
        invite = session.get(Invite, link.group(1))
        assert invite is not None and invite.used_at is None


def test_refused_message_in_the_private_chat_still_opens_the_way(planned: Telegram) -> None:
    """A mistyped command is refused and its transaction undone; the private chat is open all the same."""
    per = str(TG_IDS[NEVER_STARTED])
    refused = planned.say(NEVER_STARTED, "/sak nye", chat=None)
    assert "Jeg forstod ikke «nye»" in refused.text, refused.text
    with planned.app.sessions() as session:
        identity = session.scalars(
            select(ChatIdentity).where(ChatIdentity.platform == "telegram", ChatIdentity.external_id == per)
        ).one()
        assert identity.dm_channel == per


def test_message_in_the_group_does_not_count_as_a_private_chat(planned: Telegram) -> None:
    per = str(TG_IDS[NEVER_STARTED])
    planned.say(NEVER_STARTED, "/sak liste")
    with planned.app.sessions() as session:
        identity = session.scalars(
            select(ChatIdentity).where(ChatIdentity.platform == "telegram", ChatIdentity.external_id == per)
        ).one()
        assert identity.dm_channel is None
