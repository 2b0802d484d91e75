"""The `/sak ny` form as a Slack modal: title, description, and a required tick that the case is about the
services at system level (the mandate: the council handles no individual cases).

The privacy guard runs on the submitted fields before the core sees them; what it finds is shown on the
field it was found in (`response_action: errors`), in the guard's own words and never with the refused
text. The tick is the confirmation the core asks for when a text reads like a personal complaint, so the
form sends `/sak ny bekreft <title>\\n<description>`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.slack.incoming import dig, text_of
from bot.slack.render import VIEW_BLOCKS, blocks, escape, plain
from handlers import texts
from handlers.privacy import check_case_text
from handlers.replies import Reply

_LOGGER = logging.getLogger(__name__)

CALLBACK_ID = "sak_ny"
TITLE, DESCRIPTION, SYSTEM_LEVEL = "title", "description", "system_level"
FIELD = "value"  # every input's action id
TITLE_MAX = 200  # as the core: handlers.cases.TITLE_MAX
DESCRIPTION_MAX = 3000  # Slack's plain_text_input allows 3000 characters (the core allows more)
ERROR_LIMIT = 1000  # a sanity bound: the core's sentences are far shorter


@dataclass(frozen=True)
class CaseForm:
    title: str
    description: str
    ticked: bool

    @property
    def command(self) -> str:
        return f"/sak ny bekreft {self.title}\n{self.description}".strip()


def case_modal(channel_id: str) -> dict[str, Any]:
    """The form; `private_metadata` remembers the channel it was opened from (which council, where to post)."""
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": channel_id,
        "title": {"type": "plain_text", "text": texts.SLACK_MODAL_TITLE},
        "submit": {"type": "plain_text", "text": texts.SLACK_MODAL_SUBMIT},
        "close": {"type": "plain_text", "text": texts.BUTTON_CANCEL},
        "blocks": [
            {"type": "section", "text": plain(escape(texts.SLACK_MODAL_INTRO))},
            {
                "type": "input",
                "block_id": TITLE,
                "label": {"type": "plain_text", "text": texts.SLACK_MODAL_TITLE_LABEL},
                "element": {"type": "plain_text_input", "action_id": FIELD, "max_length": TITLE_MAX},
            },
            {
                "type": "input",
                "block_id": DESCRIPTION,
                "optional": True,
                "label": {"type": "plain_text", "text": texts.SLACK_MODAL_DESCRIPTION_LABEL},
                "element": {
                    "type": "plain_text_input",
                    "action_id": FIELD,
                    "multiline": True,
                    "max_length": DESCRIPTION_MAX,
                },
            },
            {
                "type": "input",
                "block_id": SYSTEM_LEVEL,
                "label": {"type": "plain_text", "text": texts.SLACK_MODAL_CONFIRM_LABEL},
                "element": {
                    "type": "checkboxes",
                    "action_id": FIELD,
                    "options": [{"text": {"type": "plain_text", "text": texts.SLACK_MODAL_CONFIRM}, "value": "yes"}],
                },
            },
        ],
    }


def read_form(view: Any) -> CaseForm:
    """The submitted fields (input values arrive as typed: not escaped, no mention tokens)."""
    values = dig(view, "state", "values")
    ticked = dig(values, SYSTEM_LEVEL, FIELD, "selected_options")
    return CaseForm(
        title=" ".join(text_of(dig(values, TITLE, FIELD, "value")).split()),
        description=text_of(dig(values, DESCRIPTION, FIELD, "value")).strip(),
        ticked=isinstance(ticked, list) and any(dig(o, "value") == "yes" for o in ticked),
    )


def form_errors(form: CaseForm) -> dict[str, str]:
    """Field errors before anything is stored: the privacy guard's findings where they were found, and the
    tick. Each message is the guard's own sentence; the refused text is never echoed."""
    errors: dict[str, str] = {}
    if not form.title:
        errors[TITLE] = texts.CASE_TITLE_MISSING
    for block_id, text in ((TITLE, form.title), (DESCRIPTION, form.description)):
        for finding in check_case_text(text) if text else []:
            if finding.blocking:
                errors.setdefault(block_id, _short(finding.message))
    if not errors:  # what only the two together show (the core checks the same joined text)
        for finding in check_case_text(f"{form.title}\n{form.description}"):
            if finding.blocking:
                errors.setdefault(DESCRIPTION if form.description else TITLE, _short(finding.message))
    if not form.ticked:
        errors[SYSTEM_LEVEL] = texts.SLACK_MODAL_NEED_CONFIRM
    return errors


def core_error(reply: Reply) -> dict[str, str]:
    """A refusal from the core (for example: observers cannot submit) shown on the title field."""
    return {TITLE: _short(reply.text)}


def done_view(reply: Reply) -> dict[str, Any]:
    """The modal after a successful submission: the core's answer (case number, meeting, deadline)."""
    return {
        "type": "modal",
        "callback_id": f"{CALLBACK_ID}_ferdig",
        "title": {"type": "plain_text", "text": texts.SLACK_MODAL_TITLE},
        "close": {"type": "plain_text", "text": texts.SLACK_CLOSE},
        "blocks": blocks(reply.text, (), VIEW_BLOCKS),
    }


def _short(message: str) -> str:
    return message if len(message) <= ERROR_LIMIT else message[: ERROR_LIMIT - 1] + "…"
