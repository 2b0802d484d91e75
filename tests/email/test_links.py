"""One-click answers (issue 16): the links in an e-mail, opened and clicked over HTTP on the bot's own web
server. Opening changes nothing; the click runs the same command a chat button would; a second click
changes nothing; a forged, altered or expired link gets a kind page and changes nothing."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.email.links import Links
from bot.web import make_web_app
from handlers import texts
from storage.models import Attendance, AttendanceAnswer, DeputyCall, Member, Signature
from tests.conftest import row_counts
from tests.email.conftest import ENV, PUBLIC_URL, SECRETARY, MailCouncil

KARI = "kari.dybdahl@example.no"
_LINK = re.compile(r"^(.+?): (" + re.escape(PUBLIC_URL) + r"/epost/svar/\S+)", re.MULTILINE)


def _links(mail: Any) -> dict[str, str]:
    return {label: url for label, url in _LINK.findall(mail.get_body(("plain",)).get_content())}


def _open(c: MailCouncil, url: str, method: str = "GET", data: dict[str, str] | None = None) -> tuple[int, str]:
    """The link as a browser follows it: the path on the bot's web server, with the e-mail adapter's routes."""
    path = url.removeprefix(PUBLIC_URL)

    async def follow() -> tuple[int, str]:
        web_app = make_web_app(c.app)
        c.adapter.routes(web_app)
        async with TestClient(TestServer(web_app)) as client:
            response = await client.request(method, path, data=data)
            return response.status, await response.text()

    return asyncio.run(follow())


@pytest.fixture
def agenda(mail_council: MailCouncil) -> dict[str, str]:
    """The agenda has gone out; Kari's links in it."""
    c = mail_council
    c.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    c.run_days(36)
    mail = next(m for m in c.mails_to(KARI) if str(m["Subject"]).startswith("Innkalling"))
    return _links(mail)


def _answers(c: MailCouncil) -> list[tuple[str, str]]:
    with c.app.sessions() as session:
        return [(a.answer.value, a.reason) for a in session.scalars(select(Attendance).order_by(Attendance.id))]


def test_attending_by_link_runs_the_same_command_once(mail_council: MailCouncil, agenda: dict[str, str]) -> None:
    c = mail_council
    url = agenda[texts.BUTTON_ATTEND_YES]
    status, page = _open(c, url)  # a mail program or virus scanner opening it: nothing happens
    assert status == 200 and '<html lang="nb">' in page and '<form method="post"' in page
    assert _answers(c) == []
    status, page = _open(c, url, "POST")
    assert status == 200 and "Takk" in page
    assert _answers(c) == [("yes", "")]
    before = row_counts(c.app)
    status, page = _open(c, url, "POST")  # the same link again
    assert status == 200 and texts.EMAIL_PAGE_ALREADY in page
    assert row_counts(c.app) == before


def test_absence_by_link_asks_for_the_reason_and_whole_or_part(
    mail_council: MailCouncil, agenda: dict[str, str]
) -> None:
    c = mail_council
    url = agenda[texts.BUTTON_ATTEND_NO]
    status, page = _open(c, url)
    assert status == 200
    assert "<legend>" in page and '<label for="grunn">' in page and '<label for="delvis">' in page
    before = row_counts(c.app)
    status, page = _open(c, url, "POST", {"omfang": "delvis", "grunn": ""})
    assert status == 400 and 'role="alert"' in page and "hvilken del av møtet" in page
    assert row_counts(c.app) == before
    status, page = _open(c, url, "POST", {"omfang": "delvis", "grunn": "går kl. 11"})
    assert status == 200
    assert _answers(c) == [("partly", "går kl. 11")]
    with c.app.sessions() as session:  # the deputy is called in, as from a chat
        assert session.scalars(select(DeputyCall.deputy_id)).all() == [c.ids["Per Eggen"]]


def test_whole_absence_by_link_with_no_reason(mail_council: MailCouncil, agenda: dict[str, str]) -> None:
    c = mail_council
    status, _page = _open(c, agenda[texts.BUTTON_ATTEND_NO], "POST", {"omfang": "hele", "grunn": ""})
    assert status == 200 and _answers(c) == [(AttendanceAnswer.NO.value, "")]


def test_an_identity_number_in_the_reason_is_refused_and_nothing_written(
    mail_council: MailCouncil, agenda: dict[str, str]
) -> None:
    c = mail_council
    before = row_counts(c.app)
    status, page = _open(c, agenda[texts.BUTTON_ATTEND_NO], "POST", {"omfang": "hele", "grunn": "15059436721"})
    assert status == 400 and "15059436721" not in page
    assert row_counts(c.app) == before


def _tampered(url: str) -> str:
    head, _, token = url.rpartition("/")
    payload, stamp, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["u"] = "1"  # someone else: the secretary
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    return f"{head}/{forged}.{stamp}.{signature}"


def test_forged_altered_or_expired_links_get_a_kind_page_and_change_nothing(
    mail_council: MailCouncil, agenda: dict[str, str]
) -> None:
    c = mail_council
    url = agenda[texts.BUTTON_ATTEND_YES]
    other_key = Links("en-helt-annen-nøkkel-som-ingen-kjenner-til", c.clock, PUBLIC_URL, 30)
    bad = [
        _tampered(url),
        url[:-3] + ("abc" if not url.endswith("abc") else "xyz"),
        other_key.url(str(c.ids["Kari Dybdahl"]), "/oppmote ja #1", "Jeg kommer"),
        PUBLIC_URL + "/epost/svar/ikke-en-lenke",
    ]
    before = row_counts(c.app)
    for link in bad:
        for method in ("GET", "POST"):
            status, page = _open(c, link, method)
            assert status == 400 and texts.EMAIL_PAGE_BAD_TITLE in page and "Ingenting er endret" in page
    c.clock.advance(timedelta(days=31))  # older than link_days
    status, page = _open(c, url, "POST")
    assert status == 410 and "for gammel" in page
    assert row_counts(c.app) == before


def test_nothing_personal_in_the_url_beyond_the_signed_token(mail_council: MailCouncil, agenda: dict[str, str]) -> None:
    c = mail_council
    for url in agenda.values():
        token = url.rpartition("/")[2]
        payload = token.split(".")[0]
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        assert set(data) == {"u", "c", "l"} and data["u"] == str(c.ids["Kari Dybdahl"])
        assert "kari" not in url.lower() and "dybdahl" not in url.lower()
    assert ENV["EMAIL_LINK_SECRET"] not in "".join(agenda.values())


def test_reading_and_signing_the_declaration_by_link(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, '/brukerrad medlem ny Eli Moe rolle=representant org="Blå Kors" epost=eli.moe@example.no')
    with c.app.sessions() as session:
        c.ids["Eli Moe"] = session.scalars(select(Member.id).where(Member.name == "Eli Moe")).one()
    c.run_days(2)  # the declaration reminder, a day after joining
    (reminder,) = c.mails_to("eli.moe@example.no")
    links = _links(reminder)
    status, page = _open(c, links[texts.BUTTON_READ_DECLARATION])
    assert status == 200 and texts.DECLARATION.split()[0] in page
    action = re.search(r'<form method="post" action="([^"]+)">', page)
    assert action is not None
    status, page = _open(c, PUBLIC_URL + action.group(1), "POST")
    assert status == 200 and "Takk" in page
    with c.app.sessions() as session:
        signature = session.scalars(select(Signature).where(Signature.member_id == c.ids["Eli Moe"])).one()
        assert signature.platform == "email"
