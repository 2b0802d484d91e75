"""The roster (medlemmer): who sits in the council, for which organisation, until when; and invites.

Mandate: up to 11 representatives, one per organisation; each organisation may name a deputy;
leader and deputy leader are chosen among the representatives. The secretary keeps the roster.
"""

from __future__ import annotations

import logging
import re
import secrets
import shlex
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from handlers import reach, texts
from handlers.context import REPRESENTATIVES, Context
from handlers.errors import UserError
from handlers.limits import LIMITS, TERM_YEARS, check_length, number
from handlers.lookup import has_signed, member_by_name, split_first, term_ended, whom_to_ask
from handlers.replies import Button, Reply
from handlers.words import fold
from storage.audit import changes, member_facts
from storage.models import ChatIdentity, Invite, Member, Organisation, Role

_LOGGER = logging.getLogger(__name__)

INVITE_DAYS = 14
INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed by hand
INVITE_LENGTH = 8
NAME_MAX = LIMITS["member_name"]

ROLE_WORDS: dict[str, Role] = {
    "representant": Role.REPRESENTATIVE,
    "brukerrepresentant": Role.REPRESENTATIVE,
    "vara": Role.DEPUTY,
    "stedfortreder": Role.DEPUTY,
    "varamedlem": Role.DEPUTY,
    "leder": Role.LEADER,
    "nestleder": Role.DEPUTY_LEADER,
    "sekretaer": Role.SECRETARY,
    "sekretariat": Role.SECRETARY,
    "observator": Role.OBSERVER,
}
_FIELD_ALIASES = {"organisasjon": "org", "e-post": "epost"}
_DATE = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")
_ISO_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


def parse_role(word: str) -> Role:
    role = ROLE_WORDS.get(fold(word))
    if role is None:
        raise UserError(texts.BAD_ROLE.format(word=texts.short(word)))
    return role


def parse_day(text: str) -> date:
    """`30.06.2027` or `2027-06-30`, in ASCII digits and a year a term can have."""
    refusal = texts.BAD_DAY.format(text=texts.short(text))
    match = _DATE.match(text.strip())
    if match:
        day_text, month_text, year_text = match.groups()
    else:
        iso = _ISO_DAY.match(text.strip())
        if iso is None:
            raise UserError(refusal)
        year_text, month_text, day_text = iso.groups()
    year = number(year_text, least=TERM_YEARS[0], most=TERM_YEARS[1], refusal=refusal)
    month = number(month_text, most=12, refusal=refusal)
    day = number(day_text, most=31, refusal=refusal)
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError(refusal) from None


@dataclass
class _MemberArgs:
    name: str
    fields: dict[str, str]


def _parse_member_args(args: str) -> _MemberArgs:
    """`Kari Nordmann rolle=representant org="Mental Helse Trøndelag" til=30.06.2027`."""
    words = _words(args)
    name_words: list[str] = []
    fields: dict[str, str] = {}
    for word in words:
        key, eq, value = word.partition("=")
        if eq:
            key = fold(key)
            if key not in ("rolle", "org", "organisasjon", "fra", "til", "navn", "epost", "e-post", "varsling"):
                raise UserError(texts.BAD_FIELD.format(field=texts.short(key)))
            fields[_FIELD_ALIASES.get(key, key)] = value.strip()
        elif fields:
            raise UserError(texts.NAME_FIRST)
        else:
            name_words.append(word)
    return _MemberArgs(" ".join(name_words), fields)


def _words(args: str) -> list[str]:
    """Words as a shell splits them, so that `org="Mental Helse"` is one. The whole line is bounded
    first: shlex grows each quoted word a character at a time (a quoted megabyte took half a minute,
    inside the command's transaction), and no roster line needs more than all its fields together."""
    check_length("roster_line", args)
    try:
        return shlex.split(args)
    except ValueError:
        raise UserError(texts.UNBALANCED_QUOTES) from None


