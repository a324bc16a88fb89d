"""A throwaway PostgreSQL server for ``make test-pg``.

``python -m tests.postgres.throwaway [-- COMMAND …]`` makes a cluster in a temporary folder
(``initdb``: trust on loopback, UTF-8, C collation like SQLite's byte order), starts it on a
free port with durability off (fsync: it is thrown away), runs COMMAND (default: the whole
pytest suite) with ``GOYANG_BOT_TEST_PG`` naming a fresh database, then stops the server and
deletes the folder, whatever COMMAND did. Exits with COMMAND's code.

PostgreSQL refuses to run as root: as root the server runs as the ``postgres`` user (Debian's
``postgresql`` package creates it), which owns the folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

SERVER_USER = "postgres"
DATABASE = "goyang_test"
SETTINGS = (
    "listen_addresses=127.0.0.1", "fsync=off", "synchronous_commit=off",
    "full_page_writes=off", "max_connections=300",
)


def find_program(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return versions[-1] if versions else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(folder: Path) -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        account = pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise SystemExit(
            f"running as root and there is no '{SERVER_USER}' user to run PostgreSQL as"
            " (apt-get install postgresql creates it)"
        ) from None
    for path in (folder, *folder.rglob("*")):
        os.chown(path, account.pw_uid, account.pw_gid)
    return ["runuser", "-u", SERVER_USER, "--"]


def run(command: Sequence[str]) -> int:
    programs = {name: find_program(name) for name in ("initdb", "pg_ctl")}
    missing = [name for name, path in programs.items() if path is None]
    if missing:
        print(f"PostgreSQL not found ({', '.join(missing)}): apt-get install postgresql",
              file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="goyang-pg-"))
    data = folder / "data"
    port = free_port()
    as_user = _as_server_user(folder)
    started = False
    try:
        subprocess.run([*as_user, str(programs["initdb"]), "-D", str(data), "-A", "trust",
                        "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"],
                       check=True, stdout=subprocess.DEVNULL)
        options = " ".join([f"-p {port}", f"-k {folder}", *(f"-c {s}" for s in SETTINGS)])
        subprocess.run([*as_user, str(programs["pg_ctl"]), "-D", str(data), "-l",
                        str(folder / "server.log"), "-o", options, "-w", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        started = True
        base = f"postgresql://postgres@127.0.0.1:{port}"
        _create_database(base)
        env = {**os.environ, "GOYANG_BOT_TEST_PG": f"{base}/{DATABASE}"}
        print(f"throwaway PostgreSQL on 127.0.0.1:{port} ({folder})", flush=True)
        return subprocess.call(list(command), env=env)
    finally:
        if started:
            subprocess.run([*as_user, str(programs["pg_ctl"]), "-D", str(data), "-m", "fast",
                            "-w", "stop"], stdout=subprocess.DEVNULL, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _create_database(base: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    if args and args[0] == "--":
        args = args[1:]
    return run(args or [sys.executable, "-m", "pytest"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
