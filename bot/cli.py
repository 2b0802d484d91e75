"""`brukerrad`: the command line. Start the bot, the console or the demo; migrate, export, import, check."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shlex
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bot import config as config_module
from bot.app import App, build
from bot.clock import MovableClock, SystemClock
from bot.config import Config, ConfigError
from bot.csvfiles import CsvError, read_table, write_csv
from handlers import roster, texts
from handlers.context import Context
from handlers.errors import UserError
from handlers.privacy import has_identity_number
from storage.db import make_engine, migrate, transaction
from storage.files import private_folder, private_umask, write_private
from storage.models import (
    Attendance,
    AuditEntry,
    Case,
    ConflictDeclaration,
    Council,
    DeclarationText,
    Meeting,
    Member,
    Notice,
    Organisation,
    Role,
    RollCall,
    Signature,
)

if TYPE_CHECKING:
    from bot.scheduler import Scheduler

_LOGGER = logging.getLogger(__name__)


def _config(path: str | None) -> Config:
    chosen = path or os.environ.get("BRUKERRAD_CONFIG")
    if chosen is None and Path("config.toml").exists():
        chosen = "config.toml"
    return config_module.load(chosen)


def _council_slug(config: Config, wanted: str | None) -> str:
    slugs = [c.slug for c in config.councils]
    if wanted is None:
        return slugs[0]
    if wanted not in slugs:
        raise ConfigError(texts.CONFIG_UNKNOWN_COUNCIL.format(wanted=wanted, known=", ".join(slugs)))
    return wanted


def cmd_console(args: argparse.Namespace, *, demo: bool = False) -> int:
    from bot.console import ConsoleChat

    config = _config(args.config)
    slug = _council_slug(config, args.council)
    if demo and getattr(args, "profile", None):
        config = config_module.with_profile(config, slug, args.profile)
    clock = MovableClock(frozen=False)
    app = build(config, clock)
    if demo:
        from bot.demo import load_demo

        loaded = load_demo(app, slug)
        print(texts.DEMO_LOADED if loaded else texts.DEMO_ALREADY)
    scheduler = _scheduler(app)
    # /tid walks the clock through every due moment on the way, as if the bot had been running all along.
    chat = ConsoleChat(app, slug, tick=scheduler.tick, advance=lambda delta: scheduler.advance(clock, delta))
    if getattr(args, "as_name", None):  # `run` with only the console comes here too, without `--as`
        print(chat.act_as(args.as_name))
    else:
        chat.act_as_role(Role.SECRETARY)
    chat.loop()
    app.close()
    return 0


def _scheduler(app: App) -> Scheduler:
    """The scheduler, ticked by hand (the console has no background thread): plan, then send what is due."""
    from bot.scheduler import Scheduler

    scheduler = Scheduler(app)
    scheduler.plan_calendar()
    return scheduler


def cmd_run(args: argparse.Namespace) -> int:
    from bot.logs import configure
    from bot.runner import run

    config = _config(args.config)
    if set(config.platforms) == {"console"}:
        # Only the console: the chat in this process, with the options as given (`--config`, `--council`).
        # (It once re-entered the command line as `brukerrad console`, dropping them: the demo database.)
        return cmd_console(args)
    config_module.check_secrets(config)  # every missing or malformed secret at once, before anything starts
    configure(config.log_format)
    code: int = run(config, SystemClock())
    return code


def cmd_migrate(args: argparse.Namespace) -> int:
    config = _config(args.config)
    engine = make_engine(config.database_url)
    migrate(engine)
    engine.dispose()
    print(texts.CLI_MIGRATED)
    return 0


def cmd_check_config(args: argparse.Namespace) -> int:
    path = args.file or args.config or ("config.toml" if Path("config.toml").exists() else None)
    config = config_module.load(path)
    problems = config_module.secret_problems(config)
    if problems:
        raise ConfigError(
            texts.CLI_SECRETS_BAD.format(
                path=path or texts.CLI_DEFAULTS,
                problems="\n".join(f"- {problem}" for problem in problems),
                from_env=texts.CLI_SECRETS_FROM_ENV,
            )
        )
    print(
        texts.CLI_CONFIG_OK.format(
            path=path or texts.CLI_DEFAULTS, councils=len(config.councils), platforms=", ".join(config.platforms)
        )
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    config = _config(args.config)
    if args.format == "csv" and not args.out:
        raise ConfigError(texts.CLI_EXPORT_CSV_NEEDS_OUT)
    if args.format == "json" and args.out and Path(args.out).is_dir():
        raise ConfigError(texts.CLI_EXPORT_OUT_IS_FOLDER.format(path=args.out))
    app = build(config, SystemClock())
    slug = _council_slug(config, args.council)
    try:
        data = export_council(app, app.council_ids[slug])
        _audit_export(app, app.council_ids[slug])
    finally:
        app.close()
    if args.format == "csv":
        count = export_csv(data, Path(args.out))
        print(texts.CLI_EXPORTED_CSV.format(path=args.out, count=count))
        return 0
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if args.out:
        write_private(Path(args.out), text + "\n")  # 0600: it holds names, reasons and decisions
        print(texts.CLI_EXPORTED.format(path=args.out))
    else:
        print(text)
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    from bot.documents import cli as documents_cli

    config = _config(args.config)
    app = build(config, SystemClock())
    try:
        return documents_cli.run(args, app, app.council_ids[_council_slug(config, args.council)])
    finally:
        app.close()


def cmd_report(args: argparse.Namespace) -> int:
    from bot import report_cli

    config = _config(args.config)
    app = build(config, SystemClock())
    try:
        return report_cli.run(args, app, app.council_ids[_council_slug(config, args.report_council or args.council)])
    finally:
        app.close()


def cmd_evaluation(args: argparse.Namespace) -> int:
    from bot import evaluation_cli

    config = _config(args.config)
    app = build(config, SystemClock())
    try:
        slug = _council_slug(config, args.evaluation_council or args.council)
        return evaluation_cli.run(args, app, app.council_ids[slug])
    finally:
        app.close()


def export_csv(data: dict[str, Any], folder: Path) -> int:
    """One CSV per part of the export (`members.csv`, `cases.csv`, …) in `folder` (0700), each 0600, with
    formula-looking cells neutralised (bot/csvfiles.py). Returns the number of files written."""
    private_folder(folder)
    count = 0
    for name, value in data.items():
        rows: list[dict[str, Any]] = [value] if isinstance(value, dict) else list(value)
        header = list(rows[0]) if rows else []
        write_csv(folder / f"{name}.csv", header, ([_csv_value(row.get(key)) for key in header] for row in rows))
        count += 1
    return count


def _csv_value(value: Any) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def export_council(app: App, council_id: int) -> dict[str, Any]:
    """Everything the council has, as plain JSON values, for archiving and backup."""
    with app.sessions() as session:
        council = session.get(Council, council_id)
        assert council is not None

        def rows(model: Any, *where: Any) -> list[Any]:
            return list(session.scalars(select(model).where(*where).order_by(model.id)))

        members = rows(Member, Member.council_id == council_id)
        member_ids = [m.id for m in members]
        meetings = rows(Meeting, Meeting.council_id == council_id)
        cases = rows(Case, Case.council_id == council_id)
        return {
            "council": {"slug": council.slug, "name": council.name, "timezone": council.timezone},
            "organisations": [
                {"id": o.id, "name": o.name} for o in rows(Organisation, Organisation.council_id == council_id)
            ],
            "members": [
                {
                    "id": m.id,
                    "name": m.name,
                    "role": m.role.value,
                    "organisation_id": m.organisation_id,
                    "term_start": m.term_start,
                    "term_end": m.term_end,
                    "active": m.active,
                }
                for m in members
            ],
            "meetings": [
                {
                    "id": m.id,
                    "number": m.number,
                    "start": m.start,
                    "ends_at": m.ends_at,
                    "place": m.place,
                    "state": m.state.value,
                    "agenda_published_at": m.agenda_published_at,
                }
                for m in meetings
            ],
            "cases": [
                {
                    "label": c.label,
                    "title": c.title,
                    "description": c.description,
                    "state": c.state.value,
                    "late": c.late,
                    "submitter_id": c.submitter_id,
                    "organisation_id": c.organisation_id,
                    "meeting_id": c.meeting_id,
                    "reason": c.reason,
                    "decision": c.decision,
                    "created_at": c.created_at,
                }
                for c in cases
            ],
            "attendance": [
                {
                    "meeting_id": a.meeting_id,
                    "member_id": a.member_id,
                    "answer": a.answer.value,
                    "reason": a.reason,
                    "answered_at": a.answered_at,
                }
                for a in rows(Attendance, Attendance.meeting_id.in_([m.id for m in meetings]))
            ],
            "roll_calls": [
                {
                    "meeting_id": r.meeting_id,
                    "member_id": r.member_id,
                    "present": r.present,
                    "forfall": r.forfall,
                    "arrived_at": r.arrived_at,
                    "arrived_after_item": r.arrived_after_item,
                    "left_at": r.left_at,
                    "left_after_item": r.left_after_item,
                    "for_member_id": r.for_member_id,
                }
                for r in rows(RollCall, RollCall.meeting_id.in_([m.id for m in meetings]))
            ],
            "declarations": [
                {"id": d.id, "sha256": d.sha256, "current": d.current, "text": d.text}
                for d in rows(DeclarationText, DeclarationText.council_id == council_id)
            ],
            "signatures": [
                {
                    "member_id": s.member_id,
                    "declaration_id": s.declaration_id,
                    "signed_at": s.signed_at,
                    "platform": s.platform,
                }
                for s in rows(Signature, Signature.member_id.in_(member_ids))
            ],
            "conflicts": [
                {"case_id": c.case_id, "member_id": c.member_id, "reason": c.reason, "declared_at": c.declared_at}
                for c in rows(ConflictDeclaration, ConflictDeclaration.case_id.in_([c.id for c in cases]))
            ],
            "notices": [
                {
                    "kind": n.kind,
                    "meeting_id": n.meeting_id,
                    "member_id": n.member_id,
                    "due_at": n.due_at,
                    "state": n.state.value,
                    "sent_at": n.sent_at,
                }
                for n in rows(Notice, Notice.council_id == council_id)
            ],
            "audit_log": [
                {
                    "at": e.at,
                    "member_id": e.member_id,
                    "platform": e.platform,
                    "action": e.action,
                    "subject": e.subject,
                    "detail": e.detail,
                }
                for e in rows(AuditEntry, AuditEntry.council_id == council_id)
            ],
        }


def cmd_backup(args: argparse.Namespace) -> int:
    from storage.backup import BackupError, backup

    config = _config(args.config)
    try:
        backup(config.database_url, Path(args.path))
    except BackupError as error:
        raise ConfigError(str(error)) from None
    print(texts.CLI_BACKUP_DONE.format(path=args.path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from storage.backup import BackupError, restore

    config = _config(args.config)
    try:
        restore(config.database_url, Path(args.path))
    except BackupError as error:
        raise ConfigError(str(error)) from None
    engine = make_engine(config.database_url)
    migrate(engine)  # a backup from an older version is brought up to date
    engine.dispose()
    print(texts.CLI_RESTORE_DONE.format(path=args.path))
    return 0


CSV_COLUMNS = ("navn", "rolle", "organisasjon", "fra", "til", "epost", "varsling")
# The same limits as the chat commands (handlers/roster.py): a name, an organisation; a role word and a date
# are short. Anything longer is a mistake (or an attack) and is reported with its line.
CSV_LIMITS = {
    "navn": roster.NAME_MAX,
    "organisasjon": roster.NAME_MAX,
    "rolle": 40,
    "fra": 20,
    "til": 20,
    "epost": 254,
    "varsling": 20,
}
CSV_LINES_SHOWN = 50


def cmd_members_import(args: argparse.Namespace) -> int:
    config = _config(args.config)
    app = build(config, SystemClock())
    slug = _council_slug(config, args.council)
    try:
        count = import_members(app, app.council_ids[slug], Path(args.file))
    finally:
        app.close()
    print(texts.CLI_IMPORTED_ONE if count == 1 else texts.CLI_IMPORTED.format(count=count))
    return 0


def import_members(app: App, council_id: int, path: Path) -> int:
    """Add every row of a roster CSV (columns navn, rolle, organisasjon, fra, til, epost, varsling); all or nothing.

    Every bad line is reported at once, with its line number and what is wrong, and then nothing is
    written. A cell that holds an identity number is named by its column, never shown."""
    known = ", ".join(CSV_COLUMNS)
    try:
        table = read_table(path)
    except CsvError as error:
        raise ConfigError(error.message) from None
    if any(has_identity_number(cell) for cell in table.header):
        raise ConfigError(texts.CLI_CSV_HEADER_IDENTITY.format(known=known))
    missing = [c for c in ("navn", "rolle") if c not in table.header]
    if missing:
        raise ConfigError(texts.CLI_CSV_COLUMNS.format(columns=known))
    unknown = [c for c in table.header if c and c not in CSV_COLUMNS]
    if unknown:
        names = ", ".join(texts.short(c) for c in unknown)
        raise ConfigError(texts.CLI_CSV_UNKNOWN_COLUMNS.format(columns=names, known=known))
    problems: list[str] = []
    with transaction(app.sessions) as session:
        council = session.get(Council, council_id)
        assert council is not None
        ctx = Context(session, council, None, app.clock.now(), "cli", app.settings_for(council))
        for line, cells in table.rows:
            problem = _row_problem(table.header, cells)
            if problem is None:
                values = dict(zip(table.header, cells, strict=False))
                parts = [shlex.quote(values["navn"]), f"rolle={shlex.quote(values.get('rolle', ''))}"]
                for column, key in (
                    ("organisasjon", "org"),
                    ("fra", "fra"),
                    ("til", "til"),
                    ("epost", "epost"),
                    ("varsling", "varsling"),
                ):
                    if values.get(column):
                        parts.append(f"{key}={shlex.quote(values[column])}")
                try:
                    with session.begin_nested():  # a bad line undoes only itself; the others are still checked
                        roster.add_member(ctx, " ".join(parts))
                except UserError as error:
                    problem = error.message
            if problem is not None:
                problems.append(texts.CLI_CSV_LINE_ONLY.format(line=line, message=problem))
        if problems:
            shown = problems[:CSV_LINES_SHOWN]
            if len(problems) > CSV_LINES_SHOWN:
                shown.append(texts.CLI_CSV_MORE_LINES.format(count=len(problems) - CSV_LINES_SHOWN))
            # Raised inside the transaction: every line added before is rolled back with it.
            raise ConfigError(texts.CLI_CSV_BAD_LINES.format(count=len(problems), lines="\n".join(shown)))
    return len(table.rows)


def _row_problem(header: list[str], cells: list[str]) -> str | None:
    """What is wrong with a line before the roster rules see it (and before any cell could be echoed)."""
    if len(cells) > len(header) and any(cells[len(header) :]):
        return texts.CSV_TOO_MANY_CELLS.format(found=len(cells), expected=len(header))
    for column, cell in zip(header, cells, strict=False):
        if has_identity_number(cell):
            return texts.CSV_CELL_IDENTITY.format(column=column)
    for column, cell in zip(header, cells, strict=False):
        limit = CSV_LIMITS.get(column)
        if limit is not None and len(cell) > limit:
            return texts.CSV_CELL_TOO_LONG.format(column=column, max=limit)
    return None


# --- audit, data protection and retention (issue 13): `audit verify`, `member export|erase`, `retention run`.
# The logic lives in storage/audit.py, handlers/dataprotection.py and storage/retention.py.


def _audit_export(app: App, council_id: int) -> None:
    """The whole council's data (reasons included) is a sensitive read: it gets its audit line."""
    from storage.audit import append

    with transaction(app.sessions) as session:
        append(session, council_id, None, "cli", "council.exported", "", {}, app.clock.now())


