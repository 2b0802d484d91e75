"""The June evaluation (`/mote evaluering`, `brukerrad evaluering`, handlers/evaluation.py): the figures the
June meeting's evaluation item reads, and the PDF and PNG they are drawn into.

The council is test_report's season: meetings on 12 January and 16 March 2027 are held, 16 February is
cancelled, 10 August is still to come; two cases are sent in, one by A-Larm and one by Mental Helse
Trøndelag, and the first is put on the agenda. The evaluation is made on 1 April 2027 for June 2027.
"""

from __future__ import annotations

import subprocess
import sys

from bot.documents import attach
from handlers import evaluation, texts
from handlers.context import Context
from tests.core.conftest import SECRETARY, Council
from tests.core.test_report import season  # noqa: F401  (the fixture)


def _cases(c: Council) -> None:
    c.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    c.ok("Liv Aasen", "/sak ny Lange køer på NAV-kontoret")
    c.ok("Liv Aasen", "/sak godkjenn 1")


def test_the_figures_count_held_meetings_cases_and_attendance(season: Council) -> None:  # noqa: F811
    c = season
    _cases(c)
    with c.app.sessions() as session:
        from storage.models import Council as CouncilRow

        council = session.query(CouncilRow).one()
        ctx = Context(session, council, None, c.clock.now(), "test")
        ev = evaluation.build(ctx, 2027)
    print("meetings", len(ev.meetings), "cases", ev.cases, "by organisation", ev.cases_by_organisation)
    assert [m.day.isoformat() for m in ev.meetings] == ["2027-01-12", "2027-03-16"]
    assert not ev.within_mandate  # two meetings, the mandate says 4 to 6
    assert ev.cases == 2
    assert dict(ev.cases_by_organisation) == {"A-Larm": 1, "Mental Helse Trøndelag": 1}
    present = {row.organisation: row.present for row in ev.attendance}
    assert present["A-Larm"] == 2  # Per stood in for Kari in January, Kari came in March


def test_the_secretary_gets_a_pdf_and_a_png_and_others_are_refused(season: Council) -> None:  # noqa: F811
    c = season
    _cases(c)
    pdf = attach(c.say(SECRETARY, "/mote evaluering 2027"))
    assert pdf is not None and pdf.attachment is not None
    assert pdf.attachment.content.startswith(b"%PDF-") and pdf.attachment.filename.endswith(".pdf")
    assert "2 saker" in pdf.text
    png = attach(c.say(SECRETARY, "/mote evaluering 2027 png"))
    assert png is not None and png.attachment is not None
    assert png.attachment.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert c.say("Kari Dybdahl", "/mote evaluering").text == texts.ONLY_AU


def test_the_bot_starts_without_matplotlib() -> None:
    """The charts' library is loaded when a chart is drawn, never at start (it takes half a second)."""
    code = "import sys, bot.app, bot.cli, handlers.commands; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
