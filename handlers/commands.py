"""Text → Command, and the command table: a plain dict from command and verb to the function that answers.

The same words work on every platform; command names are ASCII (Telegram allows only `a-z0-9_`), while
verbs and arguments accept æøå and ASCII spellings alike.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from handlers import attendance, cases, confidentiality, conflicts, meetings, roster, texts
from handlers.context import Context
from handlers.errors import UserError
from handlers.lookup import term_ended, whom_to_ask
from handlers.replies import Reply
from handlers.words import fold
from storage.models import Member, Role

_LOGGER = logging.getLogger(__name__)

Handler = Callable[[Context, str], Reply]


@dataclass(frozen=True)
class Command:
    name: str
    verb: str
    args: str
    # Everything after the command name, as typed: what a verb-less command (`/habilitet 3 ...`) reads.
    rest: str = ""


@dataclass(frozen=True)
class CommandSpec:
    usage: str
    verbs: dict[str, Handler] = field(default_factory=dict)
    # Called with the whole argument text when the first word is not a verb (or there is none).
    default: Handler | None = None
    # Whether `default` also runs when there are no arguments at all; otherwise usage is shown.
    default_without_args: bool = True


_HEAD = re.compile(r"^/(\S+)\s*(.*)$", re.DOTALL)
_VERB = re.compile(r"^(\S+)[ \t]*\n?(.*)$", re.DOTALL)


def parse(text: str) -> Command:
    """`/sak@Brukerradbot ny Tittel -- beskrivelse` → Command("sak", "ny", "Tittel -- beskrivelse")."""
    head = _HEAD.match(text.strip())
    if head is None:
        raise UserError(texts.NOT_A_COMMAND)
    name = fold(head.group(1).split("@", 1)[0])
    rest = head.group(2).strip()
    verb = _VERB.match(rest)
    if verb is None:
        return Command(name=name, verb="", args="", rest="")
    return Command(name=name, verb=fold(verb.group(1)), args=verb.group(2).strip(), rest=rest)


COMMANDS: dict[str, CommandSpec] = {
    "sak": CommandSpec(
        usage=texts.USAGE_SAK,
        verbs={
            "ny": cases.submit,
            "liste": cases.list_cases,
            "vis": cases.show,
            "trekk": cases.withdraw,
            "godkjenn": cases.approve,
            "utsett": cases.defer,
            "avvis": cases.reject,
            "vedtak": cases.record_decision,
        },
        default=None,
    ),
    "mote": CommandSpec(
        usage=texts.USAGE_MOTE,
        verbs={
            "neste": meetings.next_meeting,
            "plan": meetings.plan,
            "ny": meetings.propose,
            "bekreft": meetings.create,
            "avbryt": meetings.abandon,
            "flytt": meetings.move,
            "avlys": meetings.cancel,
            "sakliste": meetings.agenda,
            "referat": meetings.minutes,
            "kalender": meetings.calendar,
            "varsler": meetings.show_notices,
        },
        default=meetings.next_meeting,
    ),
    "oppmote": CommandSpec(
        usage=texts.USAGE_OPPMOTE,
        verbs={
            "ja": attendance.confirm,
            "nei": attendance.absent,
            "delvis": attendance.partly,
            "status": attendance.status,
            "purr": attendance.nudge,
            "spor": attendance.poll,
        },
        default=attendance.mine,
    ),
    "taushet": CommandSpec(
        usage=texts.USAGE_TAUSHET,
        verbs={
            "vis": confidentiality.show,
            "signer": confidentiality.sign,
            "status": confidentiality.status,
        },
        default=confidentiality.show,
    ),
    "habilitet": CommandSpec(usage=texts.USAGE_HABILITET, default=conflicts.declare, default_without_args=False),
    "brukerrad": CommandSpec(
        usage=texts.USAGE_BRUKERRAD,
        verbs={
            "medlemmer": roster.members,
            "medlem": roster.member,
            "inviter": roster.invite,
            "registrer": roster.register,
        },
        default=None,
    ),
    "start": CommandSpec(usage=texts.USAGE_BRUKERRAD, default=roster.start),
}


HELP_WORDS = frozenset({"hjelp", "help", "?"})
# Verbs with a usage of their own; every other verb's help is its command's usage.
_VERB_USAGE = {("brukerrad", "medlem"): texts.USAGE_MEDLEM}


def _asks_for_help(command: Command) -> bool:
    """`/sak hjelp`, and `hjelp` after any verb (`/sak ny hjelp`): help, never a case titled «hjelp»."""
    return command.verb in HELP_WORDS or (command.verb != "" and fold(command.args) in HELP_WORDS)


def _is_help(command: Command) -> bool:
    return _asks_for_help(command) or (command.name == "brukerrad" and command.verb == "")


def open_to_strangers(command: Command) -> bool:
    """Commands an unknown sender may use: how to get in, and help."""
    return (
        command.name == "start"
        or _asks_for_help(command)
        or (command.name == "brukerrad" and command.verb in ("registrer", ""))
    )


# What a secretary whose term has ended may still do: keep the roster, so that the council never locks
# itself out (she extends her own term, or adds the next secretary).
_ROSTER_VERBS = frozenset({"medlem", "medlemmer", "inviter"})


def run(ctx: Context, command: Command) -> Reply:
    """Find the handler for `command` and call it; `hjelp` (or an unknown verb) answers with the usage.

    A member whose term has ended is a former member: refused kindly (whom to ask), nothing written, and
    no direct message a command causes goes to a former member."""
    note = ""
    if ctx.member is not None and term_ended(ctx.member, ctx.today) and not _is_help(command):
        assert ctx.member.term_end is not None
        ended = texts.day(ctx.member.term_end)
        if ctx.member.role != Role.SECRETARY:
            raise UserError(
                texts.FORMER_MEMBER.format(name=ctx.member.name.split()[0], day=ended, who=whom_to_ask(ctx))
            )
        if command.name != "brukerrad" or command.verb not in _ROSTER_VERBS:
            raise UserError(texts.SECRETARY_TERM_ENDED.format(day=ended, name=ctx.member.name))
        note = texts.SECRETARY_TERM_ENDED_NOTE.format(day=ended)
    reply = _run(ctx, command)
    if reply.direct_messages:
        reply = _without_former_members(ctx, reply)
    if note and ctx.member is not None and term_ended(ctx.member, ctx.today):  # still ended after the command
        reply = dataclasses.replace(reply, text=f"{reply.text}\n\n{note}")
    return reply


def _without_former_members(ctx: Context, reply: Reply) -> Reply:
    ids = {dm.member_id for dm in reply.direct_messages}
    former = {
        m.id
        for m in ctx.session.scalars(select(Member).where(Member.id.in_(ids), Member.term_end < ctx.today))
        if m.role != Role.SECRETARY  # a secretary with an ended term still keeps the roster
    }
    if not former:
        return reply
    return dataclasses.replace(
        reply, direct_messages=tuple(dm for dm in reply.direct_messages if dm.member_id not in former)
    )


def _run(ctx: Context, command: Command) -> Reply:
    spec = COMMANDS.get(command.name)
    if spec is None:
        raise UserError(texts.UNKNOWN_COMMAND.format(name=texts.short(command.name)))
    if _asks_for_help(command):
        if command.name == "brukerrad" and command.verb in HELP_WORDS:
            return Reply(texts.HELP_OVERVIEW)
        return Reply(_VERB_USAGE.get((command.name, command.verb), spec.usage))
    handler = spec.verbs.get(command.verb)
    if handler is not None:
        return handler(ctx, command.args)
    # A command without verbs (`/habilitet 3 grunn`) reads all it is given; a command with verbs runs its
    # default only when no verb was typed, so a mistyped verb never runs another one (`/mote nye …` is
    # not `/mote neste`).
    if (
        spec.default is not None
        and (not spec.verbs or not command.verb)
        and (command.verb or spec.default_without_args)
    ):
        return spec.default(ctx, command.rest)
    if not command.verb:
        if command.name == "brukerrad":
            return Reply(texts.HELP_OVERVIEW)
        return Reply(spec.usage)
    raise UserError(unknown_verb(command, spec))


def unknown_verb(command: Command, spec: CommandSpec) -> str:
    """«Jeg forstod ikke «nye». Mente du /mote ny?», with the usage after it; the word as it was typed."""
    typed = texts.short(command.rest.split()[0] if command.rest.split() else command.verb)
    close = difflib.get_close_matches(command.verb, list(spec.verbs), n=1, cutoff=0.6)
    if close:
        return texts.UNKNOWN_VERB_MEANT.format(verb=typed, command=f"/{command.name} {close[0]}", usage=spec.usage)
    return texts.UNKNOWN_VERB.format(verb=typed, usage=spec.usage)
