"""Word folding shared by command parsing and argument reading: æøå and ASCII spellings are one word."""

from __future__ import annotations

import logging

_LOGGER = logging.getLogger(__name__)

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def fold(word: str) -> str:
    """Lower case with æøå folded to ASCII, so `møte`, `mote` and `MØTE` are one word."""
    return word.strip().lower().translate(_FOLD)
