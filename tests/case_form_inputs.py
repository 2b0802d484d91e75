"""The same bad case-form input for every path: the Slack modal, the Telegram conversation, the console's
prompt and the typed `/sak ny`. Each path's test feeds these and expects the sentence written here, so
the four agree because each says what this one table says (and none stores anything)."""

from __future__ import annotations

from dataclasses import dataclass

from handlers import texts
from handlers.limits import LIMITS

# A synthetic test number (month + 80, Skatteetaten's test range): valid control digits, no real person.
IDENTITY_NUMBER = "15863951256"
LONG_TITLE = ("Ventetid på avrusning " * 20)[: LIMITS["case_title"] + 1].rstrip() + "x"


@dataclass(frozen=True)
class BadInput:
    title: str
    description: str
    field: str  # where a form shows the error
    error: str  # what every form says
    typed_error: str  # what the typed `/sak ny` says (the dispatcher's guard comes first for an identity number)

    @property
    def typed(self) -> str:
        return f"/sak ny {self.title} -- {self.description}"


BAD_INPUTS = {
    "empty title": BadInput(
        "  ", "Vi ønsker en orientering.", "title", texts.CASE_TITLE_MISSING, texts.CASE_TITLE_MISSING
    ),
    "too long title": BadInput(
        LONG_TITLE,
        "Vi ønsker en orientering.",
        "title",
        texts.TEXT_TOO_LONG.format(what=texts.TOO_LONG_WHAT["case_title"], length=len(LONG_TITLE), max=200),
        texts.TEXT_TOO_LONG.format(what=texts.TOO_LONG_WHAT["case_title"], length=len(LONG_TITLE), max=200),
    ),
    "identity number in the description": BadInput(
        "Ventetid på avrusning",
        f"Gjelder bruker med fødselsnummer {IDENTITY_NUMBER}",
        "description",
        texts.CASE_IDENTITY_NUMBER,
        texts.IDENTITY_NUMBER_REFUSED,
    ),
}
