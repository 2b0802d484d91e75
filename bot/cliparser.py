"""argparse in Norwegian: the usage line, the help headings and argparse's own error messages.

argparse has no setting for its language: every sentence it writes goes through the module's `_` and
`ngettext` (imported from `gettext`), looked up in the module each time it is called. A gettext catalog
with our translations (handlers/texts.py `CLI_ARGPARSE`) is put in their place for the time of each of our
parser's calls, and the old ones put back after, under a lock, so argparse stays English for everyone
else in the process (pytest's own options, libraries). That beats the alternatives:
- a subclassed `HelpFormatter` only reaches the usage prefix; headings are made in `ArgumentParser.__init__`
  and the errors deep in `parse_known_args`, already formatted, so they would have to be parsed back;
- installing a gettext domain globally (`gettext.textdomain`, `.mo` files) would translate every library
  that uses the default domain, and needs a compiled catalog on disk.
A message argparse adds in a later Python is shown in English until it is added to the catalog (the test
checks that every key is still a message of the running argparse).
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

from handlers import texts


class _Catalog(gettext.NullTranslations):
    """A translation from a dict; a message it does not know is returned as it is (gettext's own rule)."""

    def gettext(self, message: str) -> str:
        return texts.CLI_ARGPARSE.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = texts.CLI_ARGPARSE_PLURAL.get(msgid1)
        if found is None:
            return msgid1 if n == 1 else msgid2
        return found[0] if n == 1 else found[1]


CATALOG = _Catalog()
_LOCK = threading.RLock()  # re-entrant: parse_args calls error, which formats the usage line


@contextlib.contextmanager
def norwegian() -> Iterator[None]:
    """argparse speaks Norwegian inside this block (its `_` and `ngettext` swapped, then put back)."""
    module = vars(argparse)
    with _LOCK:
        saved = module["_"], module["ngettext"]
        module["_"], module["ngettext"] = CATALOG.gettext, CATALOG.ngettext
        try:
            yield
        finally:
            module["_"], module["ngettext"] = saved


def heltall(text: str) -> int:
    """`type=` for a whole number; argparse names the type by this function's name when the value is wrong."""
    return int(text)


heltall.__name__ = texts.CLI_TYPE_INTEGER


class NorwegianParser(argparse.ArgumentParser):
    """An `ArgumentParser` whose every message is in Norwegian, and whose errors say what to type instead.
    Subparsers are of this class too (argparse makes them with `type(self)`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with norwegian():  # the headings and -h's help are made here
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with norwegian():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        with norwegian():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        with norwegian():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with norwegian():
            return super().format_usage()

    def format_help(self) -> str:
        with norwegian():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        """The usage line, the problem, and the command that shows what can be typed; exit code 2."""
        with norwegian():
            self.print_usage(sys.stderr)
            problem = CATALOG.gettext("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message}
            self.exit(2, problem + texts.CLI_ARG_HINT.format(prog=self.prog) + "\n")
