"""The `/sak ny` form as a Slack modal, built from `handlers.forms.CASE_FORM`: an input block per field,
and the form's confirmation (the case is about the services at system level; the mandate: the council
handles no individual cases) as a required tick.

The form's checks (`handlers.forms.check`: required fields, the privacy guard, lengths) run on the
submitted fields before the core sees them; each error is shown on its field (`response_action: errors`),
in the same words as on every other platform and never with the refused text. The tick is the
confirmation the core asks for when a text reads like a personal complaint, so the form sends
`/sak ny bekreft <title>\\n<description>` (`handlers.forms.command`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.slack.incoming import dig, text_of
from bot.slack.render import VIEW_BLOCKS, blocks, escape, plain
from handlers import texts
from handlers.forms import CASE_FORM, YES, Field, Form, check, command
from handlers.replies import Reply

_LOGGER = logging.getLogger(__name__)

CALLBACK_ID = CASE_FORM.name
FIELD = "value"  # every input's action id
INPUT_MOST = 3000  # Slack's plain_text_input takes at most 3000 characters (the form may allow more)
TICKED = "yes"  # the tick's option value on the wire (a modal opened before an upgrade still sends it)
ERROR_LIMIT = 1000  # a sanity bound: the core's sentences are far shorter
TITLE = CASE_FORM.fields[0].name  # where a refusal from the core is shown


@dataclass(frozen=True)
class CaseForm:
    """The submitted answers, by field name (the confirmation's is `YES` when ticked)."""

    answers: dict[str, str]

    @property
    def command(self) -> str:
        return command(CASE_FORM, self.answers)


def _input(field: Field) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": FIELD,
        "max_length": min(field.most, INPUT_MOST),
    }
    if field.multiline:
        element["multiline"] = True
    block: dict[str, Any] = {"type": "input", "block_id": field.name}
    if not field.required:
        block["optional"] = True
    block["label"] = {"type": "plain_text", "text": field.label}
    block["element"] = element
    return block


def _fields(form: Form) -> list[dict[str, Any]]:
    shown = [_input(field) for field in form.fields]
    if form.confirm is not None:
        option = {"text": {"type": "plain_text", "text": form.confirm.statement}, "value": TICKED}
        shown.append(
            {
                "type": "input",
                "block_id": form.confirm.name,
                "label": {"type": "plain_text", "text": form.confirm.label},
                "element": {"type": "checkboxes", "action_id": FIELD, "options": [option]},
            }
        )
    return shown


def case_modal(channel_id: str) -> dict[str, Any]:
    """The form; `private_metadata` remembers the channel it was opened from (which council, where to post)."""
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": channel_id,
        "title": {"type": "plain_text", "text": texts.SLACK_MODAL_TITLE},
        "submit": {"type": "plain_text", "text": texts.SLACK_MODAL_SUBMIT},
        "close": {"type": "plain_text", "text": texts.BUTTON_CANCEL},
        "blocks": [{"type": "section", "text": plain(escape(texts.SLACK_MODAL_INTRO))}, *_fields(CASE_FORM)],
    }


def read_form(view: Any) -> CaseForm:
    """The submitted fields (input values arrive as typed: not escaped, no mention tokens)."""
    values = dig(view, "state", "values")
    answers = {field.name: text_of(dig(values, field.name, FIELD, "value")) for field in CASE_FORM.fields}
    if CASE_FORM.confirm is not None:
        ticked = dig(values, CASE_FORM.confirm.name, FIELD, "selected_options")
        given = isinstance(ticked, list) and any(dig(o, "value") == TICKED for o in ticked)
        answers[CASE_FORM.confirm.name] = YES if given else ""
    return CaseForm(answers)


def form_errors(form: CaseForm) -> dict[str, str]:
    """Field errors before anything is stored (`handlers.forms.check`), each on its own block."""
    return {block_id: _short(message) for block_id, message in check(CASE_FORM, form.answers).items()}


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
