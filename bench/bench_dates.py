"""How long reading a meeting time takes, next to bare dateparser on the same phrases in the same run.

Issue 3's target: p99 under 3 ms per call, and a median under 2x bare dateparser's median. The phrases
are the accepted ones from tests/handlers/test_dates.py, read at that table's fixed `now`. Run with
`python -m bench.bench_dates [rounds]` from the project root; the exit status is 1 if a target is missed.

Rows:
- parse_meeting_time: steady state, after warm-up (month words already looked up).
- parse_meeting_time, cold month lookup: the month-word cache cleared before every call, so dateparser
  is consulted whenever the phrase names a month: the worst case for a phrase seen for the first time.
- dateparser.parse: languages=['nb'], DMY, future, RELATIVE_BASE=now, as the issue measured it.
"""

from __future__ import annotations

import gc
import logging
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import dateparser

from bench.common import Row, p99, print_table, row_from
from fakes.meeting_times import ACCEPTED, NOW, OSLO
from handlers import dates
from handlers.dates import parse_meeting_time

_LOGGER = logging.getLogger(__name__)

P99_TARGET_MS = 3.0
RATIO_TARGET = 2.0
WARM_UP_ROUNDS = 5
DEFAULT_ROUNDS = 100

_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PREFER_DATES_FROM": "future",
    "DATE_ORDER": "DMY",
    "RELATIVE_BASE": NOW.replace(tzinfo=None),
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def _ours(phrase: str) -> object:
    return parse_meeting_time(phrase, NOW, OSLO)


def _ours_cold(phrase: str) -> object:
    dates._month_number.cache_clear()
    return parse_meeting_time(phrase, NOW, OSLO)


def _bare(phrase: str) -> object:
    return dateparser.parse(phrase, languages=["nb"], settings=_DATEPARSER_SETTINGS)


def _timings_ms(functions: Sequence[Callable[[str], object]], phrases: Sequence[str], rounds: int) -> list[list[float]]:
    """Per-call times in ms for each function, interleaved round by round so all share the conditions."""
    for _ in range(WARM_UP_ROUNDS):
        for function in functions:
            for phrase in phrases:
                function(phrase)
    gc.collect()
    timings: list[list[float]] = [[] for _ in functions]
    clock = time.perf_counter_ns
    for _ in range(rounds):
        for function, samples in zip(functions, timings, strict=True):
            for phrase in phrases:
                start = clock()
                function(phrase)
                samples.append((clock() - start) / 1e6)
    return timings


def rows(rounds: int = DEFAULT_ROUNDS) -> list[Row]:
    """Median and p99 per call for ours (steady and cold) and bare dateparser, in one run."""
    phrases = [phrase for phrase, _ in ACCEPTED]
    # The cold row empties the month cache, so it runs after the others rather than between them.
    ours, bare = _timings_ms([_ours, _bare], phrases, rounds)
    (cold,) = _timings_ms([_ours_cold], phrases, rounds)
    target = f"p99 < {P99_TARGET_MS} ms, median < {RATIO_TARGET}x bare dateparser"
    ok = p99(ours) < P99_TARGET_MS and statistics.median(ours) < RATIO_TARGET * statistics.median(bare)
    return [
        row_from("parse_meeting_time vs dateparser.parse (nb)", ours, bare, target=target, ok=ok),
        row_from("parse_meeting_time, cold month lookup", cold, bare),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table; 0 if the targets are met, else 1."""
    args = sys.argv[1:] if argv is None else argv
    rounds = int(args[0]) if args else DEFAULT_ROUNDS
    result = rows(rounds)
    print_table(
        result,
        f"{len(ACCEPTED)} phrases x {rounds} rounds after {WARM_UP_ROUNDS} warm-up rounds, "
        f"Python {sys.version.split()[0]}, dateparser {dateparser.__version__}",
    )
    return 0 if all(r.ok is not False for r in result) else 1


if __name__ == "__main__":
    raise SystemExit(main())
