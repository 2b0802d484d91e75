"""Every sentence a person reads, in bokmål, under a name: reviewable in one sitting."""

from __future__ import annotations

# --- dates and privacy (issue 3) ---
# Refusals of a meeting time (handlers/dates.py). Each says what was wrong and ends with an
# example that works: {example} is always a real, future moment the parser accepts.
MEETING_TIME_EMPTY = "Skriv når møtet skal være, med dato og klokkeslett, for eksempel «{example}»."
MEETING_TIME_TOO_LONG = (
    "Teksten er for lang til at jeg kan lese et tidspunkt ut av den. "
    "Skriv bare dato og klokkeslett, for eksempel «{example}»."
)
MEETING_TIME_NOT_UNDERSTOOD = (
    "Jeg forstod ikke «{word}». Skriv dato og klokkeslett, for eksempel «{example}»."
)
MEETING_TIME_UNFINISHED = (
    "Det ser ut til at noe mangler etter «{word}». Skriv dato og ett klokkeslett, for eksempel «{example}»."
)
MEETING_TIME_IMPOSSIBLE_DATE = "Datoen «{text}» finnes ikke. Skriv en annen dato, for eksempel «{example}»."
MEETING_TIME_NO_LEAP_DAY = (
    "Det er ingen 29. februar i {year}. Skriv en annen dato, for eksempel «{example}»."
)
MEETING_TIME_IMPOSSIBLE_TIME = (
    "Klokkeslettet «{text}» finnes ikke. Klokka går fra 00.00 til 23.59. "
    "Skriv for eksempel «{example}»."
)
MEETING_TIME_DATE_OR_TIME = (
    "Jeg vet ikke om «{text}» er en dato eller et klokkeslett. "
    "Skriv «{as_date}» hvis du mener datoen, eller «{as_time}» hvis du mener klokkeslettet. "
    "Et fullstendig eksempel er «{example}»."
)
MEETING_TIME_TWO_DATES = (
    "Jeg fant mer enn én dato. Skriv bare den dagen møtet skal være, for eksempel «{example}»."
)
MEETING_TIME_TWO_TIMES = (
    "Jeg fant mer enn ett klokkeslett. Skriv bare når møtet begynner, for eksempel «{example}»."
)
MEETING_TIME_NO_DATE = "Jeg fant ingen dato. Skriv hvilken dag møtet skal være, for eksempel «{example}»."
MEETING_TIME_NO_TIME = "Jeg fant ikke noe klokkeslett. Skriv når møtet begynner, for eksempel «{example}»."
MEETING_TIME_WRONG_WEEKDAY = (
    "{date} er en {actual}, ikke en {given}. Sjekk hvilken av dem som stemmer, "
    "og skriv for eksempel «{example}»."
)
MEETING_TIME_NEXT_WEEKDAY_AMBIGUOUS = (
    "«Neste {weekday}» kan bety både {first} og {second}. "
    "Skriv datoen du mener, for eksempel «{example}»."
)
MEETING_TIME_WEEKDAY_IS_TODAY = (
    "I dag er det {today}, så jeg vet ikke om du mener i dag eller {next}. "
    "Skriv datoen du mener, for eksempel «{example}»."
)
MEETING_TIME_NONEXISTENT = (
    "Tidspunktet {when} finnes ikke, fordi klokka stilles fram en time den natten. "
    "Velg et annet klokkeslett, for eksempel «{example}»."
)
MEETING_TIME_AMBIGUOUS_DST = (
    "Tidspunktet {when} kommer to ganger, fordi klokka stilles tilbake en time den natten. "
    "Velg et annet klokkeslett, for eksempel «{example}»."
)
MEETING_TIME_PAST = (
    "Tidspunktet {when} har allerede vært. Skriv et tidspunkt fram i tid, for eksempel «{example}»."
)
MEETING_TIME_TOO_FAR = (
    "Tidspunktet {when} er mer enn to år fram i tid. Sjekk årstallet, og skriv for eksempel «{example}»."
)

# The case-text guard (handlers/privacy.py). The mandate sentence is quoted word for word.
CASE_MANDATE_FOR = "{council_title} behandler ikke enkeltsaker eller klagesaker."  # the council's profile
CASE_MANDATE = CASE_MANDATE_FOR.format(council_title="Brukerrådet")
CASE_IDENTITY_NUMBER = (
    "Teksten ser ut til å inneholde et fødselsnummer eller D-nummer. Brukerrådet skal aldri få "
    "slike numre i en sak, så teksten er ikke lagret. Fjern nummeret og send saken på nytt."
)
CASE_INDIVIDUAL_FOR = (
    "Mandatet sier: «{mandate}» Teksten kan se ut som en personlig klage eller en "
    "historie om én bestemt person. Bekreft at saken handler om tjenestene på systemnivå, eller "
    "skriv den om uten personlige opplysninger. En klage på et vedtak sendes til den som fattet vedtaket."
)
CASE_INDIVIDUAL = CASE_INDIVIDUAL_FOR.format(mandate=CASE_MANDATE)
# --- privacy guard (issue 13) ---
# The dispatcher's refusal of any message that holds an identity number (handlers/privacy.py). It names no
# number and no field, so it can never echo what was typed.
IDENTITY_NUMBER_REFUSED = (
    "Meldingen ser ut til å inneholde et fødselsnummer eller D-nummer. Slike numre skal ikke lagres, "
    "så ingenting er lagret. Skriv meldingen på nytt uten nummeret."
)
# --- end privacy guard ---
# --- end dates and privacy ---

# --- core (issue 2) ---
# Helpers that shape words; kept here so every sentence's form is in one file.


def join_names(names: list[str]) -> str:
    """`Kari, Ola og Per`: Norwegian list with «og» before the last name."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


def short(text: str, limit: int = 40) -> str:
    """Echo a little of what was typed back, never a whole pasted text."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def day(moment: object) -> str:
    """A date (or the date of a datetime) in full Norwegian form: `torsdag 14. januar 2027`."""
    from datetime import date, datetime

    from handlers.dates import format_date

    if isinstance(moment, datetime):
        return format_date(moment.date())
    assert isinstance(moment, date)
    return format_date(moment)


def member_label(member: object) -> str:
    """`Kari Nordmann (A-Larm)`."""
    name = getattr(member, "name", "")
    organisation = getattr(member, "organisation", None)
    return f"{name} ({organisation.name})" if organisation is not None else str(name)


ROLE_NAMES = {
    "representative": "brukerrepresentant",
    "deputy": "stedfortreder",
    "leader": "leder",
    "deputy_leader": "nestleder",
    "secretary": "sekretær",
    "observer": "observatør",
}
CASE_STATES = {
    "submitted": "meldt inn, venter på arbeidsutvalget",
    "approved": "satt opp på sakslisten",
    "deferred": "utsatt til et senere møte",
    "rejected": "avvist",
    "withdrawn": "trukket",
    "decided": "behandlet, vedtak fattet",
}
ATTENDANCE_ANSWERS = {"yes": "kommer", "no": "forfall", "partly": "kommer på deler av møtet"}

# General
NOT_A_COMMAND = "Kommandoer begynner med skråstrek, for eksempel /brukerrad hjelp."
UNKNOWN_COMMAND = "Jeg kjenner ikke kommandoen /{name}. Skriv /brukerrad hjelp for å se hva jeg kan."
UNKNOWN_VERB = "Jeg forstod ikke «{verb}».\n\n{usage}"
UNKNOWN_VERB_MEANT = "Jeg forstod ikke «{verb}». Mente du {command}? Ingenting er endret.\n\n{usage}"
NO_COUNCIL_HERE = (
    "Denne kanalen hører ikke til noe brukerråd. Skriv kommandoen i rådets kanal, eller be sekretæren koble kanalen."
)
UNKNOWN_USER = (
    "Jeg kjenner deg ikke igjen ennå. Be sekretæren om en invitasjonskode, og skriv så /brukerrad registrer KODE."
)
UNKNOWN_USER_ASK = (
    "Hei! Jeg kjenner deg ikke igjen ennå, så jeg kan ikke vise deg noe fra brukerrådet. "
    "Be {who} om en invitasjonskode, og skriv så /brukerrad registrer KODE (i Telegram: /start KODE)."
)
THE_SECRETARY = "sekretæren for brukerrådet"
TRY_AGAIN_SOON = "Jeg får ikke kontakt med databasen akkurat nå. Ingenting er lagret – prøv igjen om litt."
CANNOT_STORE_TEXT = "Teksten inneholder tegn jeg ikke kan lagre. Skriv den på nytt med vanlige bokstaver. Ingenting er lagret."
STORAGE_FULL = (
    "Jeg fikk ikke lagret dette fordi lagringsplassen er full. Ingenting er endret. "
    "Si fra til sekretæren, som kan be IT om mer plass."
)
INTERNAL_ERROR = (
    "Beklager, noe gikk galt hos meg, og ingenting er lagret. Prøv igjen om litt. "
    "Hvis det skjer igjen, si fra til sekretæren og oppgi koden {ref}."
)
NOTHING_CHANGED = "Greit, ingenting er endret."
NAME_MISSING = "Skriv navnet på personen, for eksempel «Kari Nordmann»."
NO_SUCH_MEMBER = "Jeg finner ingen i rådet som heter «{name}». Skriv /brukerrad medlemmer for å se listen."
AMBIGUOUS_NAME = "«{name}» passer på flere: {names}. Skriv mer av navnet."
ONLY_SECRETARY = "Dette kan bare sekretæren gjøre."
ONLY_SECRETARY_PUBLISHES = "Bare sekretæren kan sende ut sakslisten. Du kan se utkastet med /mote sakliste."
ONLY_AU = "Dette kan bare arbeidsutvalget (leder, nestleder og sekretær) gjøre."
ONLY_AU_ATTENDANCE = "Oversikt over oppmøte og purring er for leder, nestleder og sekretær."

BUTTON_APPROVE = "Sett på sakslisten"
BUTTON_DEFER = "Utsett"
BUTTON_ATTEND_YES = "Jeg kommer"
BUTTON_ATTEND_NO = "Jeg har forfall"
BUTTON_CONFIRM_MEETING = "Ja, planlegg møtet"
BUTTON_CANCEL = "Avbryt"
BUTTON_PUBLISH_AGENDA = "Send ut sakslisten nå"
BUTTON_READ_DECLARATION = "Les taushetserklæringen"
BUTTON_SIGN = "Jeg har lest og signerer"
BUTTON_INVITE = "Lag invitasjonskode"

# Help and usage
HELP_OVERVIEW = """Dette kan du gjøre med brukerrådsboten:

/sak ny <tittel> – meld inn en sak (beskrivelse på neste linje eller etter « -- »)
/sak liste – sakene til neste møte
/sak vis <nr> – se én sak
/mote neste – neste møte: tid, sted og frist for saker
/mote plan – møteplanen
/mote sakliste – sakslisten til neste møte
/oppmote ja – si at du kommer
/oppmote nei <grunn> – meld forfall (stedfortrederen din blir spurt)
/taushet – les og signer taushetserklæringen
/habilitet <saknr> <grunn> – meld fra om habilitet i en sak
/brukerrad medlemmer – hvem som sitter i rådet

Skriv hjelp etter en kommando for å se mer, for eksempel /sak hjelp.
Husk: Brukerrådet behandler ikke enkeltsaker eller klagesaker."""
USAGE_BRUKERRAD = HELP_OVERVIEW
USAGE_SAK = """Saker til brukerrådet:
/sak ny <tittel> – meld inn en sak. Beskrivelsen kan stå på neste linje eller etter « -- ».
   Eksempel: /sak ny Ventetid på avrusning -- Vi ønsker en orientering om ventetiden.
/sak liste – sakene til neste møte
/sak vis <nr> – se én sak, for eksempel /sak vis 3
/sak trekk <nr> – trekk din egen sak før sakslisten er sendt ut
For arbeidsutvalget: /sak godkjenn <nr>, /sak utsett <nr>, /sak avvis <nr> <grunn>
For sekretæren: /sak vedtak <nr> <vedtakstekst>"""
USAGE_MOTE = """Møter:
/mote neste – neste møte: tid, sted, frist for saker og ditt svar
/mote plan – møteplanen framover
/mote sakliste – sakslisten (utkast til den er sendt ut)
/mote kalender – møteplanen som kalenderfil
/mote innkalling <nr> – innkallingen med saksliste som PDF (word: som Word-fil; offentlig: versjonen som kan publiseres)
For sekretæren:
/mote ny <dato og tid> [sted] – for eksempel /mote ny tirsdag neste uke kl 10 Gryta
/mote flytt <nr> <dato og tid> – /mote avlys <nr>
/mote sakliste publiser – send ut sakslisten nå
/mote referat <nr> – referatet som tekst og PDF (word og offentlig som for innkallingen)
/mote opprop [nr] – opprop på møtet (også for lederen og nestlederen; se /mote opprop hjelp)
/mote varsler – hvilke varsler boten har sendt og skal sende"""
USAGE_OPPMOTE = """Oppmøte til neste møte:
/oppmote ja – jeg kommer
/oppmote nei <grunn> – jeg har forfall (stedfortrederen blir spurt)
/oppmote delvis <grunn> – jeg kommer på deler av møtet, for eksempel /oppmote delvis går kl. 11
For leder, nestleder og sekretær: /oppmote status, /oppmote purr, /oppmote spor"""
USAGE_TAUSHET = """Taushetserklæringen:
/taushet – les erklæringen
/taushet signer – signer den
/taushet status – hvem som har signert (for sekretæren)"""
USAGE_HABILITET = """Meld fra om habilitet i en sak:
/habilitet <saknr> <grunn>, for eksempel /habilitet 3 Jeg jobber i tjenesten saken gjelder."""
USAGE_MEDLEM = """Medlemslisten (for sekretæren):
/brukerrad medlem ny <navn> rolle=<rolle> org=<organisasjon> fra=<dato> til=<dato>
   for eksempel /brukerrad medlem ny Kari Nordmann rolle=representant org="Mental Helse Trøndelag" til=30.06.2027
/brukerrad medlem endre <navn> til=<dato> (eller rolle=, org=, fra=, navn=, epost=, varsling=chat|epost|begge)
/brukerrad medlem avslutt <navn> [dato]
/brukerrad medlem koble <navn> @bruker
/brukerrad inviter <navn> – lag en engangskode personen kan registrere seg med
Roller: representant, stedfortreder, leder, nestleder, sekretær, observatør."""

