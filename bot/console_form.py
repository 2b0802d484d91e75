"""A form in the terminal: `/sak ny` without text asks `handlers.forms.CASE_FORM`'s fields one line at a
time, then the form's confirmation, as the Slack modal and the Telegram conversation ask the same fields.

Each answer is checked with the form's checks as it is typed (the error is said, never the text, and the
same field is asked again); `/avbryt` or any other command ends the form unsent. Nothing is kept but the
answers in memory, and the finished form becomes the command it amounts to (`handlers.forms.command`),
which the console then runs as if it had been typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers import texts
from handlers.forms import YES, Form, check, command, first_error, warnings

_CANCEL = ("/avbryt", "avbryt")
_YES = ("ja", "j")
_NO = ("nei", "n")


@dataclass
class Step:
    """What the console does with one answer: print `say`, and run `command` when the form is done."""

    say: str
    command: str | None = None
    finished: bool = False


@dataclass
class ConsoleForm:
    form: Form
    answers: dict[str, str] = field(default_factory=dict)
    step: int = 0  # the index of the field asked; len(fields): the confirmation

    def first(self) -> str:
        return f"{texts.CONSOLE_FORM_START}\n{self._question()}"

    def take(self, line: str) -> Step:
        """One typed line, as the answer to the question asked last."""
        if line.strip().casefold() in _CANCEL:
            return Step(texts.CASE_FORM_CANCELLED, finished=True)
        if line.strip().startswith("/"):  # a command (`/avslutt`, `/som …`): the form is dropped, the command runs
            return Step(texts.CASE_FORM_CANCELLED, line, finished=True)
        fields = self.form.fields
        if self.step < len(fields):
            asked = fields[self.step]
            error = first_error(self.form, check(self.form, {**self.answers, asked.name: line}))
            if error is not None:
                return Step(f"{error}\n{self._question()}")
            self.answers[asked.name] = asked.clean(line)
            self.step += 1
            if self.step == len(fields) and self.form.confirm is None:
                return Step("", command(self.form, self.answers), finished=True)
            return Step(self._question())
        word = line.strip().casefold().rstrip(".!")
        if word in _NO:
            return Step(texts.CASE_FORM_CANCELLED, finished=True)
        if word in _YES and self.form.confirm is not None:
            return Step("", command(self.form, {**self.answers, self.form.confirm.name: YES}), finished=True)
        return Step(texts.CONSOLE_FORM_CONFIRM)

    def _question(self) -> str:
        fields = self.form.fields
        if self.step < len(fields):
            asked = fields[self.step]
            return f"{asked.label}:" if asked.required else texts.CONSOLE_FORM_OPTIONAL.format(label=asked.label)
        return "\n\n".join([*warnings(self.form, self.answers), texts.CONSOLE_FORM_CONFIRM])
