"""Does a case text read like one person's case or complaint? The mandate: «Brukerrådet behandler ikke
enkeltsaker eller klagesaker»; such a text is held until the submitter confirms it is about the services.

Built from Norwegian word lists (bokmål and common nynorsk forms), not from a few regular expressions: a
sentence is about one person's case when a PERSON (the writer: jeg, meg, eg; family and partners with a
possessive, «mamma», «bestemor»; a named person, «pasienten Ola», «Kari Nordmann (45)») stands near an
OUTCOME (nektet, avslag, vedtak, tvangsinnlagt, skrevet ut, klage, feilbehandlet, a diagnosis …) with no
word between them that turns the sentence general («mange», «brukere», «at», «hvordan», «ta opp»). Weaker
persons (vi, han, hun, «pasienten», «sønnen») count only in a story's past tense: «vi fikk avslag», not
«pasienten skrives ut». A possessive on a case word («vedtaket mitt», «søknaden min»), «vedtak om meg»,
«klage på behandleren» and a case reference («saksnummer 2026/1234») are enough on their own.
The text is never logged.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

_LOGGER = logging.getLogger(__name__)

# --- people ----------------------------------------------------------------------------------------

FIRST_PERSON: Final = frozenset({"jeg", "eg", "meg", "mæ", "je"})
#: Persons who count only in a story's past tense (an organisation writes «vi» about its work).
WEAK_PRONOUNS: Final = frozenset({"vi", "oss", "han", "hun", "ho", "ham", "henne"})
POSSESSIVE_MINE: Final = frozenset({"min", "mi", "mitt", "mine"})
POSSESSIVE_OURS: Final = frozenset({"vår", "vårt", "våre"})
POSSESSIVE_THEIRS: Final = frozenset({"hans", "hennes", "sin", "si", "sitt", "sine"})
#: Family words used like names: a person on their own («pappa ble utskrevet»).
FAMILY_AS_NAME: Final = frozenset(
    {"mamma", "pappa", "bestemor", "bestefar", "mormor", "morfar", "farmor", "farfar", "oldemor", "oldefar"}
)
#: One family member or partner: a person with a possessive, a weak person without one («sønnen ble …»).
FAMILY: Final = frozenset(
    {
        "mor", "moren", "mora", "far", "faren", "sønn", "sønnen", "son", "sonen", "datter", "datteren",
        "dattera", "dotter", "dottera", "bror", "broren", "søster", "søsteren", "søstera", "syster",
        "systera", "ektemann", "ektemannen", "kone", "kona", "konen", "ektefelle", "ektefellen", "samboer",
        "samboeren", "sambuar", "sambuaren", "kjæreste", "kjæresten", "svigermor", "svigerfar", "svigerinne",
        "svoger", "onkel", "onkelen", "tante", "tanten", "tanta", "nevø", "niese", "fetter", "kusine",
        "mammaen", "pappaen", "venninne", "venninnen", "venninna", "stesønn", "stedatter", "barnebarn",
        "barnebarnet",
    }
)
#: Words for people in general that point at one person only with a possessive («mannen min», «barnet vårt»).
FAMILY_WITH_POSSESSIVE_ONLY: Final = frozenset(
    {
        "mann", "mannen", "barn", "barnet", "barna", "foreldre", "foreldrene", "gutt", "gutten", "jente",
        "jenta", "venn", "vennen", "kollega", "kollegaen", "nabo", "naboen", "familie", "familien", "verge",
    }
)
#: One person by role, in the definite singular: a weak person, or a named one when a name follows.
ROLE_NOUNS: Final = frozenset(
    {
        "pasienten", "brukeren", "brukaren", "beboeren", "bebuaren", "klienten", "eleven", "kvinnen",
        "kvinna", "damen", "personen", "søkeren", "tjenestemottakeren",
    }
)
#: Common Norwegian first names. Those that are also ordinary words count only beside a role noun or a surname.
FIRST_NAMES: Final = frozenset(
    {
        "ola", "kari", "per", "pål", "espen", "nora", "emma", "sofie", "ingrid", "anne", "inger", "kristin",
        "marit", "ingeborg", "hilde", "anna", "berit", "ida", "maria", "randi", "elisabeth",
        "solveig", "astrid", "liv", "bjørg", "hege", "tone", "silje", "camilla", "line", "heidi", "mona",
        "siri", "lene", "tove", "nina", "grete", "wenche", "turid", "jorunn", "eva", "sara", "thea", "julie",
        "ellen", "karin", "gunn", "laila", "unni", "synnøve", "åse", "jan", "lars", "morten", "hans", "ole",
        "knut", "arne", "john", "geir", "terje", "thomas", "bjørn", "svein", "kjell", "tor", "martin",
        "andreas", "erik", "jon", "trond", "rune", "anders", "odd", "kristian", "tore", "nils", "jonas",
        "magnus", "henrik", "stian", "eirik", "sindre", "sander", "emil", "mathias", "kjetil", "leif",
        "frode", "øyvind", "gunnar", "harald", "olav", "einar", "rolf", "steinar", "helge", "dag", "vidar",
        "sverre", "aksel", "filip", "isak", "jakob", "lukas", "oskar", "elias", "william", "noah", "ahmed",
        "mohammed", "ali", "fatima", "aisha", "amina", "piotr", "agnieszka", "tobias", "even",
        "stein", "are", "vår", "sol", "siv", "mai", "bo", "kim", "max", "ask", "storm", "eli", "marte",
        "mari", "oda", "tuva", "vilde", "maja", "hedda", "live", "frida", "selma", "iben", "linnea",
    }
)
AMBIGUOUS_NAMES: Final = frozenset(
    {"per", "liv", "dag", "tor", "vår", "sol", "siv", "mai", "bo", "kim", "max", "ask", "storm", "stein",
     "are", "even", "rune", "eli", "live", "line", "hans", "åse", "odd", "mari", "ida", "oda"}
)

# --- outcomes: what happened to the person --------------------------------------------------------

#: Words that begin an outcome in any inflection (nektet, nekta; avslått, avslo; utskrevet, utskriven …).
OUTCOME_STEMS: Final = (
    "nekt", "avslag", "avslå", "avslo", "avvis", "vedtak", "tvangs", "tvungen", "tvungent", "utskre",
    "utskriv", "feilbehandl", "feilmedisin", "feildiagnos", "feilvurder", "diagnos", "seponer", "stanse",
    "stansa", "kuttet", "kutta", "redusert", "reduserte", "avslutt", "fratatt", "fråteke", "oppsagt",
    "utestengt", "henlagt", "krenk", "ydmyk", "overkjør", "ignorer", "svikt", "beltelag", "belter",
    "isolert", "skjermet", "tvangsmedisin", "innlagt", "innlagd", "innleggelse", "innlegging", "omsorgssvikt",
)
OUTCOME_WORDS: Final = frozenset(
    {
        "klage", "klagen", "klager", "klaget", "klagd", "klaga", "klagar", "klagde", "klagesak", "klagesaken",
        "mistet", "mista", "miste", "mister", "ventet", "venta", "venter", "vente", "ventar", "glemt",
        "glemte",
        # illnesses and conditions: one person's health
        "demens", "alzheimer", "kreft", "diabetes", "autisme", "adhd", "schizofreni", "psykose", "psykoser",
        "bipolar", "depresjon", "depressiv", "epilepsi", "parkinson", "hjerneslag", "ms", "als", "angst",
        "angstlidelse", "ptsd", "ocd", "anoreksi", "bulimi", "spiseforstyrrelse", "personlighetsforstyrrelse",
        "rusavhengig", "alkoholiker", "overdose", "overdosen", "suicidal", "selvmordsforsøk", "utviklingshemmet",
        "psykotisk",
    }
)
#: «fikk ikke», «får ikkje», «ikke fått»: denied something.
_GOT: Final = frozenset({"får", "fikk", "fått", "fekk", "få"})
_NOT: Final = frozenset({"ikke", "ikkje", "aldri"})
#: «skrevet ut», «skrev meg ut», «kastet ut», «sendt hjem», «lagt inn»: a verb and its particle.
_PARTICLE_VERBS: Final = frozenset(
    {
        "skrevet", "skrev", "skrives", "skrive", "skriven", "skreiv", "skrivne", "skrivast", "kastet", "kasta",
        "kastes", "sendt", "sendte", "sende", "lagt", "la", "satt", "satte", "kjørt", "kjørte",
    }
)
_PARTICLES: Final = frozenset({"ut", "hjem", "heim", "inn", "belter"})
#: «feil medisin», «dårlig behandlet»: two words that make an outcome together.
_PAIRS: Final = frozenset(
    {
        ("feil", "medisin"), ("feil", "medisiner"), ("feil", "diagnose"), ("feil", "dose"), ("feil", "behandling"),
        ("dårlig", "behandlet"), ("behandlet", "dårlig"), ("dårleg", "behandla"), ("stengt", "ute"),
        ("fått", "nei"), ("fikk", "nei"), ("får", "nei"), ("fekk", "nei"),
    }
)
#: Case words that, with «min/mitt/mi/mine» on them, are the writer's own case («vedtaket mitt»).
CASE_WORDS: Final = frozenset(
    {
        "vedtak", "vedtaket", "avslag", "avslaget", "klage", "klagen", "klagesak", "klagesaken", "søknad",
        "søknaden", "journal", "journalen", "epikrise", "epikrisen", "diagnose", "diagnosen",
        "behandler", "behandleren", "fastlege", "fastlegen", "lege", "legen", "psykolog", "psykologen",
        "psykiater", "psykiateren", "saksbehandler", "saksbehandleren", "behandling", "behandlingen",
        "innleggelse", "innleggelsen", "medisin", "medisinen", "medisiner", "medisinene", "plass", "plassen",
        "timer", "timene", "aap", "aap-en", "bpa", "bpa-en", "trygd", "trygden", "uføretrygd", "stønad",
        "stønaden", "ytelse", "ytelsen", "støttekontakt", "støttekontakten", "avlastning", "avlastningen",
        "saksnummer", "henvisning", "henvisningen", "tildeling", "tildelingen",
    }
)
#: «klage på behandleren», «klage på vedtaket»: a complaint about one decision or one practitioner.
_COMPLAINT_TARGETS: Final = frozenset(
    {
        "vedtaket", "avslaget", "behandleren", "legen", "fastlegen", "saksbehandleren", "psykologen",
        "psykiateren", "behandlingen", "tildelingen", "avgjørelsen", "beslutningen", "sykepleieren", "terapeuten",
    }
)
_CASE_REFERENCE: Final = re.compile(
    r"\b(?:saksnr|saksnummer|journalnr|journalnummer|referansenr|referansenummer|vedtaksnr)\.?\s*:?\s*[0-9]",
    re.IGNORECASE,
)

# --- what makes a sentence general -----------------------------------------------------------------

#: A word between a person and an outcome that turns the sentence into one about many, or a topic raised.
BLOCKERS: Final = frozenset(
    {
        "at", "hvordan", "hvorfor", "hva", "hvor", "hvis", "dersom", "når", "korleis", "kvifor", "kva", "viss",
        "mange", "flere", "fleire", "noen", "nokon", "nokre", "alle", "folk", "de", "dei", "man", "andre",
        "brukere", "brukarar", "pasienter", "pasientar", "pårørende", "pårørande", "medlemmer", "medlemmar",
        "familier", "personer", "personar", "innbyggere", "innbyggjarar", "beboere", "søkere", "ungdommer",
        "opp", "løfte", "drøfte", "diskutere", "belyse", "tema", "temaet", "orientering", "informasjon",
        "spørsmål", "forslag", "statistikk", "tall", "rutiner", "praksis", "ofte", "gjerne", "vanligvis",
        "stadig", "sjelden", "generelt", "lurer", "henvendelser", "tilbakemeldinger", "erfaringer",
    }
)
#: A story's past tense: what lets a weak person count («vi fikk avslag», «pasienten ble utskrevet»).
_PAST: Final = frozenset({"ble", "blei", "vart", "fikk", "fekk", "har", "hadde", "var", "blitt", "vorte", "fått"})
#: What may stand between a weak person and the outcome.
_WEAK_FILLER: Final = _PAST | _NOT | frozenset({"også", "nettopp", "igjen", "plutselig", "da", "nå", "jo", "så"})

_TOPIC_MARKERS: Final = frozenset({"om", "angående", "vedrørende", "ang"})
_WAITING: Final = frozenset({"ventet", "venta", "venter", "vente", "ventar"})

_STRONG_REACH: Final = 10  # words from a person to an outcome, either way, in one sentence
_WEAK_REACH: Final = 4

_SENTENCE_END: Final = re.compile(r"[.!?;]+(?=\s|$)|\n+")
_TOKEN: Final = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[0-9]+|\((?=[0-9]{1,3}\))")


@dataclass(frozen=True)
class _Word:
    text: str  # as written (capitals tell a name)
    low: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() and not self.text.isupper()


def reads_like_individual_case(text: str) -> bool:
    """True when some sentence of `text` (title and description) reads like one person's case or complaint."""
    normalised = unicodedata.normalize("NFKC", text)
    if _CASE_REFERENCE.search(normalised):
        return True
    return any(_sentence_is_individual(sentence) for sentence in _SENTENCE_END.split(normalised))


