"""Adapters never open transactions or query storage themselves: what they need from the database, they ask
the core for (the overview, a channel's council). Read from the source, so a new
import of SQLAlchemy or `storage` in a platform package fails here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLATFORM_PACKAGES = ("bot/slack", "bot/telegram", "bot/teams", "bot/email")
FORBIDDEN = ("sqlalchemy", "storage")
# A module that must still reach into storage would be listed here, with why; the test fails on an entry
# that is no longer needed. None is: the sender keeps the outbox's bookkeeping, ports only report.
STILL_ALLOWED: set[str] = set()


def _storage_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            names.append(node.module)
    return [name for name in names if name.split(".", 1)[0] in FORBIDDEN]


def _modules() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for package in PLATFORM_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[path.relative_to(ROOT).as_posix()] = _storage_imports(path)
    return found


def test_platform_packages_import_neither_sqlalchemy_nor_storage() -> None:
    modules = _modules()
    assert "bot/slack/home.py" in modules and "bot/telegram/identity.py" in modules  # the walk finds them
    reaching = {name: imports for name, imports in modules.items() if imports and name not in STILL_ALLOWED}
    assert reaching == {}, "adapters ask the core (handlers.dispatch.Dispatcher), not the database"


def test_every_exception_is_still_needed() -> None:
    modules = _modules()
    stale = {name for name in STILL_ALLOWED if not modules.get(name)}
    assert stale == set(), "no longer reaches into storage: remove it from STILL_ALLOWED"


def test_the_check_sees_an_import_of_storage(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from sqlalchemy import select\nimport storage.models\nfrom handlers import texts\n")
    assert _storage_imports(probe) == ["sqlalchemy", "storage.models"]
