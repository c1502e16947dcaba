"""The lab's report-signing certificate: where its files live, making a self-signed one, describing it.

Every issued report is signed with one key per lab (``report_signing``). The key and
certificate are two PEM files in the *signing folder*:

1. ``$BENCH_SIGNING_DIR`` if set (tests, trials);
2. else the system folder next to the system config file: ``/etc/bench-app/signing``
   on Linux, ``%PROGRAMDATA%\\Bench\\signing`` on Windows. IT installs the lab's key
   there once per workstation and gives it to the OS group the app runs under
   (folder 0750, key 0640, owner root, group e.g. ``bench``): every user of the
   workstation can sign, nobody outside the group can read the key, and an ordinary
   user cannot replace it. Several workstations on one PostgreSQL server hold copies
   of the same key and certificate, so a report issued at any of them verifies at all;
3. else, when the system folder has no key and cannot be written (a single-user
   install by a non-administrator), the per-user config folder's ``signing``.

``bench-app init`` creates a self-signed certificate when the folder has none; IT
replaces ``lab-key.pem`` and ``lab-cert.pem`` with the lab's own (``bench-app signing
show`` prints the folder and the certificate in use). Files this module writes are
created owner-only (folder 0700, key 0600) with ``O_EXCL``, never widened later.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench_app.config import system_config_path, user_config_path
from bench_app.domain.errors import BenchError

SIGNING_ENV = "BENCH_SIGNING_DIR"
KEY_FILE = "lab-key.pem"
CERT_FILE = "lab-cert.pem"
KEY_BITS = 3072            # RSA: every PDF reader checks it; 3072 bits is NIST's level past 2030
VALID_YEARS = 10


class SigningUnavailable(BenchError):
    """No usable signing key or certificate: nothing can be issued until IT installs one."""


@dataclass(frozen=True)
class CertificateInfo:
    folder: Path
    subject: str
    sha256: str               # of the certificate's DER bytes: what verify-report compares
    not_after: datetime
    self_signed: bool


def system_signing_dir() -> Path:
    return system_config_path().parent / "signing"


def user_signing_dir() -> Path:
    return user_config_path().parent / "signing"


def signing_dir() -> Path:
    """The folder whose key signs reports at this workstation (see the module's order)."""
    override = os.environ.get(SIGNING_ENV)
    if override:
        return Path(override).expanduser()
    system = system_signing_dir()
    if (system / KEY_FILE).exists() or (system / CERT_FILE).exists():
        return system
    user = user_signing_dir()
    if (user / KEY_FILE).exists():
        return user
    return system


def _writable_folder() -> Path:
    """Where ``init`` puts a new certificate: the system folder if this user may create it, else the user's."""
    override = os.environ.get(SIGNING_ENV)
    if override:
        return Path(override).expanduser()
    system = system_signing_dir()
    try:
        system.mkdir(mode=0o700, parents=True, exist_ok=True)
        probe = system / ".probe"
        probe.touch()
        probe.unlink()
        return system
    except OSError:
        return user_signing_dir()


def _write_private(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    os.chmod(path, mode)  # a umask cannot narrow it further, but an odd one must not widen it either


def ensure_lab_certificate(lab_name: str) -> tuple[CertificateInfo, bool]:
    """The lab certificate in use, creating a self-signed one first if there is none; (info, created)."""
    folder = signing_dir()
    if (folder / KEY_FILE).exists() and (folder / CERT_FILE).exists():
        return describe(folder), False
    folder = _writable_folder()
    if (folder / KEY_FILE).exists() and (folder / CERT_FILE).exists():
        return describe(folder), False
    create_self_signed(folder, lab_name)
    return describe(folder), True


def create_self_signed(folder: Path, lab_name: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    if (folder / KEY_FILE).exists() or (folder / CERT_FILE).exists():
        raise SigningUnavailable(f"{folder} already holds a signing key or certificate; it is never overwritten.")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{lab_name[:40]} report signing"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, lab_name[:64])])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=365 * VALID_YEARS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .sign(key, hashes.SHA256()))
    _write_private(folder / KEY_FILE, key.private_bytes(serialization.Encoding.PEM,
                                                        serialization.PrivateFormat.PKCS8,
                                                        serialization.NoEncryption()), 0o600)
    _write_private(folder / CERT_FILE, cert.public_bytes(serialization.Encoding.PEM), 0o644)


def describe(folder: Path | None = None) -> CertificateInfo:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    folder = folder or signing_dir()
    try:
        cert = x509.load_pem_x509_certificate((folder / CERT_FILE).read_bytes())
    except FileNotFoundError:
        raise SigningUnavailable(f"There is no lab signing certificate in {folder}: run 'bench-app init' "
                                 "or ask IT to install the lab's certificate there.") from None
    except (OSError, ValueError) as exc:
        raise SigningUnavailable(f"The lab signing certificate {folder / CERT_FILE} cannot be read ({exc}).") from None
    der = cert.public_bytes(serialization.Encoding.DER)
    return CertificateInfo(folder, cert.subject.rfc4514_string(), hashlib.sha256(der).hexdigest(),
                           cert.not_valid_after_utc, cert.issuer == cert.subject)
