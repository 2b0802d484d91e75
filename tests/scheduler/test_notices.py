"""The scheduler posts the routine on time, exactly once: call for cases, last call, agenda, reminders."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from sqlalchemy import select

from bot.clock import MovableClock
from bot.delivery import DeliveryError
from handlers.notices import working_day_on_or_before
from storage.models import Meeting, Notice, NoticeState
from tests.fakes.recording_port import RecordingPort
from tests.scheduler.conftest import OSLO, SECRETARY, START, Council, make_council

CALL = "Hei, alle sammen!"
LAST = "I dag er siste frist"
AGENDA = "Saksliste for brukerrådet"
MORNING = "God morgen!"


def _kinds(posts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    names = {CALL: "call", LAST: "last call", AGENDA: "agenda", MORNING: "meeting day"}
    out = []
    for day, text in posts:
        for prefix, name in names.items():
            if text.startswith(prefix):
                out.append((day, name))
    return out


HALF_YEAR = [
    "/mote bekreft 2027-02-16T10:00 Gryta",  # a Tuesday
    "/mote bekreft 2027-04-01T10:00 Gryta",  # the Thursday after Easter
    "/mote bekreft 2027-05-24T10:00 Gryta",  # a Monday, a week after Constitution Day
]
EXPECTED = [
    ("2027-01-26", "call"),  # 21 days before 16 February
    ("2027-02-02", "last call"),  # 14 days before: the deadline day
    ("2027-02-09", "agenda"),  # 7 days before
    ("2027-02-16", "meeting day"),
    ("2027-03-11", "call"),
    ("2027-03-18", "last call"),
    ("2027-03-24", "agenda"),  # 25 March is Maundy Thursday: the working day before
    ("2027-04-01", "meeting day"),
    ("2027-05-03", "call"),
    ("2027-05-10", "last call"),
    ("2027-05-14", "agenda"),  # Monday 17 May is Constitution Day: back to Friday
    ("2027-05-24", "meeting day"),
]


def test_a_half_year_of_meetings_posts_the_exact_sequence(council: Council) -> None:
    for command in HALF_YEAR:
        council.say(SECRETARY, command)
    council.scheduler.tick()
    council.port.posts.clear()
    assert _kinds(council.run_days(160)) == EXPECTED


def test_weekend_or_holiday_moves_a_notice_to_the_working_day_before() -> None:
    assert working_day_on_or_before(date(2027, 5, 17)) == date(2027, 5, 14)  # Constitution Day, a Monday
    assert working_day_on_or_before(date(2026, 12, 26)) == date(2026, 12, 24)  # Saturday, 2nd Christmas Day
    assert working_day_on_or_before(date(2027, 3, 29)) == date(2027, 3, 24)  # Easter Monday back past Easter
    assert working_day_on_or_before(date(2027, 1, 5)) == date(2027, 1, 5)


def test_agenda_goes_out_seven_days_before_with_attendance_buttons(council: Council) -> None:
    council.say("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say(SECRETARY, "/sak godkjenn 1")
    posts = council.run_days(40)
    agenda = [text for day, text in posts if text.startswith(AGENDA)]
    assert len(agenda) == 1 and "3. Sak 1/2027: Ventetid på avrusning (A-Larm)" in agenda[0]
    with council.app.sessions() as session:
        assert session.scalars(select(Meeting)).one().agenda_published_at is not None


def test_meeting_planned_twenty_days_ahead_gets_the_call_at_once(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-01-24T10:00 Gryta")  # a Sunday, 20 days on: allowed, warned
    council.scheduler.tick()
    assert any(t.startswith(CALL) for t in council.port.channel_texts())


def test_restart_in_the_middle_loses_nothing_and_repeats_nothing(council: Council, db_url: str) -> None:
    for command in HALF_YEAR:
        council.say(SECRETARY, command)
    council.scheduler.tick()
    council.port.posts.clear()
    first = _kinds(council.run_days(70))
    council.app.close()
    # A new process on the same database, with the same clock: the outbox is the truth.
    again = make_council(db_url, council.clock)
    second = _kinds(again.run_days(90))
    assert first + second == EXPECTED
    again.app.close()


def test_downtime_spanning_the_deadline_skips_what_no_longer_makes_sense(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.scheduler.tick()  # the call is not due yet (26 January)
    council.port.posts.clear()
    council.clock.advance(timedelta(days=32))  # the bot was down until Friday 5 February: deadline passed
    council.scheduler.tick()
    assert not any(t.startswith((CALL, LAST)) for t in council.port.channel_texts())
    with council.app.sessions() as session:
        skipped = {n.kind: n.note for n in session.scalars(select(Notice).where(Notice.state == NoticeState.SKIPPED))}
    assert "Fristen" in skipped["call_for_cases"] and "Fristen" in skipped["last_call"]
    posts = council.run_days(12)
    assert [name for _, name in _kinds(posts)] == ["agenda", "meeting day"]


def test_two_schedulers_on_one_database_post_each_notice_once(council: Council, db_url: str) -> None:
    for command in HALF_YEAR:
        council.say(SECRETARY, command)
    shared = RecordingPort()
    other = make_council(db_url, council.clock, shared)
    council.app.sender.ports["console"] = shared
    for _ in range(160):
        local = council.clock.now().astimezone(OSLO)
        council.clock.advance((local + timedelta(days=1)).replace(hour=9, minute=1) - local)
        threads = [threading.Thread(target=s.tick) for s in (council.scheduler, other.scheduler)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    keys = [p.key for p in shared.posts]
    assert len(keys) == len(set(keys))
    channel = [p.text for p in shared.posts if p.kind == "channel"]
    assert sum(t.startswith(CALL) for t in channel) == 3
    assert sum(t.startswith(AGENDA) for t in channel) == 3
    other.app.close()


def test_failing_platform_delays_a_notice_and_it_goes_out_once_on_recovery(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.port.failures = [DeliveryError("nede")] * 3 + [DeliveryError("vent", retry_after=600)]
    council.scheduler.tick()
    with council.app.sessions() as session:
        pending = session.scalars(
            select(Notice).where(Notice.kind == "message", Notice.state == NoticeState.PENDING)
        ).all()
        assert pending and all(n.note for n in pending)
    council.run_days(30)
    texts = council.port.channel_texts()
    assert sum(t.startswith("Nytt brukerrådsmøte") for t in texts) == 1
    assert sum(t.startswith(CALL) for t in texts) == 1


def test_retry_after_is_respected(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.port.failures = [DeliveryError("429", retry_after=900)]
    council.scheduler.tick()
    with council.app.sessions() as session:
        row = session.scalars(select(Notice).where(Notice.kind == "message")).first()
        assert row is not None and row.state == NoticeState.PENDING
        assert (row.due_at - council.clock.now()).total_seconds() >= 900


def test_crash_between_posting_and_recording_is_reported_never_resent(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    from storage.db import transaction

    with transaction(council.app.sessions) as session:  # a process claimed it, marked the intent, and died
        row = session.scalars(select(Notice).where(Notice.kind == "message")).one()
        row.state = NoticeState.SENDING
        row.claimed_by = "dead-process"
        row.claimed_until = council.clock.now() + timedelta(minutes=2)
    council.clock.advance(timedelta(minutes=3))
    council.scheduler.tick()
    assert not any(t.startswith("Nytt brukerrådsmøte") for t in council.port.channel_texts())
    with council.app.sessions() as session:
        assert session.get(Notice, row.id).state == NoticeState.UNCERTAIN


def test_moving_a_meeting_replans_and_does_not_repeat_the_call(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-01-24T10:00 Gryta")
    council.scheduler.tick()
    council.say(SECRETARY, "/mote flytt 1 torsdag 4. februar kl 12")
    posts = _kinds(council.run_days(35))
    assert [name for _, name in posts] == ["last call", "agenda", "meeting day"]
    assert posts[-1][0] == "2027-02-04"


def test_cancelling_a_meeting_cancels_its_notices(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say(SECRETARY, "/mote avlys 1")
    posts = council.run_days(50)
    assert [t for _, t in posts if t.startswith((CALL, LAST, AGENDA, MORNING))] == []
    assert any(t.startswith("Avlyst") for t in council.port.channel_texts())


def test_members_who_have_not_answered_are_nudged_two_days_before(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say("Kari Dybdahl", "/oppmote ja")
    council.run_days(45)
    nudged = {p.address for p in council.port.posts if p.kind == "direct" and "Kommer du?" in p.text}
    assert nudged == {str(council.ids["Liv Aasen"])}


def test_untriaged_cases_go_to_the_working_committee(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say("Kari Dybdahl", "/sak ny Ventetid")
    council.run_days(40)
    told = {p.address for p in council.port.posts if p.kind == "direct" and "venter på behandling" in p.text}
    assert told == {str(council.ids["Liv Aasen"]), str(council.ids[SECRETARY])}


def test_unsigned_member_is_reminded_after_a_day_then_weekly(db_url: str) -> None:
    clock = MovableClock(START)
    c = make_council(db_url, clock)
    from storage.db import transaction
    from storage.models import ChatIdentity, Member
    from tests.conftest import seed_secretary

    c.ids[SECRETARY] = seed_secretary(c.app, c.council_id, SECRETARY, "console")
    c.say(SECRETARY, "/taushet signer")
    c.say(SECRETARY, "/brukerrad medlem ny Nora Li rolle=representant org=RiO til=30.06.2028")
    with transaction(c.app.sessions) as session:
        nora = session.scalars(select(Member).where(Member.name == "Nora Li")).one()
        session.add(ChatIdentity(member_id=nora.id, platform="console", external_id=str(nora.id)))
    c.ids["Nora Li"] = nora.id
    c.run_days(16)
    reminders = [p for p in c.port.posts if p.kind == "direct" and "taushetserklæringen" in p.text]
    assert len(reminders) == 3  # Tuesday 5 January, then 12 and 19 January
    c.say("Nora Li", "/taushet signer")
    c.run_days(14)
    assert len([p for p in c.port.posts if p.kind == "direct" and "taushetserklæringen" in p.text]) == 3
    c.app.close()


def test_secretary_is_warned_sixty_days_before_a_term_ends(council: Council) -> None:
    council.say(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=30.04.2027")
    council.run_days(70)
    warnings = [p for p in council.port.posts if p.kind == "direct" and "går ut" in p.text]
    assert [p.address for p in warnings] == [str(council.ids[SECRETARY])]
    assert "Kari Dybdahl (A-Larm)" in warnings[0].text


def test_secretary_sees_the_notices_of_the_next_meeting(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.run_days(23)
    text = council.say(SECRETARY, "/mote varsler").text
    assert "innkalling til saker: sendt" in text and "sakslisten: planlagt" in text


def test_graceful_shutdown_gives_back_unsent_claims(council: Council) -> None:
    from storage.db import transaction
    from storage.outbox import claim_due

    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    with transaction(council.app.sessions) as session:
        claimed = claim_due(session, council.clock.now(), council.app.sender.worker, timedelta(minutes=2))
    assert claimed
    council.scheduler.shutdown()  # SIGTERM: the claims go back at once, not after the lease
    with council.app.sessions() as session:
        assert all(
            n.claimed_by is None for n in session.scalars(select(Notice).where(Notice.state == NoticeState.PENDING))
        )
