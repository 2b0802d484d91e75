"""Each notice goes out exactly once: across a restart, downtime over its moment, two schedulers on one
database, a platform that fails or rate-limits, and a crash between posting and recording (where what
cannot be known is reported as uncertain, never posted twice)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.clock import MovableClock
from bot.delivery import DeliveryError
from fakes.recording_port import Crash, RecordingPort
from handlers import texts
from storage.db import transaction
from storage.models import Notice, NoticeState
from storage.outbox import claim_due, next_due
from tests.scheduler.conftest import OSLO, SECRETARY, Council, make_council
from tests.scheduler.test_notices import (
    AGENDA,
    CALL,
    EXPECTED_TIMELINE,
    LAST,
    kinds,
    plan_half_year,
    timeline_kinds,
)

PLANNED = "Nytt brukerrådsmøte"


def _rows(council: Council, *where: object) -> list[Notice]:
    with council.app.sessions() as session:
        return list(session.scalars(select(Notice).where(*where).order_by(Notice.id)))  # type: ignore[arg-type]


def _keys_posted_twice(port: RecordingPort) -> list[str]:
    return [key for key, n in Counter(p.key for p in port.posts).items() if n > 1]


# --- restart and downtime ------------------------------------------------------------------------------


def test_restart_in_the_middle_loses_nothing_and_repeats_nothing(council: Council, db_url: str) -> None:
    plan_half_year(council)
    first = timeline_kinds(council.timeline(70))
    council.app.close()
    # A new process on the same database, with the same clock: the outbox is the truth.
    again = make_council(db_url, council.clock, council.port)
    again.ids = council.ids
    second = timeline_kinds(again.timeline(90))
    assert first + second == EXPECTED_TIMELINE
    again.app.close()


def test_downtime_over_a_due_moment_sends_it_once_on_return(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.run_days(35)  # up to Monday 8 February, the agenda not yet due
    council.clock.advance(timedelta(days=3))  # down from Monday to Thursday: the agenda's moment passed
    council.scheduler.tick()
    council.scheduler.tick()
    assert sum(t.startswith(AGENDA) for t in council.port.channel_texts()) == 1


def test_downtime_past_the_deadline_skips_the_call_and_records_why(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.scheduler.tick()  # the call is not due yet (26 January)
    council.port.posts.clear()
    council.clock.advance(timedelta(days=32))  # the bot was down until Friday 5 February: deadline passed
    council.scheduler.tick()
    assert not any(t.startswith((CALL, *LAST)) for t in council.port.channel_texts())
    skipped = {n.kind: n.note for n in _rows(council, Notice.state == NoticeState.SKIPPED)}
    assert skipped["call_for_cases"] == skipped["last_call"] == texts.NOTICE_SKIP_AFTER_DEADLINE
    assert [name for _, name in kinds(council.run_days(12))] == ["agenda", "meeting day"]


def test_downtime_past_the_meeting_skips_everything_about_it(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.scheduler.tick()
    council.port.posts.clear()
    council.clock.advance(timedelta(days=45))
    council.scheduler.tick()
    assert council.port.posts == []
    meeting_rows = _rows(council, Notice.meeting_id.is_not(None))
    assert {n.state for n in meeting_rows} == {NoticeState.SKIPPED}
    assert {n.note for n in meeting_rows if n.kind == "agenda"} == {"Møtet har allerede vært."}


# --- two schedulers ------------------------------------------------------------------------------------


def test_two_schedulers_on_one_database_post_each_notice_once(db_url: str) -> None:
    from tests.scheduler.conftest import START, seed_roster

    clock = MovableClock(START)
    shared = RecordingPort()
    one = make_council(db_url, clock, shared, worker="prosess-1")
    seed_roster(one)
    plan_half_year(one)
    other = make_council(db_url, clock, shared, worker="prosess-2")
    for _ in range(160):
        local = clock.now().astimezone(OSLO)
        clock.advance((local + timedelta(days=1)).replace(hour=9, minute=1) - local)
        start = threading.Barrier(2)

        def tick(scheduler: object, start: threading.Barrier = start) -> None:
            start.wait()
            for _ in range(3):
                scheduler.tick()  # type: ignore[attr-defined]

        threads = [threading.Thread(target=tick, args=(c.scheduler,)) for c in (one, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert _keys_posted_twice(shared) == []
    names = {str(member_id): name for name, member_id in one.ids.items()}
    said = [p.text for p in shared.posts]
    assert sum(t.startswith(CALL) for t in said) == 3 and sum(t.startswith(AGENDA) for t in said) == 3
    assert len(shared.posts) == len(EXPECTED_TIMELINE)
    assert sorted(names.get(p.address, "#kanal") for p in shared.posts) == sorted(w for _, w, _ in EXPECTED_TIMELINE)
    one.app.close()
    other.app.close()


# --- a platform that fails ------------------------------------------------------------------------------


def test_failing_platform_delays_a_notice_and_it_goes_out_once_on_recovery(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.port.failures = [DeliveryError("nede")] * 3 + [DeliveryError("vent", retry_after=600)]
    council.scheduler.tick()
    pending = _rows(council, Notice.kind == "message", Notice.state == NoticeState.PENDING)
    assert pending and all(n.note.startswith("Ikke sendt ennå (nede); prøver igjen") for n in pending)
    council.run_days(30)
    said = council.port.channel_texts()
    assert sum(t.startswith(PLANNED) for t in said) == 1
    assert sum(t.startswith(CALL) for t in said) == 1


def test_retry_after_is_respected(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.port.failures = [DeliveryError("429", retry_after=900)]
    council.scheduler.tick()
    row = _rows(council, Notice.kind == "message")[0]
    assert row.state == NoticeState.PENDING
    assert (row.due_at - council.clock.now()).total_seconds() >= 900
    council.clock.advance(timedelta(seconds=899))
    council.scheduler.tick()
    assert council.port.posts == []
    council.clock.advance(timedelta(seconds=2))
    council.scheduler.tick()
    assert [t.startswith(PLANNED) for t in council.port.channel_texts()] == [True]


def test_a_day_long_outage_never_drops_a_notice(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.run_days(21)  # Monday 25 January: nothing due yet but the announcement
    council.port.posts.clear()
    council.port.failures = [DeliveryError("Slack svarer ikke")] * 200
    council.clock.advance(timedelta(hours=23, minutes=59))  # Tuesday 09:00: the call is due; the platform is down
    for _ in range(24 * 4):  # a day of sweeps, every 15 minutes
        council.clock.advance(timedelta(minutes=15))
        council.scheduler.tick()
    assert council.port.posts == []
    assert [n.state for n in _rows(council, Notice.kind == "call_for_cases")] == [NoticeState.PENDING]
    council.port.failures = []
    council.clock.advance(timedelta(minutes=15))
    council.scheduler.tick()
    assert [t for t in council.port.channel_texts() if t.startswith(CALL)] != []
    assert _rows(council, Notice.state == NoticeState.FAILED) == []


def test_agenda_that_fails_at_first_goes_out_once_as_published(council: Council) -> None:
    council.say("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say(SECRETARY, "/sak godkjenn 1")
    council.run_days(35)  # Monday 8 February
    council.port.posts.clear()
    council.port.failures = [DeliveryError("429", retry_after=120)]
    council.clock.advance(timedelta(days=1))  # Tuesday 9 February 09:01: the agenda is due, Slack says wait
    council.scheduler.tick()
    council.say("Kari Dybdahl", "/sak ny Ny sak etter sakslisten")  # goes to the next meeting: the agenda is out
    council.clock.advance(timedelta(minutes=3))
    council.scheduler.tick()
    agendas = [t for t in council.port.channel_texts() if t.startswith(AGENDA)]
    assert len(agendas) == 1 and "Sak 1/2027: Ventetid på avrusning" in agendas[0]
    assert [n.state for n in _rows(council, Notice.kind == "agenda")] == [NoticeState.SENT]


def test_permanent_failure_is_recorded_failed_not_retried(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.port.failures = [DeliveryError("channel_not_found", permanent=True)]
    council.scheduler.tick()
    council.run_days(2)
    failed = _rows(council, Notice.state == NoticeState.FAILED)
    assert [(n.kind, n.note, n.attempts) for n in failed] == [("message", "channel_not_found", 1)]


# --- a crash between posting and recording ------------------------------------------------------------


def _crash_on_next_post(council: Council, when: str, *, ledger: bool = False) -> None:
    """Plan a meeting; the announcement's post dies `when` ("before"/"after") it reaches the platform."""
    council.port.crash = when  # type: ignore[assignment]
    council.port.keeps_ledger = ledger
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    with pytest.raises(Crash):
        council.app.sender.drain()
    assert [n.state for n in _rows(council, Notice.kind == "message")] == [NoticeState.SENDING]
    # The process is gone; a new one starts after the lease has run out.
    council.clock.advance(council.app.sender.lease + timedelta(seconds=1))


