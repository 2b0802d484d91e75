"""The outbox row's typed values read every payload earlier versions wrote, and move only forward."""

from __future__ import annotations

from handlers.replies import Button
from storage.outbox import Message, Progress, message_payload, ready_message, without_text


def test_a_row_written_before_progress_was_tracked_reads_as_nothing_done() -> None:
    old = {"text": "Hei", "buttons": [["Ja", "/mote kommer"]]}
    assert Progress.from_json(old) == Progress()
    assert ready_message(old) == Message("Hei", (("Ja", "/mote kommer", ""),))


def test_progress_round_trips_through_the_payload_and_keeps_the_rest() -> None:
    progress = Progress().begin("slack:C1").posted("slack:C1").begin("telegram:-5")
    payload = progress.store({"member": 7})
    assert payload["member"] == 7
    assert Progress.from_json(payload) == progress


def test_the_rendering_is_posted_again_not_the_rows_own_text() -> None:
    payload = {"text": "gammel", "rendered": Message("ny", (("OK", "/x", "primary"),)).to_json()}
    assert ready_message(payload) == Message("ny", (("OK", "/x", "primary"),))


def test_what_we_posted_is_added_to_what_a_reconciler_recorded() -> None:
    theirs = Progress(done=("slack:C1",), uncertain=("telegram:-5",))
    ours = Progress(done=("telegram:-5",), failed=("teams:T",), inflight="teams:T")
    merged = theirs.merged(ours)
    assert merged == Progress(done=("slack:C1", "telegram:-5"), failed=("teams:T",))


def test_after_a_crash_the_post_in_flight_is_uncertain_unless_the_platform_tells() -> None:
    left = Progress(done=("slack:C1",), inflight="telegram:-5")
    assert left.settled(None, []).uncertain == ("telegram:-5",)
    assert left.settled(True, []).done == ("slack:C1", "telegram:-5")
    assert left.settled(False, []) == Progress(done=("slack:C1",))
    untracked = Progress(done=("slack:C1",))
    assert untracked.settled(None, ["slack:C1", "telegram:-5"]).uncertain == ("telegram:-5",)


def test_buttons_are_stored_as_their_three_fields() -> None:
    payload = message_payload("Hei", (Button("Ja", "/mote kommer", "primary"),), ref="tally:1")
    assert payload == {"text": "Hei", "buttons": [["Ja", "/mote kommer", "primary"]], "ref": "tally:1"}


def test_blanking_keeps_the_row_but_not_the_words() -> None:
    payload = {"text": "Hei", "rendered": {"text": "Hei", "buttons": []}, "done": ["slack:C1"]}
    assert without_text(payload) == {"text": "", "rendered": {"text": "", "buttons": []}, "done": ["slack:C1"]}
    assert without_text({"text": ""}) is None
