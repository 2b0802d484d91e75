"""Forms as data: the fields a form asks for, their limits and checks, written once for every platform.

The Slack modal, the Telegram conversation in the private chat, the console's step-by-step prompt and the
typed `/sak ny Tittel -- beskrivelse` all read `CASE_FORM`, so the same bad input is refused on every one
of them with the same sentence. A form never stores anything: its answers become the command text they
amount to (`command`), which goes through `Dispatcher.handle` like a typed one, so there is still one
transaction per command and the core's own checks stay the authority. `check` is the courtesy in front:
it lets a form show each error on its field (or ask that step again) before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from handlers import texts
from handlers.limits import LIMITS
from handlers.privacy import check_case_text

#: A check on one field's (cleaned, non-empty) answer: the error to show, or None when it passes.
Check = Callable[[str], str | None]

#: What an optional field's answer may be to say «nothing here» (a chat answer cannot be empty).
NO_ANSWER = frozenset({"-", "–", "ingen", "nei"})
YES = "ja"  # the answer to a form's confirmation when it was given (a ticked box, a «ja», a pressed button)


def blocking_case_text(text: str) -> str | None:
    """The privacy guard's first blocking finding (an identity number), in its own words; never the text."""
    blocking = [finding.message for finding in check_case_text(text) if finding.blocking]
    return blocking[0] if blocking else None


def case_text_warning(text: str) -> str | None:
    """The privacy guard's first warning (reads like one person's case): said before the confirmation."""
    warnings_found = [finding.message for finding in check_case_text(text) if not finding.blocking]
    return warnings_found[0] if warnings_found else None


@dataclass(frozen=True)
class Field:
    """One free-text answer. `limit` names its entry in `handlers.limits.LIMITS`; `fold_spaces` folds runs
    of spaces and line breaks to one space (a title is one line), otherwise the answer is only stripped."""

    name: str
    label: str
    placeholder: str
    limit: str
    required: bool = False
    missing: str = ""  # the error when a required field is left empty
    multiline: bool = False
    fold_spaces: bool = False
    checks: tuple[Check, ...] = ()

    @property
    def most(self) -> int:
        return LIMITS[self.limit]

    def clean(self, raw: str) -> str:
        """The answer as it is checked and stored (`check` and `command` clean what they are given). An
        optional field answered with one of `NO_ANSWER` is empty."""
        value = " ".join(raw.split()) if self.fold_spaces else raw.strip()
        return "" if not self.required and value.casefold() in NO_ANSWER else value


@dataclass(frozen=True)
class Confirmation:
    """A statement the submitter must confirm (a required tick, a «ja»), whose answer is `YES` when given."""

    name: str
    label: str
    statement: str
    missing: str


@dataclass(frozen=True)
class Form:
    """A command's input as fields. `command` is the typed command the answers fill in; `confirm_word` is
    put first in its text when the confirmation was given; `joined` checks what only the fields together
    show (the core checks the same joined text); `warn` finds what the submitter is told before confirming."""

    name: str
    command: str
    fields: tuple[Field, ...]
    confirm: Confirmation | None = None
    confirm_word: str = ""
    joined: tuple[Check, ...] = ()
    warn: tuple[Check, ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


CASE_FORM = Form(
    name="sak_ny",
    command="/sak ny",
    fields=(
        Field(
            name="title",
            label=texts.CASE_FORM_TITLE_LABEL,
            placeholder=texts.CASE_FORM_TITLE_PLACEHOLDER,
            limit="case_title",
            required=True,
            missing=texts.CASE_TITLE_MISSING,
            fold_spaces=True,
            checks=(blocking_case_text,),
        ),
        Field(
            name="description",
            label=texts.CASE_FORM_DESCRIPTION_LABEL,
            placeholder=texts.CASE_FORM_DESCRIPTION_PLACEHOLDER,
            limit="case_description",
            multiline=True,
            checks=(blocking_case_text,),
        ),
    ),
    confirm=Confirmation(
        name="system_level",
        label=texts.CASE_FORM_CONFIRM_LABEL,
        statement=texts.CASE_FORM_CONFIRM,
        missing=texts.CASE_FORM_NEED_CONFIRM,
    ),
    confirm_word="bekreft",
    joined=(blocking_case_text,),
    warn=(case_text_warning,),
)


def check_field(field: Field, raw: str) -> str | None:
    """The first error in one answer: empty but required, then its own checks (the privacy guard before
    the length, so a long text holding an identity number hears about the number), then its length."""
    value = field.clean(raw)
    if not value:
        return field.missing if field.required else None
    for one in field.checks:
        error = one(value)
        if error is not None:
            return error
    if len(value) > field.most:
        return texts.TEXT_TOO_LONG.format(what=texts.TOO_LONG_WHAT[field.limit], length=len(value), max=field.most)
    return None


def check(form: Form, answers: Mapping[str, str]) -> dict[str, str]:
    """Each field's error, in the form's order, for the fields in `answers` (a conversation checks the
    fields it has asked so far). When every field is answered and none is wrong, the joined checks run
    and their error sits on the last answered field. The confirmation is checked when it is in `answers`."""
    errors: dict[str, str] = {}
    for field in form.fields:
        if field.name in answers:
            error = check_field(field, answers[field.name])
            if error is not None:
                errors[field.name] = error
    if not errors and all(f.name in answers for f in form.fields):
        cleaned = [f.clean(answers[f.name]) for f in form.fields]
        joined = "\n".join(cleaned)
        last = next((f.name for f, value in reversed(list(zip(form.fields, cleaned, strict=True))) if value), None)
        for one in form.joined:
            error = one(joined)
            if error is not None:
                errors[last or form.fields[0].name] = error
                break
    if form.confirm is not None and form.confirm.name in answers and answers[form.confirm.name] != YES:
        errors[form.confirm.name] = form.confirm.missing
    return errors


def warnings(form: Form, answers: Mapping[str, str]) -> list[str]:
    """What the submitter should read before confirming the answers (not errors: they may confirm past)."""
    joined = "\n".join(f.clean(answers.get(f.name, "")) for f in form.fields)
    return [warning for one in form.warn if (warning := one(joined)) is not None]


def first_error(form: Form, errors: Mapping[str, str]) -> str | None:
    """The error a surface that shows one at a time shows: the first field's, in the form's order."""
    order = [f.name for f in form.fields] + ([form.confirm.name] if form.confirm else [])
    return next((errors[name] for name in order if name in errors), None)


def command(form: Form, answers: Mapping[str, str]) -> str:
    """The command text the answers amount to, exactly as if typed: the first field on the command's
    line, each further field on a line of its own (`/sak ny bekreft Tittel\\nBeskrivelse`)."""
    confirmed = form.confirm is not None and answers.get(form.confirm.name) == YES
    head = f"{form.command} {form.confirm_word}" if confirmed and form.confirm_word else form.command
    first, *rest = [f.clean(answers.get(f.name, "")) for f in form.fields]
    return "\n".join([f"{head} {first}", *(value for value in rest if value)]).strip()


#: Every form by the name a `Reply.form` asks for.
FORMS: dict[str, Form] = {CASE_FORM.name: CASE_FORM}