def _slugs(config: Config, wanted: str | None) -> list[str]:
    return [_council_slug(config, wanted)] if wanted else [c.slug for c in config.councils]


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from storage.audit import verify

    config = _config(args.config)
    app = build(config, SystemClock())
    broken = False
    try:
        for slug in _slugs(config, args.audit_council or args.council):
            with app.sessions() as session:
                result = verify(session, app.council_ids[slug])
            if result.legacy:
                print(texts.CLI_AUDIT_LEGACY.format(council=slug, count=result.legacy))
            if result.cut:
                print(texts.CLI_AUDIT_CUT.format(council=slug, count=result.cut, first=result.cut + 1))
            if not result.ok:
                broken = True
                assert result.problem is not None
                lines = f"{result.seq}" if result.seq == result.until else f"{result.seq}–{result.until}"
                problem = texts.AUDIT_PROBLEMS[result.problem].format(seq=result.seq, until=result.until, lines=lines)
                print(texts.CLI_AUDIT_BROKEN.format(council=slug, problem=problem))
            elif result.lines:
                print(texts.CLI_AUDIT_OK.format(council=slug, lines=result.lines, head=result.head))
            else:
                print(texts.CLI_AUDIT_EMPTY.format(council=slug))
    finally:
        app.close()
    return 1 if broken else 0


