"""Runs every benchmark in `bench/` and prints one table: our median and p99, the bare framework's baseline
from the same run, the ratio, and the target. `brukerrad-bench`, `make bench` or `python -m bench`."""

from __future__ import annotations

import importlib
import logging
import os
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path

_LOGGER = logging.getLogger(__name__)

MODULES = (
    "bench_dates",
    "bench_sweep",
    "bench_audit",
    "bench_slack",
    "bench_telegram",
    "bench_teams",
    "bench_documents",
    "bench_email",
    "bench_system",
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    from bench.common import Row, print_table

    only = list(argv if argv is not None else sys.argv[1:])
    all_rows: list[Row] = []
    started = time.perf_counter()
    for name in MODULES:
        if only and name not in only:
            continue
        try:
            module = importlib.import_module(f"bench.{name}")
        except ImportError as error:
            print(f"({name}: not available: {error})", file=sys.stderr)
            continue
        print(f"running {name} …", file=sys.stderr, flush=True)
        all_rows += module.rows()
    print()
    print_table(all_rows, f"Brukerrådsboten benchmarks — {machine()}")
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    return 0 if all(row.ok is not False for row in all_rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
