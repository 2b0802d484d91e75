"""A council that has held a meeting: a case with a description and a decision, a conflict of interest, an
absence that called in the deputy, a partial attendance; the documents are made from it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers import documents
from handlers.context import Context
from handlers.lookup import meeting_by_number
from storage.models import Council as CouncilRow
from tests.core.conftest import SECRETARY, Council, council, planned  # noqa: F401 (fixtures)

DESCRIPTION = "Ventetiden på avrusning er over tre uker; brukere i Østbyen blir værende på gata."
ABSENCE = "Innlagt akutt på Østmarka"
PART = "Går kl. 11 til time hos fastlegen"
CONFLICT = "Søsteren min jobber på avrusningen"
DECISION = "Brukerrådet ber kommunedirektøren om en orientering om ventetid på avrusning før sommeren."


@pytest.fixture
def held(request: pytest.FixtureRequest) -> Council:
    """Meeting 1 (15 December 2026, Gryta) held; meeting 2 planned for 12 January 2027, online."""
    base: Council = request.getfixturevalue("planned")
    base.ok("Kari Dybdahl", f"/sak ny Ventetid på avrusning -- {DESCRIPTION}")
    base.ok("Liv Aasen", "/sak godkjenn 1")
    base.ok("Mona Fossum", "/sak ny Lange køer på NAV-kontoret i Øst")
    base.ok("Liv Aasen", "/sak godkjenn 2")
    base.ok("Kari Dybdahl", f"/oppmote nei {ABSENCE}")
    base.ok("Per Eggen", "/taushet signer")
    base.ok("Per Eggen", "/oppmote ja")
    base.ok("Liv Aasen", "/oppmote ja")
    base.ok("Mona Fossum", f"/oppmote delvis {PART}")
    base.ok("Mona Fossum", f"/habilitet 1 {CONFLICT}")
    base.ok(SECRETARY, "/mote sakliste publiser 1 likevel")
    base.ok(SECRETARY, "/mote bekreft 2027-01-12T10:00 Teams https://teams.example.kommune.no/mote/2")
    base.clock.advance(timedelta(days=23))  # 16 December
    base.ok(SECRETARY, f"/sak vedtak 1 {DECISION}")
    return base


def make(c: Council, kind: str, number: int, *, public: bool) -> documents.Document:
    """The notice ("notice") or the minutes of meeting `number`, read in a session of their own."""
    with c.app.sessions() as session:
        row = session.get(CouncilRow, c.council_id)
        assert row is not None
        ctx = Context(session, row, None, c.clock.now(), "test", c.app.settings_for(row))
        meeting = meeting_by_number(ctx, str(number))
        if kind == "notice":
            return documents.agenda_notice(ctx, meeting, public=public)
        return documents.minutes(ctx, meeting, public=public)


@pytest.fixture
def published(held: Council) -> Council:
    """13 January 2027: meetings 1 and 2 held (so meeting 1's minutes are approved); meeting 3 planned for
    16 February 2027 with its agenda published; meeting 4 planned, its agenda not yet out."""
    held.clock.advance(timedelta(days=28))
    held.ok(SECRETARY, "/mote bekreft 2027-02-16T10:00 Rådhuset, møterom «Nidelva»")
    held.ok("Kari Dybdahl", "/sak ny Brukermedvirkning i nye Øya helsehus")
    held.ok("Liv Aasen", "/sak godkjenn 1/2027")
    held.ok(SECRETARY, "/mote sakliste publiser 3 likevel")
    held.ok(SECRETARY, "/mote bekreft 2027-04-13T10:00 Gryta")
    return held
