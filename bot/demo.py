"""A demo council to try the whole routine on one laptop. Real organisations, fictional people."""

from __future__ import annotations

import logging
import shlex
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from bot.app import App
from handlers.dispatch import Incoming
from storage.db import transaction
from storage.models import ChatIdentity, Member, Role

_LOGGER = logging.getLogger(__name__)

# (organisation, representative, deputy or None). The people are invented.
ROSTER: tuple[tuple[str, str, str | None], ...] = (
    ("Mental Helse Trøndelag", "Hanne Sæther Lid", "Bjørn Fjeldvær"),
    ("RiO", "Tobias Rognstad", "Lene Kvam Hårstad"),
    ("A-Larm", "Silje Myrvold", "Petter Ulvin"),
    ("Angstringen Trondheim", "Marit Osvik", None),
    ("Foreningen for human narkotikapolitikk", "Jonas Brekkan", "Eirin Solbakk"),
    ("LPP Trondheim", "Randi Lykkja", "Arvid Teigland"),
    ("Marborg", "Kristoffer Hegstad", None),
    ("Hvite Ørn", "Gunhild Almås", "Trond Vikelid"),
    ("ADHD Norge Trøndelag", "Nora Skjelstad", None),
    ("LFSS", "Sindre Haugrud", "Vilde Enget"),
    ("We Shall Overcome", "Ane Stavrum", None),
)
SECRETARY = ("Siri Strandvik", "Trondheim kommune")
OBSERVER = ("Tor Vårvik", "Vårres regionalt brukerstyrt senter")
# The other profiles (handlers/profiles.py): real organisations that nominate members, invented people.
ROSTERS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "brukerrad": ROSTER,
    "eldrerad": (
        ("Pensjonistforbundet Trøndelag", "Astrid Hovde", "Kåre Lian"),
        ("Trondheim pensjonistforening", "Odd Rønning", "Solveig Moen"),
        ("Seniorsaken", "Ingrid Furu", None),
        ("Nasjonalforeningen for folkehelsen", "Harald Stene", None),
        ("Fagforbundet pensjonistene", "Bodil Sæterbakk", "Jostein Ree"),
    ),
    "funksjonsrad": (
        ("Norges Handikapforbund Trøndelag", "Liv Aasen", "Geir Krogstad"),
        ("Blindeforbundet Trøndelag", "Per Ivar Holm", None),
        ("Hørselshemmedes Landsforbund", "Kirsten Eide", "Rune Sletten"),
        ("FFO Trøndelag", "Tone Kvello", None),
        ("Autismeforeningen i Trøndelag", "Erik Bye", None),
    ),
    "ungdomsrad": (
        ("Charlottenlund videregående skole", "Emma Lyng", "Sander Aune"),
        ("Strinda videregående skole", "Jakob Riise", None),
        ("Huseby ungdomsskole", "Ida Sand", "Mathias Dahl"),
        ("Ungdomsklubben Tiller", "Maja Hoff", None),
        ("Elevrådet ved Rosenborg skole", "Oskar Wold", None),
    ),
}


def load_demo(app: App, council_slug: str) -> bool:
    """Fill the council with the demo roster and two meetings; False if it already has members."""
    council_id = app.council_ids[council_slug]
    with app.sessions() as session:
        if session.scalar(select(func.count(Member.id)).where(Member.council_id == council_id)):
            return False
    now = app.clock.now()
    today = now.date()
    with transaction(app.sessions) as session:
        secretary = Member(
            council_id=council_id, name=SECRETARY[0], role=Role.SECRETARY, created_at=now, term_start=today
        )
        session.add(secretary)
        session.flush()
        session.add(ChatIdentity(member_id=secretary.id, platform="console", external_id=str(secretary.id)))
    secretary_id = str(secretary.id)

    def say(text: str) -> None:
        reply = app.dispatcher.handle(Incoming("console", secretary_id, text, council_id))
        if reply is None or reply.error:
            raise RuntimeError(f"demo command failed: {text}: {reply.text if reply else ''}")

    profile = app.settings_for_id(council_id).profile
    first_term = date(today.year + profile.term_years, 6, 30)
    # The brukerråd's mandate staggers the first period, 2 and 3 years; the others sit a period together.
    staggered = date(today.year + profile.term_years + 1, 6, 30) if profile.one_per_organisation else first_term
    for index, (organisation, representative, deputy) in enumerate(ROSTERS[profile.key]):
        role = "leder" if index == 0 else "nestleder" if index == 1 else "representant"
        end = first_term if index % 2 == 0 else staggered
        say(f"/brukerrad medlem ny {representative} rolle={role} org={shlex.quote(organisation)} til={end:%d.%m.%Y}")
        if deputy:
            say(f"/brukerrad medlem ny {deputy} rolle=stedfortreder org={shlex.quote(organisation)} til={end:%d.%m.%Y}")
    say(f"/brukerrad medlem ny {OBSERVER[0]} rolle=observatør org={shlex.quote(OBSERVER[1])}")
    say(f"/brukerrad medlem endre {SECRETARY[0]} org={shlex.quote(SECRETARY[1])}")
    for when in demo_meeting_times(app, now):
        say(f"/mote bekreft {when:%Y-%m-%dT%H:%M} Gryta, Olav Tryggvasons gate 5")
    # The secretary and the leader have signed; the others have not yet, which shows titles-only.
    with transaction(app.sessions) as session:
        leader = session.scalar(select(Member).where(Member.council_id == council_id, Member.role == Role.LEADER))
        assert leader is not None
        session.add(ChatIdentity(member_id=leader.id, platform="console", external_id=str(leader.id)))
    say("/taushet signer")
    app.dispatcher.handle(Incoming("console", str(leader.id), "/taushet signer", council_id))
    return True


def demo_meeting_times(app: App, now: datetime) -> list[datetime]:
    """A Tuesday just after the case deadline (15–21 days ahead for a brukerråd), so that the call for
    cases goes out at once, and one eight weeks later.

    Both at 10:00 local time (mandate: meetings preferably in daytime).
    """
    settings = app.config.councils[0].settings
    tz = settings.tz
    local = now.astimezone(tz).date() + timedelta(days=settings.deadline_days + 1)
    while local.weekday() != 1:
        local += timedelta(days=1)
    first = datetime.combine(local, time(10, 0), tzinfo=tz)
    return [first, first + timedelta(weeks=8)]
