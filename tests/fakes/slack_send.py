"""Send a slash command to the bot's `/slack/events` signed exactly as Slack signs it: for trying HTTP mode by
hand with the fake Slack API. `python -m tests.fakes.slack_send --secret S --user U0KARI "/sak ny Tittel"`."""

from __future__ import annotations

import argparse
import json
import time
import urllib.request
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier


def main() -> None:
    parser = argparse.ArgumentParser(description="Send a signed Slack slash command to the bot")
    parser.add_argument("text", help='the command as typed, for example "/sak ny Tittel"')
    parser.add_argument("--url", default="http://127.0.0.1:8080/slack/events")
    parser.add_argument("--secret", required=True, help="the same SLACK_SIGNING_SECRET the bot has")
    parser.add_argument("--user", default="U0DEMO", help="the Slack user id that types it")
    parser.add_argument("--channel", default="C0DEMO")
    args = parser.parse_args()
    name, _, rest = args.text.partition(" ")
    rest = rest.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # as Slack escapes typed text
    body = urlencode(
        {
            "command": name,
            "text": rest,
            "user_id": args.user,
            "channel_id": args.channel,
            "team_id": "T0FAKE",
            "trigger_id": f"t{time.time_ns()}",
            "response_url": "http://127.0.0.1:9/none",
        }
    )
    stamp = str(int(time.time()))
    request = urllib.request.Request(args.url, data=body.encode(), method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    request.add_header("X-Slack-Request-Timestamp", stamp)
    request.add_header(
        "X-Slack-Signature", SignatureVerifier(args.secret).generate_signature(timestamp=stamp, body=body)
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = response.read().decode()
    print(json.loads(answer).get("text", answer) if answer.startswith("{") else answer)


if __name__ == "__main__":
    main()
