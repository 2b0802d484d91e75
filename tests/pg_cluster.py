"""A private, throwaway PostgreSQL cluster for tests that stop and start the server (fault tests).

The shared cluster of the PostgreSQL run must stay up for the other tests, so these get their own.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
from pathlib import Path

PORT_TRIES = 5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class Cluster:
    def __init__(self, root: Path) -> None:
        bin_dir = server_bin()
        assert bin_dir is not None
        self.bin = bin_dir
        self.root = root
        self.data = root / "data"
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        root.mkdir(parents=True, exist_ok=True)
        os.chmod(root, 0o777)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        # A free port is found by binding and letting go; another process may take it before the server
        # binds it (other test runs share this machine). Then the start fails at once: take another port.
        for attempt in range(1, PORT_TRIES + 1):
            self.port = _free_port()
            try:
                self.start()
                break
            except subprocess.CalledProcessError:
                if attempt == PORT_TRIES:
                    raise

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self._as, str(self.bin / tool), *args], check=True, capture_output=True, cwd=self.root)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
