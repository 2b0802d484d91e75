"""One council in Telegram and Slack at once: what is done in one place shows in the other."""

from __future__ import annotations

from bot.delivery import OutMessage
from tests.telegram.conftest import GROUP, SECRETARY, Telegram


class RecordingSlackPort:
    """Plays the Slack adapter's delivery port: records what the sender posts to Slack."""

    platform = "slack"

    def __init__(self) -> None:
        self.posts: list[tuple[str, str]] = []

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        self.posts.append((channel_id, message.text))
        return edit_message_id or f"ts-{len(self.posts)}"

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        self.posts.append((user_id, message.text))
        return f"ts-{len(self.posts)}"


def test_case_submitted_in_telegram_shows_in_slacks_case_list(planned: Telegram) -> None:
    planned.say("Kari Dybdahl", "/sak ny Ventetid på avrusning")
    listed = planned.core("Mona Fossum", "/sak liste", platform="slack")  # what Slack's adapter calls
    assert "Ventetid på avrusning" in listed.text


def test_case_submitted_in_slack_shows_in_telegram(planned: Telegram) -> None:
    planned.core("Kari Dybdahl", "/sak ny Brukermedvirkning i planarbeid", platform="slack")
    said = planned.say("Mona Fossum", "/sak liste")
    assert "Brukermedvirkning i planarbeid" in said.text


def test_channel_posts_reach_the_council_on_both_platforms(planned: Telegram) -> None:
    slack = RecordingSlackPort()
    planned.app.add_port(slack)
    planned.core(SECRETARY, "/mote bekreft 2027-01-14T10:00 Gryta")
    planned.app.sender.drain()
    posted = "Nytt brukerrådsmøte er planlagt: møte 1/2027"
    assert any(posted in text for channel, text in slack.posts if channel == "C0COUNCIL")
    assert any(posted in text for text in planned.texts(GROUP))
