"""`brukerrad evaluering`: the June evaluation written (0600, in a 0700 folder) as a PDF with its charts,
or the charts as one PNG, where the secretary asks. The read is audited, as `brukerrad report`'s is."""

from __future__ import annotations

import argparse
from typing import Any

from bot.app import App
from bot.cliparser import heltall
from bot.documents import render
from bot.report_cli import output_path
from bot.tables import ConfigError
from handlers import evaluation, texts
from handlers.context import Context
from handlers.documents import DocumentFile
from handlers.errors import UserError
from storage.db import transaction
from storage.files import write_private
from storage.models import Council


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("evaluering", help=texts.CLI_HELP_EVALUATION)
    parser.add_argument(
        "--council", dest="evaluation_council", metavar=texts.CLI_METAVAR_SLUG, help=texts.CLI_HELP_COUNCIL
    )
    parser.add_argument("--year", type=heltall, metavar="ÅR", help=texts.CLI_HELP_EVALUATION_YEAR)
    parser.add_argument("--format", choices=evaluation.FORMATS, default="pdf", help=texts.CLI_HELP_EVALUATION_FORMAT)
    parser.add_argument("--out", metavar=texts.CLI_METAVAR_FILE, help=texts.CLI_HELP_EVALUATION_OUT)


def read(app: App, council_id: int, args: argparse.Namespace) -> tuple[DocumentFile, evaluation.Evaluation]:
    """The evaluation, read in one transaction that records the read, as `/mote evaluering` reads it."""
    with transaction(app.sessions) as session:
        council = session.get(Council, council_id)
        assert council is not None
        ctx = Context(session, council, None, app.clock.now(), "cli", app.settings_for(council))
        try:
            year, _format = evaluation.parse_args(str(args.year) if args.year is not None else "", ctx.today)
        except UserError as error:
            raise ConfigError(error.message) from None
        made = evaluation.build(ctx, year)
        ctx.audit("evaluation.written", str(year), format=args.format)
        return evaluation.file_of(ctx, made, args.format), made


def run(args: argparse.Namespace, app: App, council_id: int) -> int:
    file, made = read(app, council_id, args)
    if args.format == "png" and not evaluation.charts(made):
        raise ConfigError(texts.EVALUATION_NO_CHARTS.format(period=made.period.label))
    path = output_path(args.out, f"{file.stem}.{file.format}")
    write_private(path, render(file.layout, file.format))
    print(texts.CLI_EVALUATION_WROTE.format(path=path, meetings=len(made.meetings), cases=made.cases))
    return 0