def members(ctx: Context, args: str) -> Reply:
    roster = ctx.session.scalars(
        select(Member).where(Member.council_id == ctx.council.id, Member.active.is_(True)).order_by(Member.name)
    ).all()
    if not roster:
        return Reply(texts.ROSTER_EMPTY)
    order = list(Role)
    lines = [texts.ROSTER_HEADING.format(council=ctx.council.name, count=len(roster))]
    for member in sorted(
        roster, key=lambda m: (order.index(m.role), m.organisation.name if m.organisation else "", m.name)
    ):
        org = f", {member.organisation.name}" if member.organisation else ""
        term = texts.TERM_UNTIL.format(day=texts.day(member.term_end)) if member.term_end else ""
        if term_ended(member, ctx.today):
            term += texts.TERM_ENDED_MARK
        # The secretary, who keeps the roster, also sees addresses and refusals (the others do not).
        mail = reach.describe(member) if ctx.member is not None and ctx.member.role == Role.SECRETARY else ""
        lines.append(f"• {member.name} – {texts.ROLE_NAMES[member.role]}{org}{term}{mail}")
    return Reply("\n".join(lines))


def member(ctx: Context, args: str) -> Reply:
    """`/brukerrad medlem ny|endre|avslutt|koble ...` (secretary)."""
    verb, rest = split_first(args)
    action = {"ny": add_member, "endre": _change, "avslutt": _end, "koble": _link}.get(fold(verb))
    if action is None:
        raise UserError(texts.USAGE_MEDLEM)
    return action(ctx, rest)


def _organisation(ctx: Context, name: str) -> tuple[Organisation, bool]:
    wanted = " ".join(name.split())
    if not wanted:
        raise UserError(texts.ORG_MISSING)
    check_length("organisation_name", wanted)
    # Compared in Python: SQLite's lower() leaves Æ, Ø and Å alone.
    for found in ctx.session.scalars(select(Organisation).where(Organisation.council_id == ctx.council.id)):
        if found.name.casefold() == wanted.casefold():
            return found, False
    organisation = Organisation(council_id=ctx.council.id, name=wanted)
    ctx.session.add(organisation)
    ctx.session.flush()
    return organisation, True


def check_roster_rules(ctx: Context, candidate: Member) -> None:
    """Mandate: one representative per organisation, at most 11 representatives."""
    if (
        candidate.role in (Role.REPRESENTATIVE, Role.DEPUTY, Role.LEADER, Role.DEPUTY_LEADER)
        and candidate.organisation_id is None
    ):
        raise UserError(texts.ROLE_NEEDS_ORG.format(role=texts.ROLE_NAMES[candidate.role]))
    # A member whose term has ended holds no seat: the organisation can be given its next representative.
    # Giving the former one a new term is then checked like any change, so two never sit at once.
    others = [
        m
        for m in ctx.session.scalars(select(Member).where(Member.council_id == ctx.council.id, Member.active.is_(True)))
        if m.id != candidate.id and not term_ended(m, ctx.today)
    ]
    if candidate.role in REPRESENTATIVES:
        same_org = [m for m in others if m.role in REPRESENTATIVES and m.organisation_id == candidate.organisation_id]
        if same_org and ctx.settings.profile.one_per_organisation:
            raise UserError(texts.ORG_HAS_REPRESENTATIVE.format(name=same_org[0].name))
        most = ctx.settings.profile.representatives_most
        if sum(1 for m in others if m.role in REPRESENTATIVES) >= most:
            raise UserError(texts.TOO_MANY_REPRESENTATIVES.format(max=most, representatives=_plural(ctx)))
    # Deputies: an organisation may name several; they are called in in the roster's order
    # (handlers/attendance.py), as municipalities call their vararepresentanter.
    if candidate.role in (Role.LEADER, Role.DEPUTY_LEADER):
        holder = [m for m in others if m.role == candidate.role]
        if holder:
            raise UserError(texts.ROLE_TAKEN.format(role=texts.ROLE_NAMES[candidate.role], name=holder[0].name))
    if candidate.term_start and candidate.term_end and candidate.term_end < candidate.term_start:
        raise UserError(texts.TERM_ENDS_BEFORE_START)


