"""A private PostgreSQL server for one test session, and a database per test made from a template.

The session makes its own cluster in a temporary folder with the installed server's
``initdb`` (Debian: /usr/lib/postgresql/<version>/bin), listening on 127.0.0.1 at a free
port and on a socket in that folder, with password (scram) sign-in over TCP so the tests
use a real ``user:password@host`` URL. It touches no cluster of the machine and needs no
role made by hand; it is stopped and deleted when the session ends. PostgreSQL refuses to
run as root, so as root the folder is given to the ``postgres`` user and every server
command runs through ``runuser -u postgres``. Durability is switched off (fsync, full page
writes): a test database is thrown away anyway.

``BENCH_TEST_PG_URL`` names an existing server instead (a role that may create
databases); nothing is started then.
"""

from __future__ import annotations

import glob
import itertools
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.engine import make_url

URL_ENV = "BENCH_TEST_PG_URL"
BIN_ENV = "BENCH_TEST_PG_BIN"
OWNER = "bench_owner"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started or reached; the message says why."""


def _bin_dir() -> Path:
    if os.environ.get(BIN_ENV):
        return Path(os.environ[BIN_ENV])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresUnavailable("no PostgreSQL server is installed (initdb not found; Debian: apt-get install "
                              "postgresql, or set BENCH_TEST_PG_URL to a server)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    admin_url: str  # a role that may create databases, on its maintenance database
    folder: Path | None = None  # the private cluster, when this session started one
    _run_as: list[str] = field(default_factory=list)
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    _admin_engine: object = None

    @classmethod
    def start(cls, *, options: str = "", durable: bool = False) -> "PostgresServer":
        """Start a private server (``options``: more ``-c name=value`` settings, e.g. TLS's; ``durable``:
        fsync and synchronous commit on, as a lab's server runs, for the benchmarks' figures)."""
        if os.environ.get(URL_ENV):
            return cls(admin_url=os.environ[URL_ENV])
        bindir = _bin_dir()
        run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        password = secrets.token_urlsafe(12)
        (folder / "pw").write_text(password + "\n")
        if run_as:
            shutil.chown(folder, "postgres", "postgres")
            shutil.chown(folder / "pw", "postgres", "postgres")
        port = _free_port()
        server = cls(admin_url=f"postgresql+psycopg://{OWNER}:{password}@127.0.0.1:{port}/postgres",
                     folder=folder, _run_as=run_as)
        data = folder / "data"
        try:
            server._run([str(bindir / "initdb"), "-D", str(data), "-U", OWNER, "--pwfile", str(folder / "pw"),
                         "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
                         "--no-sync"])
            if durable:
                options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                           f"-c shared_buffers=128MB {options}").strip()
            else:
                options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off "
                           f"-c synchronous_commit=off -c max_connections=200 -c shared_buffers=32MB {options}").strip()
            server._run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-o", options,
                         "-w", "-t", "60", "start"])
        except BaseException:
            server.stop()  # nothing left behind: a half-started server, the folder
            raise
        return server

    def _run(self, argv: list[str]) -> None:
        done = subprocess.run([*self._run_as, *argv], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = ""
            if self.folder is not None and (self.folder / "server.log").exists():
                log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
            raise PostgresUnavailable(f"{Path(argv[0]).name} failed ({done.returncode}): "
                                      f"{done.stderr.strip() or done.stdout.strip()} {log}".strip())

    def _admin(self):
        if self._admin_engine is None:
            self._admin_engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        return self._admin_engine

    def url_of(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new database (a copy of ``template`` when given); its URL.

        PostgreSQL 15 copies a template through the WAL by default: about 130 ms for Bench's schema
        here, where the older FILE_COPY strategy (a checkpoint each time) takes about 530 ms.
        """
        with self._admin().connect() as conn:
            if name is not None:  # a fixed name (a template) may be left from an interrupted run
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            name = name or f"bench_t{os.getpid()}_{next(self._counter)}"
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        return self.url_of(name)

    def drop_database(self, url: str) -> None:
        """Drop a test's database; its connections are normally closed by then (FORCE only if not)."""
        name = make_url(url).database
        with self._admin().connect() as conn:
            try:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            except OperationalError:  # still in use: a test left a connection open
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def stop(self) -> None:
        if self._admin_engine is not None:
            self._admin_engine.dispose()
        if self.folder is None:
            return
        try:
            bindir = _bin_dir()
            subprocess.run([*self._run_as, str(bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                            "-w", "stop"], capture_output=True, timeout=60)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
