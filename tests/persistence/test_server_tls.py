"""TLS to the lab server: ``sslmode=verify-full`` in the database URL, against a real PostgreSQL with ssl on.

A private server of its own (tests/pg_server.py) is started with a server certificate signed
by a lab CA made here with ``cryptography``. Bench connects with the CA named by ``sslrootcert``
and the connection is encrypted; with another CA, or a host name the certificate does not name,
it is refused with a sentence saying what to check, and the password is never shown.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench_app import cli
from bench_app.domain.errors import DatabaseUnavailable
from bench_app.domain.redaction import redact
from bench_app.persistence.engine import open_database
from bench_app.services.registry import open_services


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca(common: str):
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def _server_cert(ca_key, ca_cert, host: str):
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(_name(host)).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert


def _pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def tls_server():
    """A private PostgreSQL with ssl=on; the lab CA's and another CA's certificates as files."""
    from tests.pg_server import URL_ENV, PostgresServer, PostgresUnavailable

    if os.environ.get(URL_ENV):
        pytest.skip("a server named by BENCH_TEST_PG_URL is not started here, so its TLS cannot be set")
    folder = Path(tempfile.mkdtemp(prefix="bench-tls-"))  # under /tmp: the postgres user must reach it
    ca_key, ca_cert = _ca("Bench Test Lab CA")
    key, cert = _server_cert(ca_key, ca_cert, "localhost")
    (folder / "lab-ca.pem").write_bytes(_pem(ca_cert))
    (folder / "other-ca.pem").write_bytes(_pem(_ca("Someone Else's CA")[1]))
    (folder / "server.crt").write_bytes(_pem(cert))
    (folder / "server.key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                          serialization.PrivateFormat.TraditionalOpenSSL,
                                                          serialization.NoEncryption()))
    os.chmod(folder / "server.key", 0o600)
    if os.geteuid() == 0:  # the server runs as postgres and refuses a key others can read
        for path in (folder, folder / "server.crt", folder / "server.key"):
            shutil.chown(path, "postgres", "postgres")
    try:
        server = PostgresServer.start(options=f"-c ssl=on -c ssl_cert_file={folder / 'server.crt'} "
                                              f"-c ssl_key_file={folder / 'server.key'}")
    except PostgresUnavailable as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"PostgreSQL with TLS could not start: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL could not start: {exc}")
    try:
        yield server, folder
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _url(server, *, host: str, ca: Path, database: str = "postgres") -> str:
    """The URL as IT writes it in the workstation's config (the CA's path as it is, not %-encoded)."""
    base = make_url(server.admin_url).set(host=host, database=database).render_as_string(hide_password=False)
    return f"{base}?sslmode=verify-full&sslrootcert={ca}"


def test_verify_full_connects_with_the_lab_ca_and_the_connection_is_encrypted(tls_server):
    server, folder = tls_server
    db = open_database(_url(server, host="localhost", ca=folder / "lab-ca.pem"))
    try:
        with db.engine.connect() as conn:
            encrypted = conn.execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar()
    finally:
        db.dispose()
    assert encrypted is True


def test_bench_creates_and_uses_its_tables_over_verify_full(tls_server, capsys):
    server, folder = tls_server
    url = _url(server, host="localhost", ca=folder / "lab-ca.pem",
               database=make_url(server.create_database()).database)
    assert cli.main(["upgrade", "--db", url]) == 0
    capsys.readouterr()
    sv = open_services(url)
    try:
        sv.users.create_first_admin(username="admin", full_name="Ada Admin", password="correct horse 1")
        assert sv.audit.verify().ok
    finally:
        sv.close()
        server.drop_database(url)


@pytest.mark.parametrize("host, ca, hint", [
    ("localhost", "other-ca.pem", "not signed by the certificate authority that sslrootcert names"),
    ("127.0.0.1", "lab-ca.pem", "made for another host name"),  # the certificate names only localhost
])
def test_a_wrong_ca_or_host_is_refused_in_plain_words(tls_server, capsys, host, ca, hint):
    server, folder = tls_server
    url = _url(server, host=host, ca=folder / ca)
    password = make_url(url).password
    with pytest.raises(DatabaseUnavailable) as err:
        open_services(url)
    said = str(err.value)
    assert password not in said and "***" in said
    assert "sslmode=verify-full" in said and f"sslrootcert={folder / ca}" in said  # the URL stays readable
    assert hint in said
    assert cli.main(["verify", "--db", url]) == 1
    line = capsys.readouterr().err
    assert line.count("\n") == 1 and hint in line and password not in line


def test_redaction_keeps_the_tls_parameters_readable_and_hides_the_password():
    url = ("postgresql+psycopg://bench_app:s3cr3t-pw@db.lab.example:5432/bench"
           "?sslmode=verify-full&sslrootcert=/etc/bench/lab-ca.pem&sslpassword=keypass")
    shown = redact(url)
    assert "s3cr3t-pw" not in shown and "keypass" not in shown
    assert shown == ("postgresql+psycopg://bench_app:***@db.lab.example:5432/bench"
                     "?sslmode=verify-full&sslrootcert=/etc/bench/lab-ca.pem&sslpassword=***")