def _person(session: Any, council_id: int, args: argparse.Namespace) -> Member:
    from handlers.dataprotection import AmbiguousName, find_member

    if not args.name and args.id is None:
        raise ConfigError(texts.CLI_MEMBER_NAME_OR_ID)
    try:
        return find_member(session, council_id, args.name, args.id)
    except AmbiguousName as error:
        lines = "\n".join(
            texts.CLI_MEMBER_CANDIDATE.format(
                id=m.id,
                name=m.name,
                role=texts.ROLE_NAMES[m.role],
                ended="" if m.active else texts.CLI_MEMBER_CANDIDATE_ENDED,
            )
            for m in error.candidates
        )
        if args.id is not None:
            raise ConfigError(texts.CLI_MEMBER_NO_ID.format(id=args.id)) from None
        if len(error.candidates) > 1 and all(
            m.name.casefold() == " ".join(args.name.split()).casefold() for m in error.candidates
        ):
            raise ConfigError(texts.CLI_MEMBER_AMBIGUOUS.format(name=args.name, candidates=lines)) from None
        if error.candidates:
            raise ConfigError(texts.CLI_MEMBER_MAYBE.format(name=args.name, candidates=lines)) from None
        raise ConfigError(texts.CLI_MEMBER_NOT_FOUND.format(name=args.name)) from None


