"""The command line as issue 14 found it: `run` that forgot `--config`, a closed pipe, English argument
errors, and `check-config` that called a configuration without its secrets in order."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _console_only(tmp_path: Path, name: str = "eget.db") -> tuple[Path, Path]:
    database = tmp_path / "egen" / name
    database.parent.mkdir()
    config = tmp_path / "my.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{database}"\n[bot]\nplatforms = ["console"]\n'
        '[[councils]]\nslug = "forste"\nname = "Første råd"\n'
        '[[councils]]\nslug = "andre"\nname = "Andre råd"\n',
        "utf-8",
    )
    return config, database


def test_run_with_only_the_console_keeps_the_config_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config, database = _console_only(tmp_path)
    monkeypatch.chdir(tmp_path)  # the default database would be ./data/brukerrad.db here
    monkeypatch.delenv("BRUKERRAD_CONFIG", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("/avslutt\n"))
    assert main(["--config", str(config), "--council", "andre", "run"]) == 0
    assert "Ha det!" in capsys.readouterr().out
    assert database.exists(), "run opened another database than the configured one"
    assert not (tmp_path / "data").exists(), "run opened the default demo database"
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT slug FROM councils ORDER BY slug")).scalars().all() == ["andre", "forste"]
    engine.dispose()


def _subprocess_env(config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "BRUKERRAD_CONFIG")}
    return {**env, "BRUKERRAD_CONFIG": str(config), "PYTHONPATH": str(ROOT)}


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`brukerrad export | head`: the reader is gone before the program writes (its end of the pipe is
    closed at once), so every write meets a broken pipe."""
    config, _ = _console_only(tmp_path)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "export"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=_subprocess_env(config),
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        os.close(write_end)
    err = done.stderr.decode()
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert done.returncode == 141
