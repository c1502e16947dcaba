"""A private CUPS server for tests: its own configuration folder and port, started and stopped by the test.

CI has no systemd, and a test must not touch the machine's own CUPS: ``cupsd -f`` runs
with a ``cupsd.conf`` and ``cups-files.conf`` in a temporary folder (spool, cache, state
and logs in it too), listening on a free port of 127.0.0.1 with no authentication.
Clients reach it through ``CUPS_SERVER``. A ``SocketListener`` stands in for a network
printer (``socket://`` on port 9100 in real life): it keeps every job it receives.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

CUPSD = shutil.which("cupsd") or ("/usr/sbin/cupsd" if Path("/usr/sbin/cupsd").exists() else None)
START_TIMEOUT = 60        # seconds to wait for the scheduler on a busy machine (a wait, not a measurement)


class CupsUnavailable(Exception):
    """cupsd is not installed or would not start."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SocketListener:
    """A raw-socket printer: every connection is one job, kept as bytes in ``jobs``."""

    def __init__(self):
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.5)
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            data = bytearray()
            with conn:
                conn.settimeout(30)
                while chunk := conn.recv(65536):
                    data.extend(chunk)
            self.jobs.append(bytes(data))

    def wait_for(self, count: int, timeout: float = 120) -> list[bytes]:
        deadline = time.monotonic() + timeout
        while len(self.jobs) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return list(self.jobs)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.server.close()


class CupsServer:
    def __init__(self):
        if CUPSD is None:
            raise CupsUnavailable("cupsd is not installed (Debian: the cups package)")
        self.root = Path(tempfile.mkdtemp(prefix="bench-cups-"))
        self.port = free_port()
        self.env = {**os.environ, "CUPS_SERVER": f"127.0.0.1:{self.port}"}
        self.process: subprocess.Popen | None = None

    def start(self) -> "CupsServer":
        r = self.root
        for folder in ("conf", "spool", "cache", "state", "log", "tmp"):
            (r / folder).mkdir()
        # Filters run as the unprivileged lp user: they must read the spool and write the temp folder.
        os.chmod(r, 0o755)
        for folder in ("conf", "spool", "cache", "state", "log"):
            os.chmod(r / folder, 0o755)
        os.chmod(r / "tmp", 0o1777)
        (r / "conf" / "cupsd.conf").write_text(
            f"Listen 127.0.0.1:{self.port}\nLogLevel debug\nBrowsing No\nBrowseLocalProtocols none\n"
            "DefaultAuthType None\nWebInterface No\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
        (r / "conf" / "cups-files.conf").write_text(
            f"ServerRoot {r}/conf\nRequestRoot {r}/spool\nCacheDir {r}/cache\nStateDir {r}/state\n"
            f"TempDir {r}/tmp\nErrorLog {r}/log/error_log\nAccessLog {r}/log/access_log\n"
            f"PageLog {r}/log/page_log\nDataDir /usr/share/cups\nServerBin /usr/lib/cups\n"
            "FileDevice No\nSandboxing Relaxed\n")
        self.process = subprocess.Popen([CUPSD, "-f", "-c", str(r / "conf" / "cupsd.conf"),
                                         "-s", str(r / "conf" / "cups-files.conf")],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CupsUnavailable(f"cupsd stopped at once: {self.process.stdout.read().decode(errors='replace')}"
                                      f"{self.log()}")
            if self.run("lpstat", "-r", check=False).returncode == 0:
                return self
            time.sleep(0.2)
        raise CupsUnavailable(f"cupsd did not answer on port {self.port} within {START_TIMEOUT} s.{self.log()}")

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(args, env=self.env, capture_output=True, text=True, check=check, timeout=120)

    def model(self, text: str) -> str:
        """The driver (``lpinfo -m``) whose description contains ``text``.

        cups-driverd lists every driver on the machine; on a busy machine its first answer can fail,
        so it is asked again a few times before the test gives up."""
        errors = []
        for _ in range(5):
            listed = self.run("lpinfo", "-m", check=False)
            for line in listed.stdout.splitlines():
                name, _, description = line.partition(" ")
                if text in description:
                    return name
            errors.append(listed.stderr.strip() or f"exit {listed.returncode}, {len(listed.stdout)} bytes")
            time.sleep(1)
        raise CupsUnavailable(f"no CUPS driver '{text}' (Debian: cups-common's sample drivers): {errors}{self.log()}")

    def add_queue(self, name: str, device: str, model: str) -> None:
        self.run("lpadmin", "-p", name, "-E", "-v", device, "-m", model)

    def error_log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace") if path.exists() else ""

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return f"\n--- {path}:\n{path.read_text(errors='replace')[-3000:]}" if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process is not None and self.process.stdout:
            self.process.stdout.close()
        shutil.rmtree(self.root, ignore_errors=True)