# The command table's words for menus (handlers/commands.py): a summary is one line in Telegram's command
# menu and the Slack manifest (Telegram: at most 256 characters); a hint lists the verbs beside the command
# while it is typed (Slack).
SUMMARY_SAK = "Meld inn en sak, se sakene (/sak ny, /sak liste, /sak vis)"
SUMMARY_MOTE = "Neste møte, møteplanen og sakslisten"
SUMMARY_OPPMOTE = "Si om du kommer på neste møte, eller meld forfall"
SUMMARY_TAUSHET = "Les og signer taushetserklæringen"
SUMMARY_HABILITET = "Meld fra om habilitet i en sak"
SUMMARY_BRUKERRAD = "Hjelp, medlemslisten og invitasjoner"
SUMMARY_HJELP = "Hva brukerrådsboten kan"
SUMMARY_AVBRYT = "Avbryt innmeldingen av en sak"
HINT_SAK = "ny <tittel> | liste | vis <nr> | hjelp"
HINT_MOTE = "neste | plan | sakliste | kalender | hjelp"
HINT_OPPMOTE = "ja | nei <grunn> | status | spor | hjelp"
HINT_TAUSHET = "signer | status | hjelp"
HINT_HABILITET = "<saknr> <grunn>"
HINT_BRUKERRAD = 'hjelp | medlemmer | registrer <kode> | medlem koble "Navn" @bruker'
# The Slack app as the manifest names it (bot/slack/manifest.py).
SLACK_APP_NAME = "Brukerrådet"
SLACK_APP_DESCRIPTION = "Saker, møter, oppmøte og taushetserklæring for brukerrådet"

# Cases
CANNOT_SUBMIT = (
    "Saker meldes inn av brukerrepresentantene, stedfortrederne og arbeidsutvalget. "
    "Som observatør kan du lese saker og saksliste, men ikke melde inn eller trekke saker."
)
CASE_FORM_INTRO = "Skriv tittelen på saken etter /sak ny, og gjerne en beskrivelse på neste linje."
CASE_TITLE_MISSING = "Saken trenger en tittel. Skriv for eksempel: /sak ny Ventetid på avrusning"
# The case form (handlers/forms.py), as every platform renders it: Slack modal, Telegram, console.
CASE_FORM_TITLE_LABEL = "Tittel"
CASE_FORM_TITLE_PLACEHOLDER = "Tittel på saken"
CASE_FORM_DESCRIPTION_LABEL = "Beskrivelse (valgfritt)"
CASE_FORM_DESCRIPTION_PLACEHOLDER = "Beskrivelse, eller -"
CASE_FORM_CONFIRM_LABEL = "Systemnivå"
CASE_FORM_CONFIRM = "Saken gjelder tjenestene på systemnivå, ikke en enkeltsak eller klagesak"
CASE_FORM_NEED_CONFIRM = "Kryss av for at saken gjelder tjenestene på systemnivå."
CASE_FORM_CONFIRM_QUESTION = "Saken gjelder tjenestene på systemnivå, ikke en enkeltsak. Stemmer det?"
CASE_FORM_CANCELLED = "Greit, saken er ikke sendt inn, og ingenting er lagret."
CASE_CONFIRM_SYSTEM_LEVEL = (
    "{warning}\n\nHvis saken gjelder tjenestene på systemnivå, send den på nytt med «bekreft» først: "
    "/sak ny bekreft <tittel>. Ingenting er lagret ennå."
)
CASE_SUBMITTED = "Takk! Saken er registrert som sak {label}: «{title}».\n{where}"
CASE_ON_TIME = "Den er meldt inn til {meeting}. Fristen for saker er {deadline}."
CASE_LATE = (
    "Den er meldt inn til {meeting}, men fristen for saker var {deadline}. Saken er merket som for sent innmeldt, "
    "og arbeidsutvalget avgjør om den kommer med."
)
CASE_NO_MEETING_YET = "Det er ikke planlagt noe møte ennå, så saken settes opp til det neste møtet som planlegges."
CASE_LATE_TO_AU = "Sak {label} «{title}» er meldt inn etter fristen av {who}. Skal den med på sakslisten?"
CASES_FOR_MEETING = "Saker til {meeting}:"
CASES_NO_MEETING = "Saker som venter på et møte:"
CASES_NONE = "Ingen saker ennå. Meld inn en sak med /sak ny <tittel>."
CASE_LATE_MARK = " (for sent innmeldt)"
CASE_NUMBER_MISSING = "Skriv nummeret på saken, for eksempel {example}"
BAD_CASE_NUMBER = "«{text}» er ikke et saksnummer. Skriv det som 3 eller 3/2027."
NO_SUCH_CASE = "Jeg finner ingen sak {label}. Skriv /sak liste for å se sakene."
CASE_HEADER = "Sak {label}: {title}"
CASE_FROM = "Meldt inn av: {organisation}"
CASE_STATE = "Status: {state}"
CASE_MEETING = "Møte: {meeting}"
CASE_WAS_LATE = "Saken ble meldt inn etter fristen."
CASE_REJECT_REASON = "Begrunnelse for avvisning: {reason}"
CASE_DECISION = "Vedtak: {decision}"
CASE_CONFLICT_LINE = "Habilitet meldt av {name}: {reason}"
TITLES_ONLY_UNTIL_SIGNED = (
    "Du ser bare tittelen til du har signert taushetserklæringen. Skriv /taushet for å lese og signere den."
)
CASE_NOT_YOURS = "Sak {label} er meldt inn av noen andre. Du kan bare trekke saker du har meldt inn selv."
CASE_ALREADY_WITHDRAWN = "Sak {label} er allerede trukket."
CASE_CANNOT_WITHDRAW_STATE = "Sak {label} kan ikke trekkes nå, den er {state}."
CASE_CANNOT_WITHDRAW_PUBLISHED = (
    "Sakslisten med sak {label} er allerede sendt ut, så saken kan ikke trekkes her. Ta det opp med sekretæren."
)
CASE_WITHDRAWN = "Sak {label} «{title}» er trukket."
CASE_ALREADY_APPROVED = "Sak {label} står allerede på sakslisten."
CASE_CANNOT_TRIAGE = "Sak {label} er {state}, så den kan ikke behandles av arbeidsutvalget nå."
CASE_APPROVE_NO_MEETING = "Sak {label} kan ikke settes på en saksliste før det er planlagt et møte. Planlegg et møte med /mote ny."
CASE_APPROVED = "Sak {label} «{title}» står nå på sakslisten til {meeting}."
CASE_APPROVED_DM = "Saken din {label} «{title}» er satt opp på sakslisten. Takk for at du meldte den inn!"
CASE_ALREADY_DEFERRED = "Sak {label} er allerede utsatt, og det er ikke planlagt noe senere møte ennå."
NEXT_PLANNED_MEETING = "neste møte som planlegges"
CASE_DEFERRED = "Sak {label} «{title}» er utsatt til {meeting}."
CASE_DEFERRED_DM = "Arbeidsutvalget har utsatt saken din {label} «{title}» til {meeting}."
CASE_REJECT_NEEDS_REASON = "Skriv en grunn når du avviser en sak, for eksempel /sak avvis {label} Saken gjelder en enkeltperson."
CASE_ALREADY_REJECTED = "Sak {label} er allerede avvist."
CASE_REJECTED = "Sak {label} «{title}» er avvist, og innmelderen har fått beskjed med begrunnelsen."
CASE_REJECTED_DM = (
    "Arbeidsutvalget har dessverre avvist saken din {label} «{title}».\nBegrunnelse: {reason}\n"
    "Ta gjerne kontakt med sekretæren hvis du har spørsmål."
)
DECISION_TEXT_MISSING = "Skriv vedtaket etter saksnummeret, for eksempel /sak vedtak {label} Brukerrådet støtter forslaget."
DECISION_NOT_ON_AGENDA = "Sak {label} er {state}. Vedtak kan bare føres på saker som står på sakslisten."
DECISION_RECORDED = "Vedtaket i sak {label} «{title}» er ført og kommer med i referatet."

# Meetings
MEETING_NAME = "møte {number}, {when}{where}"
NO_MEETING_PLANNED = "Det er ikke planlagt noe møte ennå. Sekretæren planlegger møter med /mote ny."
MEETING_TIME_MISSING = "Skriv når møtet skal være, for eksempel /mote ny tirsdag neste uke kl 10 Gryta"
MEETING_UNDERSTOOD = "Jeg forstod: {when}, sted: {place}."
NO_PLACE = "ikke oppgitt"
MEETING_CONFIRM_QUESTION = "Stemmer det? Trykk «Ja, planlegg møtet», eller skriv /mote ny på nytt for å rette."
MEETING_CONFIRM_BAD = "Jeg forstod ikke tidspunktet. Planlegg møtet med /mote ny <dato og tid>, for eksempel /mote ny tirsdag neste uke kl 10."
MEETING_IN_PAST = "Det tidspunktet har allerede vært. Planlegg møtet på nytt med /mote ny."
MEETING_ALREADY_PLANNED = "Dette møtet er allerede planlagt: {meeting}."
MEETING_PLANNED = "Møtet er planlagt: {meeting}. Frist for saker er {deadline}."
MEETING_PLANNED_POST = "Nytt brukerrådsmøte er planlagt: {meeting}. Frist for å melde inn saker er {deadline}."
MEETING_PLACE_LOOKS_LIKE_TIME = "Jeg er usikker på hva som er tid og hva som er sted. Skriv stedet etter et komma, for eksempel /mote ny tirsdag neste uke kl 10, Gryta"
WARN_NOT_DAYTIME = "Mandatet sier at møtene helst skal være på dagtid (mellom kl. 08.00 og 16.00)."
WARN_PUBLIC_HOLIDAY = "Dagen er en helligdag ({name})."
WARN_SUMMER = "Dagen er midt i fellesferien, da mange er bortreist."
WARN_CHRISTMAS = "Dagen er i juleferien, da mange er bortreist."
WARN_TOO_MANY = "Med dette blir det {count} møter i {year}. Mandatet sier 4–6 møter i året."
MOVE_USAGE = "Skriv møtenummeret og ny tid, for eksempel /mote flytt 3 torsdag neste uke kl 12"
CANCEL_USAGE = "Skriv nummeret på møtet som skal avlyses, for eksempel /mote avlys 3. Se numrene med /mote plan."
BAD_MEETING_NUMBER = "«{text}» er ikke et møtenummer. Skriv nummeret med vanlige sifre, for eksempel 3; /mote plan viser numrene."
NO_SUCH_MEETING = "Jeg finner ikke møte {number}. Se numrene med /mote plan."
MEETING_NOT_MOVABLE = "Møte {number} er avlyst eller har allerede vært, så det kan ikke endres."
MEETING_NOT_OPEN_FOR_ANSWERS = "Møte {number} er avlyst eller har allerede vært."
MEETING_MOVED = "Møte {number} er flyttet fra {before} til {after}. Medlemmene får beskjed, og varslene er lagt om."
MEETING_MOVED_POST = "Møte {number} er flyttet fra {before} til {after}."
MEETING_ALREADY_CANCELLED = "Møte {number} er allerede avlyst."
MEETING_CANCELLED = "Møte {number} ({when}) er avlyst. Medlemmene får beskjed, og sakene flyttes til neste møte."
MEETING_CANCELLED_POST = "Avlyst: {meeting}. Sakene som var meldt inn, flyttes til neste møte."
NEXT_MEETING = "Neste møte: {meeting}."
NEXT_DEADLINE = "Frist for saker: {deadline}."
AGENDA_PUBLISHED = "Sakslisten er sendt ut."
AGENDA_NOT_PUBLISHED = "Sakslisten er ikke sendt ut ennå."
MY_ANSWER = "Ditt svar: {answer}."
NOT_ANSWERED = "ikke svart ennå"
PLAN_HEADING = "Møteplan:"
PLAN_FEW_MEETINGS = "Det er færre enn to møter det neste halve året. Møteplanen legges for et halvår om gangen."

# Agenda and minutes
AGENDA_HEADING = "Saksliste for brukerrådet, {meeting}"
AGENDA_DRAFT_HEADING = "Utkast til saksliste, {meeting}"
AGENDA_APPROVE_NOTICE = "Godkjenning av innkalling og saksliste"
AGENDA_APPROVE_MINUTES = "Godkjenning av referat fra forrige møte"
AGENDA_CASE = "Sak {label}: {title}"
AGENDA_CONFLICT_MARK = " – habilitet meldt: {names}"
AGENDA_EVALUATION = "Årlig evaluering av brukerrådets arbeid"
AGENDA_ANY_OTHER_BUSINESS = "Eventuelt"
AGENDA_ATTENDANCE_QUESTION = "Kommer du? Svar med knappene, eller skriv /oppmote ja eller /oppmote nei <grunn>."
AGENDA_PUBLISHED_NOW = "Sakslisten er sendt ut i kanalen."
AGENDA_ALREADY_PUBLISHED = "Sakslisten til {meeting} er allerede sendt ut."
MINUTES_USAGE = "Skriv møtenummeret, for eksempel /mote referat 3. Se numrene med /mote plan."
MINUTES_HEADING = "Referat fra brukerrådet, {meeting}"
MINUTES_PRESENT = "Til stede: {names}"
MINUTES_ABSENT = "Forfall: {names}"
NOBODY_RECORDED = "ingen registrert"
MINUTES_DECISION = "Vedtak: {decision}"
MINUTES_NO_DECISION = "(ikke ført ennå)"
CALENDAR_SUMMARY = "Møte i {council}"
CALENDAR_ATTACHED = "Her er møteplanen som kalenderfil ({count} møter). Åpne den for å legge møtene i kalenderen din."
NOTICES_NONE = "Ingen varsler er planlagt ennå."
NOTICE_UNKNOWN_KIND = "Ukjent varseltype «{kind}»; ikke sendt."

