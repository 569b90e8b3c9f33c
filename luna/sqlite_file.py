"""Luna's SQLite file is readable by its owner only: it holds birth details and every
conversation.

SQLite creates the database file with the process's umask (usually 0644, readable by
every local user) and gives its -wal, -shm and -journal files the database file's own
mode. So the file is created here, 0600, before the first connection, and a file left
readable by an older Luna is tightened. Standard library only: both the action server
(luna/profiles) and the Rasa server's tracker store (stores/tracker.py, another
environment with older libraries) call it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

OWNER_ONLY = 0o600
# The files SQLite keeps beside the database; they hold the same data.
COMPANIONS = ("-wal", "-shm", "-journal")


def make_private_sqlite_file(path: str | os.PathLike[str]) -> None:
    """Create the database file owner-only if it is missing (its directory too), and take
    group and other permissions off it and its companions if they have any."""
    database = Path(path)
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of several processes starting together exactly one creates the file.
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
    except FileExistsError:
        pass
    for file in (database, *(database.with_name(database.name + suffix) for suffix in COMPANIONS)):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
            if mode & 0o077:
                os.chmod(file, mode & 0o700)
        except FileNotFoundError:
            continue
