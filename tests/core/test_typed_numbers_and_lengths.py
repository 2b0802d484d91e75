"""Numbers and free text as people type them: odd digits and huge numbers, texts longer than a field
holds, and bidirectional control characters. Each gets a short Norwegian answer saying what to type
instead, and nothing is written. Campaigns print their counts and assert them."""

from __future__ import annotations

import re

from handlers import texts
from handlers.limits import LIMITS
from storage.models import Attendance, Case, ConflictDeclaration, Meeting, Member, Organisation
from tests.core.conftest import SECRETARY, Council

INTERNAL = texts.INTERNAL_ERROR.split("{")[0]

# Written the ways a number can look wrong: a superscript (str.isdigit says yes, int() says no), digits
# from other scripts that int() reads silently, full-width digits, a number too big for any database
# integer, zero and negatives, and forms int() accepts but nobody means (underscores, spaces around).
ODD_NUMBERS = [
    "²",
    "³",
    "١",  # Arabic-Indic 1: int() reads it as 1
    "۱",  # Extended Arabic-Indic 1
    "１",  # full-width 1
    "𝟏",  # mathematical bold 1
    "99999999999999999999",
    "9223372036854775808",
    "100000",
    "0",
    "00",
    "-1",
    "+1",
    "1.0",
    "1e3",
    "0x1",
    "1_0",
    "½",
]
MEETING_NUMBER_COMMANDS = [
    (SECRETARY, "/mote sakliste {n}"),
    (SECRETARY, "/mote sakliste publiser {n}"),
    (SECRETARY, "/mote referat {n}"),
    ("Kari Dybdahl", "/mote innkalling {n}"),
    ("Kari Dybdahl", "/mote innkalling {n} word offentlig"),
    (SECRETARY, "/mote avlys {n}"),
    (SECRETARY, "/mote flytt {n} tirsdag 12. januar kl 10"),
    ("Kari Dybdahl", "/oppmote ja #{n}"),
    ("Kari Dybdahl", "/oppmote nei #{n} Legetime"),
    ("Kari Dybdahl", "/oppmote delvis #{n} går kl. 11"),
    ("Liv Aasen", "/oppmote status #{n}"),
    ("Liv Aasen", "/oppmote purr #{n}"),
    ("Liv Aasen", "/oppmote spor #{n}"),
]
CASE_NUMBER_COMMANDS = [
    ("Kari Dybdahl", "/sak vis {n}"),
    ("Kari Dybdahl", "/sak trekk {n}"),
    ("Liv Aasen", "/sak godkjenn {n}"),
    ("Liv Aasen", "/sak utsett {n}"),
    ("Liv Aasen", "/sak avvis {n} Gjelder en enkeltperson"),
    (SECRETARY, "/sak vedtak {n} Brukerrådet støtter forslaget."),
    ("Kari Dybdahl", "/habilitet {n} Jeg jobber i tjenesten"),
]
# A case label's year: the number is fine, the year is not.
ODD_YEARS = ["1/²⁰²⁶", "1/٢٠٢٦", "1/99999999999999999999", "1/26", "1/0", "1/"]
ODD_DAYS = ["٣٠.٠٦.٢٠٢٧", "30.06.99999999999999999999", "31.02.2027", "30.06.0001", "9999-12-31", "30.13.2027"]


def test_superscript_meeting_number_is_answered_not_a_crash(planned: Council) -> None:
    before = planned.snapshot()
    reply = planned.say(SECRETARY, "/mote sakliste ²")
    assert reply.error and "er ikke et møtenummer" in reply.text and "for eksempel 3" in reply.text
    assert planned.snapshot() == before


def test_huge_meeting_number_in_attendance_is_answered_not_an_overflow(planned: Council) -> None:
    before = planned.snapshot()
    reply = planned.say("Kari Dybdahl", "/oppmote ja #99999999999999999999")
    assert reply.error and "er ikke et møtenummer" in reply.text
    assert planned.snapshot() == before


