"""Private stays private on Slack (issue 13): a channel that is not the council's gets no answer in it and
changes nothing; the form's channel post goes through the outbox (so a long 429 delays it, never loses it);
an unsigned request is refused with 401, never a 500; user text shows as typed, never as formatting."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from datetime import timedelta

from sqlalchemy import select

from handlers import texts
from storage.models import Case, Notice, NoticeState
from tests.conftest import row_counts
from tests.slack.conftest import CHANNEL, MEETING, SECRETARY, Slack, sign, typed

OTHER = "C0OTHER"  # a channel the bot was invited to, bound to no council
FORMATTED = "*Viktig* _kursiv_ ~streket~ `kode`"


def test_command_in_a_channel_of_no_council_answers_only_the_sender_and_changes_nothing(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    before = row_counts(slack.app)
    commands = [
        ("Kari Dybdahl", "/sak ny Ventetid på avrusning"),
        ("Kari Dybdahl", "/sak ny"),  # would open the form
        ("Kari Dybdahl", "/oppmote nei Syk"),
        ("Kari Dybdahl", "/sak liste"),
        ("Per Eggen", "/taushet signer"),
        (SECRETARY, '/brukerrad medlem ny Mona Fossum rolle=representant org="Angstringen"'),
        (SECRETARY, "/mote sakliste publiser 1 likevel"),
        ("U0STRANGER", "/brukerrad hjelp"),
    ]
    refused = 0
    for who, text in commands:
        status, answer = slack.command(who, text, channel=OTHER)
        assert status == 200, text
        assert answer["response_type"] == "ephemeral", text
        refused += answer["text"] == texts.SLACK_CHANNEL_NOT_THE_COUNCILS
    status, _ = slack.click("Kari Dybdahl", "/oppmote ja #1", channel=OTHER)
    assert status == 200
    answer = slack.fake.wait_for(lambda: slack.fake.calls_of("response_url"))[0].params
    assert answer["response_type"] == "ephemeral" and answer["text"] == texts.SLACK_CHANNEL_NOT_THE_COUNCILS
    print(f"commands in a channel of no council refused privately: {refused}/{len(commands)}, plus one click")
    assert refused == len(commands)
    assert row_counts(slack.app) == before  # nothing written, not even a delivery key
    assert slack.fake.ok_calls("views.open") == []
    slack.drain()
    assert [p for p in slack.fake.ok_calls("chat.postMessage") if p["channel"] == OTHER] == []


def test_direct_messages_still_reach_the_senders_council_and_stay_private(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    status, answer = slack.command("Kari Dybdahl", "/sak ny Ventetid på avrusning", channel="D0KARI0001")
    assert status == 200 and "sak 1/2026" in answer["text"]
    assert answer["response_type"] == "ephemeral"  # a DM may be between two people: the sender's answer only


def _post_unsigned(slack: Slack, headers: dict[str, str]) -> int:
    request = urllib.request.Request(slack.url, data=b"command=%2Fsak&text=ny+Falsk", method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    for key, value in headers.items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_request_without_signature_headers_is_refused_with_401(slack: Slack) -> None:
    before = row_counts(slack.app)
    now = str(int(time.time()))
    body = "command=%2Fsak&text=ny+Falsk"
    tries = [
        {},
        {"X-Slack-Request-Timestamp": now},
        {"X-Slack-Signature": sign(body, now)},
        {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""},
        {"X-Slack-Request-Timestamp": "i går", "X-Slack-Signature": sign(body, now)},
        {"X-Slack-Request-Timestamp": "1.5e9", "X-Slack-Signature": sign(body, now)},
        {"X-Slack-Request-Timestamp": "-0", "X-Slack-Signature": sign(body, "-0")},
    ]
    statuses = [_post_unsigned(slack, headers) for headers in tries]
    print(f"unsigned requests refused with 401: {statuses.count(401)}/{len(tries)}")
    assert statuses == [401] * len(tries)
    assert row_counts(slack.app) == before


def test_form_post_goes_through_the_outbox_and_waits_out_a_long_429(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.drain()
    slack.fake.fail("chat.postMessage", 429, retry_after=30)  # longer than any wait in place
    status, answer = slack.submit_case("Kari Dybdahl", "Ventetid på avrusning", "Vi ønsker en orientering.")
    assert status == 200 and answer["response_action"] == "update"
    assert "1/2026" in json.dumps(answer["view"], ensure_ascii=False)
    slack.drain()  # Slack answers 429 with Retry-After: 30
    refused = [c for c in slack.fake.calls_of("chat.postMessage") if c.status == 429]
    assert len(refused) == 1 and "sak 1/2026" in refused[0].params["text"]
    with slack.app.sessions() as session:
        waiting = session.scalars(select(Notice).where(Notice.state == NoticeState.PENDING)).all()
        assert [n for n in waiting if "sak 1/2026" in str(n.payload.get("text"))]
    slack.clock.advance(timedelta(seconds=31))
    slack.drain()
    calls = slack.fake.ok_calls("chat.postMessage")
    posted = [p for p in calls if p["channel"] == CHANNEL and "sak 1/2026" in p["text"]]
    assert len(posted) == 1  # delayed, not lost, and once
    slack.drain()
    assert len([p for p in slack.fake.ok_calls("chat.postMessage") if "sak 1/2026" in p["text"]]) == 1


def test_form_opened_from_the_home_tab_announces_nothing_in_the_channel(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    slack.drain()
    _, answer = slack.submit_case("Kari Dybdahl", "Ventetid på avrusning", channel="")
    assert answer["response_action"] == "update" and "sak 1/2026" in json.dumps(answer["view"], ensure_ascii=False)
    slack.drain()
    assert [p for p in slack.fake.ok_calls("chat.postMessage") if "sak 1/2026" in p["text"]] == []


def _sections(blocks: list[dict[str, object]]) -> list[dict[str, str]]:
    return [b["text"] for b in blocks if b["type"] == "section"]  # type: ignore[misc]


def test_formatting_characters_in_user_text_are_shown_as_typed(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    _, answer = slack.command("Kari Dybdahl", "/sak ny " + typed(f"{FORMATTED}\n> sitat & <!here>"))
    sections = _sections(answer["blocks"])
    assert sections and all(s["type"] == "plain_text" for s in sections)
    shown = "\n".join(s["text"] for s in sections)
    assert FORMATTED in shown  # no bold, italics, strike-through or code: the characters as typed
    with slack.app.sessions() as session:
        case = session.scalars(select(Case)).one()
        assert (case.title, case.description) == (FORMATTED, "> sitat & <!here>")
    slack.command("Liv Aasen", "/sak godkjenn 1")
    slack.command(SECRETARY, "/mote sakliste publiser 1 likevel")
    slack.drain()
    agenda = [p for p in slack.fake.ok_calls("chat.postMessage") if FORMATTED in json.dumps(p, ensure_ascii=False)]
    assert agenda
    for post in agenda:
        assert all(s["type"] == "plain_text" for s in _sections(post["blocks"]))
        assert post.get("mrkdwn") in (False, "0", "false", "False")  # the notification text is plain too
    slack.command("Kari Dybdahl", "/taushet signer")  # so she may read the description
    _, shown_case = slack.command("Kari Dybdahl", "/sak vis 1")
    assert "&gt; sitat &amp; &lt;!here&gt;" in "\n".join(s["text"] for s in _sections(shown_case["blocks"]))
