"""Text → Command, and the command table: a plain dict from command and verb to the function that answers,
who may run it, and what every platform's command menu shows (the one source; see docs/ARCHITECTURE.md).

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

from handlers import (
    attendance,
    cases,
    confidentiality,
    conflicts,
    decisions,
    evaluation,
    meetings,
    report,
    rollcall,
    roster,
    texts,
)
from handlers.context import ATTENDEES, AU, EVERYONE, SECRETARY, SUBMITTERS, Context
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
class Verb:
    """What a verb runs and who may run it. `run` checks the roles, for every verb alike, before the handler
    is called; a handler that needs more (a rule on the case, or on what follows the verb) checks that itself."""

    handler: Handler
    # The roles allowed, and what anyone else is told (a stranger is told `texts.UNKNOWN_USER`).
    roles: frozenset[Role] = EVERYONE
    refusal: str = texts.UNKNOWN_USER
    # Whether someone not on the roster may use it: how to get in. Roles are not checked then.
    strangers: bool = False
    # Its own help (`/brukerrad medlem hjelp`); empty: the command's usage.
    usage: str = ""


@dataclass(frozen=True)
class CommandSpec:
    """One command: its help, what menus and manifests show, and its verbs. The platforms' command lists
    (Telegram's menu, the Slack manifests) are made from this table, never written by hand."""

    usage: str
    # One line in every command menu (Telegram's, the Slack manifest's description). Empty: offered in no
    # menu or manifest, only typed or sent (Telegram's Start button sends /start by itself).
    summary: str = ""
    # The verbs in one line, shown beside the command while it is typed (Slack's usage hint).
    hint: str = ""
    # Its arguments name members by @mention, which must reach the bot as the account's id, not as text.
    mentions: bool = False
    verbs: dict[str, Verb] = field(default_factory=dict)
    # Called with the whole argument text when the first word is not a verb (or there is none).
    default: Verb | None = None
    # Whether `default` also runs when there are no arguments at all; otherwise usage is shown.
    default_without_args: bool = True
    # Typed bare, it is help: shown to anyone, strangers and former members too (`/brukerrad`).
    bare_is_help: bool = False


@dataclass(frozen=True)
class Alias:
    """A command word that is only another way in: it `runs` another command (`/hjelp` is `/brukerrad
    hjelp`), or `ends_form`: it ends the form a member is filling in, on a platform whose forms are a
    conversation (Telegram's `/avbryt`). Adapters that take typed command words take these too."""

    summary: str = ""  # as `CommandSpec.summary`: empty, in no menu
    runs: str = ""
    ends_form: bool = False


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


# Mandate: an observer takes no part in decisions, so has no conflict of interest to declare.
_DECLARERS = EVERYONE - {Role.OBSERVER}

COMMANDS: dict[str, CommandSpec] = {
    "sak": CommandSpec(
        usage=texts.USAGE_SAK,
        summary=texts.SUMMARY_SAK,
        hint=texts.HINT_SAK,
        verbs={
            "ny": Verb(cases.submit, SUBMITTERS, texts.CANNOT_SUBMIT),
            "liste": Verb(cases.list_cases),
            "vis": Verb(cases.show),
            "trekk": Verb(cases.withdraw, SUBMITTERS, texts.CANNOT_SUBMIT),
            "godkjenn": Verb(cases.approve, AU, texts.ONLY_AU),
            "utsett": Verb(cases.defer, AU, texts.ONLY_AU),
            "avvis": Verb(cases.reject, AU, texts.ONLY_AU),
            "vedtak": Verb(cases.record_decision, SECRETARY, texts.ONLY_SECRETARY),
        },
    ),
    "mote": CommandSpec(
        usage=texts.USAGE_MOTE,
        summary=texts.SUMMARY_MOTE,
        hint=texts.HINT_MOTE,
        verbs={
            "neste": Verb(meetings.next_meeting),
            "plan": Verb(meetings.plan),
            "ny": Verb(meetings.propose, SECRETARY, texts.ONLY_SECRETARY),
            "bekreft": Verb(meetings.create, SECRETARY, texts.ONLY_SECRETARY),
            "avbryt": Verb(meetings.abandon),
            "flytt": Verb(meetings.move, SECRETARY, texts.ONLY_SECRETARY),
            "avlys": Verb(meetings.cancel, SECRETARY, texts.ONLY_SECRETARY),
            "sakliste": Verb(meetings.agenda),  # publishing it is the secretary's: checked in the handler
            "referat": Verb(meetings.minutes, SECRETARY, texts.ONLY_SECRETARY),
            # The secretary calls the roll; the leader (or the deputy leader chairing) may too.
            "opprop": Verb(rollcall.rollcall, AU, texts.ONLY_AU, usage=texts.ROLLCALL_USAGE),
            "innkalling": Verb(meetings.notice),
            "kalender": Verb(meetings.calendar),
            "varsler": Verb(meetings.show_notices, SECRETARY, texts.ONLY_SECRETARY),
            "rapport": Verb(report.command, SECRETARY, texts.ONLY_SECRETARY),
            "vedtak": Verb(decisions.decide, SECRETARY, texts.ONLY_SECRETARY),
            "eventuelt": Verb(decisions.add_other_business, AU, texts.ONLY_AU),
            "evaluering": Verb(evaluation.command, AU, texts.ONLY_AU),
        },
        default=Verb(meetings.next_meeting),
    ),
    "oppmote": CommandSpec(
        usage=texts.USAGE_OPPMOTE,
        summary=texts.SUMMARY_OPPMOTE,
        hint=texts.HINT_OPPMOTE,
        verbs={
            "ja": Verb(attendance.confirm, ATTENDEES, texts.CANNOT_ANSWER_ATTENDANCE),
            "nei": Verb(attendance.absent, ATTENDEES, texts.CANNOT_ANSWER_ATTENDANCE),
            "delvis": Verb(attendance.partly, ATTENDEES, texts.CANNOT_ANSWER_ATTENDANCE),
            "status": Verb(attendance.status, AU, texts.ONLY_AU_ATTENDANCE),
            "purr": Verb(attendance.nudge, AU, texts.ONLY_AU_ATTENDANCE),
            "spor": Verb(attendance.poll, AU, texts.ONLY_AU_ATTENDANCE),
        },
        default=Verb(attendance.mine),
    ),
    "taushet": CommandSpec(
        usage=texts.USAGE_TAUSHET,
        summary=texts.SUMMARY_TAUSHET,
        hint=texts.HINT_TAUSHET,
        verbs={
            "vis": Verb(confidentiality.show),
            "signer": Verb(confidentiality.sign),
            "status": Verb(confidentiality.status, SECRETARY, texts.ONLY_SECRETARY),
        },
        default=Verb(confidentiality.show),
    ),
    "habilitet": CommandSpec(
        usage=texts.USAGE_HABILITET,
        summary=texts.SUMMARY_HABILITET,
        hint=texts.HINT_HABILITET,
        default=Verb(conflicts.declare, _DECLARERS, texts.OBSERVER_NO_CONFLICTS),
        default_without_args=False,
    ),
    "brukerrad": CommandSpec(
        usage=texts.USAGE_BRUKERRAD,
        summary=texts.SUMMARY_BRUKERRAD,
        hint=texts.HINT_BRUKERRAD,
        mentions=True,  # `/brukerrad medlem koble "Navn" @bruker`
        verbs={
            "medlemmer": Verb(roster.members),
            "medlem": Verb(roster.member, SECRETARY, texts.ONLY_SECRETARY, usage=texts.USAGE_MEDLEM),
            "inviter": Verb(roster.invite, SECRETARY, texts.ONLY_SECRETARY),
            "registrer": Verb(roster.register, strangers=True),
        },
        bare_is_help=True,
    ),
    "start": CommandSpec(usage=texts.USAGE_BRUKERRAD, default=Verb(roster.start, strangers=True)),
}

# Words that only lead to another command, for the platforms that take typed command words (Telegram).
ALIASES: dict[str, Alias] = {
    "hjelp": Alias(summary=texts.SUMMARY_HJELP, runs="/brukerrad hjelp"),
    "help": Alias(runs="/brukerrad hjelp"),  # not in the menu: the Norwegian word is
    "avbryt": Alias(summary=texts.SUMMARY_AVBRYT, ends_form=True),
}


def offered() -> list[tuple[str, CommandSpec]]:
    """The commands every platform's menu or manifest offers, in the table's order."""
    return [(name, spec) for name, spec in COMMANDS.items() if spec.summary]


def menu() -> list[tuple[str, str]]:
    """A command menu, (name, summary), in the table's order: the offered commands, then the aliases."""
    return [(name, spec.summary) for name, spec in offered()] + [
        (name, alias.summary) for name, alias in ALIASES.items() if alias.summary
    ]


def command_words() -> tuple[str, ...]:
    """Every command word a platform with typed command words must take: commands and aliases."""
    return (*COMMANDS, *ALIASES)


def alias_commands() -> dict[str, str]:
    """Alias → the command text it runs (the form-ending alias is the adapter's own)."""
    return {name: alias.runs for name, alias in ALIASES.items() if alias.runs}


HELP_WORDS = frozenset({"hjelp", "help", "?"})


def _asks_for_help(command: Command) -> bool:
    """`/sak hjelp`, and `hjelp` after any verb (`/sak ny hjelp`): help, never a case titled «hjelp»."""
    return command.verb in HELP_WORDS or (command.verb != "" and fold(command.args) in HELP_WORDS)


def _is_help(command: Command) -> bool:
    spec = COMMANDS.get(command.name)
    return _asks_for_help(command) or (spec is not None and spec.bare_is_help and not command.verb)


def open_to_strangers(command: Command) -> bool:
    """Commands an unknown sender may use: how to get in (`Verb.strangers`), and help."""
    if _is_help(command):
        return True
    spec = COMMANDS.get(command.name)
    found = _verb_to_run(spec, command) if spec is not None else None
    return found is not None and found[0].strangers


def _verb_to_run(spec: CommandSpec, command: Command) -> tuple[Verb, str] | None:
    """The verb `command` runs, with the text its handler reads; None: it runs nothing (usage or refusal).

    A command without verbs (`/habilitet 3 grunn`) reads all it is given; a command with verbs runs its
    default only when no verb was typed, so a mistyped verb never runs another one (`/mote nye …` is not
    `/mote neste`)."""
    verb = spec.verbs.get(command.verb)
    if verb is not None:
        return verb, command.args
    if (
        spec.default is not None
        and (not spec.verbs or not command.verb)
        and (command.verb or spec.default_without_args)
    ):
        return spec.default, command.rest
    return None


def _allow(ctx: Context, verb: Verb) -> None:
    """The one role check: the acting member's role must be one the verb allows."""
    if verb.strangers and ctx.member is None:
        return
    if ctx.me.role not in verb.roles:
        raise UserError(verb.refusal)


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
        asked = spec.verbs.get(command.verb)
        return Reply(asked.usage if asked is not None and asked.usage else spec.usage)
    found = _verb_to_run(spec, command)
    if found is not None:
        verb, args = found
        _allow(ctx, verb)
        return verb.handler(ctx, args)
    if not command.verb:
        return Reply(spec.usage)  # `/brukerrad` alone: its usage is the overview
    raise UserError(unknown_verb(command, spec))


def unknown_verb(command: Command, spec: CommandSpec) -> str:
    """«Jeg forstod ikke «nye». Mente du /mote ny?», with the usage after it; the word as it was typed."""
    typed = texts.short(command.rest.split()[0] if command.rest.split() else command.verb)
    close = difflib.get_close_matches(command.verb, list(spec.verbs), n=1, cutoff=0.6)
    if close:
        return texts.UNKNOWN_VERB_MEANT.format(verb=typed, command=f"/{command.name} {close[0]}", usage=spec.usage)
    return texts.UNKNOWN_VERB.format(verb=typed, usage=spec.usage)
