"""The system benchmark counts an answer that says the command failed as an error, by its words: they must
stay the words the core uses, or a load run full of failures would pass as fast."""

from __future__ import annotations

from bench.bench_system import FAILED
from handlers import texts


def test_the_benchmark_knows_the_failure_answers_by_their_words() -> None:
    for name, words in FAILED.items():
        assert words in getattr(texts, name), name