def test_digits_from_other_scripts_do_not_pass_for_a_meeting_number(planned: Council) -> None:
    reply = planned.say("Kari Dybdahl", "/oppmote ja #١")  # int("١") == 1, and meeting 1 exists
    assert reply.error and "er ikke et møtenummer" in reply.text
    assert planned.count(Attendance) == 0


def test_odd_numbers_in_every_numbered_command_are_refused_kindly(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    tried = kind = written = 0
    for who, template in MEETING_NUMBER_COMMANDS + CASE_NUMBER_COMMANDS:
        expected = "er ikke et møtenummer" if (who, template) in MEETING_NUMBER_COMMANDS else "er ikke et saksnummer"
        for odd in ODD_NUMBERS:
            before = planned.snapshot()
            reply = planned.say(who, template.format(n=odd))
            tried += 1
            if reply.error and expected in reply.text and not reply.text.startswith(INTERNAL):
                kind += 1
            else:
                print(f"not refused kindly: {template.format(n=odd)!r} -> {reply.text[:80]!r}")
            if planned.snapshot() != before:
                written += 1
    for who, template in CASE_NUMBER_COMMANDS:
        for odd in ODD_YEARS:
            before = planned.snapshot()
            reply = planned.say(who, template.format(n=odd))
            tried += 1
            kind += reply.error and "er ikke et saksnummer" in reply.text
            written += planned.snapshot() != before
    for odd in ODD_DAYS:
        before = planned.snapshot()
        reply = planned.say(SECRETARY, f"/brukerrad medlem endre Kari Dybdahl til={odd}")
        tried += 1
        kind += reply.error and "er ikke en dato" in reply.text
        written += planned.snapshot() != before
    print(f"\nodd numbers: {kind}/{tried} refused with what to type instead, {written} wrote something")
    assert tried == len(ODD_NUMBERS) * 20 + len(ODD_YEARS) * 7 + len(ODD_DAYS)
    assert kind == tried and written == 0


def test_plain_numbers_still_work(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    assert "Ventetid" in planned.ok("Kari Dybdahl", "/sak vis #1").text
    assert "Ventetid" in planned.ok("Kari Dybdahl", "/sak vis 1/2026").text
    assert "Ventetid" in planned.ok("Kari Dybdahl", "/sak vis 0001").text
    planned.ok("Kari Dybdahl", "/oppmote ja #1")
    assert planned.say(SECRETARY, "/mote referat 9999").text == texts.NO_SUCH_MEETING.format(number=9999)


# --- length limits ------------------------------------------------------------------------------------

# Every free-text field a person types, and a command that stores it: (field, who, template).
FIELDS = [
    ("case_title", "Kari Dybdahl", "/sak ny {x}"),
    ("case_description", "Kari Dybdahl", "/sak ny Ventetid på avrusning -- {x}"),
    ("rejection_reason", "Liv Aasen", "/sak avvis 1 {x}"),
    ("decision", SECRETARY, "/sak vedtak 1 {x}"),
    ("absence_reason", "Kari Dybdahl", "/oppmote nei {x}"),
    ("absence_reason", "Mona Fossum", "/oppmote delvis {x}"),
    ("conflict_reason", "Mona Fossum", "/habilitet 1 {x}"),
    ("member_name", SECRETARY, "/brukerrad medlem ny {x} rolle=observatør"),
    ("member_name", SECRETARY, '/brukerrad medlem endre Tor Grande navn="{x}"'),
    ("organisation_name", SECRETARY, '/brukerrad medlem ny Nora Li rolle=stedfortreder org="{x}"'),
    ("organisation_name", SECRETARY, '/brukerrad medlem endre Tor Grande org="{x}"'),
    ("meeting_place", SECRETARY, "/mote ny tirsdag 12. januar kl 10, {x}"),
    ("meeting_place", SECRETARY, "/mote bekreft 2027-01-12T10:00 {x}"),
    ("meeting_place", SECRETARY, "/mote flytt 1 onsdag 16. desember kl 10, {x}"),
    ("chat_account", SECRETARY, '/brukerrad medlem koble "Tor Grande" {x}'),
]
MEGABYTE = 1_000_000


def _text(length: int) -> str:
    """A harmless text of exactly `length` characters (words, so that nothing else in it is refused)."""
    return ("Lang tekst " * (length // 11 + 1))[:length].rstrip().ljust(length, "x")


def test_every_free_text_field_refuses_an_over_long_text_saying_limit_and_length(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    tried = refused = said_both = written = 0
    for field, who, template in FIELDS:
        most = LIMITS[field]
        for length in (most + 1, MEGABYTE):
            typed = _text(length).replace(" ", "x") if "koble" in template else _text(length)
            before = planned.snapshot()
            reply = planned.say(who, template.format(x=typed))
            tried += 1
            refused += reply.error
            # A roster line (shlex-split) is bounded as a whole first: a megabyte hears that limit, and
            # the length of the whole line (the name, the fields and the text).
            whole_line = "brukerrad" in template and length == MEGABYTE
            limit = LIMITS["roster_line"] if whole_line else most
            reported = re.search(r"du skrev (\d+) tegn, men høyst (\d+) får plass", reply.text)
            said_both += (
                reported is not None
                and int(reported.group(2)) == limit
                and (int(reported.group(1)) >= length if whole_line else int(reported.group(1)) == length)
            )
            if planned.snapshot() != before:
                written += 1
                print(f"stored: {field} via {template[:30]!r}, {length} characters")
    print(
        f"\nlength limits: {refused}/{tried} over-long texts refused ({len(FIELDS)} fields and commands), "
        f"{said_both} said the limit and the length typed, {written} stored"
    )
    assert tried == 2 * len(FIELDS)
    assert refused == said_both == tried and written == 0
    assert planned.count(Case) == 1 and planned.count(Member) == 7 and planned.count(Meeting) == 1
    assert planned.count(Attendance) == planned.count(ConflictDeclaration) == 0
    assert planned.count(Organisation, Organisation.name.like("Lang tekst%")) == 0


def test_a_text_at_the_limit_is_stored(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    planned.ok("Liv Aasen", "/sak godkjenn 1")
    planned.ok("Kari Dybdahl", "/sak ny Tilbud om ettervern")
    planned.to_meeting_day()
    planned.ok(SECRETARY, f"/sak vedtak 1 {_text(LIMITS['decision'])}")
    planned.ok("Liv Aasen", f"/sak avvis 2 {_text(LIMITS['rejection_reason'])}")
    planned.ok("Kari Dybdahl", f"/oppmote nei {_text(LIMITS['absence_reason'])}")
    planned.ok("Mona Fossum", f"/habilitet 1 {_text(LIMITS['conflict_reason'])}")
    planned.ok(SECRETARY, f'/brukerrad medlem endre Tor Grande org="{_text(LIMITS["organisation_name"])}"')
    planned.ok(SECRETARY, f"/mote bekreft 2027-01-12T10:00 {_text(LIMITS['meeting_place'])}")
    assert len(planned.one(Case, Case.number == 1).decision) == LIMITS["decision"]
    assert len(planned.one(Case, Case.number == 2).reason) == LIMITS["rejection_reason"]
    assert len(planned.one(Attendance).reason) == LIMITS["absence_reason"]


# --- bidirectional control characters -----------------------------------------------------------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidirectional_control_characters_are_dropped_from_typed_text(planned: Council) -> None:
    planned.ok("Kari Dybdahl", "/sak ny Vente\u202etid\u202c på \u2066avrusning\u2069")
    assert planned.one(Case).title == "Ventetid på avrusning"
    planned.ok("Kari Dybdahl", f"/oppmote nei Lege{BIDI}time")
    assert planned.one(Attendance).reason == "Legetime"
    planned.ok(SECRETARY, "/brukerrad medlem ny Nora\u200f Li\u202e rolle=observatør")
    assert planned.count(Member, Member.name == "Nora Li") == 1
    stored = [planned.one(Case).title, planned.one(Attendance).reason]
    assert not any(ch in text for text in stored for ch in BIDI)
