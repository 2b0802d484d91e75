"""What a handler gets: the session of its one transaction, the council, who is acting, and when."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from handlers import texts
from handlers.errors import UserError
from handlers.profiles import BRUKERRAD, Profile
from storage import audit
from storage.models import Council, Member, Role

_LOGGER = logging.getLogger(__name__)

# Mandate: the working committee (AU) is the leader, the deputy leader and the secretariat.
AU = frozenset({Role.LEADER, Role.DEPUTY_LEADER, Role.SECRETARY})
# Leader and deputy leader are chosen among the representatives and represent their organisation.
REPRESENTATIVES = frozenset({Role.REPRESENTATIVE, Role.LEADER, Role.DEPUTY_LEADER})
ATTENDEES = REPRESENTATIVES | {Role.DEPUTY}
SUBMITTERS = REPRESENTATIVES | {Role.DEPUTY, Role.SECRETARY}
SECRETARY = frozenset({Role.SECRETARY})
EVERYONE = frozenset(Role)


@dataclass(frozen=True)
class CouncilSettings:
    """Per-council rules, defaults from the mandate and SPEC.md's scheduler table; overridable in TOML."""

    timezone: str = "Europe/Oslo"
    post_time: time = time(9, 0)
    call_for_cases_days: int = 21
    deadline_days: int = 14  # mandate: cases preferably 14 days before the meeting
    untriaged_days: int = 9
    agenda_days: int = 7  # mandate: the agenda goes out as a rule 7 days before
    attendance_nudge_days: int = 2
    term_warning_days: int = 60
    unsigned_first_days: int = 1
    unsigned_repeat_days: int = 7
    # A deputy who has not answered a call-in after this many days is passed over for the next (0: never).
    deputy_wait_days: int = 2
    declaration_text: str = texts.DECLARATION
    # The kind of council (handlers/profiles.py): its size, rules and words; the days above start from it.
    profile: Profile = BRUKERRAD

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass
class Context:
    session: Session
    council: Council
    member: Member | None
    now: datetime
    platform: str
    settings: CouncilSettings = field(default_factory=CouncilSettings)
    # The platform's own id of the sender, for `/brukerrad registrer` and `/brukerrad medlem koble`.
    external_id: str = ""

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.tz

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    @property
    def me(self) -> Member:
        """The acting member; only unknown senders lack one, and they never reach a member command."""
        if self.member is None:
            raise UserError(texts.UNKNOWN_USER)
        return self.member

    def require(self, roles: frozenset[Role], refusal: str) -> Member:
        """The acting member if their role is in `roles`; otherwise refuse with `refusal`."""
        member = self.me
        if member.role not in roles:
            raise UserError(refusal)
        return member

    def audit(self, action: str, subject: str = "", **detail: Any) -> None:
        """One line in the council's hash-chained audit log (storage/audit.py), in this transaction.

        `subject` and `detail` hold ids, verbs and old/new values, never a reason, case text or name a
        person typed: the chain must survive erasure and retention untouched. Values must be plain JSON
        (str, int, bool, None, lists): the hash is taken over them as they read back.
        """
        # Plain statements, built once, and no ORM object: the ORM's unit of work then has nothing to
        # flush at commit for most commands.
        audit.append(
            self.session,
            self.council.id,
            self.member.id if self.member else None,
            self.platform,
            action,
            subject,
            detail,
            self.now,
        )