def _sentence_is_individual(sentence: str) -> bool:
    words = [_Word(m.group(), m.group().lower()) for m in _TOKEN.finditer(sentence)]
    if not words:
        return False
    if _own_case(words) or _complaint_about_one(words):
        return True
    strong, weak = _persons(words)
    # «rapporten om utskrivning», «informasjon om tvang»: an outcome right after «om» is a topic, not an event.
    outcomes = [(a, b) for a, b in _outcomes(words) if a == 0 or words[a - 1].low not in _TOPIC_MARKERS]
    starts = {start for start, _end in outcomes}
    ends = {end for _start, end in outcomes}
    # An organisation waits for answers too («vi har ventet på svar»): waiting counts for strong persons only.
    weak_starts = {start for start in starts if words[start].low not in _WAITING}
    # Only the words within reach are looked at: the work grows with the text, never with its square.
    for person in strong:
        for start in range(person + 1, person + _STRONG_REACH + 1):
            if start in starts and not _blocked(words, person + 1, start):
                return True
        for end in range(max(0, person - _STRONG_REACH + 1), person + 1):
            if end in ends and not _blocked(words, end, person):
                return True
    for person in weak:
        for start in range(person + 1, person + _WEAK_REACH + 1):
            if start in weak_starts and _past_story(words, person + 1, start):
                return True
    return False


