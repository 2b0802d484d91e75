"""`brukerrad report`: the attendance and allowance report for a period, written (0600, in a 0700 folder) as
.xlsx or CSV where the secretary asks. The read is audited (it names members' absences), as
`brukerrad documents` does."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.app import App
from bot.cliparser import heltall
from bot.report import render
from bot.tables import ConfigError
from handlers import report, texts
from handlers.context import Context
from handlers.errors import UserError
from storage.db import transaction
from storage.files import private_folder, write_private
from storage.models import Council

DEFAULT_FOLDER = Path("data") / "rapporter"


def output_path(out: str | None, name: str) -> Path:
    """Where a report the command line writes goes: `--out`, or `name` in the reports folder; the folder is
    made readable by the bot's user only, since the file holds names and attendance."""
    if out:
        path = Path(out)
        private_folder(path.parent)
        return path
    return private_folder(DEFAULT_FOLDER) / name


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("report", help=texts.CLI_HELP_REPORT)
    parser.add_argument("--council", dest="report_council", metavar=texts.CLI_METAVAR_SLUG, help=texts.CLI_HELP_COUNCIL)
    parser.add_argument("--year", type=heltall, metavar="ÅR", help=texts.CLI_HELP_REPORT_YEAR)
    parser.add_argument("--half", type=heltall, choices=(1, 2), help=texts.CLI_HELP_REPORT_HALF)
    parser.add_argument("--from", dest="start", metavar="DATO", help=texts.CLI_HELP_REPORT_FROM)
    parser.add_argument("--to", dest="end", metavar="DATO", help=texts.CLI_HELP_REPORT_TO)
    parser.add_argument("--format", choices=report.FORMATS, default="xlsx", help=texts.CLI_HELP_REPORT_FORMAT)
    parser.add_argument("--out", metavar=texts.CLI_METAVAR_FILE, help=texts.CLI_HELP_REPORT_OUT)


def _words(args: argparse.Namespace) -> str:
    """The options as `/mote rapport` reads them, so both take a period the same way."""
    if args.start or args.end:
        if not (args.start and args.end) or args.year is not None or args.half is not None:
            raise ConfigError(texts.CLI_REPORT_FROM_AND_TO)
        return f"fra {args.start} til {args.end}"
    words = [str(args.year)] if args.year is not None else []
    if args.half is not None:
        words.append(f"h{args.half}")
    return " ".join(words)


def read(app: App, council_id: int, args: argparse.Namespace) -> tuple[report.ReportFile, str]:
    """The report, read in one transaction that records the read; and the council's slug."""
    with transaction(app.sessions) as session:
        council = session.get(Council, council_id)
        assert council is not None
        ctx = Context(session, council, None, app.clock.now(), "cli", app.settings_for(council))
        try:
            period, _format = report.parse_args(_words(args), ctx.today)
        except UserError as error:
            raise ConfigError(error.message) from None
        made = report.build(ctx, period)
        ctx.audit("report.written", period.stem, format=args.format)
        return report.file_of(ctx, made, args.format), council.slug


def run(args: argparse.Namespace, app: App, council_id: int) -> int:
    file, _slug = read(app, council_id, args)
    path = output_path(args.out, f"{file.stem}.{file.format}")
    write_private(path, render(file.report, file.format))
    made = file.report
    print(texts.CLI_REPORT_WROTE.format(path=path, meetings=len(made.meetings), members=len(made.members)))
    return 0
