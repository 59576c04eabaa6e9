"""DKIM for tests: RSA keys made once per run, published in a fake DNS that dkimpy queries
through DESK_MAIL_DNS_TXT_RESOLVER (test settings), and a signer. Verification is dkimpy's own."""

from __future__ import annotations

import base64
from functools import cache

import dkim  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SELECTOR = "s2026"
# domain -> published public key (base64 DER); tests publish and withdraw keys here.
PUBLISHED: dict[str, str] = {}


@cache
def _key(domain: str) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def publish(domain: str) -> None:
    public = (
        _key(domain)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    PUBLISHED[domain] = base64.b64encode(public).decode()


def txt_record(name: bytes | str, timeout: int = 5) -> bytes | None:
    """dkimpy's dnsfunc: `<selector>._domainkey.<domain>.` → the TXT record, if published."""
    text = name.decode() if isinstance(name, bytes) else name
    selector, _, rest = text.rstrip(".").partition("._domainkey.")
    if selector != SELECTOR or rest not in PUBLISHED:
        return None
    return f"v=DKIM1; k=rsa; p={PUBLISHED[rest]}".encode()


def sign(raw: bytes, domain: str, *, length: bool = False) -> bytes:
    """`raw` with a DKIM-Signature of `domain` on top (relaxed/simple, From/To/Subject...)."""
    private = _key(domain).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    header = dkim.sign(
        raw,
        SELECTOR.encode(),
        domain.encode(),
        private,
        include_headers=[b"from", b"to", b"subject", b"message-id", b"date"],
        length=length,
    )
    return bytes(header) + raw