def _write_new_private(path: Path, text: str) -> None:
    """A new file only its owner can read (storage/files.py: 0600 whatever the umask); an existing file is
    never replaced, so an export cannot overwrite another by a slip of the keyboard."""
    if path.exists():
        raise ConfigError(texts.CLI_FILE_EXISTS.format(path=path))
    write_private(path, text)


def cmd_member_export(args: argparse.Namespace) -> int:
    from handlers.dataprotection import export

    config = _config(args.config)
    app = build(config, SystemClock())
    try:
        slug = _council_slug(config, args.member_council or args.council)
        with transaction(app.sessions) as session:
            person = _person(session, app.council_ids[slug], args)
            name = person.name
            data = export(session, app.council_ids[slug], person, app.clock.now())
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            if args.out:
                # Written before the commit: the export is only audited if the file was made.
                _write_new_private(Path(args.out), text)
    finally:
        app.close()
    if args.out:
        print(texts.CLI_MEMBER_EXPORTED.format(name=name, path=args.out))
    else:
        print(text, end="")
    return 0


def cmd_member_erase(args: argparse.Namespace) -> int:
    from handlers.dataprotection import erase

    config = _config(args.config)
    app = build(config, SystemClock())
    try:
        slug = _council_slug(config, args.member_council or args.council)
        with transaction(app.sessions) as session:
            person = _person(session, app.council_ids[slug], args)
            if not args.yes:
                answer = input(texts.CLI_ERASE_CONFIRM.format(name=person.name, id=person.id))
                if answer.strip().casefold() not in ("ja", "j", "yes"):
                    print(texts.CLI_ERASE_ABORTED)
                    return 1
            now = app.clock.now()
            council = session.get(Council, app.council_ids[slug])
            assert council is not None
            today = now.astimezone(app.settings_for(council).tz).date()
            done = erase(session, council.id, person, now, today)
    finally:
        app.close()
    print(
        texts.CLI_ERASED.format(
            name=done["name"],
            reasons=done["reasons"],
            identities=done["identities"],
            invites=done["invites"],
            cancelled=done["messages_cancelled"],
            blanked=done["messages_blanked"],
        )
    )
    if done["cases_naming_them"]:
        print(texts.CLI_ERASED_CASES.format(cases=", ".join(done["cases_naming_them"])))
    return 0