# Attendance
CANNOT_ANSWER_ATTENDANCE = (
    "Oppmøte svares av brukerrepresentantene og stedfortrederne som er kalt inn. "
    "Observatøren og sekretæren trenger ikke svare."
)
ATTENDANCE_YES = "Takk! Du er registrert som til stede på {meeting}."
ALREADY_ANSWERED_YES = "Du har allerede sagt at du kommer på {meeting}. Takk!"
ALREADY_ANSWERED_NO = "Forfallet ditt til {meeting} er allerede registrert."
ABSENCE_RECORDED = "Forfallet ditt til {meeting} er registrert."
PARTLY_RECORDED = "Det er registrert at du bare kan være med på deler av {meeting}."
PARTLY_NEEDS_REASON = "Skriv hvilken del av møtet du er borte fra, for eksempel /oppmote delvis går kl. 11"
ABSENCE_REASON_WELCOME = "Vil du oppgi en grunn, kan du skrive /oppmote nei <grunn>."
DEPUTY_HAS_BEEN_ASKED = "Stedfortrederen din, {deputy}, er spurt om å møte."
DEPUTY_NOT_CALLED_IN = "Du er ikke kalt inn som stedfortreder til {meeting}. Du får beskjed hvis du trengs."
DEPUTY_SIGN_FIRST = "Før du kan møte, må du signere taushetserklæringen. Les den med /taushet, og svar deretter på nytt."
DEPUTY_ANSWER_NO_THANKS = "Takk for svaret. Sekretæren får beskjed om at du ikke kan møte."
DEPUTY_CANNOT_COME_TO_SECRETARY = "Stedfortreder {deputy} kan ikke møte for {member} på {meeting}."
NO_DEPUTY_TO_SECRETARY = "{member} har meldt forfall til {meeting}, og organisasjonen har ingen stedfortreder som kan kalles inn."
DEPUTY_CALLED_IN = "Hei! {member} har meldt forfall til {meeting}. Kan du møte som stedfortreder?"
DEPUTY_CALLED_IN_PART = "Hei! {member} kan bare være med på deler av {meeting}. Kan du møte som stedfortreder?"
DEPUTY_MUST_SIGN = "Du må signere taushetserklæringen før du kan møte. Trykk «Les taushetserklæringen» først."
DEPUTY_RELEASED = "{member} kan likevel komme på {meeting}, så du trenger ikke å møte denne gangen. Takk for at du stilte opp!"
STATUS_HEADING = "Oppmøte til {meeting}:"
STATUS_YES = "✅ {member}"
STATUS_NO = "❌ {member} – forfall: {reason}"
STATUS_PART = "◐ {member} – delvis: {reason}"
STATUS_MISSING = "❔ {member} – har ikke svart"
NO_REASON_GIVEN = "ingen grunn oppgitt"
NUDGE_NOBODY = "Alle har svart. Ingen trenger en påminnelse."
NUDGE_DM = "Hei! Vi har ikke fått svar fra deg om du kommer på {meeting}. Kommer du?"
NUDGE_SENT = "Påminnelse er sendt til {count}: {names}."
POLL_POSTED = "Oppmøteoversikten er lagt ut i kanalen."
POLL_TEXT = (
    "Oppmøte til {meeting}\n"
    "Kommer ({yes}): {yes_names}\n"
    "Forfall ({no}): {no_names}\n"
    "Delvis ({part}): {part_names}\n"
    "Ikke svart ({missing}): {missing_names}"
)
MY_ATTENDANCE_NONE = "Du har ikke svart ennå på om du kommer på {meeting}."
MY_ATTENDANCE = "Ditt svar til {meeting}: {answer}."

# Confidentiality
DECLARATION = """Taushetserklæring for medlemmer av brukerrådet

Som medlem av brukerrådet kan jeg få kjennskap til opplysninger om enkeltpersoners personlige forhold, \
og til andre opplysninger som er taushetsbelagte. Jeg lover å bevare taushet om slike opplysninger, \
både mens jeg er medlem og etter at jeg har gått ut av rådet. Jeg bruker ikke opplysningene til egen \
fordel, og jeg sørger for at uvedkommende ikke får tilgang til dem. Taushetsplikten gjelder ikke \
opplysninger som er alminnelig kjent eller som alle kan få tilgang til."""
DECLARATION_HEADING = "Taushetserklæring (versjon {version})"
DECLARATION_VERSION = "{number}, {day}"
DECLARATION_SIGNED_ALREADY = "Du har allerede signert denne versjonen av taushetserklæringen. Takk!"
DECLARATION_PLEASE_SIGN = "Har du lest erklæringen? Trykk «Jeg har lest og signerer», eller skriv /taushet signer."
DECLARATION_CHANGED = "Taushetserklæringen er endret siden du åpnet den. Les den nye versjonen før du signerer."
DECLARATION_THANKS = "Takk! Du har signert taushetserklæringen (versjon {version}), og kan nå se hele sakene."
DECLARATION_STATUS_HEADING = "Taushetserklæring, versjon {version}:"
DECLARATION_STATUS_SIGNED = "✅ {member} – signert {day}"
DECLARATION_STATUS_MISSING = "❔ {member} – ikke signert"
DECLARATION_STATUS_SUMMARY = "{signed} av {total} har signert."

# Conflicts of interest
OBSERVER_NO_CONFLICTS = "Observatøren deltar ikke i vedtak, og trenger ikke melde habilitet."
CONFLICT_NEEDS_REASON = "Skriv kort hvorfor, for eksempel /habilitet {label} Jeg jobber i tjenesten saken gjelder."
CONFLICT_CASE_CLOSED = "Sak {label} er {state}, så det trengs ingen habilitetserklæring."
CONFLICT_ALREADY = "Du har allerede meldt habilitet i sak {label}."
CONFLICT_RECORDED = "Takk! Du har meldt at du kan være inhabil i sak {label} «{title}». Det blir merket på sakslisten."
CONFLICT_TO_LEADER = "{member} har meldt habilitet i sak {label} «{title}»: {reason}"

# Roster and invites
ROSTER_EMPTY = "Det er ingen medlemmer i rådet ennå."
ROSTER_HEADING = "{council} – {count} medlemmer:"
TERM_UNTIL = ", periode til {day}"
BAD_ROLE = "«{word}» er ikke en rolle. Bruk representant, stedfortreder, leder, nestleder, sekretær eller observatør."
BAD_DAY = "«{text}» er ikke en dato. Skriv den som 30.06.2027."
BAD_FIELD = "«{field}» kjenner jeg ikke. Bruk rolle=, org=, fra=, til=, navn=, epost= eller varsling=."
UNBALANCED_QUOTES = "Et anførselstegn mangler sin make. Sett navn med mellomrom i anførselstegn, som org=\"Mental Helse\"."
NAME_FIRST = "Skriv navnet først og feltene etterpå, for eksempel Kari Nordmann rolle=representant org=A-Larm."
ORG_MISSING = "Skriv navnet på organisasjonen, for eksempel org=\"Mental Helse Trøndelag\"."
ORG_CREATED = "Ny organisasjon registrert: {name}."
ROLE_MISSING = "Skriv rollen, for eksempel rolle=representant."
ROLE_NEEDS_ORG = "En {role} må høre til en organisasjon. Legg til org=<organisasjon>."
ORG_HAS_REPRESENTATIVE = "Organisasjonen har allerede en brukerrepresentant: {name}. Mandatet sier én representant per organisasjon."
ORG_HAS_DEPUTY = "Organisasjonen har allerede en stedfortreder: {name}."
TOO_MANY_REPRESENTATIVES = "Rådet har allerede {max} {representatives}, som er flest mandatet tillater."
ROLE_TAKEN = "{name} er allerede {role}. Endre den rollen først."
TERM_ENDS_BEFORE_START = "Perioden kan ikke slutte før den begynner. Sjekk fra= og til=."
MEMBER_EXISTS = "{name} står allerede i medlemslisten."
MEMBER_ADDED = "{name} er lagt til som {role}."
MEMBER_ADDED_NEXT = "Lag en invitasjonskode til {name} slik at chat-kontoen kan kobles til."
MEMBER_CHANGED = "Opplysningene om {name} er oppdatert."
NOTHING_TO_CHANGE = "Skriv hva som skal endres, for eksempel til=30.06.2027 eller rolle=nestleder."
CANNOT_END_SELF = "Du kan ikke avslutte ditt eget medlemskap. Be en annen sekretær om å gjøre det."
MEMBER_ENDED = "Medlemskapet til {name} er avsluttet fra {day}."
LINK_USAGE = "Skriv navnet og brukeren, for eksempel /brukerrad medlem koble \"Kari Nordmann\" @kari"
MEMBER_LINKED = "Chat-kontoen er koblet til {name}."
ACCOUNT_TAKEN = "Den chat-kontoen er allerede koblet til {name}."
INVITE_USAGE = "Skriv hvem invitasjonen er til, for eksempel /brukerrad inviter Kari Nordmann"
INVITE_CREATED = (
    "Invitasjonskode til {name}: {code}\n"
    "Gi koden til {name}. I Slack skriver hen /brukerrad registrer {code}, i Telegram /start {code}. "
    "Koden kan brukes én gang og gjelder til {day}."
)
REGISTER_USAGE = "Skriv koden du har fått av sekretæren, for eksempel /brukerrad registrer ABCD2345"
ALREADY_REGISTERED = "Du er allerede registrert som {name}."
INVITE_INVALID = "Koden stemmer ikke, er brukt eller er for gammel. Be sekretæren om en ny kode."
WELCOME = "Velkommen, {name}! Du er nå koblet til {council}."
WELCOME_SIGN = "Før du kan se sakene, ber vi deg lese og signere taushetserklæringen."
WELCOME_BACK = "Hei igjen, {name}!"
# --- handlers: bad input, reasons, ended terms (issue 13) ---
TEXT_TOO_LONG = "{what}: du skrev {length} tegn, men høyst {max} får plass. Skriv kortere og send på nytt. Ingenting er lagret."
TOO_LONG_WHAT = {
    "case_title": "Tittelen er for lang",
    "case_description": "Beskrivelsen er for lang",
    "rejection_reason": "Begrunnelsen for avvisningen er for lang",
    "decision": "Vedtaket er for langt",
    "absence_reason": "Grunnen er for lang",
    "conflict_reason": "Grunnen er for lang",
    "member_name": "Navnet er for langt",
    "organisation_name": "Navnet på organisasjonen er for langt",
    "meeting_place": "Stedet er for langt",
    "chat_account": "Chat-brukeren er for lang",
    "roster_line": "Linjen er for lang",
}
# Unsigned members (whatever their role) see that someone has an absence or a conflict, never why.
REASON_HIDDEN = "grunnen vises når du har signert taushetserklæringen"
REASONS_HIDDEN_UNTIL_SIGNED = "Grunnene for forfall vises når du har signert taushetserklæringen (/taushet)."
CONFLICT_TO_LEADER_UNSIGNED = (
    "{member} har meldt habilitet i sak {label} «{title}». Grunnen ser du når du har signert "
    "taushetserklæringen (/taushet)."
)
# A term that has ended (members.term_end passed): the member is treated as a former member.
FORMER_MEMBER = (
    "Hei, {name}! Perioden din i brukerrådet gikk ut {day}, så jeg kan ikke lenger ta imot svar eller vise "
    "deg noe herfra. Skal du fortsette, kan {who} forlenge perioden din."
)
SECRETARY_TERM_ENDED = (
    "Perioden din som sekretær gikk ut {day}. Du kan fortsatt rette medlemslisten: forleng perioden med "
    "/brukerrad medlem endre \"{name}\" til=30.06.2027 (din egen eller en annens), eller legg til en ny sekretær. "
    "Andre kommandoer virker igjen når perioden er forlenget."
)
SECRETARY_TERM_ENDED_NOTE = "Merk: perioden din som sekretær gikk ut {day}. Forleng den med /brukerrad medlem endre."
TERM_ENDED_MARK = " (perioden er ute)"
NOTICE_TERM_ENDED = (
    "Perioden til {member} ({role}) gikk ut {day}. Hen har ikke lenger tilgang til brukerrådet i boten og får "
    "ingen varsler. Forleng perioden med /brukerrad medlem endre \"{name}\" til=<dato>, eller avslutt "
    "medlemskapet med /brukerrad medlem avslutt \"{name}\"."
)
NOTICE_SKIP_TERM_NOT_ENDED = "perioden ble forlenget"
CONSOLE_BAD_BUTTON = "Det er ingen knapp med det nummeret. Skriv et av tallene i hakeparentes, eller en kommando."
# --- end handlers (issue 13) ---
# --- end core ---

# --- console ---
CONSOLE_WELCOME = """Brukerrådsboten i terminalen. Skriv kommandoer som i chatten, for eksempel /brukerrad hjelp.
  /som <navn>   bytt til et annet medlem (uten navn: vis alle)
  /tid +7d      flytt klokka fram (d = dager, t = timer, u = uker), og se hva boten sender
  1, 2, …       trykk på en knapp
  /avslutt      avslutt"""
CONSOLE_BYE = "Ha det!"
CONSOLE_NOBODY = "(ingen)"
CONSOLE_NOW_ACTING = "Du er nå {name} ({role})."
CONSOLE_WHO_LIST = "Hvem vil du være? Skriv /som <navn>.\n{names}"
CONSOLE_CHANNEL = "📣 I kanalen #{channel}:"
CONSOLE_CHANNEL_EDITED = "📣 I kanalen #{channel} (oppdatert innlegg):"
CONSOLE_DIRECT = "✉️  Direktemelding til {name}:"
CONSOLE_ONLY_YOU = "💬 Bare du ser dette:"
CONSOLE_IN_CHANNEL = "💬 Svar i kanalen:"
CONSOLE_FILE_SAVED = "Filen er lagret som {path}."
CONSOLE_TIME_NOW = "Klokka er nå {when}."
CONSOLE_FORM_START = "Meld inn en sak. Svar på spørsmålene én linje om gangen; skriv /avbryt for å avbryte."
CONSOLE_FORM_OPTIONAL = "{label}: skriv den, eller trykk Enter for å hoppe over."
CONSOLE_FORM_CONFIRM = CASE_FORM_CONFIRM_QUESTION + " Svar ja eller nei."
CONSOLE_FORM_CONFIRM_LABEL = "ja/nei"
CONSOLE_TIME_USAGE = "Skriv for eksempel /tid +7d (sju dager), /tid +3t (tre timer) eller /tid +2u (to uker)."
# --- end console ---

