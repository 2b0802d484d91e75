"""The notice and the minutes reach a Slack member as files in their direct messages, like the calendar."""

from __future__ import annotations

from tests.slack.conftest import MEETING, SECRETARY, Slack


def test_notice_pdf_is_uploaded_to_the_member(slack: Slack) -> None:
    slack.command(SECRETARY, MEETING)
    status, answer = slack.command("Kari Dybdahl", "/mote innkalling 1")
    assert status == 200 and answer["response_type"] == "ephemeral"
    assert "innkallingen" in answer["text"]
    asked = slack.fake.wait_for(lambda: slack.fake.ok_calls("files.getUploadURLExternal"))
    assert asked[0]["filename"].endswith("-innkalling-mote-1-offentlig.pdf")
    slack.fake.wait_for(lambda: slack.fake.ok_calls("files.completeUploadExternal"))
    uploads = [call.params for call in slack.fake.calls_of("upload")]
    assert uploads and uploads[0]["bytes"] > 1000  # a whole PDF, not an empty file
