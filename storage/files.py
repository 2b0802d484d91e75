"""Files only the bot's own user can read: folders 0700, files 0600, whatever the process umask is.

The database holds health data (absence reasons) and names; backups, exports and documents hold the same.
A umask of 022 (the usual default) would leave them readable by every local user, so every file the bot
writes goes through this module, which sets the mode itself instead of trusting the umask.

SQLite creates its `-wal` and `-shm` files with the mode of the database file, so the database file is
created here, 0600, before SQLite ever opens it (`private_database`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
from pathlib import Path

_LOGGER = logging.getLogger(__name__)

FOLDER_MODE = 0o700
FILE_MODE = 0o600
PROCESS_UMASK = 0o077
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_folder(path: Path) -> Path:
    """Create `path` and any missing parent, each new folder 0700. An existing folder is left as it is (it may
    be the working directory or /tmp, which the bot must not lock others out of), noted in the log if others
    can read it: the files inside are 0600 anyway."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            folder.mkdir(mode=FOLDER_MODE)
        os.chmod(folder, FOLDER_MODE)  # mkdir's mode is reduced by the umask, never widened: set it
    if not path.is_dir():
        raise NotADirectoryError(str(path))
    if not missing and path.stat().st_mode & 0o077 and path.resolve() != Path.cwd().resolve():
        _LOGGER.info("folder %s is readable by others; the bot's files in it are 0600", path)
    return path


def tighten(path: Path) -> None:
    """Make an existing file the bot wrote 0600 (files from before this rule, or copied in by hand)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) != FILE_MODE and info.st_uid == os.geteuid():
        os.chmod(path, FILE_MODE)


def create_private_file(path: Path) -> Path:
    """Make sure `path` exists as a 0600 file (created empty if missing); its folder is made 0700 if missing."""
    private_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(path)
        return path
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def write_private(path: Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write `data` to `path` atomically (a 0600 temporary file beside it, then renamed over it): a reader
    never sees half a file, and the file is never readable by others, not even for a moment."""
    content = data.encode(encoding) if isinstance(data, str) else data
    private_folder(path.parent)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return path


def private_database(path: Path) -> Path:
    """A SQLite database file, before SQLite opens it: folder 0700, file 0600 (so its -wal and -shm are
    created 0600 too), and any side files left from before tightened."""
    create_private_file(path)
    for suffix in SQLITE_SIDE_FILES:
        tighten(path.with_name(path.name + suffix))
    return path


def private_umask() -> int:
    """Set the process umask to 077 (belt and braces for anything a library writes); returns the old one."""
    return os.umask(PROCESS_UMASK)