# --- command line ---
CLI_DESCRIPTION = "Brukerrådsboten: chat-assistent for et kommunalt brukerråd."
CLI_HELP_CONFIG = "konfigurasjonsfil (TOML); standard er config.toml hvis den finnes"
CLI_HELP_COUNCIL = "hvilket råd (slug) kommandoen gjelder; standard er det første"
CLI_HELP_CONSOLE = "chat med boten i terminalen"
CLI_HELP_AS = "start som dette medlemmet"
CLI_HELP_DEMO = "last inn et demoråd (hvis tomt) og start terminalchatten"
CLI_HELP_RUN = "start boten på plattformene i konfigurasjonen"
CLI_HELP_MIGRATE = "oppdater databasen til nyeste skjema"
CLI_HELP_CHECK = "sjekk konfigurasjonsfilen og forklar feil"
CLI_HELP_EXPORT = "skriv rådets data som JSON eller CSV (arkiv og regneark)"
CLI_HELP_OUT = "fil å skrive til (standard: skjermen)"
CLI_HELP_MEMBERS = "medlemslisten"
CLI_HELP_MANIFEST = "skriv ut kommandolisten til en plattform, laget fra kommandotabellen"
CLI_HELP_MANIFEST_SLACK = "Slack-appens manifest (lim det inn under «Create New App → From an app manifest»)"
CLI_HELP_MANIFEST_HTTP = "manifestet for HTTP-modus i stedet for Socket Mode"
CLI_HELP_MANIFEST_ADDRESS = "botens offentlige HTTPS-adresse i HTTP-modus (ellers står eksempeladressen der)"
CLI_HELP_MANIFEST_TELEGRAM = "kommandomenyen til Telegram, slik BotFathers /setcommands vil ha den"
CLI_HELP_IMPORT = "importer medlemmer fra CSV (kolonner: navn, rolle, organisasjon, fra, til)"
CLI_ERROR = "Feil: {message}"
CLI_MIGRATED = "Databasen er oppdatert til nyeste skjema."
CLI_CONFIG_OK = "Konfigurasjonen ({path}) er i orden: {councils} råd, plattformer: {platforms}."
CLI_DEFAULTS = "standardverdier"
CLI_EXPORTED = "Eksportert til {path}."
CLI_IMPORTED = "{count} medlemmer er importert."
CLI_IMPORTED_ONE = "1 medlem er importert."
CLI_NO_FILE = "Finner ikke filen {path}."
CLI_CSV_UNREADABLE = "Klarer ikke å lese {path} som CSV. Bruk komma eller semikolon mellom kolonnene."
CLI_CSV_COLUMNS = "CSV-filen må ha overskriftene {columns} (navn og rolle er påkrevd)."
DEMO_LOADED = "Demorådet er lastet inn: 11 organisasjoner, leder, nestleder, sekretær, observatør og to møter."
DEMO_ALREADY = "Demorådet finnes fra før; jeg fortsetter med det."
CLI_HELP_BACKUP = "ta sikkerhetskopi av databasen til en fil (trygt mens boten kjører)"
CLI_HELP_RESTORE = "gjenopprett databasen fra en sikkerhetskopi (stopp boten først)"
CLI_BACKUP_DONE = "Sikkerhetskopien er lagret i {path}."
CLI_RESTORE_DONE = "Databasen er gjenopprettet fra {path}."
# --- files, backup and CSV (issue 13) ---
CLI_HELP_EXPORT_FORMAT = "json (standard: alt i én fil) eller csv (én fil per tabell i mappen --out, til regneark)"
CLI_EXPORT_CSV_NEEDS_OUT = "Med --format csv trenger jeg en mappe å skrive til: --out MAPPE."
CLI_EXPORT_OUT_IS_FOLDER = "{path} er en mappe. Oppgi et filnavn, for eksempel {path}/eksport.json."
CLI_EXPORTED_CSV = "Eksportert til mappen {path}: {count} CSV-filer (bare du kan lese dem)."
CLI_CSV_FOLDER = "{path} er en mappe. Oppgi selve CSV-filen, for eksempel {path}/medlemmer.csv."
CLI_CSV_NOT_ALLOWED = "Har ikke lov til å lese {path}. Sjekk filens rettigheter."
CLI_CSV_TOO_BIG = "{path} er større enn {max} MB. En medlemsliste er mye mindre; er det riktig fil?"
CLI_CSV_ENCODING = "Klarer ikke å lese tegnene i filen. Lagre den som «CSV UTF-8» i regnearket og prøv igjen."
CLI_CSV_UNKNOWN_COLUMNS = "CSV-filen har kolonner jeg ikke kjenner: {columns}. Bruk overskriftene {known}."
CLI_CSV_HEADER_IDENTITY = (
    "Overskriftene i CSV-filen ser ut til å inneholde et fødselsnummer. Første linje skal være {known}."
)
CLI_CSV_BAD_LINES = "Ingen medlemmer er importert. Rett {count} linje(r) og prøv igjen:\n{lines}"
CLI_CSV_MORE_LINES = "… og {count} linje(r) til."
CLI_CSV_LINE_ONLY = "Linje {line}: {message}"
CSV_CELL_IDENTITY = (
    "kolonnen «{column}» ser ut til å inneholde et fødselsnummer eller D-nummer. Ta det bort: medlemslisten "
    "skal bare ha navn, rolle, organisasjon og datoer."
)
CSV_CELL_TOO_LONG = "kolonnen «{column}» er lengre enn {max} tegn. Skriv den kortere."
CSV_TOO_MANY_CELLS = "linjen har {found} celler, men det er bare {expected} overskrifter. Sjekk skilletegnene."
# --- end files, backup and CSV ---
# --- audit, data protection and retention (issue 13) ---
# `brukerrad audit verify`, `brukerrad member export|erase`, `brukerrad retention run` (bot/cli.py), and
# the two chat sentences that show an overwritten decision (handlers/cases.py).
CLI_HELP_AUDIT = "revisjonsloggen"
CLI_HELP_AUDIT_VERIFY = "sjekk at ingen linje i revisjonsloggen er endret, slettet eller satt inn i ettertid"
CLI_AUDIT_OK = "{council}: OK, {lines} linjer. Siste sjekksum: {head}"
CLI_AUDIT_EMPTY = "{council}: OK, 0 linjer (loggen er tom)."
CLI_AUDIT_LEGACY = "{council}: {count} eldre linjer fra før sjekksummene ble innført er hoppet over (de kan ikke sjekkes)."
CLI_AUDIT_CUT = "{council}: de {count} eldste linjene er slettet etter lagringstiden; sjekken begynner på linje {first}."
CLI_AUDIT_BROKEN = "{council}: FEIL i revisjonsloggen: {problem}."
# What `brukerrad audit verify` found (storage/audit.py PROBLEMS); {seq}, {until}: line numbers, or an id.
AUDIT_PROBLEMS = {
    "before_start": "linje {seq} har et nummer fra før kjedens start (linje {until}): den er lagt inn i ettertid",
    "missing": "linje {lines} mangler: slettet",
    "missing_end": "linje {lines} mangler på slutten av loggen: slettet",
    "link": "linje {seq} peker ikke på linjen før seg: linjen før er endret, eller linjer er flyttet eller satt inn",
    "hash": "linje {seq} stemmer ikke med sin sjekksum: innholdet er endret, eller linjen er flyttet",
    "head": "siste linje ({seq}) er ikke den siste kjeden skrev: den er endret eller byttet ut",
    "no_counter": "telleren som holder styr på loggen, mangler",
    "unnumbered": "en linje uten nummer (id {until}) er satt inn etter at kjeden begynte",
}
CLI_HELP_MEMBER = "personvern for én person: innsyn (export) og sletting (erase)"
CLI_HELP_MEMBER_EXPORT = "skriv alt boten har lagret om én person som JSON (innsyn, personvernforordningen art. 15)"
CLI_HELP_MEMBER_ERASE = "anonymiser én person (sletting, personvernforordningen art. 17)"
CLI_HELP_NAME = "personens fulle navn slik det står i medlemslisten (i anførselstegn)"
CLI_HELP_ID = "medlemmets id, når flere har samme navn"
CLI_HELP_YES = "ikke spør om bekreftelse"
CLI_MEMBER_NAME_OR_ID = "Skriv personens fulle navn, eller --id med medlemmets id."
CLI_MEMBER_AMBIGUOUS = "Flere heter «{name}». Velg én med --id:\n{candidates}"
CLI_MEMBER_NOT_FOUND = "Finner ingen som heter akkurat «{name}»."
CLI_MEMBER_MAYBE = "Finner ingen som heter akkurat «{name}». Mente du en av disse? Velg med --id:\n{candidates}"
CLI_MEMBER_NO_ID = "Finner ingen med id {id} i dette rådet."
CLI_MEMBER_CANDIDATE = "  --id {id}  {name} ({role}{ended})"
CLI_MEMBER_CANDIDATE_ENDED = ", avsluttet"
CLI_MEMBER_EXPORTED = "Alt boten har om {name} er skrevet til {path} (bare du kan lese filen). Eksporten er ført i revisjonsloggen."
CLI_FILE_EXISTS = "{path} finnes allerede. Velg et nytt filnavn: boten skriver ikke over en fil."
CLI_ERASE_CONFIRM = (
    "Dette anonymiserer {name} (id {id}) for godt: navnet byttes ut, grunner for forfall og inhabilitet, "
    "chat-kontoer og invitasjoner slettes, og meldinger til og om personen tømmes. Sakene beholdes. "
    "Skriv ja for å fortsette: "
)
CLI_ERASE_ABORTED = "Avbrutt. Ingenting er endret."
CLI_ERASED = (
    "Personen heter nå «{name}» og er ikke lenger medlem. Grunner slettet: {reasons}. Chat-kontoer slettet: "
    "{identities}. Invitasjoner slettet: {invites}. Meldinger stoppet: {cancelled}. Meldingstekster tømt: "
    "{blanked}. Slettingen er ført i revisjonsloggen."
)
CLI_ERASED_CASES = "Disse sakene nevner navnet i tittel, beskrivelse eller vedtak; les dem og vurder om de bør rettes: {cases}."
CLI_HELP_RETENTION = "lagringstid for personopplysninger"
CLI_HELP_RETENTION_RUN = "slett nå det som er eldre enn lagringstiden (boten gjør det selv hver dag)"
CLI_RETENTION_DONE = (
    "{council}: grunner for forfall fjernet: {reasons}. Grunner for inhabilitet fjernet: {conflicts}. "
    "Meldingstekster tømt: {messages}. Invitasjoner slettet: {invites}. Linjer i revisjonsloggen slettet: {audit}."
)
CLI_RETENTION_KEYS = "Gamle leveringsnøkler slettet: {count}."
ERASED_MEMBER_NAME = "Slettet medlem {id}"
NOTICE_NOTE_ERASED = "Stoppet: personen er slettet fra rådets data."
DECISION_REPLACED = "Det forrige vedtaket er tatt vare på og vises for sekretæren med /sak vis {label}."
DECISION_EARLIER = "Tidligere vedtak (erstattet {day}): {decision}"
# --- end audit, data protection and retention ---
# --- command line (issue 14) ---
# argparse's own messages (bot/cliparser.py), keyed by argparse's English text exactly as in its source:
# the usage line, the help headings and every argument error a person can meet with `brukerrad`.
CLI_ARGPARSE = {
    "usage: ": "bruk: ",
    "positional arguments": "argumenter",
    "options": "valg",
    "show this help message and exit": "vis denne hjelpen og avslutt",
    "%(prog)s: error: %(message)s\n": "%(prog)s: feil: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "du må også skrive %s",
    "one of the arguments %s is required": "du må skrive ett av disse: %s",
    "unrecognized arguments: %s": "jeg forstår ikke «%s»",
    "invalid choice: %(value)r (choose from %(choices)s)": "«%(value)s» finnes ikke. Velg blant %(choices)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "kommandoen «%(parser_name)s» finnes ikke. Velg blant %(choices)s",
    "invalid %(type)s value: %(value)r": "«%(value)s» er ikke et gyldig %(type)s",
    "expected one argument": "skriv en verdi etter den",
    "expected at most one argument": "skriv høyst én verdi etter den",
    "expected at least one argument": "skriv minst én verdi etter den",
    "ignored explicit argument %r": "tar ingen verdi, men fikk «%s»",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s er uklart: det kan bety %(matches)s. Skriv hele navnet.",
    "unexpected option string: %s": "uventet valg: %s",
    "not allowed with argument %s": "kan ikke brukes sammen med %s",
    # Python 3.14 and later (suggest_on_error; warnings):
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": "«%(value)s» finnes ikke. Mente du «%(closest)s»? Velg blant %(choices)s",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: advarsel: %(message)s\n",
}
# argparse's ngettext messages: English singular -> (Norwegian singular, plural).
CLI_ARGPARSE_PLURAL = {"expected %s argument": ("skriv %s verdi etter den", "skriv %s verdier etter den")}
CLI_ARG_HINT = "Skriv «{prog} --help» for å se hva du kan skrive."
CLI_COMMANDS_TITLE = "kommandoer"
CLI_TYPE_INTEGER = "heltall"  # in «abc» er ikke et gyldig heltall
CLI_METAVAR_COMMAND = "KOMMANDO"
CLI_METAVAR_FILE = "FIL"
CLI_METAVAR_FOLDER_OR_FILE = "FIL/MAPPE"
CLI_METAVAR_NAME = "NAVN"
CLI_METAVAR_NUMBER = "NR"
CLI_METAVAR_SLUG = "SLUG"
CLI_METAVAR_ADDRESS = "ADRESSE"
CLI_HELP_CHECK_FILE = "konfigurasjonsfilen som skal sjekkes (standard: --config, ellers config.toml)"
CLI_HELP_BACKUP_FILE = "filen sikkerhetskopien skal skrives til"
CLI_HELP_RESTORE_FILE = "sikkerhetskopien (en fil laget med brukerrad backup)"
CLI_HELP_IMPORT_FILE = "CSV-filen med medlemslisten"
# `brukerrad check-config` and `brukerrad run`: the secrets each platform needs, named, never shown.
CLI_SECRET_WHAT = {
    "SLACK_BOT_TOKEN": "bot-tokenet fra Slack, som begynner med xoxb- (appens innstillinger, OAuth & Permissions)",
    "SLACK_APP_TOKEN": "app-tokenet for Socket Mode, som begynner med xapp- (appens innstillinger, Basic Information, App-Level Tokens)",
    "SLACK_SIGNING_SECRET": "signeringshemmeligheten fra Slack, bare bokstaver og tall (appens innstillinger, Basic Information, App Credentials)",
    "TELEGRAM_BOT_TOKEN": "tokenet fra @BotFather: tall, kolon og en kode, for eksempel 123456:ABC-def",
    "TELEGRAM_WEBHOOK_SECRET": "en hemmelighet du velger selv: 1–256 tegn, bare A–Z, a–z, 0–9, _ og -",
    "TEAMS_APP_ID": "appens id (Application (client) ID) fra app-registreringen i Entra ID, for eksempel 12345678-abcd-…",
    "TEAMS_TENANT_ID": "kommunens tenant-id (Directory (tenant) ID) fra app-registreringen i Entra ID",
    "TEAMS_APP_PASSWORD": "klienthemmeligheten (Client secret, feltet Value) fra app-registreringen i Entra ID",
    "SMTP_USERNAME": "brukernavnet boten logger inn på e-posttjeneren med (fra kommunens IT)",
    "SMTP_PASSWORD": "passordet til e-postbrukeren (fra kommunens IT)",
    "EMAIL_LINK_SECRET": "en lang, tilfeldig nøkkel du lager selv (minst 32 tegn uten mellomrom) som signerer svarlenkene i e-postene",
}
CLI_SECRET_MISSING = "Miljøvariabelen {name} mangler. Den skal være {what}."
CLI_SECRET_MALFORMED = "Miljøvariabelen {name} har feil form. Den skal være {what}. Sjekk at hele verdien er kopiert, uten mellomrom eller anførselstegn."
CLI_SECRETS_FROM_ENV = "Hemmeligheter leses bare fra miljøet, aldri fra filen."
CLI_SECRETS_BAD = "Konfigurasjonen ({path}) er i orden, men hemmelighetene plattformene trenger, mangler eller har feil form:\n{problems}\n{from_env}"
SLACK_APP_TOKEN_REFUSED = (
    "Slack godtar ikke app-tokenet i SLACK_APP_TOKEN (svaret var «{error}»). Lag et nytt under Basic Information, "
    "App-Level Tokens, med tilgangen connections:write; det begynner med xapp-. Sett det i miljøet og start på nytt."
)
# --- end command line (issue 14) ---
# --- end command line ---

