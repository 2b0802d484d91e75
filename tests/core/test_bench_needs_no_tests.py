"""An installed `brukerrad-bench` runs every benchmark: none of them needs pytest, hypothesis or the test
suite (issue 14: only two of five ran, the others imported fixtures and fakes from tests/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import importlib, sys
sys.modules['pytest'] = None
sys.modules['hypothesis'] = None
sys.modules['tests'] = None
from bench.run_all import MODULES
for name in MODULES:
    importlib.import_module('bench.' + name)
print(len(MODULES))
"""


def test_every_benchmark_imports_without_the_test_suite(tmp_path: Path) -> None:
    # From a folder that holds no tests/, as an installed brukerrad-bench would run.
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    print(f"\nbenchmark modules importable without pytest or tests/: {done.stdout.strip()}")
    assert int(done.stdout) >= 6
