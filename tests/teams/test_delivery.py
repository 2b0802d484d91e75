"""Notices through the outbox as proactive Teams messages: exactly once under 429 storms and connector
errors, personal messages to members, and the case form as a card."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from sqlalchemy import func, select

from handlers.forms import YES
from storage.db import transaction
from storage.models import Case, Notice, NoticeState
from tests.identity_numbers import fictional_numbers
from tests.teams.conftest import AAD, CHANNEL, Teams


def _queue(teams: Teams, count: int, member: int | None = None) -> list[str]:
    texts = [f"Melding nummer {n} til rådet" for n in range(count)]
    with transaction(teams.app.sessions) as session:
        for text in texts:
            session.add(
                Notice(
                    key=f"test:{secrets.token_hex(6)}",
                    council_id=teams.council_id,
                    member_id=member,
                    kind="message",
                    payload={"text": text, "buttons": [], "ref": None},
                    due_at=teams.clock.now(),
                    created_at=teams.clock.now(),
                )
            )
    return texts


def _pending(teams: Teams) -> int:
    with teams.app.sessions() as session:
        query = (
            select(func.count())
            .select_from(Notice)
            .where(Notice.state == NoticeState.PENDING, Notice.kind.in_(("message", "open_chat")))
        )
        return int(session.scalar(query) or 0)


def _drain_until_done(teams: Teams, rounds: int = 8) -> int:
    for done in range(rounds):
        teams.app.sender.drain()
        if _pending(teams) == 0:
            return done + 1
        teams.clock.advance(timedelta(minutes=20))
    raise AssertionError("posts still pending")


def test_a_429_storm_delays_posts_but_every_one_goes_out_exactly_once(planned: Teams) -> None:
    posts = _queue(planned, 4)
    planned.fake.fail_next(429, count=6, retry_after=30)
    planned.app.sender.drain()
    assert _pending(planned) >= 1
    with planned.app.sessions() as session:
        pending = select(Notice).where(Notice.state == NoticeState.PENDING, Notice.kind == "message")
        notes = [n.note for n in session.scalars(pending)]
    assert all("vente 30 sekunder" in note for note in notes), notes
    rounds = _drain_until_done(planned)
    shown = [c.text for c in planned.fake.posts(CHANNEL)]
    print(f"4 posts through 6 refusals in {rounds} rounds")
    assert sorted(t for t in shown if t in posts) == sorted(posts)  # each once, none lost


def test_connector_errors_are_retried_and_a_removed_bot_fails_for_good(planned: Teams) -> None:
    _queue(planned, 1)
    planned.fake.fail_next(502)
    planned.app.sender.drain()
    assert _pending(planned) == 1
    _drain_until_done(planned)
    gone = _queue(planned, 1)
    planned.fake.fail_next(403, count=5)
    planned.app.sender.drain()
    with planned.app.sessions() as session:
        failed = session.scalars(select(Notice).where(Notice.state == NoticeState.FAILED)).all()
    assert len(failed) == 1 and "403" in (failed[0].note or "")
    assert [c.text for c in planned.fake.posts(CHANNEL)].count(gone[0]) == 1  # the first one; never the second


def test_personal_messages_open_the_personal_chat_once(planned: Teams) -> None:
    member = planned.ids["Kari Dybdahl"]
    texts = _queue(planned, 2, member=member)
    _drain_until_done(planned)
    personal = f"a:personal-{AAD['Kari Dybdahl']}"
    assert [c.text for c in planned.fake.posts(personal)] == texts
    assert len([c for c in planned.fake.opened() if c.body["members"][0]["id"] == AAD["Kari Dybdahl"]]) == 1


def test_a_member_the_bot_cannot_write_to_is_asked_in_the_channel(planned: Teams) -> None:
    planned.fake.refused_people.add(AAD["Mona Fossum"])
    _queue(planned, 1, member=planned.ids["Mona Fossum"])
    _drain_until_done(planned)
    notes = [c.text for c in planned.fake.posts(CHANNEL) if c.text.startswith("Mona:")]
    assert len(notes) == 1 and "Brukerrådet" in notes[0]


def test_the_agenda_is_posted_on_time_and_answered_with_its_buttons(planned: Teams) -> None:
    planned.say("Kari Dybdahl", "sak ny Ventetid på avrusning")
    planned.say("Liv Aasen", "sak godkjenn 1")
    planned.app.sender.drain()
    mark = planned.fake.mark()
    planned.clock.advance(timedelta(days=15, hours=1))  # Tuesday 8 December, 10:00: seven days before
    planned.app.sender.drain()
    agenda = [c for c in planned.fake.since(mark) if "Ventetid på avrusning" in c.text and c.actions]
    assert len(agenda) == 1, [c.text for c in planned.fake.since(mark)]
    assert agenda[0].conversation == CHANNEL
    answered = planned.click("Mona Fossum", agenda[0], "Jeg kommer")
    assert any(
        "registrert som til stede" in c.text for c in answered if c.conversation == f"a:personal-{AAD['Mona Fossum']}"
    )
    planned.app.sender.drain()
    assert [c.text for c in planned.fake.posts(CHANNEL)].count(agenda[0].text) == 1  # posted once


def test_the_case_form_is_a_card_in_the_personal_chat_with_errors_on_its_fields(planned: Teams) -> None:
    sent = planned.say("Kari Dybdahl", "sak ny")
    personal = f"a:personal-{AAD['Kari Dybdahl']}"
    cards = [c for c in sent if c.conversation == personal and c.card is not None]
    assert cards and any("personlige chatten" in c.text for c in sent if c.conversation.startswith(CHANNEL))
    form = cards[0]
    inputs = {b["id"]: b for b in form.card["body"] if b.get("type", "").startswith("Input.")}  # type: ignore[index]
    assert inputs["title"]["isRequired"] and inputs["title"]["maxLength"] > 0
    submit = form.actions[0]["data"]
    assert submit["channel"] == CHANNEL
    # Submitted without a title and without the tick: the card comes back with both errors, nothing stored.
    empty = planned.say(
        "Kari Dybdahl", "", channel=None, value={**submit, "title": "", "description": ""}, reply_to=form.activity_id
    )
    assert empty and empty[0].method == "PUT" and empty[0].activity_id == form.activity_id
    assert "Tittel" in empty[0].text or "tittel" in empty[0].text.lower()
    with planned.app.sessions() as session:
        assert session.query(Case).count() == 0
    number = next(iter(fictional_numbers().values()))
    held = planned.say(
        "Kari Dybdahl",
        "",
        channel=None,
        value={**submit, "title": f"Gjelder {number}", "system_level": YES},
        reply_to=form.activity_id,
    )
    assert held[0].method == "PUT" and number not in json.dumps(held[0].body)  # refused on the field, not echoed
    assert any(b.get("color") == "Attention" for b in held[0].card["body"])  # type: ignore[index]
    with planned.app.sessions() as session:
        assert session.query(Case).count() == 0
    answers = {
        **submit,
        "title": "Ventetid på avrusning",
        "description": "Vi ønsker en orientering.",
        "system_level": YES,
    }
    done = planned.say("Kari Dybdahl", "", channel=None, value=answers, reply_to=form.activity_id)
    assert any("sak 1/2026" in c.text for c in done)
    with planned.app.sessions() as session:
        assert session.query(Case).count() == 1
    planned.app.sender.drain()
    assert any("Ventetid på avrusning" in c.text for c in planned.fake.posts(CHANNEL))  # announced in the channel