def _persons(words: list[_Word]) -> tuple[list[int], list[int]]:
    """Positions of strong and weak persons in one sentence."""
    strong: list[int] = []
    weak: list[int] = []
    for i, word in enumerate(words):
        low = word.low
        if low in FIRST_PERSON or (low in FAMILY_AS_NAME):
            strong.append(i)
        elif low in FAMILY or low in FAMILY_WITH_POSSESSIVE_ONLY:
            owner = _possessive_of(words, i)
            if owner in ("mine", "ours"):
                strong.append(i)
            elif low in FAMILY or owner == "theirs":
                weak.append(i)
        elif low in ROLE_NOUNS:
            named = i + 1 < len(words) and (words[i + 1].capitalised or words[i + 1].text == "(")
            (strong if named else weak).append(i)
        elif low in WEAK_PRONOUNS:
            weak.append(i)
        elif _is_name(words, i):
            strong.append(i)
    return strong, weak


def _possessive_of(words: list[_Word], i: int) -> str | None:
    """Whose the noun at `i` is: «min (eldste) sønn», «sønnen min», «vår sønn», «hennes mor»."""
    near = [words[j].low for j in (i - 1, i - 2, i + 1) if 0 <= j < len(words)]
    if any(w in POSSESSIVE_MINE for w in near):
        return "mine"
    if any(w in POSSESSIVE_OURS for w in near):
        return "ours"
    if any(w in POSSESSIVE_THEIRS for w in near):
        return "theirs"
    return None