def test_crash_after_posting_is_reported_uncertain_never_resent(council: Council, db_url: str) -> None:
    _crash_on_next_post(council, "after")
    again = make_council(db_url, council.clock, council.port, worker="ny-prosess")
    again.scheduler.tick()
    assert sum(t.startswith(PLANNED) for t in council.port.channel_texts()) == 1
    row = _rows(council, Notice.kind == "message")[0]
    assert row.state == NoticeState.UNCERTAIN and "usikkert om varselet kom fram" in row.note
    again.app.close()


def test_crash_before_posting_is_uncertain_when_the_platform_cannot_tell(council: Council) -> None:
    _crash_on_next_post(council, "before")
    council.scheduler.tick()
    assert not any(t.startswith(PLANNED) for t in council.port.channel_texts())
    assert [n.state for n in _rows(council, Notice.kind == "message")] == [NoticeState.UNCERTAIN]


def test_crash_after_posting_is_recorded_sent_when_the_platform_can_tell(council: Council) -> None:
    _crash_on_next_post(council, "after", ledger=True)
    council.scheduler.tick()
    assert sum(t.startswith(PLANNED) for t in council.port.channel_texts()) == 1
    assert [n.state for n in _rows(council, Notice.kind == "message")] == [NoticeState.SENT]


def test_crash_before_posting_is_sent_once_when_the_platform_can_tell(council: Council) -> None:
    _crash_on_next_post(council, "before", ledger=True)
    council.scheduler.tick()
    assert sum(t.startswith(PLANNED) for t in council.port.channel_texts()) == 1
    assert [n.state for n in _rows(council, Notice.kind == "message")] == [NoticeState.SENT]


