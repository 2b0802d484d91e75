"""What every benchmark reports: a row per measure, with this project's median and p99, the bare
framework's baseline measured in the same run, their ratio, and whether the target was met."""

from __future__ import annotations

import logging
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Row:
    measure: str
    median: float
    p99: float | None = None
    baseline: float | None = None  # the bare framework's median, same run
    unit: str = "ms"
    target: str = ""
    ok: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        assert self.baseline is not None
        return self.median / self.baseline


def p99(samples: Sequence[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[98]


def row_from(measure: str, samples: Sequence[float], baseline: Sequence[float] | None = None, **kw: object) -> Row:
    base = statistics.median(baseline) if baseline else None
    return Row(measure, statistics.median(samples), p99(samples), base, **kw)  # type: ignore[arg-type]


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 100 else f"{value:.0f}"


def print_table(rows: Sequence[Row], title: str = "") -> None:
    if title:
        print(title)
    header = f"{'measure':<52} {'median':>10} {'p99':>10} {'baseline':>10} {'unit':>6} {'ratio':>7}  target"
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "–"
        verdict = "" if row.ok is None else (" ✓" if row.ok else " ✗ MISSED")
        print(
            f"{row.measure:<52} {_fmt(row.median):>10} {_fmt(row.p99):>10} {_fmt(row.baseline):>10} "
            f"{row.unit:>6} {ratio:>7}  {row.target}{verdict}"
        )