def _is_name(words: list[_Word], i: int) -> bool:
    word = words[i]
    if not word.capitalised:
        return False
    after_role = i > 0 and words[i - 1].low in ROLE_NOUNS
    with_surname = i + 1 < len(words) and words[i + 1].capitalised
    with_age = i + 1 < len(words) and words[i + 1].text == "("
    if word.low in FIRST_NAMES:
        return word.low not in AMBIGUOUS_NAMES or after_role or with_surname or with_age
    return after_role or (with_age and i > 0)


def _is_outcome_word(low: str) -> bool:
    return low in OUTCOME_WORDS or low.startswith(OUTCOME_STEMS)


def _outcomes(words: list[_Word]) -> list[tuple[int, int]]:
    """(start, end) of every outcome phrase in one sentence."""
    found: list[tuple[int, int]] = []
    for i, word in enumerate(words):
        low = word.low
        following = [w.low for w in words[i + 1 : i + 4]]
        if _is_outcome_word(low):
            found.append((i, i + 1))
        elif following[:1] and ((low in _GOT and following[0] in _NOT) or (low in _NOT and following[0] in _GOT)):
            found.append((i, i + 2))
        elif low in _PARTICLE_VERBS:
            for k, particle in enumerate(following):
                if particle in _PARTICLES:
                    found.append((i, i + k + 2))
                    break
        elif following[:1] and (low, following[0]) in _PAIRS:
            found.append((i, i + 2))
    return found


