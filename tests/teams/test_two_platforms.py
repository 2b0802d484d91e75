"""One council in Teams and Slack at once: what is done in one shows in the other, and each notice reaches
the council's channel on both, once."""

from __future__ import annotations

from handlers.dispatch import Incoming
from tests.teams.conftest import CHANNEL, SLACK_CHANNEL, Teams
from tests.telegram.test_two_platforms import RecordingSlackPort


def _slack(teams: Teams, name: str, text: str) -> str:
    reply = teams.app.dispatcher.handle(Incoming("slack", f"U{teams.ids[name]}", text, teams.council_id))
    assert reply is not None and not reply.error, reply
    return reply.text


def test_a_case_from_teams_shows_in_slack_and_back(planned: Teams) -> None:
    planned.say("Kari Dybdahl", "sak ny Ventetid på avrusning")
    assert "Ventetid på avrusning" in _slack(planned, "Mona Fossum", "/sak liste")
    _slack(planned, "Mona Fossum", "/sak ny Brukermedvirkning i planarbeid")
    listed = planned.say("Kari Dybdahl", "sak liste", channel=None)
    assert "Brukermedvirkning i planarbeid" in listed[0].text


def test_channel_posts_reach_the_council_on_both_platforms_once(planned: Teams) -> None:
    slack = RecordingSlackPort()
    planned.app.add_port(slack)
    planned.say("Liv Aasen", "oppmote spor")  # the leader's poll: a post in the council's channel
    planned.app.sender.drain()
    planned.app.sender.drain()  # a second sweep posts nothing again
    in_slack = [text for channel, text in slack.posts if channel == SLACK_CHANNEL and text.startswith("Oppmøte til")]
    in_teams = [c.text for c in planned.fake.posts(CHANNEL) if c.text.startswith("Oppmøte til")]
    assert len(in_slack) == 1, slack.posts
    assert len(in_teams) == 1, in_teams
