"""The Teams benchmark runs, stores every case and answers every click, and prints its ratios (a few
requests: a smoke test, not a measurement)."""

from __future__ import annotations

import pytest

from bench import bench_teams


def test_benchmark_prints_its_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    bench_teams.main(["3"])
    table = capsys.readouterr().out
    assert "Teams /sak ny (token checked, committed) vs bare SDK" in table
    assert "Teams attendance click (committed) vs bare SDK" in table
    assert table.count("x  ") >= 2  # a ratio on each row
