"""Core answers as Teams messages: plain text, or an Adaptive Card where there are buttons or a form.

Pure functions from the core's values to the JSON Teams takes, tested without a server. Text without
buttons goes as a plain-text message (`textFormat: plain`: Teams shows it as written, so a case title
such as `**@alle**` formats nothing and pings nobody; a mention in Teams is an entity, never text). A
message with buttons is a card whose TextBlocks would read Markdown, so its text is escaped, and each
button is an `Action.Submit` whose data is the command it stands for: a click arrives as a message with
that `value`, and is handled exactly like typing the command. The case form is a card of the shared form
definition (`handlers.forms`), its errors shown on their fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.chat import split_lines
from handlers import texts
from handlers.forms import YES, Field, Form
from handlers.replies import Button

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.5"  # what Teams renders on desktop, web and mobile
# Teams takes a message of about 28 KB in all; the core's longest answers (the agenda, the minutes) fit in
# a few pieces of this many characters.
MESSAGE_LIMIT = 7000
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_STYLES = {"primary": "positive", "danger": "destructive"}
COMMAND_KEY = "command"  # a button's data: {"command": "/oppmote ja"}
FORM_KEY = "form"  # a form's data: {"form": "sak_ny", "channel": <where it was opened>, <field>: <answer>}
CHANNEL_KEY = "channel"


def escape(text: str) -> str:
    """Plain text for a card's TextBlock, which reads a Markdown subset: every sign it reads is escaped."""
    return _MARKDOWN.sub(r"\\\1", text)


def pieces(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """The messages a text needs, cut at line ends where possible; never an empty message."""
    cut = [piece for piece in split_lines(text, limit) if piece.strip()]
    return cut or ["–"]


def text_message(text: str) -> dict[str, Any]:
    return {"type": "message", "text": text, "textFormat": "plain"}


def _text_blocks(text: str) -> list[dict[str, Any]]:
    """One TextBlock a line (a blank line: space before the next), so no line is read as a list or heading."""
    shown: list[dict[str, Any]] = []
    gap = False
    for line in text.split("\n"):
        if not line.strip():
            gap = True
            continue
        block: dict[str, Any] = {"type": "TextBlock", "text": escape(line), "wrap": True}
        if shown:
            block["spacing"] = "Medium" if gap else "None"
        shown.append(block)
        gap = False
    return shown or [{"type": "TextBlock", "text": "–", "wrap": True}]


def attachment(card: Mapping[str, Any]) -> dict[str, Any]:
    return {"contentType": CARD_TYPE, "content": dict(card)}


def card(text: str, buttons: tuple[Button, ...]) -> dict[str, Any]:
    """A card with the text and one action a button."""
    actions: list[dict[str, Any]] = []
    for button in buttons:
        action: dict[str, Any] = {"type": "Action.Submit", "title": button.label, "data": {COMMAND_KEY: button.command}}
        if button.style in _STYLES:
            action["style"] = _STYLES[button.style]
        actions.append(action)
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": _text_blocks(text),
    }
    if actions:
        content["actions"] = actions
    return content


def messages(text: str, buttons: tuple[Button, ...] = ()) -> list[dict[str, Any]]:
    """The message activities for a text (and its buttons, on the last piece)."""
    cut = pieces(text)
    if not buttons:
        return [text_message(piece) for piece in cut]
    shown = [text_message(piece) for piece in cut[:-1]]
    shown.append({"type": "message", "attachments": [attachment(card(cut[-1], buttons))], "summary": cut[-1][:200]})
    return shown


def _input(field: Field, value: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "Input.Text",
        "id": field.name,
        "label": field.label,
        "placeholder": field.placeholder,
        "maxLength": field.most,
        "isMultiline": field.multiline,
    }
    if field.required:
        element["isRequired"] = True
        element["errorMessage"] = field.missing
    if value:
        element["value"] = value
    return element


def _error(message: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": escape(message), "wrap": True, "color": "Attention", "spacing": "Small"}


def form_card(
    form: Form,
    *,
    channel: str | None,
    answers: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The form as a card; shown again with the answers kept and each error under its field. `channel`:
    the shared channel it was opened from (its council, and where the case is announced)."""
    answers, errors = answers or {}, errors or {}
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": escape(texts.TEAMS_FORM_TITLE),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
        {"type": "TextBlock", "text": escape(texts.TEAMS_FORM_INTRO), "wrap": True},
    ]
    for field in form.fields:
        body.append(_input(field, answers.get(field.name, "")))
        if field.name in errors:
            body.append(_error(errors[field.name]))
    if form.confirm is not None:
        body.append(
            {
                "type": "Input.Toggle",
                "id": form.confirm.name,
                "label": form.confirm.label,
                "title": form.confirm.statement,
                "valueOn": YES,
                "valueOff": "",
                "value": YES if answers.get(form.confirm.name) == YES else "",
            }
        )
        if form.confirm.name in errors:
            body.append(_error(errors[form.confirm.name]))
    data: dict[str, Any] = {FORM_KEY: form.name}
    if channel is not None:
        data[CHANNEL_KEY] = channel
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
        "actions": [{"type": "Action.Submit", "title": texts.TEAMS_FORM_SUBMIT, "data": data, "style": "positive"}],
    }


def form_answers(form: Form, value: Mapping[str, Any]) -> dict[str, str]:
    """The answers a submitted form card carries, by field name (missing fields as empty)."""
    answers = {field.name: _text(value.get(field.name)) for field in form.fields}
    if form.confirm is not None:
        answers[form.confirm.name] = YES if _text(value.get(form.confirm.name)) == YES else ""
    return answers


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