def _apply(ctx: Context, target: Member, fields: dict[str, str]) -> list[str]:
    notes: list[str] = []
    if "navn" in fields:
        target.name = _valid_name(fields["navn"])
    if "rolle" in fields:
        target.role = parse_role(fields["rolle"])
    if "org" in fields:
        if fields["org"].strip() in ("", "-"):
            target.organisation_id = None
        else:
            organisation, created = _organisation(ctx, fields["org"])
            target.organisation_id = organisation.id
            if created:
                notes.append(texts.ORG_CREATED.format(name=organisation.name))
    if "fra" in fields:
        target.term_start = parse_day(fields["fra"])
    if "til" in fields:
        target.term_end = parse_day(fields["til"])
    if "epost" in fields:
        reach.set_address(target, reach.parse_address(fields["epost"]))
    if "varsling" in fields:
        target.reach = reach.parse_reach(fields["varsling"])
    return notes


def _valid_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UserError(texts.NAME_MISSING)
    return check_length("member_name", name)


def add_member(ctx: Context, args: str) -> Reply:
    """Add a roster entry from `Navn rolle=... org=... fra=... til=...` (also used by the CSV import)."""
    parsed = _parse_member_args(args)
    name = _valid_name(parsed.name)
    if "rolle" not in parsed.fields:
        raise UserError(texts.ROLE_MISSING)
    for clash in ctx.session.scalars(
        select(Member).where(Member.council_id == ctx.council.id, Member.active.is_(True))
    ):
        if clash.name.casefold() == name.casefold():
            raise UserError(texts.MEMBER_EXISTS.format(name=clash.name))
    new = Member(council_id=ctx.council.id, name=name, role=Role.OBSERVER, active=True, created_at=ctx.now)
    notes = _apply(ctx, new, parsed.fields)
    check_roster_rules(ctx, new)
    ctx.session.add(new)
    ctx.session.flush()
    reach.sync_account(ctx.session, new)
    ctx.session.refresh(new)
    ctx.audit("member.added", str(new.id), **member_facts(new))
    from handlers import notices

    notices.plan_member(ctx, new)
    lines = [
        texts.MEMBER_ADDED.format(name=new.name, role=texts.ROLE_NAMES[new.role]),
        *notes,
        texts.MEMBER_ADDED_NEXT.format(name=new.name),
    ]
    return Reply("\n".join(lines), (Button(texts.BUTTON_INVITE, f'/brukerrad inviter "{new.name}"', "primary"),))


def _change(ctx: Context, args: str) -> Reply:
    parsed = _parse_member_args(args)
    target = member_by_name(ctx, parsed.name)
    if not parsed.fields:
        raise UserError(texts.NOTHING_TO_CHANGE)
    before = member_facts(target)
    notes = _apply(ctx, target, parsed.fields)
    check_roster_rules(ctx, target)
    reach.sync_account(ctx.session, target)
    ctx.session.expire(target, ["organisation"])
    ctx.audit("member.changed", str(target.id), fields=sorted(parsed.fields), **changes(before, member_facts(target)))
    from handlers import notices

    notices.plan_member(ctx, target)
    return Reply("\n".join([texts.MEMBER_CHANGED.format(name=target.name), *notes]))


def _end(ctx: Context, args: str) -> Reply:
    name, _, day = args.strip().rpartition(" ")
    if not name or (not _DATE.match(day) and not _ISO_DAY.match(day)):
        name, day = args.strip(), ""
    target = member_by_name(ctx, name)
    if target.id == ctx.me.id:
        raise UserError(texts.CANNOT_END_SELF)
    before = member_facts(target)
    target.active = False
    target.term_end = parse_day(day) if day else ctx.today
    ctx.audit("member.ended", str(target.id), **changes(before, member_facts(target)))
    return Reply(texts.MEMBER_ENDED.format(name=target.name, day=texts.day(target.term_end)))


def _link(ctx: Context, args: str) -> Reply:
    """`/brukerrad medlem koble "Kari Nordmann" U0123ABC`: the adapter turns a mention into the platform id."""
    words = _words(args)
    if len(words) < 2:
        raise UserError(texts.LINK_USAGE)
    external = check_length("chat_account", words[-1].lstrip("@"))
    target = member_by_name(ctx, " ".join(words[:-1]))
    _connect(ctx, target, external)
    ctx.audit("member.linked", str(target.id), platform=ctx.platform)
    return Reply(texts.MEMBER_LINKED.format(name=target.name))


