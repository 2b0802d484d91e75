"""CSV in and out (issue 13): the roster as spreadsheets save it, every bad line reported at once with nothing
written, identity numbers refused in every cell and never echoed, and no formula in a CSV the bot writes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bot.app import App, build
from bot.cli import export_council, export_csv, import_members, main
from bot.clock import MovableClock
from bot.config import ConfigError, parse
from bot.csvfiles import decode, neutralise, write_csv
from storage.models import Member, Organisation
from tests.conftest import ON_POSTGRES, START, row_counts

# Fictional, but with valid control digits (so the guard must catch them).
IDENTITY_NUMBERS = ("15059436721", "150594 36748", "150594-36756")
HEADER = "navn;rolle;organisasjon;fra;til\r\n"
ROWS = (
    "Kåre Ørnes;representant;Mental Helse Trøndelag;01.07.2025;30.06.2027\r\n"
    "Åse Æsøy;vara;Mental Helse Trøndelag;;\r\n"
)


def _app(db_url: str) -> App:
    return build(parse({"database": {"url": db_url}}, {}), MovableClock(START))


def _names(app: App) -> tuple[set[str], set[str]]:
    with app.sessions() as session:
        return {m.name for m in session.query(Member)}, {o.name for o in session.query(Organisation)}


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "cp1252", "utf-16"],
    ids=["utf8", "utf8-bom", "windows-1252", "utf16-bom"],
)
def test_roster_csv_in_utf8_bom_or_windows_1252_keeps_aeoa(db_url: str, tmp_path: Path, encoding: str) -> None:
    app = _app(db_url)
    path = tmp_path / "medlemmer.csv"
    path.write_bytes((HEADER + ROWS).encode(encoding))
    assert import_members(app, app.council_ids["demo"], path) == 2
    names, organisations = _names(app)
    assert names == {"Kåre Ørnes", "Åse Æsøy"}
    assert organisations == {"Mental Helse Trøndelag"}
    app.close()


def test_windows_1252_is_not_mistaken_for_utf8() -> None:
    assert decode("Bjørg Ås".encode("cp1252")) == "Bjørg Ås"
    assert decode("Bjørg Ås".encode()) == "Bjørg Ås"
    assert decode(b"\xef\xbb\xbfnavn") == "navn"


def test_every_bad_line_is_reported_at_once_and_nothing_is_written(db_url: str, tmp_path: Path) -> None:
    app = _app(db_url)
    before = row_counts(app)
    path = tmp_path / "medlemmer.csv"
    lines = [
        "navn,rolle,organisasjon,fra,til",
        "Kari Li,representant,A-Larm,,",  # 2: fine
        "Feil Person,konge,RiO,,",  # 3: no such role
        f"Ola {IDENTITY_NUMBERS[0]},vara,A-Larm,,",  # 4: identity number in the name
        "Per Li,vara,A-Larm,32.13.2027,",  # 5: no such date
        "",  # 6: blank, skipped
        f"Liv Li,representant,RiO,{IDENTITY_NUMBERS[1]},",  # 7: identity number in a date cell
        "Mona Li,representant," + "O" * 500 + ",,",  # 8: organisation too long
        "Tor Li,representant,RiO,,,ekstra",  # 9: more cells than headings
        "Kari Li,vara,RiO,,",  # 10: already on the roster (line 2)
        '"Siv',
        'Li",observatør,,,',  # 11-12: a quoted name over two lines: fine
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        import_members(app, app.council_ids["demo"], path)
    message = str(caught.value)
    print(message)
    reported = sorted(int(line.split()[1].rstrip(":")) for line in message.splitlines() if line.startswith("Linje "))
    assert reported == [3, 4, 5, 7, 8, 9, 10]
    assert "Ingen medlemmer er importert" in message
    assert "kolonnen «navn» ser ut til å inneholde et fødselsnummer" in message
    assert "kolonnen «fra» ser ut til å inneholde et fødselsnummer" in message
    assert "kolonnen «organisasjon» er lengre enn 120 tegn" in message
    assert not any(number in message or number.replace(" ", "") in message for number in IDENTITY_NUMBERS)
    assert row_counts(app) == before
    app.close()


def test_identity_numbers_in_any_cell_are_refused_and_never_echoed(db_url: str, tmp_path: Path) -> None:
    app = _app(db_url)
    before = row_counts(app)
    tried = caught = echoed = 0
    for number in IDENTITY_NUMBERS:
        for column, row in (
            ("navn", f"Kari {number};representant;A-Larm;;"),
            ("navn", f"{number};representant;A-Larm;;"),
            ("organisasjon", f"Kari Li;representant;A-Larm {number};;"),
            ("rolle", f"Kari Li;{number};A-Larm;;"),
            ("til", f"Kari Li;representant;A-Larm;;{number}"),
        ):
            tried += 1
            path = tmp_path / f"fnr{tried}.csv"
            path.write_text(HEADER + row + "\r\n", "utf-8")
            with pytest.raises(ConfigError) as error:
                import_members(app, app.council_ids["demo"], path)
            caught += f"kolonnen «{column}» ser ut til å inneholde et fødselsnummer" in str(error.value)
            echoed += any(part in str(error.value) for part in (number, number.replace(" ", "").replace("-", "")))
    print(f"CSV import: identity numbers refused {caught}/{tried}, echoed {echoed}/{tried}")
    assert caught == tried == 15 and echoed == 0
    assert row_counts(app) == before
    app.close()


def test_a_name_longer_than_the_chat_limit_is_refused(db_url: str, tmp_path: Path) -> None:
    app = _app(db_url)
    path = tmp_path / "lang.csv"
    path.write_text(HEADER + "K" * 121 + ";observatør;;;\r\n", "utf-8")
    with pytest.raises(ConfigError, match="Linje 2: kolonnen «navn» er lengre enn 120 tegn"):
        import_members(app, app.council_ids["demo"], path)
    app.close()


def test_a_folder_or_a_missing_file_is_refused_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    config_file = tmp_path / "config.toml"
    config_file.write_text('[database]\nurl = "sqlite:///data/brukerrad.db"\n', "utf-8")
    (tmp_path / "mappe").mkdir()
    (tmp_path / "rart.csv").write_bytes(HEADER.encode() + b"Kari \x81\x8d\x8f;vara;RiO;;\r\n")  # neither
    for argument, words in (
        ("mappe", "mappe er en mappe. Oppgi selve CSV-filen"),
        ("finnes-ikke.csv", "Finner ikke filen finnes-ikke.csv"),
        ("rart.csv", "Klarer ikke å lese tegnene i filen"),
    ):
        assert main(["--config", str(config_file), "members", "import", argument]) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err


def test_unknown_columns_are_named(db_url: str, tmp_path: Path) -> None:
    app = _app(db_url)
    path = tmp_path / "skrivefeil.csv"
    path.write_text("navn;rolle;organisajon\nKari Li;representant;RiO\n", "utf-8")
    with pytest.raises(ConfigError, match="kolonner jeg ikke kjenner: organisajon"):
        import_members(app, app.council_ids["demo"], path)
    app.close()


FORMULAS = ("=HYPERLINK(\"http://x\";\"klikk\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")


def test_formula_cells_are_neutralised() -> None:
    for value in FORMULAS:
        assert neutralise(value) == "'" + value
    for value in ("Kari Li", "12/2027", "2027-01-14", "", "A-Larm", 5, None):
        assert neutralise(value) == value


def test_no_cell_in_a_written_csv_starts_a_formula(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ut.csv", ["navn", "=tittel"], [[value, "ok"] for value in FORMULAS])
    text = path.read_bytes().decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]
    dangerous = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    print(f"CSV out: {len(cells)} cells, {len(dangerous)} start a formula")
    assert len(cells) == 14 and dangerous == []


@pytest.mark.skipif(ON_POSTGRES, reason="one database is enough for the export's cells")
def test_export_csv_neutralises_what_members_typed(db_url: str, tmp_path: Path) -> None:
    app = _app(db_url)
    path = tmp_path / "medlemmer.csv"
    path.write_text(HEADER + '@Kari Li;observatør;"=HYPERLINK(""http://x"")";;\r\n', "utf-8")
    assert import_members(app, app.council_ids["demo"], path) == 1
    data = export_council(app, app.council_ids["demo"])
    app.close()
    export_csv(data, tmp_path / "ut")
    members = (tmp_path / "ut" / "members.csv").read_bytes().decode("utf-8-sig")
    organisations = (tmp_path / "ut" / "organisations.csv").read_bytes().decode("utf-8-sig")
    assert "'@Kari Li" in members and "'=HYPERLINK" in organisations
    assert not any(
        cell.startswith(("=", "@"))
        for text in (members, organisations)
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")
        for cell in row
    )


def test_export_csv_needs_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "csv"]) == 2
    assert "--out MAPPE" in capsys.readouterr().err