def cmd_retention_run(args: argparse.Namespace) -> int:
    from storage.retention import run_all

    config = _config(args.config)
    app = build(config, SystemClock())
    try:
        with transaction(app.sessions) as session:
            result = run_all(session, config.retention, app.clock.now())
    finally:
        app.close()
    for slug, done in result.items():
        if slug:
            print(
                texts.CLI_RETENTION_DONE.format(
                    council=slug,
                    reasons=done["reasons"],
                    conflicts=done["conflict_reasons"],
                    messages=done["message_texts"],
                    invites=done["invites"],
                    audit=done["audit_lines"],
                )
            )
    print(texts.CLI_RETENTION_KEYS.format(count=result[""]["delivery_keys"]))
    return 0


def cmd_manifest(args: argparse.Namespace) -> int:
    """`brukerrad manifest slack [--http] | telegram`: what the platform is told of our commands, made from
    the command table; needs no configuration."""
    if args.manifest_platform == "slack":
        from bot.slack import manifest

        print(manifest.render(http=args.http, address=args.address or manifest.EXAMPLE_ADDRESS), end="")
    else:
        from bot.telegram import menu

        print(menu.render(), end="")
    return 0


def cmd_teams_package(args: argparse.Namespace) -> int:
    """`brukerrad teams-package [--out FIL]`: the zip a Teams administrator uploads (bot/teams/manifest.py),
    for the app registration in TEAMS_APP_ID and the `[teams]` table of the configuration, if any."""
    from bot.teams import manifest
    from bot.teams.platform import APP_ID, TeamsConfig

    app_id = os.environ.get(APP_ID.name, "")
    if not APP_ID.form.match(app_id):
        raise ConfigError(texts.CLI_SECRET_MISSING.format(name=APP_ID.name, what=APP_ID.what))
    chosen = (
        args.config or os.environ.get("BRUKERRAD_CONFIG") or ("config.toml" if Path("config.toml").exists() else None)
    )
    settings = _config(chosen).settings_of("teams") if chosen else None
    config = settings if isinstance(settings, TeamsConfig) else TeamsConfig()
    out = Path(args.out or "brukerrad-teams.zip")
    write_private(out, manifest.package(app_id, config))
    print(texts.TEAMS_PACKAGE_WRITTEN.format(path=out))
    return 0


