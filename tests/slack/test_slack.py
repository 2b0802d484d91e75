"""Slack over HTTP, through the real slack-bolt app and requests signed as Slack signs them, against the fake
Web API: commands, buttons, the `/sak ny` modal, the Home tab, identity, escaping, duplicates, signatures."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select

from storage.models import Attendance, Case, Delivery, Signature
from tests.case_form_inputs import BAD_INPUTS
from tests.slack.conftest import CHANNEL, MEETING, SECRETARY, USERS, Slack, typed

IDENTITY_NUMBER = "15076500565"  # valid control digits: the guard must stop it


def _count(slack: Slack, model: type) -> int:
    with slack.app.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- commands ---------------------------------------------------------------------------------------


def test_every_command_answers_through_slack(slack: Slack) -> None:
    dialog = [
        (SECRETARY, MEETING, "Møtet er planlagt", "ephemeral"),
        (SECRETARY, "/mote plan", "møte 1", "ephemeral"),
        ("Kari Dybdahl", "/sak ny Ventetid på avrusning -- Vi ønsker en orientering.", "sak 1/2026", "in_channel"),
        ("Kari Dybdahl", "/sak liste", "Ventetid på avrusning", "ephemeral"),
        ("Kari Dybdahl", "/sak vis 1", "Ventetid på avrusning", "ephemeral"),
        ("Liv Aasen", "/sak godkjenn 1", "står nå på sakslisten", "ephemeral"),
        ("Kari Dybdahl", "/mote neste", "Neste møte", "ephemeral"),
        ("Kari Dybdahl", "/mote sakliste", "Ventetid på avrusning", "ephemeral"),
        ("Liv Aasen", "/oppmote ja", "til stede", "ephemeral"),
        ("Kari Dybdahl", "/oppmote nei Legetime", "Per Eggen", "ephemeral"),
        ("Per Eggen", "/taushet", "Taushetserklæring", "ephemeral"),
        ("Per Eggen", "/taushet signer", "Takk!", "ephemeral"),
        (SECRETARY, "/taushet status", "Per Eggen", "ephemeral"),
        ("Liv Aasen", "/oppmote status", "Kari Dybdahl", "ephemeral"),
        ("Liv Aasen", "/oppmote spor", "Oppmøteoversikten", "ephemeral"),
        ("Kari Dybdahl", "/habilitet 1 Jeg jobber der", "kan være inhabil", "ephemeral"),
        ("Tor Grande", "/brukerrad medlemmer", "Liv Aasen", "ephemeral"),
        ("Tor Grande", "/brukerrad hjelp", "/sak", "ephemeral"),
        (SECRETARY, "/sak vedtak 1 Støttet.", "føres fra møtedagen", "ephemeral"),
        (SECRETARY, "/mote referat 1", "Referat", "ephemeral"),
    ]
    for who, text, expected, kind in dialog:
        status, answer = slack.command(who, text)
        assert status == 200, (text, answer)
        assert expected.lower() in answer["text"].lower(), (text, answer["text"])
        assert answer["response_type"] == kind, text


def test_bad_input_is_answered_privately_and_changes_nothing(slack: Slack) -> None:
    status, answer = slack.command("Kari Dybdahl", "/sak godkjenn 99")
    assert status == 200 and answer["response_type"] == "ephemeral"
    status, answer = slack.command("Kari Dybdahl", "/mote flytt")
    assert status == 200 and answer["response_type"] == "ephemeral"
    assert _count(slack, Case) == 0


def test_calendar_file_goes_to_the_members_direct_messages(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    status, answer = slack.command("Kari Dybdahl", "/mote kalender")
    assert status == 200 and answer["response_type"] == "ephemeral"
    done = slack.fake.wait_for(lambda: slack.fake.ok_calls("files.completeUploadExternal"))
    opened = slack.fake.ok_calls("conversations.open")
    assert opened and opened[0]["users"] == USERS["Kari Dybdahl"]
    assert done[0]["channel_id"].startswith("D")  # a conversation id: Slack refuses a user id here
    assert any(c["bytes"] > 0 for c in (call.params for call in slack.fake.calls_of("upload")))


# --- identity ---------------------------------------------------------------------------------------


def test_unknown_slack_user_is_told_whom_to_ask(slack: Slack) -> None:
    status, answer = slack.command("U0STRANGER", "/sak liste")
    assert status == 200 and SECRETARY in answer["text"] and answer["response_type"] == "ephemeral"
    status, answer = slack.command("U0STRANGER", "/sak ny Noe")
    assert SECRETARY in answer["text"] and "registrer" in answer["text"]
    assert _count(slack, Case) == 0


def test_invite_code_links_a_slack_account(slack: Slack) -> None:
    _, answer = slack.command(SECRETARY, "/brukerrad inviter Kari Dybdahl")
    code = answer["text"].split("registrer ")[1].split(",")[0].split()[0]
    _, welcome = slack.command("U0NEWKARI", f"/brukerrad registrer {code}")
    assert "Velkommen, Kari Dybdahl" in welcome["text"]
    _, listing = slack.command("U0NEWKARI", "/sak liste")
    assert SECRETARY not in listing["text"]  # known now: no refusal


def test_secretary_links_a_member_by_mention(slack: Slack) -> None:
    slack.command(SECRETARY, '/brukerrad medlem ny Mona Fossum rolle=representant org="Angstringen"')
    _, before = slack.command("U0MONA", "/sak liste")
    assert SECRETARY in before["text"]  # not linked yet: told whom to ask
    _, linked = slack.command(SECRETARY, '/brukerrad medlem koble "Mona Fossum" <@U0MONA|mona>')
    assert "Mona Fossum" in linked["text"]
    _, after = slack.command("U0MONA", "/mote neste")
    assert SECRETARY not in after["text"]


# --- escaping ---------------------------------------------------------------------------------------


def test_user_text_is_escaped_so_it_pings_nobody(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    _, answer = slack.command("Kari Dybdahl", "/sak ny " + typed("<!channel> hei <@U0LIV> & co"))
    shown = json.dumps(answer)
    assert "<!channel>" not in shown and "<@U0LIV>" not in shown
    assert "&lt;!channel&gt; hei &lt;@U0LIV&gt; &amp; co" in answer["text"]
    assert all(b["text"]["type"] == "plain_text" for b in answer["blocks"] if b["type"] == "section")
    with slack.app.sessions() as session:  # stored as typed
        assert session.scalar(select(Case.title)) == "<!channel> hei <@U0LIV> & co"
    slack.command("Liv Aasen", "/sak godkjenn 1")
    slack.command(SECRETARY, "/mote sakliste publiser 1 likevel")
    slack.drain()
    posts = slack.fake.ok_calls("chat.postMessage")
    agenda = [p for p in posts if "&lt;!channel&gt;" in str(p["text"])]
    assert agenda and all("<!channel>" not in json.dumps(p) for p in posts)
    assert all("link_names" not in p and p.get("parse") in (None, "none") for p in posts)


def test_text_arrives_as_typed_not_as_slack_escaped_it(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.command("Kari Dybdahl", "/sak ny " + typed("Ventetid & kø for <18 år"))
    with slack.app.sessions() as session:
        assert session.scalar(select(Case.title)) == "Ventetid & kø for <18 år"


# --- signatures -------------------------------------------------------------------------------------


def test_bad_signature_is_refused(slack: Slack) -> None:
    status, _ = slack.command("Kari Dybdahl", "/sak ny Falsk", signature="v0=" + "0" * 64)
    assert status == 401
    assert _count(slack, Case) == 0


def test_replayed_old_timestamp_is_refused(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    status, _ = slack.command("Kari Dybdahl", "/sak ny Gammel", timestamp=int(time.time()) - 600)
    assert status == 401
    assert _count(slack, Case) == 0


def test_url_verification_challenge_is_answered(slack: Slack) -> None:
    body = json.dumps({"token": "x", "challenge": "utfordring-123", "type": "url_verification"}).encode()
    status, answer = slack.post(body, "application/json")
    assert status == 200 and "utfordring-123" in answer


# --- buttons and duplicates -------------------------------------------------------------------------


def test_double_click_changes_nothing_twice(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    assert slack.click("Kari Dybdahl", "/oppmote ja #1", action_ts="1.1")[0] == 200
    assert slack.click("Kari Dybdahl", "/oppmote ja #1", action_ts="1.1")[0] == 200  # the same click again
    assert slack.click("Kari Dybdahl", "/oppmote ja #1", action_ts="1.2")[0] == 200  # a second click
    with slack.app.sessions() as session:
        assert len(session.scalars(select(Attendance)).all()) == 1
    answers = slack.fake.wait_for(
        lambda: len(slack.fake.calls_of("response_url")) >= 2 and slack.fake.calls_of("response_url")
    )
    assert "registrert som til stede" in answers[0].params["text"]
    assert all(a.params["response_type"] == "ephemeral" and a.params["replace_original"] is False for a in answers)


def test_click_answers_share_one_connection_to_slack(slack: Slack) -> None:
    """Bolt's own `respond` opens a new HTTP session per answer: in production a new TLS handshake with
    Slack before every "Takk!". The adapter keeps one session, so answers reuse the connection."""
    slack.command(SECRETARY, MEETING)
    slack.click("Kari Dybdahl", "/oppmote ja #1", action_ts="2.1")
    slack.fake.wait_for(lambda: len(slack.fake.calls_of("response_url")) == 1)
    slack.click("Kari Dybdahl", "/oppmote nei #1", action_ts="2.2")
    answers = slack.fake.wait_for(
        lambda: len(slack.fake.calls_of("response_url")) == 2 and slack.fake.calls_of("response_url")
    )
    assert answers[0].peer is not None and answers[0].peer == answers[1].peer


def test_repeated_slash_command_delivery_changes_nothing_twice(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.command("Kari Dybdahl", "/sak ny Brukermedvirkning", trigger="same.trigger")
    status, again = slack.command("Kari Dybdahl", "/sak ny Brukermedvirkning", trigger="same.trigger")
    assert not again.get("text")  # the repeat is acknowledged, not answered again
    assert status == 200
    assert _count(slack, Case) == 1
    with slack.app.sessions() as session:
        assert session.get(Delivery, "slack:cmd:same.trigger") is not None


def test_declaration_is_signed_with_its_button(slack: Slack) -> None:
    _, shown = slack.command("Per Eggen", "/taushet")
    sign = [e for b in shown["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert sign and sign[0]["value"].startswith("/taushet signer ")
    slack.click("Per Eggen", sign[0]["value"])
    assert _count(slack, Signature) == 1
    answer = slack.fake.wait_for(lambda: slack.fake.calls_of("response_url"))
    assert "Takk!" in answer[0].params["text"]


def test_buttons_in_direct_messages_find_the_members_council(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.click("Kari Dybdahl", "/oppmote nei #1", channel="D0KARI0001")
    with slack.app.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Attendance)) == 1


def test_poll_tally_is_updated_in_place(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.command("Liv Aasen", "/oppmote spor")
    slack.drain()
    poll = [p for p in slack.fake.ok_calls("chat.postMessage") if p["channel"] == CHANNEL and p.get("blocks")]
    assert poll and any(
        e["value"].startswith("/oppmote ja")
        for b in poll[-1]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    )
    slack.click("Kari Dybdahl", "/oppmote ja #1")
    slack.drain()
    updates = slack.fake.ok_calls("chat.update")
    assert updates and "Kommer (1): Kari Dybdahl" in updates[-1]["text"]
    assert updates[-1]["channel"] == CHANNEL


def test_notices_go_to_the_channel_and_dms_through_the_web_api(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.command("Kari Dybdahl", "/oppmote nei Syk")
    slack.drain()
    posts = slack.fake.ok_calls("chat.postMessage")
    assert any(p["channel"] == CHANNEL and "Nytt brukerrådsmøte" in p["text"] for p in posts)
    assert any(p["channel"] == USERS["Per Eggen"] and "Kari Dybdahl har meldt forfall" in p["text"] for p in posts)
    assert all(p["unfurl_links"] in (False, "0", "false", "False") for p in posts)


def test_retried_event_changes_nothing_twice(slack: Slack) -> None:
    event = {"type": "app_home_opened", "user": USERS["Kari Dybdahl"], "tab": "home"}
    assert slack.event(event, "Ev1")[0] == 200
    assert slack.event(event, "Ev1", retry=1)[0] == 200
    assert slack.event(event, "Ev1", retry=2)[0] == 200
    homes = slack.fake.wait_for(lambda: slack.fake.ok_calls("views.publish"))
    assert homes[0]["user_id"] == USERS["Kari Dybdahl"]
    slack.event(event, "Ev2")  # the next real opening is served (and shows the retries were dropped)
    slack.fake.wait_for(lambda: len(slack.fake.ok_calls("views.publish")) == 2)


# --- the /sak ny modal ------------------------------------------------------------------------------


def test_sak_ny_without_text_opens_the_modal(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    status, answer = slack.command("Kari Dybdahl", "/sak ny")
    assert status == 200 and not answer.get("text")  # an empty ack: the modal is the answer
    opened = slack.fake.wait_for(lambda: slack.fake.ok_calls("views.open"))[0]
    view = opened["view"]
    assert view["callback_id"] == "sak_ny" and view["private_metadata"] == CHANNEL
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert {"title", "description", "system_level"} <= set(blocks)
    assert blocks["system_level"].get("optional", False) is False  # the tick is required
    assert opened["trigger_id"]


def test_privacy_findings_are_field_errors_never_echoed(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    slack.command(SECRETARY, MEETING)
    caplog.set_level(logging.DEBUG)
    status, answer = slack.submit_case("Kari Dybdahl", "Ventetid", f"Gjelder {IDENTITY_NUMBER}")
    assert status == 200 and answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"description"} and "fødselsnummer" in answer["errors"]["description"]
    status, answer = slack.submit_case("Kari Dybdahl", f"Om {IDENTITY_NUMBER}", "")
    assert set(answer["errors"]) == {"title"}
    assert IDENTITY_NUMBER not in caplog.text
    assert all(IDENTITY_NUMBER not in json.dumps(c.params) for c in slack.fake.calls)
    assert _count(slack, Case) == 0


def test_modal_requires_the_system_level_tick(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    _status, answer = slack.submit_case("Kari Dybdahl", "Ventetid", "Systemnivå", ticked=False)
    assert answer["response_action"] == "errors" and set(answer["errors"]) == {"system_level"}
    assert _count(slack, Case) == 0


def test_modal_submission_commits_the_case_and_shows_its_number(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    status, answer = slack.submit_case("Kari Dybdahl", "Ventetid på avrusning", "Vi ønsker en orientering.")
    assert status == 200 and answer["response_action"] == "update"
    assert "1/2026" in json.dumps(answer["view"], ensure_ascii=False)
    with slack.app.sessions() as session:
        case = session.scalars(select(Case)).one()
        assert (case.title, case.description) == ("Ventetid på avrusning", "Vi ønsker en orientering.")
    slack.drain()  # the channel's post is an outbox row, sent by the scheduler's sender
    posted = [p for p in slack.fake.ok_calls("chat.postMessage") if p["channel"] == CHANNEL and "1/2026" in p["text"]]
    assert posted  # the channel sees it, as with /sak ny <tittel>


def test_complaint_like_text_is_accepted_with_the_tick(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    _, answer = slack.submit_case("Kari Dybdahl", "Ventetid", "Jeg fikk avslag på søknaden i fjor.", view_id="V0A")
    assert answer["response_action"] == "update"
    assert _count(slack, Case) == 1


def test_core_refusal_in_the_modal_is_a_field_error(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    _, answer = slack.submit_case("Tor Grande", "Ventetid", "")  # observers cannot submit
    assert answer["response_action"] == "errors" and "observatør" in answer["errors"]["title"]


# --- the App Home tab -------------------------------------------------------------------------------


def _home_text(view: dict[str, object]) -> str:
    return json.dumps(view, ensure_ascii=False)


def test_home_tab_shows_my_meeting_answer_declaration_and_cases(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.command("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    slack.command("Liv Aasen", "/sak ny Ikke min sak")
    slack.event({"type": "app_home_opened", "user": USERS["Kari Dybdahl"], "tab": "home"}, "EvH1")
    home = slack.fake.wait_for(lambda: slack.fake.ok_calls("views.publish"))[0]["view"]
    shown = _home_text(home)
    assert home["type"] == "home"
    assert "møte 1" in shown and "Ditt svar" in shown  # my next meeting and my answer
    assert "/oppmote ja #1" in shown  # not answered yet: the buttons
    assert "ikke signert" in shown and '"/taushet"' in shown  # my unsigned declaration
    assert "Ventetid på avrusning" in shown and "Ikke min sak" not in shown  # my open cases
    slack.command("Kari Dybdahl", "/oppmote ja")
    slack.command("Kari Dybdahl", "/taushet signer")
    slack.event({"type": "app_home_opened", "user": USERS["Kari Dybdahl"], "tab": "home"}, "EvH2")
    home = slack.fake.wait_for(
        lambda: len(slack.fake.ok_calls("views.publish")) == 2 and slack.fake.ok_calls("views.publish")
    )[1]["view"]
    shown = _home_text(home)
    assert "/oppmote ja #1" not in shown and "Du har signert" in shown


def test_home_tab_tells_a_stranger_whom_to_ask(slack: Slack) -> None:
    slack.event({"type": "app_home_opened", "user": "U0STRANGER", "tab": "home"}, "EvS")
    home = slack.fake.wait_for(lambda: slack.fake.ok_calls("views.publish"))[0]["view"]
    assert SECRETARY in _home_text(home)


def test_home_button_answers_in_a_modal_and_refreshes_the_tab(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.click("Kari Dybdahl", "/oppmote ja #1", view={"id": "V0HOME", "type": "home"})
    opened = slack.fake.wait_for(lambda: slack.fake.ok_calls("views.open"))[0]
    assert "til stede" in _home_text(opened["view"])
    home = slack.fake.wait_for(lambda: slack.fake.ok_calls("views.publish"))[0]["view"]
    assert "/oppmote ja #1" not in _home_text(home)


def test_new_case_button_on_the_home_tab_opens_the_form(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.click("Kari Dybdahl", "/sak ny", view={"id": "V0HOME", "type": "home"})
    opened = slack.fake.wait_for(lambda: slack.fake.ok_calls("views.open"))[0]
    assert opened["view"]["callback_id"] == "sak_ny"


# --- health -----------------------------------------------------------------------------------------


def test_health_and_readiness(slack: Slack) -> None:
    base = slack.url.rsplit("/slack", 1)[0]
    with urllib.request.urlopen(base + "/healthz") as response:
        assert response.status == 200 and response.read() == b"ok"
    with urllib.request.urlopen(base + "/readyz") as response:
        assert response.status == 200
    slack.app.ready = False
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base + "/readyz")
    assert refused.value.code == 503


def test_secrets_never_reach_the_log(slack: Slack, caplog: pytest.LogCaptureFixture) -> None:
    from tests.slack.conftest import ENV, SECRET

    caplog.set_level(logging.DEBUG)
    slack.command(SECRETARY, MEETING)
    slack.click("Kari Dybdahl", "/oppmote ja #1")
    slack.event({"type": "app_home_opened", "user": USERS["Kari Dybdahl"], "tab": "home"}, "EvLog")
    slack.fake.wait_for(lambda: slack.fake.ok_calls("views.publish"))
    slack.drain()
    assert caplog.records  # something was logged at DEBUG
    assert ENV["SLACK_BOT_TOKEN"] not in caplog.text and SECRET not in caplog.text


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_modal_says_what_every_case_form_says(slack: Slack, name: str) -> None:
    """The same bad input as the typed `/sak ny`, Telegram and the console (tests/case_form_inputs.py)."""
    bad = BAD_INPUTS[name]
    slack.command(SECRETARY, MEETING)
    _status, answer = slack.submit_case("Kari Dybdahl", bad.title, bad.description)
    assert answer["response_action"] == "errors" and answer["errors"] == {bad.field: bad.error}
    assert _count(slack, Case) == 0