# --- telegram (issue 6) ---
# The short conversation for /sak ny without text, always in the private chat with the bot.
TG_FORM_TITLE = (
    "Hva er tittelen på saken? Svar på denne meldingen med en kort tittel. Skriv /avbryt for å avbryte.\n"
    "Husk: Brukerrådet behandler ikke enkeltsaker eller klagesaker."
)
TG_FORM_DESCRIPTION = (
    "Skriv en kort beskrivelse av saken som svar på denne meldingen, "
    "eller svar med en bindestrek (-) hvis saken ikke trenger noen beskrivelse."
)
TG_FORM_CONFIRM = CASE_FORM_CONFIRM_QUESTION
TG_FORM_CONFIRM_AGAIN = "Trykk på en av knappene, eller svar ja eller nei."
TG_BUTTON_CONFIRM_YES = "Ja, send inn saken"
TG_BUTTON_CONFIRM_NO = "Nei, avbryt"
TG_FORM_CANCELLED = CASE_FORM_CANCELLED
TG_FORM_EXPIRED = "Innmeldingen er avbrutt (det gikk for lang tid), og ingenting er lagret. Start på nytt med /sak ny."
TG_FORM_BUTTON_INACTIVE = "Denne knappen hører til en innmelding som er ferdig, eller som er noen andres."
TG_NOTHING_TO_CANCEL = "Det er ingenting å avbryte."
TG_BUTTON_EXPIRED = "Denne knappen virker ikke lenger. Skriv kommandoen i stedet, for eksempel /mote neste."
TG_ANSWER_SENT_PRIVATELY = "Svaret er sendt til deg i den private chatten med boten."
TG_ANSWER_NEEDS_PRIVATE_CHAT = (
    "Svaret kan inneholde opplysninger som bare du skal se, så jeg sender det privat. "
    "Åpne {link} og trykk Start, og skriv kommandoen på nytt."
)
TG_GROUP_NOT_BOUND = (
    "Denne gruppen hører ikke til noe brukerråd. Sekretæren kan koble den ved å skrive "
    'telegram_chat = "{channel}" under rådet i konfigurasjonsfilen og starte boten på nytt.'
)
# Identity: the invite link, and the note in the group when a member never opened a private chat with the bot.
TG_INVITE_LINK = "I Telegram holder det å trykke på denne lenken: {link}"
TG_PRESS_START = (
    "{name}: Jeg har en personlig melding til deg fra brukerrådet, men kan ikke sende den før du har "
    "åpnet en privat chat med meg. Åpne {link} og trykk Start."
)
# Why a Telegram post did not go out (shown with the notice in /mote varsler).
TG_FAILED_NOT_RUNNING = "Telegram-delen av boten kjører ikke akkurat nå; prøver igjen senere."
TG_FAILED_TIMEOUT = "Telegram svarte ikke i tide; prøver igjen senere."
TG_FAILED_RATE_LIMIT = "Telegram ba boten vente {seconds} sekunder (for mange meldinger); prøver igjen da."
TG_FAILED_NETWORK = "Fikk ikke kontakt med Telegram; prøver igjen senere."
TG_FAILED_NO_PRIVATE_CHAT = "Medlemmet har ikke åpnet en privat chat med boten (trykket Start), og er bedt om det i gruppen."
TG_FAILED_REFUSED = "Telegram avviste meldingen: {reason}"
TG_FAILED_GROUP_MOVED = (
    "Telegram-gruppen er gjort om til en supergruppe med ny id {chat_id}. "
    'Sett telegram_chat = "{chat_id}" i konfigurasjonen og start boten på nytt.'
)
TG_FAILED_GROUP_GONE = (
    "Boten finner ikke Telegram-gruppen {chat}, eller er ikke med i den lenger. "
    "Legg boten til i gruppen igjen, eller rett telegram_chat i konfigurasjonen."
)
TG_FAILED_BAD_CHAT = "«{chat}» er ikke en Telegram-chat-id. Den skal være et tall, for eksempel -1001234567890."
# Operator messages (configuration).
TG_BAD_WEBHOOK_SECRET = "TELEGRAM_WEBHOOK_SECRET må være 1–256 tegn, bare bokstavene A–Z og a–z, sifre, _ og -."
TG_THE_BOT = "boten"  # in TG_PRESS_START when the bot's username is not known yet
TG_NO_TOKEN = "Miljøvariabelen TELEGRAM_BOT_TOKEN mangler. Hent tokenet fra @BotFather."
TG_TOKEN_REFUSED = (
    "Telegram godtok ikke tokenet i miljøvariabelen TELEGRAM_BOT_TOKEN (det er feil eller trukket tilbake). "
    "Hent et gyldig token fra @BotFather (/mybots, API Token) og start boten på nytt."
)
# --- end telegram ---

# --- the configuration file (bot/config.py, bot/tables.py and each platform's platform.py) ---
CONFIG_NO_FILE = "Finner ikke konfigurasjonsfilen {path}."
CONFIG_NOT_TOML = "{path} er ikke gyldig TOML: {error}. Sjekk anførselstegn og klammer."
CONFIG_DATABASE_URL = "[database] url må begynne med sqlite:/// eller postgresql+psycopg://."
CONFIG_UNKNOWN_PLATFORM = "[bot] platforms: «{name}» finnes ikke. Bruk {known}."
CONFIG_SWEEP = "[bot] sweep_seconds må være et heltall mellom 1 og 3600."
CONFIG_COUNCILS_NOT_LIST = "councils må skrives som [[councils]]-tabeller."
CONFIG_DEMO_COUNCIL = "Brukerrådet for psykisk helse og rus (demo)"
CONFIG_SAME_SLUG = "To [[councils]] har samme slug. Hvert råd trenger sin egen."
CONFIG_COUNCIL_WHERE = "[[councils]] nr. {index}"
CONFIG_COUNCIL_NOT_TABLE = "{where} må være en tabell."
CONFIG_SLUG = '{where}: slug må være små bokstaver, tall og bindestrek, for eksempel "trondheim-phr".'
CONFIG_NO_NAME = "{where}: name mangler (rådets navn slik medlemmene ser det)."
CONFIG_TIMEZONE = '{where}: tidssonen «{timezone}» finnes ikke. Bruk for eksempel "Europe/Oslo".'
CONFIG_NOTICES_NOT_TABLE = "{where}: notices må være en tabell."
CONFIG_NOTICE_DAYS = "{where} notices.{key} må være et helt antall dager mellom 0 og 366."
CONFIG_NO_DECLARATION = "{where}: finner ikke declaration_file {path}."
CONFIG_DEADLINE_ORDER = "{where}: fristen (deadline_days) må komme etter innkallingen (call_for_cases_days)."
CONFIG_TIME = '{where} må være et klokkeslett som "09:00".'
CONFIG_RETENTION_DAYS = "[retention] {key} må være et helt antall dager mellom {lowest} og {most}."
CONFIG_MESSAGES_OUTLIVE_REASONS = (
    "[retention] message_days kan ikke være større enn reason_days: meldinger kan gjengi grunner "
    "for forfall og inhabilitet, og de skal ikke leve lenger enn grunnene selv."
)
CONFIG_NOT_A_TABLE = "[{key}] må være en tabell."
CONFIG_UNKNOWN_KEY = "{place}ukjent nøkkel «{key}». Tillatt: {allowed}."
CONFIG_SECRETS_IN_ENV = "Hemmeligheter skal i miljøvariabler, ikke i filen."
CONFIG_NOT_TEXT = "{where} {key} må være tekst i anførselstegn."
CONFIG_NOT_BOOL = "{where} {key} må være true eller false."
CONFIG_PORT = "{where} {key} må være et tall mellom 1 og 65535."
CONFIG_CHOICE = "{where} {key} må være {options}."
CONFIG_TG_WEBHOOK_URL = '[telegram] webhook_url må være en https-adresse når mode = "webhook".'
CONFIG_UNKNOWN_COUNCIL = "Rådet «{wanted}» finnes ikke i konfigurasjonen. Tilgjengelige: {known}."

# --- notices (issue 4) ---
NOTICE_CALL_FOR_CASES = (
    "Hei, alle sammen! Neste {meeting_word} er {meeting}.\n"
    "Har organisasjonen din en sak dere vil ta opp? Meld den inn innen {deadline} med /sak ny <tittel>, "
    "gjerne med en kort beskrivelse på neste linje. Husk at {council_definite} tar opp saker på systemnivå, "
    "ikke enkeltsaker eller klagesaker."
)
NOTICE_LAST_CALL = (
    "I dag er siste frist for å melde inn saker til {meeting}. Meld inn med /sak ny <tittel>.\n"
    "Saker så langt:\n{cases}"
)
NOTICE_LAST_CALL_AHEAD = (
    "Siste frist for å melde inn saker til {meeting}, er {deadline}. Meld inn med /sak ny <tittel>.\n"
    "Saker så langt:\n{cases}"
)
NOTICE_NO_CASES_YET = "(ingen ennå)"
NOTICE_UNTRIAGED = (
    "Til arbeidsutvalget: før {meeting}, venter {cases_count} på behandling:\n{cases}\n"
    "Sett en sak på sakslisten med /sak godkjenn <nr>, utsett den med /sak utsett <nr> "
    "eller avvis den med /sak avvis <nr> <grunn>."
)
NOTICE_ONE_CASE = "1 sak"
NOTICE_CASES = "{count} saker"
NOTICE_MEETING_DAY = "God morgen! I dag er det brukerrådsmøte kl. {time}. Sted: {place}. Vel møtt!"
NOTICE_DECLARATION_REMINDER = (
    "Hei, {name}! Vi mangler fortsatt signaturen din på taushetserklæringen for brukerrådet. "
    "Til du har signert, ser du bare titlene på sakene. Det tar et minutt: les erklæringen og trykk «Jeg har lest og signerer»."
)
NOTICE_TERM_WARNING = (
    "Til sekretæren: perioden til {member} som {role} går ut {day}. "
    "Husk å sørge for ny oppnevning eller nytt valg i god tid."
)
NOTICE_HALF_YEAR_NONE = "Til sekretæren: det er ikke planlagt noen møter i halvåret fra {start} til {end}."
NOTICE_HALF_YEAR_ONE = "Til sekretæren: det er bare planlagt ett møte i halvåret fra {start} til {end}."
NOTICE_HALF_YEAR_HINT = (
    "Brukerrådet har fire til seks møter i året, og møteplanen legges for et halvår om gangen. "
    "Planlegg møter med /mote ny."
)
NOTICE_HALF_YEAR_EVALUATION = "Brukerrådet evaluerer arbeidet sitt hver juni: evalueringen kommer med på sakslisten til junimøtet."
NOTICE_NOTE_MOVED = "Møtet ble flyttet; varselet er lagt om."
NOTICE_NOTE_CANCELLED = "Møtet er avlyst."
NOTICE_NOTE_REPLANNED = "Perioden ble endret; varselet er lagt om."
NOTICE_SKIP_AFTER_MEETING = "Møtet har allerede vært."
NOTICE_SKIP_AFTER_DEADLINE = "Fristen for saker hadde gått ut da varselet skulle sendes."
NOTICE_SKIP_AGENDA_OUT = "Sakslisten var allerede sendt ut."
NOTICE_SKIP_NOT_MEMBER = "Personen er ikke lenger medlem."
NOTICE_SKIP_SIGNED = "Taushetserklæringen er signert."
NOTICE_SKIP_NOTHING_WAITING = "Ingen saker ventet på arbeidsutvalget."
NOTICE_SKIP_ALL_ANSWERED = "Alle hadde svart."
NOTICE_SKIP_ANSWERED = "Personen hadde svart i mellomtiden."
NOTICE_SKIP_PLAN_OK = "Halvåret har nok møter."
NOTICE_SKIP_NO_TARGET = "Ingen kanal eller chat-konto å sende til."
NOTICE_EXPANDED = "Sendt til {count} personer."
NOTICE_SENT_ELSEWHERE = "Gikk ut på {done}, men ikke på {failed}: {error}"
NOTICE_NOTE_UNCERTAIN = (
    "Boten stoppet midt i sendingen på {where}, så det er usikkert om varselet kom fram. "
    "Sjekk, og send det selv hvis det mangler."
)
NOTICE_PLATFORM_NAMES = {
    "console": "konsollen",
    "slack": "Slack",
    "telegram": "Telegram",
    "teams": "Teams",
    "email": "e-post",
}
NOTICE_NOTE_RETRY = "Ikke sendt ennå ({error}); prøver igjen {when}."
NOTICES_HEADING = "Varsler for {meeting} og rådet:"
NOTICES_HEADING_NO_MEETING = "Varsler for rådet:"
NOTICES_LINE = "• {kind}{about}: {state}, {when}{note}"
NOTICES_PERSONAL_LINE = "• {kind}: {count} {state}, første {when}{note}"
# --- end notices ---