def _connect(ctx: Context, target: Member, external_id: str) -> None:
    taken = ctx.session.scalar(
        select(Member)
        .join(ChatIdentity, ChatIdentity.member_id == Member.id)
        .where(
            Member.council_id == ctx.council.id,
            Member.active.is_(True),
            ChatIdentity.platform == ctx.platform,
            ChatIdentity.external_id == external_id,
        )
    )
    if taken is not None and taken.id != target.id:
        raise UserError(texts.ACCOUNT_TAKEN.format(name=taken.name))
    if taken is None:
        ctx.session.add(ChatIdentity(member_id=target.id, platform=ctx.platform, external_id=external_id))


def invite(ctx: Context, args: str) -> Reply:
    name = " ".join(_words(args))
    if not name:
        raise UserError(texts.INVITE_USAGE)
    target = member_by_name(ctx, name)
    code = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))
    expires = ctx.now + timedelta(days=INVITE_DAYS)
    ctx.session.add(Invite(code=code, member_id=target.id, created_at=ctx.now, expires_at=expires))
    ctx.audit("member.invited", str(target.id))
    text = texts.INVITE_CREATED.format(name=target.name, code=code, day=texts.day(ctx.local(expires)))
    return Reply(text, invite_code=code)


def invite_code(word: str) -> str:
    """A code as typed (`abcd-2345`) → as stored (`ABCD2345`)."""
    return word.upper().replace("-", "")


def register(ctx: Context, args: str) -> Reply:
    code = invite_code(split_first(args)[0])
    if not code:
        raise UserError(texts.REGISTER_USAGE)
    if ctx.member is not None:
        return Reply(texts.ALREADY_REGISTERED.format(name=ctx.member.name))
    # Locked until commit: two accounts using one code at once cannot both be linked (on SQLite writes take turns).
    found = ctx.session.get(Invite, code, with_for_update=True)
    if found is not None and found.used_at is not None:
        again = find_member_of_account(ctx, found.member_id)
        if again is not None:  # the same account a moment ago (a double click that raced this one)
            return Reply(texts.ALREADY_REGISTERED.format(name=again.name))
    if found is None or found.used_at is not None or found.expires_at < ctx.now:
        raise UserError(texts.INVITE_INVALID)
    target = ctx.session.get(Member, found.member_id)
    if target is None or not target.active or target.council_id != ctx.council.id:
        raise UserError(texts.INVITE_INVALID)
    if term_ended(target, ctx.today):
        assert target.term_end is not None
        raise UserError(
            texts.FORMER_MEMBER.format(
                name=target.name.split()[0], day=texts.day(target.term_end), who=whom_to_ask(ctx)
            )
        )
    found.used_at = ctx.now
    _connect(ctx, target, ctx.external_id)
    ctx.member = target
    ctx.audit("member.registered", str(target.id))
    lines = [texts.WELCOME.format(name=target.name, council=ctx.council.name)]
    buttons: tuple[Button, ...] = ()
    if not has_signed(ctx, target):
        lines.append(texts.WELCOME_SIGN)
        buttons = (Button(texts.BUTTON_READ_DECLARATION, "/taushet", "primary"),)
    return Reply("\n".join(lines), buttons)


def find_member_of_account(ctx: Context, member_id: int) -> Member | None:
    """Member `member_id` if the sender's account is linked to it."""
    return ctx.session.scalar(
        select(Member)
        .join(ChatIdentity, ChatIdentity.member_id == Member.id)
        .where(
            Member.id == member_id,
            ChatIdentity.platform == ctx.platform,
            ChatIdentity.external_id == ctx.external_id,
        )
    )


def start(ctx: Context, args: str) -> Reply:
    """Telegram's `/start` (also from an invite link `t.me/<bot>?start=KODE`)."""
    if args.strip():
        return register(ctx, args)
    if ctx.member is None:
        raise UserError(texts.UNKNOWN_USER)
    return Reply(texts.WELCOME_BACK.format(name=ctx.member.name) + "\n\n" + texts.HELP_OVERVIEW)


def _plural(ctx: Context) -> str:
    """«brukerrepresentanter», «medlemmer»: the profile's word for the voting members."""
    word = ctx.settings.profile.representative
    return word + ("mer" if word.endswith("m") else "er")