def _own_case(words: list[_Word]) -> bool:
    """«vedtaket mitt», «min klage», «søknaden min», «vedtak om meg», «journalen til meg»."""
    for i, word in enumerate(words):
        if word.low not in CASE_WORDS:
            continue
        before = words[i - 1].low if i > 0 else ""
        after = [w.low for w in words[i + 1 : i + 3]]
        if before in POSSESSIVE_MINE or (after[:1] and after[0] in POSSESSIVE_MINE):
            return True
        if len(after) == 2 and after[0] in {"om", "mot", "for", "til", "av"} and after[1] in {"meg", "mæ"}:
            return True
    return False


def _complaint_about_one(words: list[_Word]) -> bool:
    """«klage på behandleren», «klager på vedtaket»: one decision or one practitioner."""
    for i, word in enumerate(words):
        if word.low in {"klage", "klager", "klaget", "klaga", "klagar"}:
            after = [w.low for w in words[i + 1 : i + 4]]
            if after[:1] and after[0] in {"på", "over", "mot"} and any(w in _COMPLAINT_TARGETS for w in after[1:]):
                return True
    return False


def _blocked(words: list[_Word], start: int, end: int) -> bool:
    return any(w.low in BLOCKERS for w in words[start:end])


def _past_story(words: list[_Word], start: int, outcome: int) -> bool:
    """Between a weak person and the outcome only past-tense helpers, at least one of them (or the outcome
    itself is «fikk ikke»)."""
    between = [w.low for w in words[start:outcome]]
    if not all(w in _WEAK_FILLER for w in between):
        return False
    return any(w in _PAST for w in between) or words[outcome].low in _PAST