# --- slack (issue 5) ---
SLACK_MODAL_TITLE = "Meld inn en sak"
SLACK_MODAL_SUBMIT = "Meld inn"
SLACK_MODAL_INTRO = "Saken settes opp til neste møte. Brukerrådet behandler ikke enkeltsaker eller klagesaker."
SLACK_HOME_HEADER = "Brukerrådet"
OVERVIEW_MEETING_HEADING = "Neste møte"
OVERVIEW_DECLARATION_HEADING = "Taushetserklæringen"
OVERVIEW_SIGNED = "Du har signert taushetserklæringen (versjon {version})."
OVERVIEW_UNSIGNED = "Du har ikke signert taushetserklæringen ennå. Til du har gjort det, ser du bare titlene på sakene. Les den, og signer med knappen nederst i den."
OVERVIEW_CASES_HEADING = "Mine åpne saker"
OVERVIEW_NO_CASES = "Du har ingen åpne saker."
OVERVIEW_NO_COUNCIL = "Du er ikke koblet til noe brukerråd ennå. Be sekretæren om en invitasjonskode, og skriv så /brukerrad registrer KODE i rådets kanal."
OVERVIEW_BUTTON_NEW_CASE = "Meld inn en sak"
SLACK_CLOSE = "Lukk"
SLACK_CUT_SHORT = "(Resten av svaret fikk ikke plass her. Skriv kommandoen i rådets kanal for å se alt.)"
SLACK_NO_TOKEN = "Miljøvariabelen SLACK_BOT_TOKEN mangler. Se README, avsnittet om Slack."
SLACK_NO_APP_TOKEN = "Socket Mode trenger miljøvariabelen SLACK_APP_TOKEN (begynner med xapp-). Se README, avsnittet om Slack."
SLACK_NO_SIGNING_SECRET = "HTTP-modus trenger miljøvariabelen SLACK_SIGNING_SECRET. Se README, avsnittet om Slack."
SLACK_FAILED = "Slack svarte ikke ({error}); prøver igjen senere."
SLACK_FAILED_RATE_LIMIT = "Slack ba boten vente {seconds} sekunder; prøver igjen da."
SLACK_FAILED_PERMANENT = "Slack tok ikke imot meldingen ({error}). Er boten invitert til kanalen?"
# --- Slack and Telegram: private stays private (issue 13) ---
# A Slack command in a channel that is not the council's: answered to the sender only, nothing done.
SLACK_CHANNEL_NOT_THE_COUNCILS = (
    "Denne kanalen er ikke brukerrådets kanal, så jeg har ikke gjort noe her. Skriv kommandoen i rådets "
    "egen kanal, eller i en direktemelding til meg (finn meg under Apper i Slack)."
)
# Telegram: /sak ny in the group runs the form in the private chat.
TG_FORM_SENT_PRIVATELY = "Jeg har sendt deg et skjema i privat melding. Svar der, så ser ikke gruppen det du skriver."
TG_FORM_NEEDS_PRIVATE_CHAT = (
    "Saken fyller du ut i en privat melding med meg, så gruppen ikke ser den før den er sendt inn. "
    "Åpne {link}, trykk Start, og skriv /sak ny der."
)
# Telegram: a group message the bot must not leave standing (it held an identity number). The private
# message gets one of the first two lines; the group notes say nothing of what the message held.
TG_REDACT_DELETED = "Jeg har slettet meldingen din i gruppen, så ingen andre ser den lenger."
TG_REDACT_DELETE_IT_YOURSELF = (
    "Jeg har ikke lov til å slette meldinger i gruppen. Slett meldingen din der selv: "
    "hold fingeren på den (eller høyreklikk) og velg Slett."
)
TG_REDACT_NOTE_DELETED = (
    "Jeg har slettet en melding her som jeg ikke kunne ta imot. Du som skrev den: åpne {link} og trykk "
    "Start, så kan du skrive til meg privat."
)
TG_REDACT_NOTE = (
    "Denne meldingen kunne jeg ikke ta imot. Slett den gjerne, og åpne {link} og trykk Start, "
    "så kan du skrive til meg privat."
)
# --- end Slack and Telegram: private stays private ---
# --- end slack ---

# What `/mote varsler` calls each kind of notice and each state (handlers/notices.py: KINDS, STATE_NAMES).
NOTICE_KIND_NAMES = {
    "call_for_cases": "innkalling til saker",
    "last_call": "siste frist for saker",
    "agenda": "sakslisten",
    "untriaged": "saker som venter på arbeidsutvalget",
    "attendance_nudge": "påminnelse om oppmøte",
    "meeting_day": "påminnelse på møtedagen",
    "term_warning": "varsel om periode som går ut",
    "term_ended": "periode som er ute",
    "half_year": "planlegging av neste halvår",
    "declaration_reminder": "påminnelse om taushetserklæringen",
    "message": "melding",
    "open_chat": "be om å åpne privat chat med boten",
    "calendar_update": "kalenderoppdatering på e-post",
    "deputy_wait": "neste stedfortreder når svar uteblir",
}
NOTICE_STATE_NAMES = {
    "pending": "planlagt",
    "sending": "sendes nå",
    "sent": "sendt",
    "skipped": "hoppet over",
    "failed": "feilet",
    "cancelled": "avlyst",
    "uncertain": "usikker",
}

# --- Microsoft Teams (bot/teams) ---
TEAMS_FORM_TITLE = SLACK_MODAL_TITLE
TEAMS_FORM_INTRO = SLACK_MODAL_INTRO
TEAMS_FORM_SUBMIT = SLACK_MODAL_SUBMIT
TEAMS_FORM_SENT_PRIVATELY = "Jeg har sendt deg et skjema i den personlige chatten med boten. Fyll det ut der, så ser ikke kanalen det du skriver."
TEAMS_ANSWER_SENT_PRIVATELY = "Svaret er sendt til deg i den personlige chatten med boten."
TEAMS_TAKEN_BACK = (
    "Meldingen din inneholdt noe som ikke skal stå i kanalen, og er fjernet. Jeg har skrevet til deg i den "
    "personlige chatten med boten."
)
TEAMS_NO_PRIVATE_CHAT = (
    "{name}: jeg får ikke skrevet til deg privat. Åpne appen «{app}» i Teams (Apper i venstremenyen) og skriv "
    "hei, så kan jeg sende deg svar og påminnelser."
)
TEAMS_NO_COUNCIL_HERE = (
    "Denne kanalen hører ikke til noe brukerråd. Be sekretæren sette teams_channel = \"{channel}\" for rådet i "
    "konfigurasjonen, eller skriv til meg i den personlige chatten."
)
TEAMS_WELCOME = (
    "Hei! Jeg er brukerrådets assistent. Skriv «brukerrad hjelp» for å se hva jeg kan. Har du fått en "
    "invitasjonskode, skriv «brukerrad registrer KODE» her i den personlige chatten."
)
TEAMS_TURN_FAILED = "Beklager, noe gikk galt hos meg. Ingenting er endret – prøv igjen om litt."
TEAMS_YOU = "Hei"
TEAMS_NOT_A_COMMAND = "Jeg forstår bare kommandoer. Skriv for eksempel «brukerrad hjelp» for å se hva jeg kan, eller «sak ny Tittel» for å melde inn en sak."
TEAMS_NOTHING_TO_CANCEL = "Det er ingenting å avbryte. Et skjema i Teams blir ikke sendt før du trykker «Meld inn»."
TEAMS_FILE_ELSEWHERE = "Filen «{filename}» kan jeg ikke sende i Teams ennå. Hent den i Slack, Telegram eller konsollen."
TEAMS_FAILED_NOT_RUNNING = "Teams-delen av boten kjører ikke akkurat nå; prøver igjen senere."
TEAMS_FAILED_TIMEOUT = "Teams svarte ikke i tide; prøver igjen senere."
TEAMS_FAILED_RATE_LIMIT = "Teams ba boten vente {seconds} sekunder (for mange meldinger); prøver igjen da."
TEAMS_FAILED_NETWORK = "Fikk ikke kontakt med Teams; prøver igjen senere."
TEAMS_FAILED_REFUSED = "Teams avviste meldingen (HTTP {status})."
TEAMS_FAILED_NO_PLACE = (
    "Boten vet ikke hvordan den når kanalen {channel} i Teams ennå. Legg appen til i teamet (eller fjern og "
    "legg den til igjen), så lærer den det."
)
TEAMS_FAILED_NO_PRIVATE_CHAT = "Medlemmet har ikke en personlig chat med boten i Teams, og er bedt om å åpne den."
CONFIG_TEAMS_HOSTS = "service_hosts i [teams] skal være en liste med vertsnavn, for eksempel [\"smba.trafficmanager.net\"]."
CONFIG_TEAMS_METADATA = "openid_metadata i [teams] skal være en https-adresse."
CONFIG_TEAMS_WEBSITE = "website i [teams] skal være en https-adresse (kommunens nettside for rådet)."
TEAMS_APP_SHORT = "Brukerrådets assistent: saker, møter, oppmøte og taushetserklæring"
TEAMS_APP_LONG = (
    "Assistenten for brukerrådet: medlemmene melder inn saker, svarer på oppmøte og signerer "
    "taushetserklæringen; boten sender innkalling til saker, saksliste og påminnelser i rett tid."
)
TEAMS_PACKAGE_WRITTEN = "Teams-pakken er skrevet til {path}. Last den opp i Teams' administrasjonssenter (Administrer apper, Last opp)."
CLI_HELP_TEAMS_PACKAGE = "skriv Teams-pakken (manifest.json og ikoner i en zip) som en administrator laster opp i Teams"
CLI_HELP_TEAMS_PACKAGE_OUT = "filen pakken skrives til (standard: brukerrad-teams.zip)"
# --- documents: the notice with agenda, the minutes, the public meeting page (issue 17) ---
DOC_NOTICE_TITLE = "Innkalling til møte {number} i {council}"
DOC_MINUTES_TITLE = "Referat fra møte {number} i {council}"
DOC_NOTICE_SUBJECT = "Innkalling med saksliste"
DOC_MINUTES_SUBJECT = "Referat"
DOC_PUBLIC_VERSION = "Offentlig versjon."
DOC_INTERNAL_VERSION = "Intern versjon for medlemmene av brukerrådet. Skal ikke publiseres."
DOC_DRAFT = "Utkast: sakslisten er ikke sendt ut ennå."
DOC_WHEN = "Tid: {when}"
DOC_PLACE = "Sted: {place}"
DOC_REMOTE = "Møtet er digitalt. Lenke til møtet: "
DOC_REMOTE_PUBLIC = "Møtet er digitalt. Medlemmene får lenken i innkallingen fra sekretæren."
DOC_CANCELLED = "Møtet er avlyst."
DOC_CALLED_IN_HEADING = "Innkalt"
DOC_CALLED_IN_CAPTION = "Disse er kalt inn til møtet"
DOC_COL_NAME = "Navn"
DOC_COL_ORGANISATION = "Organisasjon"
DOC_COL_NOTE = "Merknad"
DOC_COL_NUMBER = "Nr."
DOC_COL_CASE = "Saksnr."
DOC_COL_TITLE = "Sak"
DOC_AGENDA_HEADING = "Saksliste"
DOC_AGENDA_CAPTION = "Sakene i møtet, i rekkefølge"
DOC_ITEM_HEADING = "Sak {number}. {title}"
DOC_ITEM_CASE_HEADING = "Sak {number}. {title} (saksnr. {label})"
DOC_FROM = CASE_FROM  # the same line in a document as in /sak vis
DOC_CONFLICT = "{name} har meldt at hen kan være inhabil i saken."
DOC_CONFLICT_REASON = "{name} har meldt at hen kan være inhabil i saken: {reason}"
DOC_WITHDREW = "{name} fratrådte under behandlingen."
DOC_WITHDREW_REASON = "{name} fratrådte under behandlingen ({reason})."
DOC_DEADLINE_HEADING = "Frist for saker"
DOC_DEADLINE = "Fristen for å melde inn saker til dette møtet er {deadline}."
DOC_ABSENCE_HEADING = "Forfall"
DOC_ABSENCE_HOW = (
    "Kan du ikke komme, eller bare til en del av møtet? Meld forfall så snart du kan: skriv /oppmote nei "
    "og grunnen til boten, eller si fra til {secretary}. Da kaller vi inn stedfortrederen din."
)
DOC_THE_SECRETARY = "sekretæren"
DOC_AGENDA_POST_HINT = "Innkallingen som PDF: /mote innkalling {number} (som Word-fil: /mote innkalling {number} word)."
DOC_MADE = "Laget {day} av brukerrådsboten."
DOC_PRESENT_HEADING = "Til stede"
DOC_PRESENT_CAPTION = "Disse var til stede"
DOC_ABSENT_HEADING = "Forfall"
DOC_ABSENT_CAPTION = "Disse hadde meldt forfall"
DOC_STOOD_IN_HEADING = "Stedfortredere"
DOC_STOOD_IN = "{deputy} møtte for {member}."
DOC_PARTLY = "deler av møtet"
DOC_ITEMS_HEADING = "Saker"
DOC_APPROVAL_HEADING = "Godkjenning"
DOC_APPROVED = "Referatet ble godkjent i møte {number}, {day}."
DOC_NOT_APPROVED = "Referatet legges fram for godkjenning i neste møte."
DOC_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word-fil"}
DOC_VERSION_NAMES = {True: "offentlig versjon", False: "intern versjon"}
DOC_NOTICE_ATTACHED = "Her er innkallingen som {format} ({version}): {meeting}."
DOC_MINUTES_ATTACHED = "Referatet er lagt ved som {format} ({version})."
DOC_PUBLIC_UNTIL_SIGNED = (
    "Du har ikke signert taushetserklæringen ennå, så du får den offentlige versjonen, uten beskrivelsene "
    "av sakene og uten grunner til forfall og habilitet."
)
DOC_USAGE_INNKALLING = (
    "Skriv møtenummeret, for eksempel /mote innkalling 3. Skriv word etter nummeret for en Word-fil, "
    "og offentlig for versjonen som kan publiseres."
)
DOC_BAD_OPTION = "Jeg forstod ikke «{word}». Skriv for eksempel /mote {verb} 3, /mote {verb} 3 word eller /mote {verb} 3 offentlig."
DOC_CLI_WROTE = "Skrev {path}"
CLI_HELP_DOCUMENTS = "skriv innkallingen og referatet for et møte som PDF og Word-fil (offentlig og intern versjon)"
CLI_HELP_DOCUMENTS_MEETING = "møtenummeret, for eksempel 3"
CLI_HELP_DOCUMENTS_OUT = "mappen filene skrives i (standard: data/dokumenter)"
CONFIG_LETTERHEAD = "[documents] letterhead: fant ingen Word-fil (.docx) på {path}. Skriv stien til brevmalen, eller fjern linjen."
DOC_CLI_NO_COUNCIL = "Fant ikke brukerrådet «{slug}». Rådene i oppsettet: {known}."
DOC_CLI_CHOOSE_COUNCIL = "Det er flere brukerråd i oppsettet. Velg ett med --council: {known}."
WEB_HOME = "Forside"
WEB_MEETINGS_TITLE = "Møter i {council}"
WEB_INTRO = "Her finner du møtene i brukerrådet: innkallinger med saksliste og godkjente referater."
WEB_COMING_HEADING = "Kommende møter"
WEB_NO_COMING = "Det er ikke planlagt noen møter ennå."
WEB_PAST_HEADING = "Godkjente referater"
WEB_NO_MINUTES = "Ingen referater er godkjent ennå."
WEB_AGENDA_LINK = "Innkalling og saksliste for møte {number}"
WEB_AGENDA_NOT_YET = "Sakslisten kommer senest en uke før møtet."
WEB_MINUTES_LINK = "Referat fra møte {number}"
WEB_ACCESSIBILITY_LINK = "Tilgjengelighetserklæring"
WEB_ACCESSIBILITY_TITLE = "Tilgjengelighetserklæring for {council}"
WEB_ACCESSIBILITY_BODY = (
    "Disse sidene skal følge kravene i forskrift om universell utforming av IKT: WCAG 2.1 nivå A og AA. "
    "Sidene er vanlig HTML uten JavaScript, med overskrifter, tabeller med kolonneoverskrifter og lenker "
    "som sier hvor de går. Innkallinger og referater kan lastes ned som PDF/UA-1 og PDF/A-2a, med språk, "
    "tittel og struktur, så skjermlesere kan lese dem i riktig rekkefølge.",
    "Sidene testes automatisk med axe-core i nettleseren Chromium ved hver endring.",
    "Kommunen publiserer den offisielle tilgjengelighetserklæringen på uustatus.no.",
    "Finner du noe som ikke fungerer for deg? Si fra til sekretæren for brukerrådet, så retter vi det.",
)
WEB_SKIP_LINK = "Hopp til innholdet"
WEB_NOT_FOUND = "Fant ikke siden."
WEB_COUNCILS_TITLE = "Brukerråd"
WEB_MEETING_LINE = "Møte {number}: {when}"
WEB_REMOTE = "digitalt møte"
WEB_CALENDAR_LINK = "Møtene som kalender (.ics)"
WEB_CALENDAR_HOW = "Legg lenken til i Outlook eller Google Kalender, så følger kalenderen med når et møte flyttes eller avlyses."
WEB_OR = "eller"
WEB_AGENDA_PDF_LINK = "innkallingen til møte {number} som PDF"
WEB_MINUTES_PDF_LINK = "referatet fra møte {number} som PDF"
WEB_PDF_OF = "Last ned «{title}» som PDF"
WEB_UUSTATUS_LINK = "Tilsynet for universell utforming av IKT (uustatus.no)"
WEB_BACK_TO_COUNCILS = "Til oversikten over brukerrådene"
# --- end documents ---
# --- e-mail (issue 16) ---
BAD_EMAIL = "«{text}» ser ikke ut som en e-postadresse. Skriv den som epost=kari.nordmann@example.no, eller epost=- for ingen."
BAD_REACH = "«{word}» kjenner jeg ikke som varsling. Skriv varsling=chat, varsling=epost, varsling=begge, eller varsling=- (e-post for den som ikke har chat)."
REACH_NAMES = {"": "", "chat": ", vil ha varsler i chat", "epost": ", vil ha varsler på e-post", "begge": ", vil ha varsler i chat og på e-post"}
ROSTER_EMAIL = " – e-post {address}{refused}{wish}"
EMAIL_REFUSED_MARK = " (avvist av e-posttjeneren)"
CALENDAR_UPDATE_MOVED = "Møtet er flyttet: {meeting}. Kalenderinvitasjonen er oppdatert."
# E-mail subjects per notice kind (handlers/mail.py); {day} is the meeting's day, «14. januar».
EMAIL_SUBJECTS = {
    "call_for_cases": "Meld inn saker til brukerrådsmøtet {day}",
    "last_call": "Siste frist for saker til brukerrådsmøtet {day}",
    "agenda": "Innkalling til brukerrådsmøte {day}",
    "untriaged": "Saker som venter på arbeidsutvalget før møtet {day}",
    "attendance_nudge": "Kommer du på brukerrådsmøtet {day}?",
    "meeting_day": "I dag: brukerrådsmøte {day}",
    "calendar_update": "Brukerrådsmøtet er flyttet: nå {day}",
    "term_warning": "En periode i {council} går snart ut",
    "term_ended": "En periode i {council} er ute",
    "half_year": "Planlegg neste halvår i {council}",
    "declaration_reminder": "Husk å signere taushetserklæringen for {council}",
}
EMAIL_SUBJECT_CANCELLED = "Avlyst: brukerrådsmøtet {day}"
EMAIL_SUBJECT_MEETING = "Om brukerrådsmøtet {day}"
EMAIL_SUBJECT_DEFAULT = "Melding fra {council}"
NOTICES_EMAIL_REFUSED = "⚠️ E-posttjeneren avviste adressen til {name} ({address}) {when}. Ingenting mer sendes dit før du retter den med /brukerrad medlem endre \"{name}\" epost=…"
CONFIG_EMAIL_ADDRESS = "[email]: {key} må være en e-postadresse, som \"brukerrad@kommune.no\"."
CONFIG_EMAIL_PUBLIC_URL = "[email]: public_url må begynne med https:// (adressen der bottens webtjener nås fra internett, for svarlenkene)."
CONFIG_EMAIL_NUMBER = "[email]: {key} må være et helt tall fra {least} til {most}."
EMAIL_NO_CHANNEL = "e-post har ingen kanal"
EMAIL_NO_ADDRESS = "medlemmet har ingen e-postadresse lenger"
EMAIL_SERVER_DOWN = "fikk ikke levert til e-posttjeneren ({kind})"
EMAIL_TEMPORARY = "e-posttjeneren ba om å prøve senere (svar {code})"
EMAIL_ADDRESS_REFUSED = "e-posttjeneren avviste adressen (svar {code})"
EMAIL_REFUSED = "e-posttjeneren avviste meldingen (svar {code})"
CONFIG_EMAIL_NO_SENDER = "[email]: sender mangler: adressen e-postene sendes fra, som \"brukerrad@kommune.no\"."
EMAIL_LINKS_HEADING = "Svar med ett klikk:"
EMAIL_INVITATION_NOTE = "Møtet ligger ved som kalenderinvitasjon. Flyttes eller avlyses møtet, får du en oppdatering."
EMAIL_FOOTER = "Denne e-posten er sendt automatisk av brukerrådets sekretariat. Svar på den hvis du vil skrive til sekretæren."
EMAIL_PAGE_CONFIRM = "Trykk på knappen for å svare «{label}»."
EMAIL_PAGE_ABSENCE_TITLE = "Meld forfall"
EMAIL_PAGE_PART_LEGEND = "Er du borte hele møtet eller deler av det?"
EMAIL_PAGE_WHOLE = "Hele møtet"
EMAIL_PAGE_PART = "Deler av møtet"
EMAIL_PAGE_REASON_LABEL = "Grunn (valgfritt for hele møtet)"
EMAIL_PAGE_REASON_HELP = "Skriv kort, for eksempel «sykdom», «jobb» eller «går kl. 11». Ikke skriv fødselsnummer."
EMAIL_PAGE_SEND_ABSENCE = "Send forfall"
EMAIL_PAGE_PART_NEEDS_REASON = "Skriv hvilken del av møtet du er borte fra, for eksempel «går kl. 11»."
EMAIL_PAGE_DONE_TITLE = "Takk"
EMAIL_PAGE_ERROR_TITLE = "Det gikk ikke"
EMAIL_PAGE_ALREADY = "Dette svaret er allerede registrert. Du trenger ikke gjøre noe mer."
EMAIL_PAGE_BAD_TITLE = "Lenken virker ikke"
EMAIL_PAGE_BAD_LINK = "Denne lenken kjenner jeg ikke igjen. Kanskje ble den delt over to linjer eller endret på veien.\n\nÅpne lenken rett fra e-posten, eller svar på e-posten til sekretæren. Ingenting er endret."
EMAIL_PAGE_EXPIRED = "Denne lenken er for gammel og virker ikke lenger.\n\nBruk lenken i den nyeste e-posten, eller svar på e-posten til sekretæren. Ingenting er endret."
EMAIL_PAGE_TOO_LONG = "Svaret var for langt. Skriv grunnen kortere og prøv igjen."
# Deputies called in one at a time (handlers/attendance.py).
DEPUTY_SEAT_COVERED = "Plassen er dekket: stedfortreder {deputy} møter for {member} på {meeting}."
DEPUTY_NO_ANSWER_TO_SECRETARY = "Stedfortreder {deputy} har ikke svart på innkallingen for {member} til {meeting}."
DEPUTY_ASKED_NEXT = "Jeg har spurt neste stedfortreder: {deputy}."
DEPUTY_NONE_LEFT = "Det er ingen flere stedfortredere å spørre, så plassen er ikke dekket."
# --- end e-mail ---


