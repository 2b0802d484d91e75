"""The attendance and allowance report (`/mote rapport`, `brukerrad report`): the figures per member for a
small council, read back from the .xlsx with openpyxl and from the CSV with the csv module.

The council (the test roster) holds meeting 1 on 12 January 2027: Kari has forfall and her deputy Per stands
in, Ola comes partly, Mona does not answer. Meeting 2 (16 February) is cancelled after Liv said yes. Meeting
3 (16 March): Liv, Ola and Kari come; Mona's term ended on 28 February. Meeting 4 (10 August) is still to
come when the report is made on 1 April 2027.
"""

from __future__ import annotations

import csv
import io
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from bot.cli import main
from bot.clock import MovableClock
from bot.documents import attach
from bot.report import render
from handlers import texts
from handlers.replies import Reply
from handlers.report import DetailLine, MeetingLine, MemberLine, Presence, Report, period_of
from storage.models import AuditEntry
from tests.core.conftest import SECRETARY, Council

# name: (organisation, role, meetings, attended, partly, excused, absent, as deputy, stood in for, paid)
H1_2027 = {
    "Kari Dybdahl": ("A-Larm", "brukerrepresentant", 2, 1, 0, 1, 0, 0, "", 1),
    "Liv Aasen": ("Mental Helse Trøndelag", "leder", 2, 2, 0, 0, 0, 0, "", 2),
    "Mona Fossum": ("Angstringen", "brukerrepresentant", 1, 0, 0, 0, 1, 0, "", 0),
    "Ola Brattli": ("RiO", "nestleder", 2, 1, 1, 0, 0, 0, "", 2),
    "Per Eggen": ("A-Larm", "stedfortreder", 1, 1, 0, 0, 0, 1, "Kari Dybdahl", 1),
}


@pytest.fixture
def season(council: Council) -> Council:
    c = council
    c.ok(SECRETARY, "/mote bekreft 2027-01-12T10:00 Gryta")
    c.ok(SECRETARY, "/mote bekreft 2027-02-16T10:00 Rådhuset")
    c.ok(SECRETARY, "/mote bekreft 2027-03-16T10:00 Gryta")
    c.ok(SECRETARY, "/mote bekreft 2027-08-10T10:00 Gryta")
    c.ok("Kari Dybdahl", "/oppmote nei #1 Innlagt")  # calls in Per Eggen, A-Larm's deputy
    c.ok("Per Eggen", "/taushet signer")
    c.ok("Per Eggen", "/oppmote ja #1")
    c.ok("Liv Aasen", "/oppmote ja #1")
    c.ok("Ola Brattli", "/oppmote delvis #1 Går kl. 11")
    c.ok("Liv Aasen", "/oppmote ja #2")
    c.ok(SECRETARY, "/mote avlys 2 bekreft")
    for name in ("Liv Aasen", "Ola Brattli", "Kari Dybdahl"):
        c.ok(name, "/oppmote ja #3")
    c.ok("Liv Aasen", "/oppmote ja #4")  # a meeting still to come counts for nothing
    c.clock.set(datetime(2027, 4, 1, 10, 0, tzinfo=UTC))
    c.ok(SECRETARY, "/brukerrad medlem avslutt Mona Fossum 2027-02-28")
    return c


def _sheet(book: openpyxl.Workbook, title: str) -> Worksheet:
    sheet = book[title]
    assert isinstance(sheet, Worksheet)
    return sheet


def _rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    """The sheet's values, an empty cell as "" (as the report has it)."""
    return [tuple("" if value is None else value for value in row) for row in sheet.iter_rows(values_only=True)]


def _file(reply: Reply) -> tuple[str, bytes]:
    rendered = attach(reply)
    assert rendered is not None and rendered.attachment is not None
    return rendered.attachment.filename, rendered.attachment.content


def test_the_spreadsheet_holds_each_members_figures_for_the_half_year(season: Council) -> None:
    reply = season.ok(SECRETARY, "/mote rapport 2027 h1")
    assert "1. halvår 2027" in reply.text and "2 møter" in reply.text
    name, content = _file(reply)
    assert name == "test-oppmote-2027-h1.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == [texts.REPORT_SHEET_MEMBERS, texts.REPORT_SHEET_MEETINGS, texts.REPORT_SHEET_DETAILS]
    members = _sheet(book, texts.REPORT_SHEET_MEMBERS)
    rows = _rows(members)
    assert rows[0] == texts.REPORT_MEMBER_HEADER
    assert {row[0]: row[1:] for row in rows[1:]} == H1_2027
    assert members.freeze_panes == "A2"
    assert members["A1"].font.b
    assert members.column_dimensions["B"].width >= len("Mental Helse Trøndelag")

    meetings = _sheet(book, texts.REPORT_SHEET_MEETINGS)
    assert _rows(meetings)[1:] == [
        (1, datetime(2027, 1, 12), "Gryta", 3),  # Liv, Ola (partly), Per standing in
        (3, datetime(2027, 3, 16), "Gryta", 3),
    ]
    assert meetings["B2"].is_date and meetings["B2"].number_format == "DD.MM.YYYY"
    details = _rows(_sheet(book, texts.REPORT_SHEET_DETAILS))
    assert (1, datetime(2027, 1, 12), "Per Eggen", "A-Larm", "stedfortreder", "møtt", "Kari Dybdahl") in details
    assert (
        1,
        datetime(2027, 1, 12),
        "Mona Fossum",
        "Angstringen",
        "brukerrepresentant",
        "ikke møtt uten forfall",
        "",
    ) in details
    assert not any(row[0] == 2 or (row[2] == "Mona Fossum" and row[0] == 3) for row in details)


