"""A test council's first member and its clock: what the tests and the benchmarks both start from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

# Monday 23 November 2026, 09:00 in Oslo.
START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
# The test councils' roster (fictional people, real organisations), after their first secretary.
SECRETARY = "Siri Holm"
ROSTER = (
    # name, role word, organisation
    ("Liv Aasen", "leder", "Mental Helse Trøndelag"),
    ("Ola Brattli", "nestleder", "RiO"),
    ("Kari Dybdahl", "representant", "A-Larm"),
    ("Per Eggen", "stedfortreder", "A-Larm"),
    ("Mona Fossum", "representant", "Angstringen"),
    ("Tor Grande", "observatør", "Vårres regionalt brukerstyrt senter"),
)


def seed_secretary(
    app: Any,
    council_id: int,
    name: str,
    platform: str,
    external_id: str | None = None,
    *,
    dm_channel: str | None = None,
) -> int:
    """The first secretary, straight into storage (as `brukerrad members import` would), linked to a chat
    account: the one member every test council starts from. `external_id` None: the member id (console)."""
    from storage.db import transaction
    from storage.models import ChatIdentity, Member, Role

    with transaction(app.sessions) as session:
        secretary = Member(council_id=council_id, name=name, role=Role.SECRETARY, created_at=app.clock.now())
        session.add(secretary)
        session.flush()
        session.add(
            ChatIdentity(
                member_id=secretary.id,
                platform=platform,
                external_id=external_id or str(secretary.id),
                dm_channel=dm_channel,
            )
        )
        return int(secretary.id)
