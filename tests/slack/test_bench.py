"""The latency benchmark runs and prints its ratio (a few requests: a smoke test, not a measurement)."""

from __future__ import annotations

import pytest

from bench import bench_slack


def test_benchmark_prints_its_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    bench_slack.main(["3"])
    table = capsys.readouterr().out
    assert "Slack HTTP /sak ny (case committed) vs bare bolt ack" in table
    assert "x  median < 2x bare, p99 < 50 ms" in table  # the ratio column, then the target
