#!/usr/bin/env bash
# Sets everything up and runs the whole test suite (and the linters) from a fresh clone.
# Needs only Python 3.11+. PostgreSQL runs too where its server binaries are installed (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
echo "== ruff"
.venv/bin/ruff check bot handlers storage fakes tests bench
echo "== mypy (strict)"
.venv/bin/mypy
echo "== pytest (SQLite)"
.venv/bin/python -m pytest "$@"
# shellcheck source=scripts/pg.sh
source scripts/pg.sh
if start_throwaway_postgres; then
  echo "== pytest (PostgreSQL, throwaway cluster on loopback)"
  BRUKERRAD_TEST_DB=postgresql .venv/bin/python -m pytest "$@"
else
  echo "== PostgreSQL SKIPPED: no server binaries in /usr/lib/postgresql/*/bin."
  echo "   Install them (Debian: apt-get install postgresql) to run the suite on PostgreSQL too."
fi