# Meeting times people really type (handlers/dates.py, issue 19)
MEETING_TIME_SPOKEN_AMBIGUOUS = (
    "Jeg vet ikke om «{text}» betyr kl. {morning} eller kl. {evening}. "
    "Skriv klokkeslettet med tall, for eksempel «{example}»."
)
MEETING_TIME_END_BEFORE_START = (
    "Møtet kan ikke slutte {end} når det begynner {start}. "
    "Skriv starttiden først, for eksempel «{example}»."
)
MEETING_TIME_WHICH_DAY_NEXT_WEEK = "Skriv hvilken dag i neste uke du mener, for eksempel «{example}»."
MEETING_TIME_YEAR_NEEDED = (
    "{date} har allerede vært i år. Hvis du mener {next}, skriv året også, for eksempel «{example}»."
)
WARN_WEEKEND = "Merk: det er en {weekday}."


# --- roll call and the minutes made from it (handlers/rollcall.py, handlers/documents.py; issue 18, point 1) ---
ROLLCALL_USAGE = """Opprop på møtet (for sekretæren og møtelederen):
/mote opprop [nr] – oppropet for dagens møte (eller møte nr), med knapper
/mote opprop <nr> <navn> til_stede
/mote opprop <nr> <navn> forfall – borte, hadde meldt forfall
/mote opprop <nr> <navn> uten_forfall – borte uten å ha meldt forfall
/mote opprop <nr> <navn> kom kl 10.30 etter sak 2 – kom senere (var ikke med på sak 1–2)
/mote opprop <nr> <navn> gikk kl 11.30 etter sak 3 – gikk tidligere (var ikke med på sakene etter sak 3)
/mote opprop <nr> <navn> for <navn> – stedfortrederen møtte for en representant
«etter sak …» er nummeret på sakslisten og kan sløyfes. Det samme opprop to ganger endrer ingenting."""
ROLLCALL_USAGE_MARK = (
    "Skriv navnet og hva som gjelder, for eksempel «/mote opprop 1 Kari Nordmann til_stede», "
    "«… forfall», «… uten_forfall», «… kom kl 10.30 etter sak 2», «… gikk kl 11.30 etter sak 3» "
    "eller «… for Kari Nordmann». Se /mote opprop hjelp."
)
ROLLCALL_NO_MEETING_TODAY = "Det er ikke noe møte i dag. Skriv møtenummeret, for eksempel /mote opprop 3."
ROLLCALL_CANCELLED = "Møte {number} er avlyst, så det er ikke noe opprop."
ROLLCALL_NOT_YET = "Oppropet tas på møtedagen. Det er {meeting}."
ROLLCALL_NOT_ON_ROLL = "{name} er ikke representant, stedfortreder eller observatør, og er ikke med i oppropet."
ROLLCALL_BAD_TIME = (
    "Jeg forstod ikke klokkeslettet «{text}». Skriv for eksempel «kom kl 10.30» eller «gikk kl 11.30 etter sak 3»."
)
ROLLCALL_BAD_ITEM = "Sakslisten til møte {meeting} har sak 1 til {items}, ikke sak {number}."
ROLLCALL_LEFT_BEFORE_CAME = "{name} kan ikke gå før hen kom. Sjekk klokkeslettene."
ROLLCALL_ONLY_DEPUTY_STANDS_IN = "Bare en stedfortreder kan møte for en annen, og {name} er ikke stedfortreder."
ROLLCALL_STANDS_IN_FOR_REPRESENTATIVE = "{name} er ikke representant, så ingen kan møte for hen."
ROLLCALL_OTHER_ORGANISATION = "{deputy} er stedfortreder for en annen organisasjon enn {member}."
ROLLCALL_RECORDED = "Registrert for {name}."
ROLLCALL_UNCHANGED = "Det var allerede registrert for {name}. Ingenting er endret."
ROLLCALL_HEADING = "Opprop, {meeting}:"
ROLLCALL_LINE = "• {who}: {state}"
ROLLCALL_NOT_CALLED = "ikke ropt opp ennå (svarte: {answer})"
ROLLCALL_NOT_CALLED_NO_ANSWER = "ikke ropt opp ennå (har ikke svart)"
ROLLCALL_STATE_PRESENT = "til stede"
ROLLCALL_STATE_FORFALL = "forfall"
ROLLCALL_STATE_NO_FORFALL = "møtte ikke, uten forfall"
ROLLCALL_STATE_FOR = ", møtte for {name}"
ROLLCALL_NOTE_CAME = "kom kl. {time}"
ROLLCALL_NOTE_LEFT = "gikk kl. {time}"
ROLLCALL_NOTE_MISSED = "; var ikke med på {items}"
ROLLCALL_ITEM = "sak {number}"
ROLLCALL_ITEMS_RANGE = "sak {first}–{last}"
ROLLCALL_ITEMS = "sak {numbers}"
ROLLCALL_BUTTON_PRESENT = "{name}: til stede"
ROLLCALL_BUTTON_ABSENT = {"forfall": "{name}: forfall", "uten_forfall": "{name}: uten forfall"}
ROLLCALL_ORGANISATIONS = "Representert: {represented} av {total} organisasjoner."
ROLLCALL_HELD = "Møtet er registrert som holdt (oppropet begynte kl. {time})."
ROLLCALL_HOW = "Kom senere eller gikk tidligere? Skriv for eksempel «/mote opprop {number} Kari Nordmann gikk kl 11.30 etter sak 3»."
MINUTES_CHAIR = "Møteleder: {name}"
MINUTES_MINUTE_TAKER = "Referent: {name}"
MINUTES_NO_FORFALL = "Møtte ikke (uten forfall): {names}"
MINUTES_UNRECORDED = "Ikke registrert i oppropet: {names}"
MINUTES_ORGANISATIONS = ROLLCALL_ORGANISATIONS  # the same count in the minutes as on the roll
MINUTES_CHAIR_ROLE = {"leader": "leder", "deputy_leader": "nestleder, fordi lederen hadde forfall"}
DOC_NO_FORFALL_HEADING = "Møtte ikke"
DOC_NO_FORFALL_CAPTION = "Disse møtte ikke og hadde ikke meldt forfall"
DOC_UNRECORDED_HEADING = "Ikke registrert i oppropet"
DOC_LEADERSHIP_HEADING = "Møteledelse"
DOC_FOR_MEMBER = "møtte for {name}"
DOC_OBSERVERS_HEADING = "Observatører"
MINUTES_CHAIR_TOOK_OVER = "; {name} (nestleder) fra kl. {time}, da lederen gikk"
MINUTES_OBSERVERS = "Til stede som observatør: {names}"
CHAIR_TOLD_LEADER = "Nestlederen, {names}, får beskjed om å lede møtet."
# --- end roll call ---

