"""Slack over HTTP, through the real slack-bolt app and signed requests, against the fake Web API."""

from __future__ import annotations

import time

from sqlalchemy import select

from storage.models import Attendance, Case, Notice, NoticeState
from tests.slack.conftest import CHANNEL, SECRETARY, USERS, Slack


def test_every_command_answers_through_slack(slack: Slack) -> None:
    dialog = [
        (SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta", "Møtet er planlagt", "ephemeral"),
        ("Kari Dybdahl", "/sak ny Ventetid på avrusning -- Vi ønsker en orientering.", "sak 1/2026", "in_channel"),
        ("Kari Dybdahl", "/sak liste", "Ventetid på avrusning", "ephemeral"),
        ("Liv Aasen", "/sak godkjenn 1", "står nå på sakslisten", "ephemeral"),
        ("Kari Dybdahl", "/mote neste", "Neste møte", "ephemeral"),
        ("Kari Dybdahl", "/oppmote nei Legetime", "Per Eggen", "ephemeral"),
        ("Per Eggen", "/taushet signer", "Takk!", "ephemeral"),
        ("Liv Aasen", "/oppmote status", "Kari Dybdahl", "ephemeral"),
        ("Kari Dybdahl", "/habilitet 1 Jeg jobber der", "registrert", "ephemeral"),
        ("Tor Grande", "/brukerrad medlemmer", "Liv Aasen", "ephemeral"),
        (SECRETARY, "/sak vedtak 1 Støttet.", "Vedtaket", "ephemeral"),
        (SECRETARY, "/mote referat 1", "Referat", "ephemeral"),
    ]
    for who, text, expected, kind in dialog:
        status, answer = slack.command(who, text)
        assert status == 200, (text, answer)
        assert expected in answer["text"], (text, answer["text"])
        assert answer["response_type"] == kind, text


def test_unknown_slack_user_is_told_whom_to_ask(slack: Slack) -> None:
    status, answer = slack.command("U0STRANGER", "/sak liste")
    assert status == 200 and SECRETARY in answer["text"] and answer["response_type"] == "ephemeral"


def test_invite_code_links_a_slack_account(slack: Slack) -> None:
    _, answer = slack.command(SECRETARY, "/brukerrad inviter Kari Dybdahl")
    code = answer["text"].split("registrer ")[1].split(",")[0].split()[0]
    _, welcome = slack.command("U0NEWKARI", f"/brukerrad registrer {code}")
    assert "Velkommen, Kari Dybdahl" in welcome["text"]


def test_user_text_is_escaped_so_it_pings_nobody(slack: Slack) -> None:
    slack.command(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    _, answer = slack.command("Kari Dybdahl", "/sak ny <!channel> hei <@U0LIV> & co")
    assert "<!channel>" not in answer["text"] and "&lt;!channel&gt;" in answer["text"]
    assert "&amp; co" in answer["text"]
    assert "<@U0LIV>" not in json_dump(answer["blocks"])


def json_dump(value: object) -> str:
    import json

    return json.dumps(value)


def test_bad_signature_is_refused(slack: Slack) -> None:
    status, _ = slack.command("Kari Dybdahl", "/sak ny Falsk", signature="v0=" + "0" * 64)
    assert status == 401
    assert slack.app.sessions().scalar(select(Case.id)) is None


def test_replayed_old_timestamp_is_refused(slack: Slack) -> None:
    status, _ = slack.command("Kari Dybdahl", "/sak ny Gammel", timestamp=int(time.time()) - 600)
    assert status == 401


def test_attendance_button_click_and_double_click(slack: Slack) -> None:
    slack.command(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    assert slack.click("Kari Dybdahl", "/oppmote ja #1", action_ts="1.1")[0] == 200
    assert slack.click("Kari Dybdahl", "/oppmote ja #1", action_ts="1.1")[0] == 200  # the same click again
    assert slack.click("Kari Dybdahl", "/oppmote ja #1", action_ts="1.2")[0] == 200  # a second click
    with slack.app.sessions() as session:
        assert len(session.scalars(select(Attendance)).all()) == 1
    answers = slack.fake.wait_for(lambda: [c for c in slack.fake.calls if c.method == "response_url"])
    assert "registrert som til stede" in answers[0].params["text"]


def test_case_modal_opens_and_privacy_findings_are_field_errors(slack: Slack) -> None:
    slack.command(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    status, _ = slack.command("Kari Dybdahl", "/sak ny")
    assert status == 200
    view = slack.fake.wait_for(lambda: slack.fake.ok_calls("views.open"))[0]["view"]
    assert view["callback_id"] == "sak_ny"
    number = "15076500565"  # valid control digits: the guard must stop it
    from handlers.privacy import is_valid_identity_number

    assert is_valid_identity_number(number)
    status, answer = slack.submit_case("Kari Dybdahl", "Ventetid", f"Gjelder {number}")
    assert status == 200 and '"response_action":"errors"' in answer.replace(" ", "")
    assert number not in answer
    status, answer = slack.submit_case("Kari Dybdahl", "Ventetid", "Systemnivå", ticked=False)
    assert "system_level" in answer
    status, _ = slack.submit_case("Kari Dybdahl", "Ventetid på avrusning", "Vi ønsker en orientering.")
    assert status == 200
    with slack.app.sessions() as session:
        assert session.scalars(select(Case.title)).all() == ["Ventetid på avrusning"]


def test_notices_go_to_the_channel_and_dms_through_the_web_api(slack: Slack) -> None:
    slack.command(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    slack.command("Kari Dybdahl", "/oppmote nei Syk")
    slack.app.sender.drain()
    posts = slack.fake.ok_calls("chat.postMessage")
    assert any(p["channel"] == CHANNEL and "Nytt brukerrådsmøte" in p["text"] for p in posts)
    assert any(p["channel"] == USERS["Per Eggen"] and "Kari Dybdahl har meldt forfall" in p["text"] for p in posts)


def test_poll_tally_is_updated_in_place(slack: Slack) -> None:
    slack.command(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    slack.command("Liv Aasen", "/oppmote spor")
    slack.app.sender.drain()
    slack.click("Kari Dybdahl", "/oppmote ja #1")
    slack.app.sender.drain()
    updates = slack.fake.ok_calls("chat.update")
    assert updates and "Kommer (1): Kari Dybdahl" in updates[-1]["text"]


def test_rate_limit_storm_delays_posts_but_never_loses_them(slack: Slack) -> None:
    slack.command(SECRETARY, "/mote bekreft 2026-12-15T10:00 Gryta")
    slack.fake.fail("chat.postMessage", 429, retry_after=1, times=6)
    slack.app.sender.drain()
    for _ in range(5):
        slack.clock.advance(__import__("datetime").timedelta(minutes=30))
        slack.app.sender.drain()
    with slack.app.sessions() as session:
        assert (
            session.scalars(select(Notice).where(Notice.kind == "message", Notice.state != NoticeState.SENT)).all()
            == []
        )
    posts = [p for p in slack.fake.ok_calls("chat.postMessage") if "Nytt brukerrådsmøte" in p["text"]]
    assert len(posts) == 1


def test_retried_event_changes_nothing_twice(slack: Slack) -> None:
    event = {"type": "app_home_opened", "user": USERS["Kari Dybdahl"], "tab": "home"}
    assert slack.event(event, "Ev1")[0] == 200
    assert slack.event(event, "Ev1", retry=1)[0] == 200
    homes = slack.fake.wait_for(lambda: slack.fake.ok_calls("views.publish"))
    assert homes[0]["user_id"] == USERS["Kari Dybdahl"]
    assert len(slack.fake.ok_calls("views.publish")) == 1


def test_health_and_readiness(slack: Slack) -> None:
    import urllib.request

    base = slack.url.rsplit("/slack", 1)[0]
    with urllib.request.urlopen(base + "/healthz") as response:
        assert response.status == 200
    with urllib.request.urlopen(base + "/readyz") as response:
        assert response.status == 200
