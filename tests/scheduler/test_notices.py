"""The scheduler posts the routine on time: call for cases, last call, agenda, reminders and nudges,
each at the council's posting time, moved to the working day before a weekend or public holiday."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.clock import MovableClock
from handlers.notices import working_day_on_or_before
from storage.db import transaction
from storage.models import ChatIdentity, Meeting, Member, Notice, NoticeState
from tests.conftest import seed_secretary
from tests.scheduler.conftest import SECRETARY, START, Council, make_council

CALL = "Hei, alle sammen!"
LAST = ("I dag er siste frist", "Siste frist for å melde inn saker")
AGENDA = "Saksliste for brukerrådet"
MORNING = "God morgen!"
NUDGE = "Vi har ikke fått svar fra deg"
HALF_YEAR = "Til sekretæren: det er ikke planlagt noen møter"


def kinds(posts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(day, text) → (day, which notice), for the scheduled notices among the posts."""
    names = {CALL: "call", LAST: "last call", AGENDA: "agenda", MORNING: "meeting day"}
    return [(day, name) for day, text in posts for start, name in names.items() if text.startswith(start)]


def timeline_kinds(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(day, to whom, text) → (day, to whom, which notice)."""
    names = {CALL: "call", LAST: "last call", AGENDA: "agenda", MORNING: "meeting day", HALF_YEAR: "half-year"}
    out = []
    for day, who, text in entries:
        name = next((n for start, n in names.items() if text.startswith(start)), "")
        out.append((day, who, "nudge" if NUDGE in text else name or text[:30]))
    return out


HALF_YEAR_PLAN = [
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
EXPECTED_TIMELINE = [
    ("2027-01-26", "#kanal", "call"),
    ("2027-02-02", "#kanal", "last call"),
    # 9 days before: no case waits for the working committee, so nothing goes to it.
    ("2027-02-09", "#kanal", "agenda"),
    # 2 days before is a Sunday: Friday. The representatives who have not answered; not the deputy.
    ("2027-02-12", "Kari Dybdahl", "nudge"),
    ("2027-02-12", "Liv Aasen", "nudge"),
    ("2027-02-16", "#kanal", "meeting day"),
    ("2027-03-11", "#kanal", "call"),
    ("2027-03-18", "#kanal", "last call"),
    ("2027-03-24", "#kanal", "agenda"),
    ("2027-03-30", "Kari Dybdahl", "nudge"),  # the Tuesday after Easter Monday
    ("2027-03-30", "Liv Aasen", "nudge"),
    ("2027-04-01", "#kanal", "meeting day"),
    ("2027-04-30", SECRETARY, "half-year"),  # 2 May is a Sunday: plan the autumn
    ("2027-05-03", "#kanal", "call"),
    ("2027-05-10", "#kanal", "last call"),
    ("2027-05-14", "#kanal", "agenda"),
    ("2027-05-21", "Kari Dybdahl", "nudge"),
    ("2027-05-21", "Liv Aasen", "nudge"),
    ("2027-05-24", "#kanal", "meeting day"),
]


def plan_half_year(council: Council) -> None:
    for command in HALF_YEAR_PLAN:
        council.say(SECRETARY, command)
    council.scheduler.tick()
    council.port.posts.clear()


def test_a_half_year_of_meetings_posts_the_exact_sequence(council: Council) -> None:
    plan_half_year(council)
    assert timeline_kinds(council.timeline(160)) == EXPECTED_TIMELINE


def test_weekend_or_holiday_moves_a_notice_to_the_working_day_before() -> None:
    assert working_day_on_or_before(date(2027, 5, 17)) == date(2027, 5, 14)  # Constitution Day, a Monday
    assert working_day_on_or_before(date(2026, 12, 26)) == date(2026, 12, 24)  # Saturday, 2nd Christmas Day
    assert working_day_on_or_before(date(2027, 3, 29)) == date(2027, 3, 24)  # Easter Monday back past Easter
    assert working_day_on_or_before(date(2027, 1, 5)) == date(2027, 1, 5)


def test_call_for_cases_states_the_deadline_and_how_to_submit(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    call = next(text for _, text in council.run_days(23) if text.startswith(CALL))
    assert "møte 1/2027, tirsdag 16. februar 2027 kl. 10.00, Gryta" in call
    assert "innen tirsdag 2. februar 2027 med /sak ny" in call


def test_last_call_on_deadline_day_lists_the_cases_so_far(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    last = [(day, text) for day, text in council.run_days(30) if text.startswith(LAST)]
    assert [day for day, _ in last] == ["2027-02-02"]
    assert "• 1/2027 Ventetid på avrusning" in last[0][1]


def test_agenda_goes_out_seven_days_before_with_attendance_buttons(council: Council) -> None:
    council.say("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say(SECRETARY, "/sak godkjenn 1")
    council.say("Liv Aasen", "/habilitet 1 Jeg arbeider i avrusningen")
    posts = council.run_days(40)
    agenda = [(day, text) for day, text in posts if text.startswith(AGENDA)]
    assert [day for day, _ in agenda] == ["2027-02-09"]
    assert agenda[0][1].splitlines()[2:6] == [
        "1. Godkjenning av innkalling og saksliste",
        "2. Godkjenning av referat fra forrige møte",
        "3. Sak 1/2027: Ventetid på avrusning (A-Larm) – habilitet meldt: Liv Aasen",
        "4. Eventuelt",
    ]
    with council.app.sessions() as session:
        assert session.scalars(select(Meeting)).one().agenda_published_at is not None


def test_june_meeting_agenda_has_the_annual_evaluation(council: Council) -> None:
    council.clock.advance(timedelta(days=140))  # late May 2027
    council.say(SECRETARY, "/mote bekreft 2027-06-15T10:00 Gryta")
    agenda = next(text for _, text in council.run_days(20) if text.startswith(AGENDA))
    assert "3. Årlig evaluering av brukerrådets arbeid\n4. Eventuelt" in agenda


def test_agenda_published_early_by_the_secretary_is_not_sent_again(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say(SECRETARY, "/mote sakliste publiser 1 likevel")
    posts = council.run_days(40)
    assert [day for day, text in posts if text.startswith(AGENDA)] == ["2027-01-05"]  # the secretary's own
    with council.app.sessions() as session:
        row = session.scalars(select(Notice).where(Notice.kind == "agenda")).one()
        assert row.state == NoticeState.SKIPPED and "allerede sendt" in row.note


def test_meeting_planned_twenty_days_ahead_gets_the_call_at_once(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-01-24T10:00 Gryta")  # a Sunday, 20 days on: allowed, warned
    council.scheduler.tick()
    posts = council.port.channel_texts()
    assert len(posts) == 2 and posts[0].startswith("Nytt brukerrådsmøte") and posts[1].startswith(CALL)


def test_meeting_planned_after_its_deadline_skips_the_call(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-01-14T10:00 Gryta")  # 10 days on: the deadline has passed
    council.scheduler.tick()
    assert not any(t.startswith((CALL, *LAST)) for t in council.port.channel_texts())
    with council.app.sessions() as session:
        skipped = session.scalars(select(Notice.kind).where(Notice.state == NoticeState.SKIPPED)).all()
    assert {"call_for_cases", "last_call"} <= set(skipped)


def test_meeting_day_reminder_comes_an_hour_ahead_of_an_early_meeting(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T08:30 Gryta")
    council.run_days(43, at="07:31")
    mornings = [p.text for p in council.port.posts if p.text.startswith(MORNING)]
    assert mornings == ["God morgen! I dag er det brukerrådsmøte kl. 08.30. Sted: Gryta. Vel møtt!"]


def test_moving_a_meeting_replans_and_does_not_repeat_the_call(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-01-24T10:00 Gryta")
    council.scheduler.tick()
    council.say(SECRETARY, "/mote flytt 1 bekreft torsdag 4. februar kl 12")
    posts = kinds(council.run_days(35))
    assert [name for _, name in posts] == ["last call", "agenda", "meeting day"]
    assert posts[-1][0] == "2027-02-04"
    assert any(t.startswith("Møte 1/2027 er flyttet") for t in council.port.channel_texts())


def test_moving_a_meeting_away_and_back_restores_its_notices(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say(SECRETARY, "/mote flytt 1 bekreft tirsdag 23. februar kl 10")
    council.say(SECRETARY, "/mote flytt 1 bekreft tirsdag 16. februar kl 10")
    assert [name for _, name in kinds(council.run_days(45))] == ["call", "last call", "agenda", "meeting day"]


def test_cancelling_a_meeting_cancels_its_notices_and_tells_members(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say(SECRETARY, "/mote avlys 1 bekreft")
    posts = council.run_days(50)
    assert [t for _, t in posts if t.startswith((CALL, *LAST, AGENDA, MORNING))] == []
    assert any(t.startswith("Avlyst") for t in council.port.channel_texts())
    with council.app.sessions() as session:
        states = set(session.scalars(select(Notice.state).where(Notice.meeting_id.is_not(None))))
    assert states == {NoticeState.CANCELLED}


def test_members_who_have_not_answered_are_nudged_two_days_before(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say("Kari Dybdahl", "/oppmote ja")
    council.run_days(45)
    nudged = {p.address for p in council.port.posts if p.kind == "direct" and NUDGE in p.text}
    assert nudged == {str(council.ids["Liv Aasen"])}


def test_untriaged_cases_go_to_the_working_committee(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.say("Kari Dybdahl", "/sak ny Ventetid")
    entries = [(day, who, text) for day, who, text in council.timeline(40) if "venter 1 sak på behandling" in text]
    assert [(day, who) for day, who, _ in entries] == [("2027-02-05", "Liv Aasen"), ("2027-02-05", SECRETARY)]
    assert "• 1/2027 Ventetid" in entries[0][2]


def test_unsigned_member_is_reminded_after_a_day_then_weekly(db_url: str) -> None:
    c = make_council(db_url, MovableClock(START))
    c.ids[SECRETARY] = seed_secretary(c.app, c.council_id, SECRETARY, "console")
    c.say(SECRETARY, "/taushet signer")
    c.say(SECRETARY, "/brukerrad medlem ny Nora Li rolle=representant org=RiO til=30.06.2028")
    with transaction(c.app.sessions) as session:
        nora = session.scalars(select(Member).where(Member.name == "Nora Li")).one()
        session.add(ChatIdentity(member_id=nora.id, platform="console", external_id=str(nora.id)))
    c.ids["Nora Li"] = nora.id
    reminders = [(day, who) for day, who, text in c.timeline(16) if "taushetserklæringen" in text]
    assert reminders == [
        ("2027-01-05", "Nora Li"),
        ("2027-01-12", "Nora Li"),
        ("2027-01-19", "Nora Li"),
        ("2027-01-19", SECRETARY),  # the third is the last: the secretary is told instead of a fourth
    ]
    c.say("Nora Li", "/taushet signer")
    assert [e for e in c.timeline(14) if "taushetserklæringen" in e[2]] == []
    c.app.close()


def test_secretary_is_warned_sixty_days_before_a_term_ends(council: Council) -> None:
    council.say(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=30.04.2027")
    warnings = [(day, who, text) for day, who, text in council.timeline(70) if "går ut" in text]
    assert [(day, who) for day, who, _ in warnings] == [("2027-03-01", SECRETARY)]  # 60 days before: 1 March
    assert "Kari Dybdahl (A-Larm) som brukerrepresentant går ut fredag 30. april 2027" in warnings[0][2]


def test_term_warning_survives_a_change_that_leaves_the_term_alone(council: Council) -> None:
    council.say(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=30.04.2027")
    council.say(SECRETARY, '/brukerrad medlem endre Kari Dybdahl org="A-Larm Trøndelag"')
    council.say(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=31.05.2027")
    council.say(SECRETARY, "/brukerrad medlem endre Kari Dybdahl til=30.04.2027")
    warnings = [(day, who) for day, who, text in council.timeline(70) if "går ut" in text]
    assert warnings == [("2027-03-01", SECRETARY)]


def test_half_year_nudge_in_may_when_the_autumn_has_fewer_than_two_meetings(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-09-14T10:00 Gryta")
    council.clock.advance(timedelta(days=110))  # late April 2027
    entries = [(day, who, text) for day, who, text in council.timeline(10) if who == SECRETARY]
    assert [(day, who) for day, who, _ in entries] == [("2027-04-30", SECRETARY)]
    assert entries[0][2].splitlines() == [
        "Til sekretæren: det er bare planlagt ett møte i halvåret fra torsdag 1. juli 2027 "
        "til fredag 31. desember 2027.",
        "Brukerrådet har fire til seks møter i året, og møteplanen legges for et halvår om gangen. "
        "Planlegg møter med /mote ny.",
        "Brukerrådet evaluerer arbeidet sitt hver juni: evalueringen kommer med på sakslisten til junimøtet.",
    ]


def test_secretary_sees_the_notices_of_the_next_meeting(council: Council) -> None:
    council.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    council.run_days(23)
    text = council.say(SECRETARY, "/mote varsler").text
    assert text.splitlines()[0] == "Varsler for møte 1/2027, tirsdag 16. februar 2027 kl. 10.00, Gryta og rådet:"
    assert "• innkalling til saker: sendt, tirsdag 26. januar 2027 kl. 09.01" in text
    assert "• sakslisten: planlagt, tirsdag 9. februar 2027 kl. 09.00" in text


def test_notice_list_shows_skipped_and_failed_notices_with_the_reason(council: Council) -> None:
    from bot.delivery import DeliveryError

    council.say(SECRETARY, "/mote bekreft 2027-01-14T10:00 Gryta")  # too late for a call for cases
    council.scheduler.tick()
    council.port.failures = [DeliveryError("kanalen finnes ikke", permanent=True)]
    council.run_days(3)  # Thursday 7 January: the agenda
    text = council.say(SECRETARY, "/mote varsler").text
    assert "• innkalling til saker: hoppet over, mandag 4. januar 2027 kl. 08.00 – Fristen for saker" in text
    assert "• sakslisten: feilet, torsdag 7. januar 2027 kl. 09.00 – kanalen finnes ikke" in text
    assert "• påminnelse om oppmøte: planlagt, tirsdag 12. januar 2027 kl. 09.00" in text


def test_notice_list_is_for_the_secretary(council: Council) -> None:
    from handlers.dispatch import Incoming

    reply = council.app.dispatcher.handle(
        Incoming("console", str(council.ids["Kari Dybdahl"]), "/mote varsler", council.council_id)
    )
    assert reply is not None and reply.error
