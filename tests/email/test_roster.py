"""E-mail on the roster (issue 16): an address and how each member wants notices, typed or imported,
checked, in the member's export and gone after erasure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import import_members
from bot.config import ConfigError
from handlers import texts
from handlers.dataprotection import erase, export
from handlers.reach import routes
from storage.db import transaction
from storage.models import ChatIdentity, Member
from tests.conftest import row_counts
from tests.email.conftest import SECRETARY, MailCouncil


def _member(c: MailCouncil, name: str) -> Member:
    with c.app.sessions() as session:
        return session.scalars(select(Member).where(Member.name == name)).one()


def _accounts(c: MailCouncil, name: str) -> set[str]:
    with c.app.sessions() as session:
        return set(session.scalars(select(ChatIdentity.platform).where(ChatIdentity.member_id == c.ids[name])))


def test_address_and_wish_are_kept_with_an_email_account(mail_council: MailCouncil) -> None:
    c = mail_council
    reply = c.say(SECRETARY, "/brukerrad medlem ny Åse Øien rolle=observatør epost=Ase.Oien@Trondheim.Kommune.NO")
    assert not reply.error
    c.ids["Åse Øien"] = _member(c, "Åse Øien").id
    assert _member(c, "Åse Øien").email == "Ase.Oien@trondheim.kommune.no"  # the domain is not case-sensitive
    assert _accounts(c, "Åse Øien") == {"email"}
    c.say(SECRETARY, '/brukerrad medlem endre "Åse Øien" varsling=begge')
    assert _member(c, "Åse Øien").reach == "begge"
    c.say(SECRETARY, '/brukerrad medlem endre "Åse Øien" e-post=-')
    assert _member(c, "Åse Øien").email is None
    assert _accounts(c, "Åse Øien") == set()


@pytest.mark.parametrize(
    "field",
    [
        "epost=kari",
        "epost=kari@",
        "epost=@example.no",
        "epost=kari@example",
        "epost=kari..d@example.no",
        "epost=kari@exa_mple.no",
        'epost="kari dybdahl@example.no"',
        "epost=kari@example.123",
        "varsling=sms",
    ],
)
def test_bad_address_or_wish_is_explained_and_nothing_written(mail_council: MailCouncil, field: str) -> None:
    c = mail_council
    before = row_counts(c.app)
    reply = c.tell(SECRETARY, f"/brukerrad medlem endre Kari {field}")
    assert reply.error
    assert reply.text.startswith("«") and ("epost=" in reply.text or "varsling=" in reply.text)
    assert row_counts(c.app) == before
    assert _member(c, "Kari Dybdahl").email == "kari.dybdahl@example.no"


def test_identity_number_in_an_address_is_refused_before_anything_runs(mail_council: MailCouncil) -> None:
    c = mail_council
    before = row_counts(c.app)
    reply = c.tell(SECRETARY, "/brukerrad medlem endre Kari epost=15059436721@example.no")
    assert reply.error and reply.text == texts.IDENTITY_NUMBER_REFUSED
    assert row_counts(c.app) == before


def test_default_is_email_without_chat_and_a_wish_falls_back_rather_than_silence() -> None:
    assert routes("", has_chat=False, has_email=True) == (False, True)
    assert routes("", has_chat=True, has_email=True) == (True, False)
    assert routes("epost", has_chat=True, has_email=True) == (False, True)
    assert routes("begge", has_chat=True, has_email=True) == (True, True)
    assert routes("chat", has_chat=False, has_email=True) == (False, True)  # no chat: e-mail all the same
    assert routes("epost", has_chat=True, has_email=False) == (True, False)


def test_roster_csv_brings_addresses_and_wishes(mail_council: MailCouncil, tmp_path: Path) -> None:
    c = mail_council
    path = tmp_path / "medlemmer.csv"
    path.write_text(
        "navn;rolle;organisasjon;epost;varsling\r\n"
        "Bjørn Ås;observatør;Kirkens Bymisjon;bjorn.as@example.no;begge\r\n"
        "Eli Moe;observatør;Blå Kors;;\r\n",
        encoding="utf-8",
    )
    assert import_members(c.app, c.council_id, path) == 2
    assert (_member(c, "Bjørn Ås").email, _member(c, "Bjørn Ås").reach) == ("bjorn.as@example.no", "begge")
    assert _member(c, "Eli Moe").email is None


def test_a_bad_address_in_the_csv_is_reported_with_its_line(mail_council: MailCouncil, tmp_path: Path) -> None:
    c = mail_council
    path = tmp_path / "medlemmer.csv"
    path.write_text("navn;rolle;epost\r\nBjørn Ås;observatør;bjorn.as(at)example.no\r\n", encoding="utf-8")
    before = row_counts(c.app)
    with pytest.raises(ConfigError, match="Linje 2") as raised:
        import_members(c.app, c.council_id, path)
    assert "e-postadresse" in str(raised.value)
    assert row_counts(c.app) == before


def test_export_holds_the_address_and_erasure_removes_it(mail_council: MailCouncil) -> None:
    c = mail_council
    with transaction(c.app.sessions) as session:
        kari = session.get(Member, c.ids["Kari Dybdahl"])
        assert kari is not None
        data = export(session, c.council_id, kari, c.clock.now())
        assert data["member"]["email"] == "kari.dybdahl@example.no"
        assert {"platform": "email", "external_id": str(kari.id), "dm_channel": None} in data["chat_identities"]
        erase(session, c.council_id, kari, c.clock.now(), date(2027, 1, 4))
    assert _member(c, texts.ERASED_MEMBER_NAME.format(id=c.ids["Kari Dybdahl"])).email is None
    assert _accounts(c, "Kari Dybdahl") == set()


def test_only_the_secretary_sees_addresses_in_the_roster(mail_council: MailCouncil) -> None:
    c = mail_council
    c.say(SECRETARY, "/brukerrad medlem endre Mona varsling=epost")
    shown = c.say(SECRETARY, "/brukerrad medlemmer").text
    assert (
        "Mona Fossum – brukerrepresentant, Angstringen – e-post mona.fossum@example.no, vil ha varsler på e-post"
        in shown
    )
    assert "example.no" not in c.say("Liv Aasen", "/brukerrad medlemmer").text
