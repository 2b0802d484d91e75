"""The public meeting pages over HTTP: off unless configured; the coming meetings, each published agenda
and each approved set of minutes in the public version only; the PDF beside each; 404 for the rest."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from datetime import timedelta

import pikepdf
import pytest

from tests.core.conftest import SECRETARY, Council
from tests.documents.conftest import ABSENCE, CONFLICT, DECISION, DESCRIPTION
from tests.documents.web import serving


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def test_public_pages_are_off_by_default(published: Council) -> None:
    with serving(published.app, public=False) as base:
        assert _get(f"{base}/offentlig/")[0] == 404
        assert _get(f"{base}/healthz")[0] == 200


def test_council_page_lists_coming_meetings_and_approved_minutes(published: Council) -> None:
    with serving(published.app) as base:
        status, kind, body = _get(f"{base}/offentlig/test/")
        page = body.decode("utf-8")
    assert status == 200 and kind.startswith("text/html")
    assert '<html lang="nb">' in page and "<title>Møter i Brukerrådet (test)</title>" in page
    assert "Møte 3: tirsdag 16. februar 2027 kl. 10.00" in page
    assert "Rådhuset, møterom «Nidelva»" in page  # escaped text, not markup
    assert 'href="/offentlig/test/mote/3/innkalling"' in page
    assert "Møte 4: tirsdag 13. april 2027" in page and 'href="/offentlig/test/mote/4/innkalling"' not in page
    assert 'href="/offentlig/test/mote/1/referat"' in page and 'href="/offentlig/test/mote/1/referat.pdf"' in page
    assert 'href="/offentlig/test/mote/2/referat"' not in page  # not approved until meeting 3
    assert "<script" not in page


def test_published_agenda_and_approved_minutes_show_only_the_public_version(published: Council) -> None:
    with serving(published.app) as base:
        status, _kind, body = _get(f"{base}/offentlig/test/mote/1/referat")
        minutes = body.decode("utf-8")
        assert status == 200
        status, _kind, body = _get(f"{base}/offentlig/test/mote/3/innkalling")
        notice = body.decode("utf-8")
        assert status == 200
        status, kind, pdf = _get(f"{base}/offentlig/test/mote/1/referat.pdf")
        assert status == 200 and kind == "application/pdf"
    assert "<h1>Referat fra møte 1 i Brukerrådet (test)</h1>" in minutes
    assert f"Vedtak: {DECISION}" in minutes and "Mona Fossum fratrådte under behandlingen." in minutes
    assert '<th scope="col">Navn</th>' in minutes and "<caption>Disse var til stede</caption>" in minutes
    for secret in (ABSENCE, CONFLICT, DESCRIPTION, "Intern versjon"):
        assert secret not in minutes
    assert "Brukermedvirkning i nye Øya helsehus" in notice and "Offentlig versjon." in notice
    opened = pikepdf.open(io.BytesIO(pdf))
    assert str(opened.Root.Lang) == "nb-NO"
    assert opened.open_metadata()["dc:title"] == "Referat fra møte 1 i Brukerrådet (test)"


@pytest.mark.parametrize(
    "path",
    [
        "/offentlig/test/mote/2/referat",  # held, not yet approved
        "/offentlig/test/mote/4/innkalling",  # agenda not published
        "/offentlig/test/mote/3/referat.pdf",  # not held
        "/offentlig/test/mote/99/innkalling",
        "/offentlig/test/mote/tre/innkalling",
        "/offentlig/test/mote/1/vedlegg",
        "/offentlig/ukjent/",
    ],
)
def test_what_is_not_public_is_not_found(published: Council, path: str) -> None:
    with serving(published.app) as base:
        status, kind, body = _get(base + path)
    assert status == 404 and kind.startswith("text/html")
    assert "Fant ikke siden." in body.decode("utf-8")


def test_accessibility_statement_and_index(published: Council) -> None:
    with serving(published.app) as base:
        status, _kind, body = _get(f"{base}/offentlig/tilgjengelighet")
        assert status == 200 and "WCAG 2.1" in body.decode("utf-8")
        status, _kind, body = _get(f"{base}/offentlig")
        assert status == 200 and 'href="/offentlig/test/"' in body.decode("utf-8")


def test_a_page_is_kept_for_a_minute_then_made_again(published: Council) -> None:
    """Cache-Control promises readers a minute; the server keeps each page that long too, no longer."""
    with serving(published.app) as base:
        first = _get(f"{base}/offentlig/test/")[2].decode("utf-8")
        published.ok(SECRETARY, "/mote sakliste publiser 4 likevel")
        kept = _get(f"{base}/offentlig/test/")[2].decode("utf-8")
        published.clock.advance(timedelta(seconds=61))
        again = _get(f"{base}/offentlig/test/")[2].decode("utf-8")
    assert 'href="/offentlig/test/mote/4/innkalling"' not in first
    assert kept == first
    assert 'href="/offentlig/test/mote/4/innkalling"' in again


def test_the_calendar_feed_follows_moves_and_cancellations(published: Council) -> None:
    from icalendar import Calendar

    with serving(published.app) as base:
        status, kind, body = _get(f"{base}/offentlig/test/kalender.ics")
        page = _get(f"{base}/offentlig/test/")[2].decode("utf-8")
        assert _get(f"{base}/offentlig/finnesikke/kalender.ics")[0] == 404
    assert status == 200 and kind.startswith("text/calendar")
    assert 'href="/offentlig/test/kalender.ics"' in page
    feed = Calendar.from_ical(body)
    assert feed.get("method") == "PUBLISH"
    assert [c.name for c in feed.walk() if c.name == "VTIMEZONE"] == ["VTIMEZONE"]
    events = [c for c in feed.walk() if c.name == "VEVENT"]
    uids = [str(e.get("uid")) for e in events]
    assert len(uids) == len(set(uids)) >= 3 and all(u.startswith("test-mote-") for u in uids)
    assert all(str(e.get("dtstart").params.get("TZID")) == "Europe/Oslo" for e in events)
    published.ok(SECRETARY, "/mote avlys 4 bekreft")
    published.clock.advance(timedelta(minutes=2))  # past the page's minute in memory
    with serving(published.app) as base:
        again = Calendar.from_ical(_get(f"{base}/offentlig/test/kalender.ics")[2])
    cancelled = next(e for e in again.walk() if e.name == "VEVENT" and str(e.get("uid")) == "test-mote-4@brukerrad")
    before = next(e for e in events if str(e.get("uid")) == "test-mote-4@brukerrad")
    assert str(cancelled.get("status")) == "CANCELLED" and int(cancelled.get("sequence")) > int(before.get("sequence"))
