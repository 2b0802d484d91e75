"""Council profiles: the rules and words a council of one kind starts from; its configuration may override.

Every municipality must have an eldreråd, a råd for personer med funksjonsnedsettelse and an ungdomsråd
(kommuneloven § 5-12, forskrift om kommunale og fylkeskommunale råd for eldre, personar med
funksjonsnedsetjing og ungdom), and many have a brukerråd like Trondheim's. They share one shape (members,
cases, meetings, an agenda before each meeting), so one bot serves them all; what differs is here, one
frozen dataclass per kind, chosen by `profile = "eldrerad"` in the council's table (bot/config.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Profile:
    key: str  # the word in the configuration and in `brukerrad demo --profil`
    council_name: str  # indefinite: «et brukerråd»
    council_definite: str  # «brukerrådet», in the middle of a sentence
    meeting_word: str  # «brukerrådsmøte»
    representative: str  # what a voting member is called (texts.ROLE_NAMES["representative"])
    representatives_most: int  # size: at most this many voting members
    one_per_organisation: bool  # one representative per organisation (the brukerråd's mandate)
    term_years: int  # a member's term
    leader_terms_most: int | None  # consecutive terms a leader may sit (None: no limit set)
    age_limit: int | None  # noted for the secretary, never enforced: the bot stores no ages
    meetings_least: int
    meetings_most: int  # more than this in a year gives a warning, never a refusal
    call_for_cases_days: int
    deadline_days: int
    untriaged_days: int
    agenda_days: int
    june_evaluation: bool  # the agenda for the June meeting gets the yearly evaluation
    refuses_individual_cases: bool  # the individual-case guard asks for confirmation (handlers/privacy.py)

    @property
    def council_title(self) -> str:
        """«Brukerrådet», at the start of a sentence."""
        return self.council_definite[:1].upper() + self.council_definite[1:]

    def words(self) -> dict[str, str]:
        """The placeholders texts.py uses for the council: {council_definite}, {council_title}, …"""
        return {
            "council_name": self.council_name,
            "council_definite": self.council_definite,
            "council_title": self.council_title,
            "meeting_word": self.meeting_word,
        }


BRUKERRAD = Profile(
    key="brukerrad",
    council_name="brukerråd",
    council_definite="brukerrådet",
    meeting_word="brukerrådsmøte",
    representative="brukerrepresentant",
    representatives_most=11,  # mandate: «inntil 11 brukerrepresentanter», one from each organisation
    one_per_organisation=True,
    term_years=2,  # mandate: 2 years (the first period staggered, 2 and 3 years)
    leader_terms_most=3,  # mandate: leader and deputy leader for 2 years, at most three periods in a row
    age_limit=None,
    meetings_least=4,  # mandate: «4-6 ganger per år»
    meetings_most=6,
    call_for_cases_days=21,  # SPEC.md's scheduler table: a week before the deadline
    deadline_days=14,  # mandate: cases «helst 14 dager før»
    untriaged_days=9,  # SPEC.md: the working committee, before the agenda is made
    agenda_days=7,  # mandate: «Sakliste sendes som regel ut 7 dager før møtet»
    june_evaluation=True,  # mandate: «evaluere sin virksomhet årlig, hver juni måned»
    refuses_individual_cases=True,  # mandate: «behandler ikke enkeltsaker eller klagesaker»
)

# Eldreråd and funksjonsråd: the members are elected by the municipal council for its own 4-year period
# (the forskrift's § on valperiode); the size is the municipal council's choice (5 to 7 is common). The
# documents go out at least 7 days before, as the municipal councils' own rules of procedure commonly say
# (kommuneloven § 11-3 asks only «i rimelig tid»); the case deadline stays a week before that. Neither
# council deals with one person's case: the forskrift gives them a say on matters that concern the group.
ELDRERAD = Profile(
    key="eldrerad",
    council_name="eldreråd",
    council_definite="eldrerådet",
    meeting_word="eldrerådsmøte",
    representative="medlem",
    representatives_most=7,
    one_per_organisation=False,
    term_years=4,
    leader_terms_most=None,
    age_limit=None,
    meetings_least=4,
    meetings_most=10,  # often one before each meeting of the municipal council
    call_for_cases_days=21,
    deadline_days=14,
    untriaged_days=9,
    agenda_days=7,
    june_evaluation=False,  # the forskrift asks for a yearly report (årsmelding) instead
    refuses_individual_cases=True,
)
FUNKSJONSRAD = replace(
    ELDRERAD,
    key="funksjonsrad",
    council_name="råd for personer med funksjonsnedsettelse",
    council_definite="rådet for personer med funksjonsnedsettelse",
    meeting_word="rådsmøte",
)
# Ungdomsråd: the forskrift lets the municipal council set the term, at most 2 years, and members may not
# be 19 when elected; a shorter case cycle (our choice, no rule) suits school weeks.
UNGDOMSRAD = replace(
    ELDRERAD,
    key="ungdomsrad",
    council_name="ungdomsråd",
    council_definite="ungdomsrådet",
    meeting_word="ungdomsrådsmøte",
    representatives_most=11,
    term_years=2,
    age_limit=19,
    call_for_cases_days=14,
    deadline_days=10,
    untriaged_days=8,
)

PROFILES: dict[str, Profile] = {p.key: p for p in (BRUKERRAD, ELDRERAD, FUNKSJONSRAD, UNGDOMSRAD)}