def _commands(parser: argparse.ArgumentParser, dest: str) -> Any:
    """A required choice of commands, listed under «kommandoer» and named KOMMANDO in the usage line."""
    return parser.add_subparsers(
        dest=dest, required=True, metavar=texts.CLI_METAVAR_COMMAND, title=texts.CLI_COMMANDS_TITLE
    )


def _add_privacy_commands(sub: Any) -> None:
    from bot.cliparser import heltall

    audit = sub.add_parser("audit", help=texts.CLI_HELP_AUDIT)
    audit_sub = _commands(audit, "audit_command")
    verify = audit_sub.add_parser("verify", help=texts.CLI_HELP_AUDIT_VERIFY)
    verify.add_argument("--council", dest="audit_council", metavar=texts.CLI_METAVAR_SLUG, help=texts.CLI_HELP_COUNCIL)
    member = sub.add_parser("member", help=texts.CLI_HELP_MEMBER)
    member_sub = _commands(member, "member_command")
    for verb, help_text in (("export", texts.CLI_HELP_MEMBER_EXPORT), ("erase", texts.CLI_HELP_MEMBER_ERASE)):
        person = member_sub.add_parser(verb, help=help_text)
        person.add_argument("name", nargs="?", metavar=texts.CLI_METAVAR_NAME, help=texts.CLI_HELP_NAME)
        person.add_argument("--id", type=heltall, metavar=texts.CLI_METAVAR_NUMBER, help=texts.CLI_HELP_ID)
        person.add_argument(
            "--council", dest="member_council", metavar=texts.CLI_METAVAR_SLUG, help=texts.CLI_HELP_COUNCIL
        )
        if verb == "export":
            person.add_argument("--out", metavar=texts.CLI_METAVAR_FILE, help=texts.CLI_HELP_OUT)
        else:
            person.add_argument("--yes", action="store_true", help=texts.CLI_HELP_YES)
    kept = sub.add_parser("retention", help=texts.CLI_HELP_RETENTION)
    kept_sub = _commands(kept, "retention_command")
    kept_sub.add_parser("run", help=texts.CLI_HELP_RETENTION_RUN)


