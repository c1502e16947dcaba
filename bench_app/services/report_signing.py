"""One signing function for every issued report, and the check of a signature on a file brought back.

``sign_report`` adds a PAdES signature (pyHanko, ETSI.CAdES.detached, SHA-256) made
with the lab key (``lab_certificate``) as a certifying signature that permits no later
change: any PDF reader shows the file as signed by the lab and flags a file changed
after signing. The key is loaded once per process and reloaded when its files change.

``check_signature`` says whether a file carries a lab signature that is intact and
covers the whole file, and which certificate made it.
"""

from __future__ import annotations

import functools
import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from bench_app.i18n import _
from bench_app.services.lab_certificate import CERT_FILE, KEY_FILE, SigningUnavailable, signing_dir

FIELD_NAME = "BenchLabSignature"

_cache: dict[tuple, object] = {}


def _pyhanko():
    """pyHanko, imported at the first signature or check (not at every start of the app)."""
    with warnings.catch_warnings():   # pyHanko imports cryptography's DSA names, which warn on import
        warnings.simplefilter("ignore")
        from pyhanko.sign import fields, signers
    return fields, signers


@functools.cache
def _lab_signer_class():
    _, signers = _pyhanko()

    class LabSigner(signers.SimpleSigner):
        """pyHanko's signer, with the private key parsed once: pyHanko parses (and fully checks) an RSA key at
        every signature, about 115 ms for a 3072-bit key, twice per report."""

        _parsed = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
            from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
            from pyhanko.sign.general import get_pyca_cryptography_hash

            if self._parsed is None:
                self._parsed = serialization.load_der_private_key(self.signing_key.dump(), password=None)
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            if mechanism == "rsassa_pkcs1v15" and isinstance(self._parsed, RSAPrivateKey):
                return self._parsed.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return super().sign_raw(data, digest_algorithm)  # EC or PSS keys IT may install: pyHanko's own way

    return LabSigner


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool               # the file carries a signature at all
    intact: bool               # the signed bytes are unchanged and the signature is valid
    whole_file: bool           # the signature covers the entire file (nothing appended after it)
    cert_sha256: str = ""      # SHA-256 of the signer's certificate (DER)
    signer: str = ""           # the certificate's subject
    problem: str = ""


def _signer(folder: Path):
    _, signers = _pyhanko()
    key, cert = folder / KEY_FILE, folder / CERT_FILE
    try:
        stamp = (str(folder), key.stat().st_mtime_ns, cert.stat().st_mtime_ns)
    except FileNotFoundError:
        raise SigningUnavailable(f"This workstation has no lab signing key in {folder}, so reports cannot be "
                                 "issued: run 'bench-app init' or ask IT to install the lab's key.") from None
    except PermissionError:
        raise SigningUnavailable(f"The lab signing key in {folder} cannot be read by this user; IT gives it to "
                                 "the group Bench runs under.") from None
    signer = _cache.get(stamp)
    if signer is None:
        try:
            signer = signers.SimpleSigner.load(str(key), str(cert))
        except PermissionError:
            signer = None
        if signer is None:  # pyHanko logs and returns None for an unreadable or malformed file
            raise SigningUnavailable(f"The lab signing key or certificate in {folder} cannot be read or does not "
                                     "match; ask IT to reinstall them.")
        signer = _lab_signer_class()(signing_cert=signer.signing_cert, signing_key=signer.signing_key,
                            cert_registry=signer.cert_registry)
        _cache.clear()
        _cache[stamp] = signer
    return signer


def signer_cert_sha256() -> str:
    return hashlib.sha256(_signer(signing_dir()).signing_cert.dump()).hexdigest()


def sign_report(pdf: bytes, *, reason: str, location: str) -> bytes:
    """The PDF with the lab's certifying PAdES signature appended (an incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    fields, signers = _pyhanko()
    signer = _signer(signing_dir())
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason[:200], location=location[:120], certify=True, docmdp_permissions=fields.MDPPerm.NO_CHANGES)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


def check_signature(data: bytes) -> SignatureCheck:
    """Is there an intact signature, over the whole file, and by which certificate? Never raises."""
    _pyhanko()
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001 - any damage to the file is a verdict, not a crash
        return SignatureCheck(False, False, False, problem=_("the file's structure cannot be read ({problem})").format(problem=exc))
    if not sigs:
        return SignatureCheck(False, False, False, problem=_("the file carries no digital signature"))
    sig = sigs[0]
    try:
        cert = sig.signer_cert
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=[cert]), skip_diff=True)
    except Exception as exc:  # noqa: BLE001
        return SignatureCheck(True, False, False, problem=_("the signature cannot be checked ({problem})").format(problem=exc))
    digest = hashlib.sha256(cert.dump()).hexdigest()
    intact = bool(status.intact and status.valid)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE and len(sigs) == 1
    return SignatureCheck(True, intact, whole, digest, cert.subject.human_friendly,
                          "" if intact else "the signed bytes were changed after signing")