def test_the_csv_says_the_same_and_a_span_of_dates_narrows_it(season: Council) -> None:
    name, content = _file(season.ok(SECRETARY, "/mote rapport 2027 csv"))
    assert name == "test-oppmote-2027.csv" and content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == texts.REPORT_MEMBER_HEADER
    assert {row[0]: tuple(row[1:]) for row in rows[1:]} == {
        name: tuple(str(cell) for cell in figures) for name, figures in H1_2027.items()
    }

    name, content = _file(season.ok(SECRETARY, "/mote rapport fra 2027-01-01 til 31.1.2027 csv"))
    assert name == "test-oppmote-2027-01-01-2027-01-31.csv"
    january = {row[0]: row[3:9] for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")}
    assert january["Kari Dybdahl"] == ["1", "0", "0", "1", "0", "0"]
    assert january["Liv Aasen"] == ["1", "1", "0", "0", "0", "0"]
    empty = season.ok(SECRETARY, "/mote rapport 2027 h2")
    assert "0 møter" in empty.text and texts.REPORT_NO_MEETINGS in empty.text


def test_only_the_secretary_gets_the_report_and_bad_periods_are_refused(season: Council) -> None:
    refused = season.say("Liv Aasen", "/mote rapport 2027")
    assert refused.error and refused.text == texts.ONLY_SECRETARY and refused.document is None
    before = season.snapshot()
    for typed, answer in (
        ("/mote rapport 2027 h3", texts.REPORT_USAGE_ERROR),
        ("/mote rapport fra 2027-01-01", texts.REPORT_USAGE_ERROR),
        ("/mote rapport fra 2027-02-30 til 2027-03-01", texts.REPORT_BAD_DATE),
        ("/mote rapport fra 2027-03-01 til 2027-01-01", texts.REPORT_END_BEFORE_START),
    ):
        reply = season.say(SECRETARY, typed)
        assert reply.error and reply.text == answer and reply.document is None, typed
    assert season.snapshot() == before
    season.ok(SECRETARY, "/mote rapport 2027")
    assert season.count(AuditEntry, AuditEntry.action == "report.read") == 1


def test_text_that_looks_like_a_formula_stays_text() -> None:
    line = MemberLine(
        '=HYPERLINK("x")',
        "+Org",
        "leder",
        1,
        1,
        0,
        0,
        0,
        0,
        "",
    )
    report = Report(
        "Rådet",
        period_of(2027, 1),
        datetime(2027, 4, 1, 12, 0),
        (MeetingLine(1, date(2027, 1, 12), "@Gryta", 1),),
        (line,),
        (DetailLine(1, date(2027, 1, 12), line.name, line.organisation, "leder", Presence.ATTENDED, ""),),
    )
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = _sheet(book, texts.REPORT_SHEET_MEMBERS)
    assert sheet["A2"].value == '=HYPERLINK("x")' and sheet["A2"].data_type == "s"
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:2] == ['\'=HYPERLINK("x")', "'+Org"]


def test_brukerrad_report_writes_a_private_file_and_audits_the_read(
    season: Council, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "{season.app.config.database_url}"\n\n'
        '[[councils]]\nslug = "test"\nname = "Brukerrådet (test)"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr("bot.cli.SystemClock", lambda: MovableClock(season.clock.now()))
    out = tmp_path / "ut" / "rapport.xlsx"
    args = ["--config", str(config), "report", "--council", "test", "--year", "2027", "--half", "1"]
    assert main([*args, "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o700
    rows = _rows(_sheet(openpyxl.load_workbook(out), texts.REPORT_SHEET_MEMBERS))
    assert {row[0]: row[1:] for row in rows[1:]} == H1_2027
    assert f"Skrev oppmøterapporten til {out} (2 møter, 5 medlemmer)." in capsys.readouterr().out
    assert season.count(AuditEntry, AuditEntry.action == "report.written") == 1

    monkeypatch.chdir(tmp_path)
    spread = ["--config", str(config), "report", "--from", "2027-03-01", "--to", "2027-03-31", "--format", "csv"]
    assert main(spread) == 0
    written = tmp_path / "data" / "rapporter" / "test-oppmote-2027-03-01-2027-03-31.csv"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    march = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [row[0] for row in march[1:]] == ["Kari Dybdahl", "Liv Aasen", "Ola Brattli"]

    assert main([*args, "--from", "2027-01-01"]) == 2
    assert texts.CLI_REPORT_FROM_AND_TO in capsys.readouterr().err


def test_the_console_saves_the_spreadsheet_under_the_data_folder(
    season: Council, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.console import ConsoleChat

    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    chat = ConsoleChat(season.app, "test", out=out, tick=lambda: None)
    chat.act_as(SECRETARY)
    chat.handle_line("/mote rapport 2027 h1")
    path = Path("data") / "test-oppmote-2027-h1.xlsx"
    assert f"Filen er lagret som {path}." in out.getvalue()
    assert stat.S_IMODE((tmp_path / path).stat().st_mode) == 0o600
    rows = _rows(_sheet(openpyxl.load_workbook(tmp_path / path), texts.REPORT_SHEET_MEMBERS))
    assert {row[0]: row[1:] for row in rows[1:]} == H1_2027