def _run_privacy_command(args: argparse.Namespace) -> int | None:
    if args.command == "audit":
        return cmd_audit_verify(args)
    if args.command == "member":
        return cmd_member_export(args) if args.member_command == "export" else cmd_member_erase(args)
    if args.command == "retention":
        return cmd_retention_run(args)
    return None


# --- end audit, data protection and retention ---


SIGPIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for a program whose reader went away


def main(argv: Sequence[str] | None = None) -> int:
    """`brukerrad …`. A reader that closes the pipe early (`brukerrad export | head`) ends it quietly, as
    Python's documentation advises (library/signal, "Note on SIGPIPE"): no traceback, exit code 141."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # what is still buffered is written here, inside the try, not at exit
    except BrokenPipeError:
        # Python flushes stdout again at exit and would complain a second time: point it at devnull.
        devnull = os.open(os.devnull, os.O_WRONLY)
        with contextlib.suppress(OSError, ValueError):  # a stdout without a file (tests) needs nothing
            os.dup2(devnull, sys.stdout.fileno())
        return SIGPIPE_EXIT
    return code


def _main(argv: Sequence[str] | None) -> int:
    from bot.cliparser import NorwegianParser

    parser = NorwegianParser(prog="brukerrad", description=texts.CLI_DESCRIPTION)
    parser.add_argument("--config", metavar=texts.CLI_METAVAR_FILE, help=texts.CLI_HELP_CONFIG)
    parser.add_argument("--council", metavar=texts.CLI_METAVAR_SLUG, help=texts.CLI_HELP_COUNCIL)
    sub = _commands(parser, "command")
    console = sub.add_parser("console", help=texts.CLI_HELP_CONSOLE)
    console.add_argument("--as", dest="as_name", metavar=texts.CLI_METAVAR_NAME, help=texts.CLI_HELP_AS)
    demo = sub.add_parser("demo", help=texts.CLI_HELP_DEMO)
    demo.add_argument("--as", dest="as_name", metavar=texts.CLI_METAVAR_NAME, help=texts.CLI_HELP_AS)
    demo.add_argument("--profil", dest="profile", help=texts.CLI_HELP_PROFILE)
    sub.add_parser("run", help=texts.CLI_HELP_RUN)
    sub.add_parser("migrate", help=texts.CLI_HELP_MIGRATE)
    check = sub.add_parser("check-config", help=texts.CLI_HELP_CHECK)
    check.add_argument("file", nargs="?", metavar=texts.CLI_METAVAR_FILE, help=texts.CLI_HELP_CHECK_FILE)
    export = sub.add_parser("export", help=texts.CLI_HELP_EXPORT)
    export.add_argument("--out", metavar=texts.CLI_METAVAR_FOLDER_OR_FILE, help=texts.CLI_HELP_OUT)
    export.add_argument("--format", choices=("json", "csv"), default="json", help=texts.CLI_HELP_EXPORT_FORMAT)
    backup = sub.add_parser("backup", help=texts.CLI_HELP_BACKUP)
    backup.add_argument("path", metavar=texts.CLI_METAVAR_FILE, help=texts.CLI_HELP_BACKUP_FILE)
    restore = sub.add_parser("restore", help=texts.CLI_HELP_RESTORE)
    restore.add_argument("path", metavar=texts.CLI_METAVAR_FILE, help=texts.CLI_HELP_RESTORE_FILE)
    members = sub.add_parser("members", help=texts.CLI_HELP_MEMBERS)
    members_sub = _commands(members, "members_command")
    members_import = members_sub.add_parser("import", help=texts.CLI_HELP_IMPORT)
    members_import.add_argument("file", metavar=texts.CLI_METAVAR_FILE, help=texts.CLI_HELP_IMPORT_FILE)
    _add_privacy_commands(sub)
    from bot.documents.cli import add_parser as add_documents_parser

    add_documents_parser(sub)
    from bot.report_cli import add_parser as add_report_parser

    add_report_parser(sub)
    from bot.evaluation_cli import add_parser as add_evaluation_parser

    add_evaluation_parser(sub)
    manifest = sub.add_parser("manifest", help=texts.CLI_HELP_MANIFEST)
    manifest_sub = _commands(manifest, "manifest_platform")
    slack = manifest_sub.add_parser("slack", help=texts.CLI_HELP_MANIFEST_SLACK)
    slack.add_argument("--http", action="store_true", help=texts.CLI_HELP_MANIFEST_HTTP)
    slack.add_argument("--address", metavar=texts.CLI_METAVAR_ADDRESS, help=texts.CLI_HELP_MANIFEST_ADDRESS)
    manifest_sub.add_parser("telegram", help=texts.CLI_HELP_MANIFEST_TELEGRAM)
    teams_package = sub.add_parser("teams-package", help=texts.CLI_HELP_TEAMS_PACKAGE)
    teams_package.add_argument("--out", metavar=texts.CLI_METAVAR_FILE, help=texts.CLI_HELP_TEAMS_PACKAGE_OUT)
    args = parser.parse_args(argv)
    from bot.logs import configure

    configure("text", logging.WARNING)
    # Belt and braces: storage/files.py sets 0600/0700 itself, and this covers anything a library writes.
    previous_umask = private_umask()
    try:
        if args.command == "console":
            return cmd_console(args)
        if args.command == "demo":
            return cmd_console(args, demo=True)
        if args.command == "run":
            return cmd_run(args)
        if args.command == "migrate":
            return cmd_migrate(args)
        if args.command == "check-config":
            return cmd_check_config(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "backup":
            return cmd_backup(args)
        if args.command == "restore":
            return cmd_restore(args)
        if args.command == "manifest":
            return cmd_manifest(args)
        if args.command == "teams-package":
            return cmd_teams_package(args)
        if args.command == "documents":
            return cmd_documents(args)
        if args.command == "report":
            return cmd_report(args)
        if args.command == "evaluering":
            return cmd_evaluation(args)
        privacy = _run_privacy_command(args)
        if privacy is not None:
            return privacy
        return cmd_members_import(args)
    except ConfigError as error:
        print(texts.CLI_ERROR.format(message=error), file=sys.stderr)
        return 2
    finally:
        os.umask(previous_umask)  # for callers in the same process (tests); a real run ends here anyway


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
