"""Done when (issue 16): a council whose members have only e-mail runs its routine end to end: the call for
cases, the agenda with its invitation, attendance by link, the deputy called in and answering by link, the
reminders, and the secretary told that the seat is covered."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.web import make_web_app
from handlers import texts
from storage.models import Attendance, Notice
from tests.email.conftest import PUBLIC_URL, SECRETARY, MailCouncil

KARI, PER, MONA = "kari.dybdahl@example.no", "per.eggen@example.no", "mona.fossum@example.no"
_LINK = re.compile(r"^(.+?): (" + re.escape(PUBLIC_URL) + r"/epost/svar/\S+)", re.MULTILINE)


def _click(c: MailCouncil, mail: Any, label: str, data: dict[str, str] | None = None) -> int:
    links = dict(_LINK.findall(mail.get_body(("plain",)).get_content()))

    async def follow() -> int:
        web_app = make_web_app(c.app)
        c.adapter.routes(web_app)
        async with TestClient(TestServer(web_app)) as client:
            assert (await client.get(links[label].removeprefix(PUBLIC_URL))).status == 200
            response = await client.post(links[label].removeprefix(PUBLIC_URL), data=data or {})
            return response.status

    return asyncio.run(follow())


def _subjects(c: MailCouncil, address: str) -> list[str]:
    return [str(m["Subject"]) for m in c.mails_to(address)]


def test_a_council_on_email_alone_runs_its_routine(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, "/mote bekreft 2027-02-16T10:00 Gryta")
    c.run_days(22)  # Tuesday 26 January: the call for cases
    assert _subjects(c, KARI) == ["Meld inn saker til brukerrådsmøtet 16. februar"]
    c.run_days(14)  # to Tuesday 9 February: the last call, the agenda with the invitation
    agenda = c.mails_to(KARI)[-1]
    assert str(agenda["Subject"]) == "Innkalling til brukerrådsmøte 16. februar"
    assert any(p.get_content_type() == "text/calendar" for p in agenda.walk())
    assert _click(c, agenda, texts.BUTTON_ATTEND_NO, {"omfang": "hele", "grunn": "Sykdom"}) == 200
    c.scheduler.tick()
    call = c.mails_to(PER)[-1]  # the deputy, by e-mail
    assert "Kari Dybdahl har meldt forfall" in call.get_body(("plain",)).get_content()
    assert _click(c, call, texts.BUTTON_ATTEND_YES) == 200
    c.run_days(3)  # Friday 12 February, two working days before: the nudge to whoever has not answered
    assert _subjects(c, MONA)[-1] == "Kommer du på brukerrådsmøtet 16. februar?"
    assert not any("Kommer du" in s for s in _subjects(c, KARI) + _subjects(c, PER))
    c.run_days(4)  # the meeting day
    assert _subjects(c, MONA)[-1] == "I dag: brukerrådsmøte 16. februar"
    with c.app.sessions() as session:
        answers = {a.member_id: a.answer.value for a in session.scalars(select(Attendance))}
        told = [
            str(n.payload.get("text", ""))
            for n in session.scalars(select(Notice).where(Notice.member_id == c.ids[SECRETARY]))
        ]
    assert answers == {c.ids["Kari Dybdahl"]: "no", c.ids["Per Eggen"]: "yes"}
    assert any(t.startswith("Plassen er dekket: stedfortreder Per Eggen (A-Larm) møter for Kari Dybdahl") for t in told)
