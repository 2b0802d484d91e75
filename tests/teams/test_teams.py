"""The council in Teams: commands in the channel and the personal chat, through the real SDK."""

from __future__ import annotations

from tests.teams.conftest import CHANNEL, SECRETARY, Teams


def test_a_member_submits_a_case_in_the_channel_with_or_without_a_slash(teams: Teams) -> None:
    teams.install()
    sent = teams.say("Kari Dybdahl", "sak ny Ventetid på avrusning")
    assert len(sent) == 1, [c.text for c in sent]
    assert "Ventetid på avrusning" in sent[0].text
    assert sent[0].conversation.startswith(CHANNEL)
    again = teams.say("Kari Dybdahl", "/sak liste")
    assert "Ventetid på avrusning" in again[0].text


def test_help_in_the_personal_chat(teams: Teams) -> None:
    sent = teams.say(SECRETARY, "brukerrad hjelp", channel=None)
    assert sent and "/sak" in sent[0].text
    assert sent[0].conversation.startswith("a:personal-")
