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
    assert main(["--config", str(config), "--council", "andre", "run"]) == 0  # the chat read /avslutt
    assert "Ha det!" in capsys.readouterr().out  # the console chat ran, and wrote where stdout is now
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


ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "error:", "required", "invalid choice")


def _says_no_english(text: str) -> None:
    found = [word for word in ENGLISH if word in text]
    assert not found, f"English from argparse: {found}\n{text}"


def test_a_wrong_command_is_answered_in_norwegian_with_what_to_type(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["nye"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    _says_no_english(err)
    assert "bruk: brukerrad" in err and "«nye» finnes ikke" in err
    assert "'export'" in err and "Skriv «brukerrad --help»" in err


def test_a_missing_argument_is_named_in_norwegian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["backup"])
    err = capsys.readouterr().err
    _says_no_english(err)
    assert "brukerrad backup: feil: du må også skrive FIL" in err and "«brukerrad backup --help»" in err
    with pytest.raises(SystemExit):
        main(["export", "--out"])
    err = capsys.readouterr().err
    _says_no_english(err)
    assert "--out: skriv en verdi etter den" in err
    with pytest.raises(SystemExit):
        main(["member", "export", "--id", "tre"])
    err = capsys.readouterr().err
    assert "«tre» er ikke et gyldig heltall" in err
    with pytest.raises(SystemExit):
        main(["export", "ekstra"])
    assert "jeg forstår ikke «ekstra»" in capsys.readouterr().err


def test_help_is_norwegian(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["member", "export", "--help"]):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 0
        out = capsys.readouterr().out
        _says_no_english(out)
        assert out.startswith("bruk: brukerrad") and "vis denne hjelpen og avslutt" in out
    assert "kommandoer:" in out or "argumenter:" in out


def test_argparse_is_english_again_for_everyone_else() -> None:
    """The catalog is in place only during our parser's calls: pytest's and other libraries' argparse stay."""
    import argparse

    with pytest.raises(SystemExit):
        main(["nye"])
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    other = argparse.ArgumentParser(prog="annet")
    assert other.format_usage().startswith("usage: annet")


def test_every_translated_message_is_one_argparse_still_writes() -> None:
    """A key that argparse no longer uses would hide an English message behind a stale translation."""
    import argparse

    from handlers import texts

    source = Path(argparse.__file__).read_text("utf-8")
    keys = [*texts.CLI_ARGPARSE, *texts.CLI_ARGPARSE_PLURAL]
    later = {k for k in keys if "maybe you meant" in k or "warning:" in k} if sys.version_info < (3, 14) else set()
    stale = [key for key in keys if key not in later and repr(key)[1:-1] not in source and key not in source]
    found = len(keys) - len(stale) - len(later)
    print(f"argparse messages translated: {found}/{len(keys)} in this argparse, {len(later)} from later Pythons")
    assert not stale


SLACK_BOT = "xoxb-1111-2222-AbCdEfGh"
SLACK_APP = "xapp-1-A0AAA-3333-abcdef"
TELEGRAM_BOT = "123456789:AAF-fake_token-for-tests"
SECRET_NAMES = (
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
)


def _platform_config(tmp_path: Path, slack_mode: str = "socket", telegram_mode: str = "polling") -> Path:
    config = tmp_path / f"{slack_mode}-{telegram_mode}.toml"
    webhook = '\nwebhook_url = "https://bot.example.no/telegram/webhook"' if telegram_mode == "webhook" else ""
    config.write_text(
        f'[bot]\nplatforms = ["slack", "telegram"]\n[slack]\nmode = "{slack_mode}"\n'
        f'[telegram]\nmode = "{telegram_mode}"{webhook}\n',
        "utf-8",
    )
    return config


# (slack mode, telegram mode, environment, the variables that must be named)
SECRET_CASES: list[tuple[str, str, dict[str, str], set[str]]] = [
    ("socket", "polling", {}, {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "TELEGRAM_BOT_TOKEN"}),
    (
        "http",
        "webhook",
        {},
        {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"},
    ),
    # the bot and app tokens swapped, and a Telegram token without its number
    (
        "socket",
        "polling",
        {"SLACK_BOT_TOKEN": SLACK_APP, "SLACK_APP_TOKEN": SLACK_BOT, "TELEGRAM_BOT_TOKEN": "AAF-fake"},
        {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "TELEGRAM_BOT_TOKEN"},
    ),
    # copied with a space, a user token (xoxp-) for the bot token
    (
        "socket",
        "polling",
        {"SLACK_BOT_TOKEN": "xoxp-1-2-3", "SLACK_APP_TOKEN": SLACK_APP + " ", "TELEGRAM_BOT_TOKEN": TELEGRAM_BOT},
        {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"},
    ),
    # a webhook secret Telegram would refuse: a character outside A-Za-z0-9_-, and 257 characters
    (
        "http",
        "webhook",
        {
            "SLACK_BOT_TOKEN": SLACK_BOT,
            "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd",
            "TELEGRAM_BOT_TOKEN": TELEGRAM_BOT,
            "TELEGRAM_WEBHOOK_SECRET": "hemmelig!ord",
        },
        {"TELEGRAM_WEBHOOK_SECRET"},
    ),
    (
        "http",
        "webhook",
        {
            "SLACK_BOT_TOKEN": SLACK_BOT,
            "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd",
            "TELEGRAM_BOT_TOKEN": TELEGRAM_BOT,
            "TELEGRAM_WEBHOOK_SECRET": "a" * 257,
        },
        {"TELEGRAM_WEBHOOK_SECRET"},
    ),
    (
        "http",
        "webhook",
        {
            "SLACK_BOT_TOKEN": SLACK_BOT,
            "SLACK_SIGNING_SECRET": "signing secret",
            "TELEGRAM_BOT_TOKEN": TELEGRAM_BOT,
            "TELEGRAM_WEBHOOK_SECRET": "a" * 256,
        },
        {"SLACK_SIGNING_SECRET"},
    ),
]


def test_check_config_names_every_missing_or_malformed_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    caught = 0
    for slack_mode, telegram_mode, env, named in SECRET_CASES:
        for name in SECRET_NAMES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        config = _platform_config(tmp_path, slack_mode, telegram_mode)
        code = main(["check-config", str(config)])
        captured = capsys.readouterr()
        said = {name for name in SECRET_NAMES if name in captured.err}
        shown = [value for value in env.values() if value.strip() and value.strip() in captured.err]
        assert "i orden:" not in captured.out
        if code == 2 and said == named and not shown and "mangler eller har feil form" in captured.err:
            caught += 1
    print(f"secret problems named, values never shown: {caught}/{len(SECRET_CASES)}")
    assert caught == len(SECRET_CASES)


def test_check_config_passes_with_every_secret_in_its_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in {
        "SLACK_BOT_TOKEN": SLACK_BOT,
        "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99aaa85a5",
        "TELEGRAM_BOT_TOKEN": TELEGRAM_BOT,
        "TELEGRAM_WEBHOOK_SECRET": "Hemmelig_ord-2027",
    }.items():
        monkeypatch.setenv(name, value)
    assert main(["check-config", str(_platform_config(tmp_path, "http", "webhook"))]) == 0
    assert "er i orden: 1 råd, plattformer: slack, telegram" in capsys.readouterr().out


def test_run_refuses_a_malformed_secret_before_starting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", SLACK_BOT)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xoxb-wrong-kind")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM_BOT)
    assert main(["--config", str(_platform_config(tmp_path)), "run"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_APP_TOKEN har feil form" in err and "xoxb-wrong-kind" not in err
