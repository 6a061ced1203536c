"""A throwaway local PostgreSQL server (Debian's ``postgresql`` package) on 127.0.0.1 and a free port.

Used by the tests, the benchmarks and ``python -m warehouse pgserver``. As root, ``initdb`` and
``pg_ctl`` refuse to run, so they run as the ``postgres`` user (``runuser -u postgres -- ...``) in a
data directory owned by that user.

    with local_server() as url:            # postgresql://wijkvraag@127.0.0.1:PORT/wijkvraag
        ...
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["PgServer", "local_server", "pg_bin", "available"]

USER = "wijkvraag"
DATABASE = "wijkvraag"


def pg_bin() -> Path | None:
    """The directory of initdb/pg_ctl of the newest installed PostgreSQL, or None."""
    root = Path("/usr/lib/postgresql")
    versions = sorted((p for p in root.glob("*/bin") if (p / "initdb").exists()),
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0) if root.exists() else []
    if versions:
        return versions[-1]
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def available() -> bool:
    return pg_bin() is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """initdb + pg_ctl start in ``directory``; ``stop()`` stops it (fast mode) and removes the files."""

    def __init__(self, directory: Path | None = None, port: int | None = None) -> None:
        binary = pg_bin()
        if binary is None:
            raise RuntimeError("PostgreSQL is niet geïnstalleerd (apt-get install -y postgresql).")
        self.bin = binary
        self.owned_dir = directory is None
        self.base = Path(directory or tempfile.mkdtemp(prefix="wijkvraag-pg-"))
        self.data = self.base / "data"
        self.port = port or _free_port()
        self.as_root = os.geteuid() == 0
        self.url = f"postgresql://{USER}@127.0.0.1:{self.port}/{DATABASE}"
        self.started = False

    def _cmd(self, *args: str) -> list[str]:
        return (["runuser", "-u", "postgres", "--"] if self.as_root else []) + list(args)

    def start(self) -> str:
        if self.as_root:
            shutil.chown(self.base, user="postgres", group="postgres")
            os.chmod(self.base, 0o700)
        if not (self.data / "PG_VERSION").exists():
            subprocess.run(self._cmd(str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, "--auth=trust",
                                     "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
                           check=True, capture_output=True, text=True)
        options = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB "
                   "-c shared_buffers=256MB -c work_mem=64MB -c maintenance_work_mem=256MB")
        subprocess.run(self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.base / "log"),
                                 "-o", options, "start"), check=True, capture_output=True, text=True)
        self.started = True
        subprocess.run(self._cmd(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER,
                                 DATABASE), check=True, capture_output=True, text=True)
        return self.url

    def stop(self) -> None:
        try:
            if self.started:
                subprocess.run(self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop"),
                               capture_output=True, text=True)
                self.started = False
        finally:
            if self.owned_dir:
                shutil.rmtree(self.base, ignore_errors=True)


@contextlib.contextmanager
def local_server(directory: Path | None = None, port: int | None = None) -> Iterator[str]:
    """Start a throwaway server, yield its URL, stop it (and remove it) whatever happens."""
    server = PgServer(directory, port)
    try:
        yield server.start()
    finally:
        server.stop()
