"""`brukerrad documents <møte>`: the notice and the minutes of one meeting, as PDF and Word, in the public
and the internal version, written (0600, in a 0700 folder) where the secretary asks."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from bot.app import App
from bot.documents import DocumentSettings, render
from bot.tables import ConfigError
from handlers import documents, texts
from handlers.context import Context
from handlers.errors import UserError
from handlers.lookup import meeting_by_number
from storage.db import transaction
from storage.files import private_folder, write_private
from storage.models import Council

_LOGGER = logging.getLogger(__name__)

DEFAULT_FOLDER = Path("data") / "dokumenter"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("documents", help=texts.CLI_HELP_DOCUMENTS)
    parser.add_argument("meeting", metavar="MØTE", help=texts.CLI_HELP_DOCUMENTS_MEETING)
    parser.add_argument("--out", metavar=texts.CLI_METAVAR_FOLDER_OR_FILE, help=texts.CLI_HELP_DOCUMENTS_OUT)


def read(app: App, council_id: int, meeting: str) -> list[documents.Document]:
    """Both documents in both versions, read in one transaction that records the sensitive read."""
    with transaction(app.sessions) as session:
        council = session.get(Council, council_id)
        assert council is not None
        ctx = Context(session, council, None, app.clock.now(), "cli", app.settings_for(council))
        try:
            found = meeting_by_number(ctx, meeting)
        except UserError as error:
            raise ConfigError(error.message) from None
        made: list[documents.Document] = []
        for public in (True, False):
            made.append(documents.agenda_notice(ctx, found, public=public))
            made.append(documents.minutes(ctx, found, public=public))
        ctx.audit("documents.written", str(found.number))  # the internal versions hold reasons
        return made


def write(made: list[documents.Document], folder: Path, settings: DocumentSettings) -> list[Path]:
    private_folder(folder)
    paths: list[Path] = []
    for doc in made:
        layout = documents.layout(doc)
        for format in documents.FORMATS:
            path = folder / f"{documents.stem(doc)}.{format}"
            write_private(path, render(layout, format, settings))
            paths.append(path)
    return paths


def run(args: argparse.Namespace, app: App, council_id: int) -> int:
    folder = Path(args.out) if args.out else DEFAULT_FOLDER
    for path in write(read(app, council_id, args.meeting), folder, app.config.documents):
        print(texts.DOC_CLI_WROTE.format(path=path))
    return 0
