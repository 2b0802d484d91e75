"""`Incoming.announce`: a form's answer is seen only by the sender, so what the channel should see goes to
the channel as an outbox row, written in the command's own transaction (issue 13: the Slack form's post
was made outside the outbox and lost to a long 429)."""

from __future__ import annotations

from sqlalchemy import select

from handlers.dispatch import Incoming
from storage.models import Case, Notice
from tests.core.conftest import Council


def _handle(council: Council, who: str, text: str, *, announce: bool) -> object:
    incoming = Incoming("console", str(council.ids[who]), text, council.council_id, announce=announce)
    return council.app.dispatcher.handle(incoming)


def test_announced_case_is_queued_for_the_channel_in_the_same_transaction(planned: Council) -> None:
    reply = _handle(planned, "Kari Dybdahl", "/sak ny bekreft Ventetid på avrusning", announce=True)
    assert getattr(reply, "private", None) is True  # the form shows it to the sender only
    with planned.app.sessions() as session:
        posts = session.scalars(select(Notice).where(Notice.member_id.is_(None), Notice.kind == "message")).all()
        texts_queued = [str(n.payload.get("text")) for n in posts]
    assert [t for t in texts_queued if "sak 1/2026" in t and "Ventetid på avrusning" in t]
    assert planned.count(Case) == 1


def test_nothing_is_announced_for_private_answers_errors_or_without_the_flag(planned: Council) -> None:
    before = planned.count(Notice)
    _handle(planned, "Kari Dybdahl", "/sak liste", announce=True)  # a private answer
    _handle(planned, "Tor Grande", "/sak ny bekreft Noe", announce=True)  # refused: observers cannot submit
    assert planned.count(Notice) == before
    reply = _handle(planned, "Kari Dybdahl", "/sak ny bekreft Egenandeler", announce=False)
    assert getattr(reply, "private", None) is False  # typed in the channel: the adapter shows it there
    assert planned.count(Notice) == before