# Attendance and allowance report (handlers/report.py, bot/report.py, issue 18 point 8)
USAGE_MOTE += "\n/mote rapport [år] [h1|h2|fra 2026-01-01 til 2026-06-30] [csv] – oppmøte og møtegodtgjørelse som regneark"
REPORT_USAGE_ERROR = (
    "Skriv perioden slik: /mote rapport 2026, /mote rapport 2026 h1 eller "
    "/mote rapport fra 2026-01-01 til 2026-06-30. Legg til «csv» for en CSV-fil."
)
REPORT_BAD_DATE = "Jeg forstod ikke datoen. Skriv den som 2026-01-31 eller 31.1.2026."
REPORT_END_BEFORE_START = "Sluttdatoen kommer før startdatoen. Skriv den tidligste datoen først."
REPORT_HALF = "{half}. halvår {year}"
REPORT_SPAN = "fra {start} til {end}"
REPORT_FORMAT_NAMES = {"xlsx": "regneark (Excel)", "csv": "CSV-fil"}
REPORT_ATTACHED = "Her er oppmøterapporten for {period} som {format}: {meetings} møter holdt."
REPORT_NO_MEETINGS = "Det ble ikke holdt noen møter i perioden, så tallene er null."
REPORT_TITLE = "Oppmøte og møtegodtgjørelse – {council}"
REPORT_PERIOD_LINE = "Periode: {period}. Laget {made}."
REPORT_SHEET_MEMBERS = "Oppmøte"
REPORT_SHEET_MEETINGS = "Møter"
REPORT_SHEET_DETAILS = "Per møte"
REPORT_MEMBER_HEADER = (
    "Navn",
    "Organisasjon",
    "Rolle",
    "Møter i perioden",
    "Møtt",
    "Møtt delvis",
    "Forfall",
    "Ikke møtt uten forfall",
    "Møtt som stedfortreder",
    "Stedfortreder for",
    "Møter med godtgjørelse",
)
REPORT_MEETING_HEADER = ("Møte", "Dato", "Sted", "Møtt")
REPORT_DETAIL_HEADER = ("Møte", "Dato", "Navn", "Organisasjon", "Rolle", "Oppmøte", "Stedfortreder for")
REPORT_PRESENCE = {
    "attended": "møtt",
    "partly": "møtt delvis",
    "excused": "forfall",
    "absent": "ikke møtt uten forfall",
}
CLI_HELP_REPORT = "skriv oppmøterapporten (møtegodtgjørelse) for en periode som regneark eller CSV"
CLI_HELP_REPORT_YEAR = "året (standard: i år)"
CLI_HELP_REPORT_HALF = "halvåret: 1 eller 2 (standard: hele året)"
CLI_HELP_REPORT_FROM = "første dag, for eksempel 2026-01-01 (sammen med --to)"
CLI_HELP_REPORT_TO = "siste dag, for eksempel 2026-06-30 (sammen med --from)"
CLI_HELP_REPORT_FORMAT = "xlsx (standard) eller csv"
CLI_HELP_REPORT_OUT = "filen som skal skrives (standard: data/rapporter/<råd>-oppmote-<periode>.<format>)"
CLI_REPORT_FROM_AND_TO = "Bruk --from og --to sammen, og ikke sammen med --year eller --half."
CLI_REPORT_WROTE = "Skrev oppmøterapporten til {path} ({meetings} møter, {members} medlemmer)."
# --- end attendance report ---

# --- defects (issue 18, point 10; point 2's decision day) ---
DEPUTY_PARTLY_RECORDED = (
    "Det er registrert at du møter på deler av {meeting}. Sekretæren får beskjed om når du er der."
)
DEPUTY_PARTLY_TO_SECRETARY = (
    "Stedfortreder {deputy} møter for {member} på deler av {meeting}. Se /oppmote status for når."
)
DECISION_TOO_EARLY = (
    "Vedtak i sak {label} føres fra møtedagen, i eller etter møtet: {meeting}. Ingenting er endret."
)
DECISION_NO_MEETING = "Sak {label} har ikke fått et møte ennå, så det kan ikke føres vedtak i den. Ingenting er endret."
DECISION_REPLACED_WAS = "Det forrige vedtaket var: «{old}»."
AGENDA_BEFORE_DEADLINE = (
    "Fristen for saker er {deadline}, så det kan fortsatt komme inn saker. "
    "Vil du likevel sende ut sakslisten nå?"
)
BUTTON_PUBLISH_ANYWAY = "Ja, send ut sakslisten nå"
CANCEL_CONFIRM_QUESTION = (
    "Vil du avlyse møte {number} ({when})? Medlemmene får beskjed, og sakene flyttes til neste møte. "
    "Stemmer det?"
)
BUTTON_CONFIRM_CANCEL = "Ja, avlys møtet"
MOVE_UNDERSTOOD = "Jeg forstod: møte {number} flyttes fra {before} til {after}."
MOVE_NEW_DEADLINE = "Ny frist for saker: {deadline}."
MOVE_CONFIRM_QUESTION = "Stemmer det? Trykk «Ja, flytt møtet», eller skriv /mote flytt på nytt for å rette."
BUTTON_CONFIRM_MOVE = "Ja, flytt møtet"
MEETING_MOVE_ALREADY = "Møte {number} er allerede lagt til {after}."
CASE_NOT_AGENDA_ITEM = (
    "Merk: «{typed}» er saksnummeret, så jeg tok sak {label} «{title}». Punkt {item} på sakslisten til "
    "{meeting} er sak {other} «{other_title}»; skriv {other} hvis du mente den."
)
NUDGE_ALREADY_TODAY = (
    "Det ble sendt en påminnelse i dag kl. {time}. Vil du likevel sende en ny til dem som ikke har svart "
    "ennå ({count})?"
)
BUTTON_NUDGE_AGAIN = "Ja, send påminnelsen igjen"
NOTICE_SKIP_COLLAPSED = "En nyere påminnelse av samme slag går ut i stedet."
NOTICE_SKIP_ENOUGH_REMINDERS = "Medlemmet har fått nok påminnelser; sekretæren har fått beskjed."
DECLARATION_REMINDERS_STOPPED = (
    "{member} har fått {count} påminnelser om å signere taushetserklæringen, men har ikke signert. "
    "Jeg sender ikke flere. Ta gjerne kontakt direkte."
)
DEPUTY_LEADER_CHAIRS = (
    "Leder {leader} har meldt forfall til {meeting}. Som nestleder leder du møtet. "
    "Sakslisten ser du med /mote sakliste."
)
DEPUTY_LEADER_CHAIRS_PART = (
    "Leder {leader} kan bare være med på deler av {meeting}. Som nestleder leder du møtet når lederen ikke "
    "er der. Sakslisten ser du med /mote sakliste."
)
PLAN_RUNNING_NUMBER = " (nr. {number})"
ALREADY_ANSWERED_PARTLY = "Det er allerede registrert at du er med på deler av {meeting}."
# --- end defects ---

# --- council profiles (issue 19 point 2) ---
PROFILE_UNKNOWN = "Rådstypen «{key}» finnes ikke. Velg en av disse: {known}."
PROFILE_DEMO_COUNCIL = "{council_title} (demo)"
CLI_HELP_PROFILE = "rådstypen demoen viser: brukerrad (standard), eldrerad, funksjonsrad eller ungdomsrad"
# --- end council profiles ---
# --- every agenda item's decision, eventuelt in the meeting (issue 18 point 2) ---
USAGE_MOTE += (
    "\n/mote vedtak [møte <nr>] punkt <nr> <vedtakstekst> – vedtaket under et punkt på sakslisten, også "
    "innkalling, referat og eventuelt (punktnummeret, ikke saksnummeret; uten tekst: vis punktet med tidligere "
    "vedtak; uten møte: dagens møte)"
    "\n/mote eventuelt [møte <nr>] <tittel> – sett opp en sak under eventuelt i møtet (også for leder og nestleder)"
)
USAGE_SAK += "\n   Saksnummeret (for eksempel 2/2026), ikke punktet på sakslisten: det er /mote vedtak punkt <nr>."
AGENDA_EXTRA_ITEM = "Eventuelt: {title}"
CASE_DECISION_CHANGED = "Vedtaket er endret etter at det først ble ført."
ITEM_NUMBER_MISSING = "Skriv punktnummeret på sakslisten og vedtaket, for eksempel {example}"
ITEM_MEETING_MISSING = "Skriv hvilket møte etter «møte», for eksempel {example}"
ITEM_NO_MEETING_TODAY = (
    "Det er ikke noe møte i dag. Skriv hvilket møte, for eksempel «møte 1/2027» rett etter verbet: {example}"
)
ITEM_MEETING_CANCELLED = "Møtet er avlyst ({meeting}), så det føres ikke vedtak eller eventuelt i det. Ingenting er endret."
ITEM_NOT_CASE_NUMBER = (
    "«{typed}» er et saksnummer. Her skriver du punktnummeret på sakslisten, for eksempel /mote vedtak punkt 3 "
    "<tekst>. Vedtak etter saksnummeret: /sak vedtak {typed} <tekst>."
)
ITEM_NO_SUCH = "Sakslisten til {meeting} har punkt 1 til {count}, så «{typed}» finnes ikke. Se /mote sakliste."
ITEM_IS_CASE = "Punkt {item} er sak {label}."
ITEM_DECISION_TOO_EARLY = "Vedtak føres fra møtedagen, i eller etter møtet: {meeting}. Ingenting er endret."
ITEM_DECISION_RECORDED = "Vedtaket under punkt {item} «{title}» i {meeting} er ført og kommer med i referatet."
ITEM_DECISION_KEPT = "Det er tatt vare på og vises når du skriver /mote vedtak med punktnummeret uten tekst."
ITEM_VIEW_HEADING = "Punkt {item}. {title} – {meeting}"
ITEM_VIEW_NO_DECISION = "Vedtak er ikke ført ennå."
ITEM_VIEW_CHANGED = "Vedtaket er endret. Alle {count} versjoner, eldste først:"
ITEM_VIEW_VERSION = "• {when}, ført av {who}: {text}"
ITEM_VIEW_SOMEONE = "boten"
EXTRA_TITLE_MISSING = "Skriv tittelen på saken under eventuelt, for eksempel {example}"
EXTRA_TOO_EARLY = "Saker under eventuelt settes opp på møtedagen: {meeting}. Ingenting er endret."
EXTRA_ALREADY = "«{title}» står allerede under eventuelt som punkt {item}."
EXTRA_ADDED = (
    "«{title}» er satt opp under eventuelt som punkt {item} i {meeting}. "
    "Vedtaket fører sekretæren med /mote vedtak punkt {item} <tekst>."
)

# --- the June evaluation (issue 18 point 9) ---
USAGE_MOTE += (
    "\n/mote evaluering [år] [png] – den årlige evalueringen til junimøtet som PDF med diagrammer (png: "
    "diagrammene som bilde); for arbeidsutvalget"
)
EVALUATION_USAGE_ERROR = "Skriv året for junimøtet, for eksempel /mote evaluering 2027. Legg til «png» for diagrammene som bilde."
EVALUATION_FORMAT_NAMES = {"pdf": "PDF", "png": "bilde (PNG)"}
EVALUATION_ATTACHED = "Her er evalueringen for perioden {period}, som {format}."
EVALUATION_NO_CHARTS = "Det er ingen saker eller møter å tegne i perioden {period}, så det er ikke noe bilde."
EVALUATION_TITLE = "Årlig evaluering {year} – {council}"
EVALUATION_SUBJECT = "Brukerrådets årlige evaluering til junimøtet"
EVALUATION_PERIOD = "Perioden er {period}. Laget {made}."
EVALUATION_MEETINGS_HEADING = "Møter holdt"
EVALUATION_MEETINGS = "Brukerrådet holdt {held} møter i perioden. Mandatet sier {least} til {most} møter i året: {verdict}"
EVALUATION_WITHIN = "det er innenfor."
EVALUATION_BELOW = "det mangler {missing}."
EVALUATION_ABOVE = "det er flere enn mandatet sier."
EVALUATION_MEETING_HEADER = ("Møte", "Dato", "Sted", "Møtt")
EVALUATION_CASES_HEADING = "Saker"
EVALUATION_CASES = "Det ble meldt inn {count} saker i perioden."
EVALUATION_OUTCOME_LINE = "Utfall: {numbers}."
EVALUATION_OUTCOMES = {
    "decided": "vedtak fattet",
    "rejected": "avvist",
    "withdrawn": "trukket",
    "deferred": "utsatt",
    "approved": "på sakslisten, ikke behandlet ennå",
    "submitted": "venter på arbeidsutvalget",
}
EVALUATION_NO_ORGANISATION = "Uten organisasjon"
EVALUATION_CHART_CASES_ORG = "Saker per organisasjon"
EVALUATION_CHART_CASES_OUTCOME = "Saker etter utfall"
EVALUATION_CHART_ATTENDANCE = "Oppmøte per organisasjon"
EVALUATION_SERIES_CASES = "Saker"
EVALUATION_SERIES_PRESENT = "Møtt"
EVALUATION_SERIES_EXCUSED = "Forfall"
EVALUATION_SERIES_ABSENT = "Ikke møtt"
EVALUATION_COL_WHAT = "Hva"
EVALUATION_ALT = "Stolpediagram, {what}: {numbers}."
EVALUATION_ALT_ATTENDANCE = "{org} møtt {present}, forfall {excused}, ikke møtt {absent}"
EVALUATION_ATTENDANCE_HEADING = "Oppmøte per organisasjon"
EVALUATION_ATTENDANCE_HOW = (
    "Tallene er møter per medlem: representantene i møtene i sin funksjonstid, og stedfortrederne der de "
    "møtte for en representant. Delvis oppmøte telles som møtt."
)
EVALUATION_NO_ATTENDANCE = "Det ble ikke holdt møter i perioden, så det er ikke noe oppmøte å vise."
EVALUATION_TERMS_HEADING = "Funksjonstid som går ut"
EVALUATION_TERMS = "Medlemmer med funksjonstid som går ut fra {start} til {end}:"
EVALUATION_TERMS_HEADER = ("Navn", "Organisasjon", "Rolle", "Siste dag")
EVALUATION_NO_TERMS = "Ingen."
EVALUATION_TERMS_COUNT = "Funksjonstiden går ut for {count} medlemmer i året som kommer."
CLI_HELP_EVALUATION = "skriv den årlige evalueringen til junimøtet som PDF med diagrammer (eller diagrammene som PNG)"
CLI_HELP_EVALUATION_YEAR = "året for junimøtet (standard: neste juni)"
CLI_HELP_EVALUATION_FORMAT = "pdf (standard) eller png"
CLI_HELP_EVALUATION_OUT = "filen som skal skrives (standard: data/rapporter/<råd>-evaluering-<år>.<format>)"
CLI_EVALUATION_WROTE = "Skrev evalueringen til {path} ({meetings} møter, {cases} saker)."