def test_crash_on_the_second_platform_repeats_nothing_on_the_first(db_url: str) -> None:
    from tests.scheduler.conftest import START, seed_roster

    console = RecordingPort()
    c = make_council(db_url, MovableClock(START), console, slack_channel="C0RAAD")
    slack = RecordingPort(platform="slack", crash="after")
    c.app.add_port(slack)
    seed_roster(c)
    c.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    with pytest.raises(Crash):
        c.app.sender.drain()
    c.clock.advance(c.app.sender.lease + timedelta(seconds=1))
    c.scheduler.tick()
    for port in (console, slack):
        assert sum(p.text.startswith(PLANNED) for p in port.posts) == 1
        assert _keys_posted_twice(port) == []
    row = _rows(c, Notice.kind == "message", Notice.member_id.is_(None))[0]
    assert row.state == NoticeState.UNCERTAIN and "på Slack" in row.note
    assert row.payload["done"] == ["console:konsoll:test"]
    c.app.close()


def test_graceful_shutdown_gives_back_unsent_claims(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    with transaction(council.app.sessions) as session:
        claimed = claim_due(session, council.clock.now(), council.app.sender.worker, timedelta(minutes=2))
    assert claimed
    council.scheduler.shutdown()  # SIGTERM: the claims go back at once, not after the lease
    assert all(n.claimed_by is None for n in _rows(council, Notice.state == NoticeState.PENDING))


# --- the alarm clock --------------------------------------------------------------------------------------


def test_next_wake_up_waits_for_a_lease_another_process_holds(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    now = council.clock.now()
    with transaction(council.app.sessions) as session:
        claim_due(session, now, "en-annen-prosess", timedelta(minutes=2))
    with council.app.sessions() as session:
        assert next_due(session) == now + timedelta(minutes=2)  # not now: that would spin


def test_a_command_wakes_the_scheduler_and_the_next_due_moment_is_booked(council: Council) -> None:
    posted = threading.Event()

    class Signalling(RecordingPort):
        def post_to_channel(self, *args: object, **kwargs: object) -> str:
            result = super().post_to_channel(*args, **kwargs)  # type: ignore[arg-type]
            posted.set()
            return result

    council.app.add_port(Signalling())
    council.app.dispatcher.on_commit = council.scheduler.wake
    council.scheduler.start()
    try:
        council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
        assert posted.wait(10)
        far, pause = datetime.now(UTC) + timedelta(days=1), threading.Event()
        for _ in range(1000):  # the background tick books the wake-up when it is done; wait for it
            job = council.scheduler._background.get_job("next")
            if job is not None and job.next_run_time > far:
                break
            pause.wait(0.01)
        assert job is not None
        # APScheduler runs on the wall clock: the wake-up is booked as far from now as the outbox's next
        # due row (tomorrow's declaration reminders, which will be skipped: everyone has signed).
        with council.app.sessions() as session:
            due = next_due(session)
        assert due == datetime(2027, 1, 5, 9, 0, tzinfo=OSLO)
        expected = datetime.now(UTC) + (due - council.clock.now())
        assert abs(job.next_run_time - expected) < timedelta(minutes=1)
    finally:
        council.scheduler.shutdown()


def test_shutdown_while_a_tick_books_its_next_wake_up_does_not_hang(council: Council) -> None:
    """Found by the benchmark (a SIGTERM right after start hung for good): APScheduler's shutdown holds its
    job-store lock while it waits for the running tick, and the tick was booking its next wake-up, which
    needs that lock. Here the tick is held inside its booking until shutdown has begun."""
    scheduler = council.scheduler
    inside, go_on = threading.Event(), threading.Event()
    real_add_job = scheduler._background.add_job

    def add_job(*args: object, **kwargs: object) -> object:
        if kwargs.get("id") == "next" and threading.current_thread().name != "MainThread":
            inside.set()
            assert go_on.wait(10)
        return real_add_job(*args, **kwargs)  # type: ignore[arg-type]

    scheduler._background.add_job = add_job  # type: ignore[method-assign]
    council.app.add_port(RecordingPort())
    scheduler.start()
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")  # something due later: a "next" booking
    scheduler.wake()
    assert inside.wait(10)
    stopper = threading.Thread(target=scheduler.shutdown)
    stopper.start()
    assert scheduler._closing.wait(10)  # shutdown has begun while the tick is mid-booking
    go_on.set()
    stopper.join(20)
    assert not stopper.is_alive(), "shutdown hung"
    assert not scheduler._background.running
