"""What the notice and the minutes contain, and what the public version leaves out (mandate: reasons and
case details only for members who signed the confidentiality declaration)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers import documents
from handlers.documents import AgendaNotice, Minutes, Paragraph, split_place
from storage.models import Notice
from tests.core.conftest import SECRETARY, Council
from tests.documents.conftest import ABSENCE, CONFLICT, DECISION, DESCRIPTION, PART, make


def _text(doc: documents.Document) -> str:
    layout = documents.layout(doc)
    parts: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text + block.link)
        elif isinstance(block, documents.Table):
            parts += [block.caption, *block.header, *(cell for row in block.rows for cell in row)]
        else:
            parts.append(block.text)
    return "\n".join(parts)


def test_notice_calls_in_the_representatives_and_the_deputy_standing_in(held: Council) -> None:
    notice = make(held, "notice", 1, public=False)
    assert isinstance(notice, AgendaNotice)
    names = [p.name for p in notice.called_in]
    assert names[:2] == ["Liv Aasen", "Ola Brattli"]  # the leader first, then the deputy leader
    assert {"Kari Dybdahl", "Mona Fossum", "Per Eggen"} <= set(names)
    assert "Tor Grande" not in names and SECRETARY not in names  # observer and secretary are not called in
    assert [i.title for i in notice.items][:2] == [
        "Godkjenning av innkalling og saksliste",
        "Godkjenning av referat fra forrige møte",
    ]
    case = notice.items[2]
    assert (case.number, case.case_label, case.organisation) == (3, "1/2026", "A-Larm")
    assert case.description == DESCRIPTION
    assert [(c.name, c.reason) for c in case.conflicts] == [("Mona Fossum", CONFLICT)]
    assert notice.items[-1].title == "Eventuelt"
    assert notice.deadline == "tirsdag 1. desember 2026"
    text = _text(notice)
    assert "Tid: tirsdag 15. desember 2026 kl. 10.00" in text and "Sted: Gryta" in text
    assert "/oppmote nei" in text and SECRETARY in text  # how to report absence, and to whom


def test_public_notice_leaves_out_descriptions_and_conflict_reasons(held: Council) -> None:
    notice = make(held, "notice", 1, public=True)
    text = _text(notice)
    assert DESCRIPTION not in text and CONFLICT not in text
    assert "Mona Fossum har meldt at hen kan være inhabil" in text  # the mark stays, the reason goes
    assert "Offentlig versjon." in text and "Intern versjon" not in text


def test_remote_meeting_shows_its_link(held: Council) -> None:
    text = _text(make(held, "notice", 2, public=False))
    assert "Møtet er digitalt. Lenke til møtet: https://teams.example.kommune.no/mote/2" in text
    assert "Sted: Teams" in text
    public = _text(make(held, "notice", 2, public=True))
    assert "Møtet er digitalt." in public and "https://" not in public  # the link lets anyone in
    assert split_place("https://meet.example.no/abc.") == ("", "https://meet.example.no/abc")
    assert split_place("Rådhuset, møterom 2") == ("Rådhuset, møterom 2", "")


def test_minutes_record_presence_absence_deputies_decisions_and_withdrawal(held: Council) -> None:
    minutes = make(held, "minutes", 1, public=False)
    assert isinstance(minutes, Minutes)
    assert [a.person.name for a in minutes.present] == ["Liv Aasen", "Mona Fossum", "Per Eggen"]
    assert [(a.person.name, a.reason) for a in minutes.absent] == [("Kari Dybdahl", ABSENCE)]
    assert [(s.deputy.name, s.for_member.name) for s in minutes.stood_in] == [("Per Eggen", "Kari Dybdahl")]
    mona = next(a for a in minutes.present if a.person.name == "Mona Fossum")
    assert mona.partly and mona.reason == PART
    text = _text(minutes)
    assert f"Vedtak: {DECISION}" in text
    assert f"Mona Fossum fratrådte under behandlingen ({CONFLICT})." in text
    assert "Per Eggen (A-Larm) møtte for Kari Dybdahl (A-Larm)." in text
    assert "Referatet legges fram for godkjenning i neste møte." in text
    assert minutes.approved_in is None


def test_public_minutes_name_absence_and_withdrawal_without_reasons(held: Council) -> None:
    text = _text(make(held, "minutes", 1, public=True))
    for reason in (ABSENCE, PART, CONFLICT, DESCRIPTION):
        assert reason not in text
    assert "Kari Dybdahl" in text and "Mona Fossum fratrådte under behandlingen." in text
    assert f"Vedtak: {DECISION}" in text  # the decisions are what the minutes publish


def test_minutes_are_approved_once_the_next_meeting_is_held(held: Council) -> None:
    held.clock.advance(timedelta(days=28))  # 13 January 2027: meeting 2 was yesterday
    minutes = make(held, "minutes", 1, public=True)
    assert isinstance(minutes, Minutes)
    assert minutes.approved_in == 2
    assert documents.approval_line(minutes) == "Referatet ble godkjent i møte 2, tirsdag 12. januar 2027."


def test_minutes_command_keeps_its_text_and_adds_the_file(held: Council) -> None:
    reply = held.ok(SECRETARY, "/mote referat 1")
    assert "Til stede: Liv Aasen (Mental Helse Trøndelag)" in reply.text
    assert "Forfall: Kari Dybdahl (A-Larm)" in reply.text
    assert ABSENCE not in reply.text  # the secretary has not signed: the public version
    assert "offentlige versjonen" in reply.text
    assert reply.document is not None and reply.document.format == "pdf"
    assert reply.document.stem == "test-referat-mote-1-offentlig"
    held.ok(SECRETARY, "/taushet signer")
    reply = held.ok(SECRETARY, "/mote referat 1 word")
    assert ABSENCE in reply.text and reply.document is not None
    assert (reply.document.format, reply.document.stem) == ("docx", "test-referat-mote-1-intern")
    assert held.ok(SECRETARY, "/mote referat 1 offentlig").document.stem.endswith("-offentlig")  # type: ignore[union-attr]


def test_notice_command_gives_the_unsigned_the_public_version(held: Council) -> None:
    reply = held.ok("Kari Dybdahl", "/mote innkalling 1")
    assert reply.document is not None and reply.document.stem == "test-innkalling-mote-1-offentlig"
    held.ok("Kari Dybdahl", "/taushet signer")
    reply = held.ok("Kari Dybdahl", "/mote innkalling 1 docx")
    assert reply.document is not None and reply.document.stem == "test-innkalling-mote-1-intern"


def test_bad_document_option_is_refused_with_what_to_type(held: Council) -> None:
    before = held.snapshot()
    reply = held.say("Kari Dybdahl", "/mote innkalling 1 excel")
    assert reply.error and "/mote innkalling 3 word" in reply.text and reply.document is None
    assert held.say("Kari Dybdahl", "/mote innkalling").error
    assert held.say("Kari Dybdahl", "/mote innkalling 99").error
    assert held.snapshot() == before


def test_published_agenda_post_says_how_to_get_the_notice_as_a_file(held: Council) -> None:
    with held.app.sessions() as session:
        texts = [
            str(n.payload.get("text", "")) for n in session.scalars(select(Notice).where(Notice.kind == "message"))
        ]
    agenda = [text for text in texts if text.startswith("Saksliste for brukerrådet, møte 1")]
    assert agenda and all("/mote innkalling 1 (som Word-fil: /mote innkalling 1 word)" in text for text in agenda)


def test_every_member_may_ask_for_the_notice_and_only_the_secretary_for_the_minutes(held: Council) -> None:
    for who in (SECRETARY, "Liv Aasen", "Ola Brattli", "Kari Dybdahl", "Per Eggen", "Tor Grande"):
        assert held.ok(who, "/mote innkalling 1").document is not None
    for who in ("Liv Aasen", "Kari Dybdahl", "Tor Grande"):
        refused = held.say(who, "/mote referat 1")
        assert refused.error and refused.document is None
