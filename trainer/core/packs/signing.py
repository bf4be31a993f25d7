"""Signing a pack and checking its signature.

``signature.json`` holds the publisher's public key, its fingerprint and an Ed25519
signature over ``SIGNATURE_CONTEXT + manifest.json`` (the manifest's canonical bytes,
exactly as stored). The manifest lists the SHA-256 of every content file, so the
signature covers every byte of content. The context prefix keeps a pack signature
from ever being valid for anything else. Only the public key goes into a pack.
"""

from __future__ import annotations

import base64
import binascii
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from trainer.core.packs.archive import PackLimits, open_pack
from trainer.core.packs.build import write_member
from trainer.core.packs.errors import SignatureError
from trainer.core.packs.fileops import replacing
from trainer.core.packs.keys import PublicKey, is_trusted, load_private_key
from trainer.core.packs.manifest import (
    CONTENT_PREFIX,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    canonical_json,
)

__all__ = [
    "SIGNATURE_CONTEXT",
    "SIGNATURE_FORMAT",
    "VerifyReport",
    "check_signature",
    "sign_pack",
    "signature_document",
    "verify_pack",
]

SIGNATURE_FORMAT = "officer-trainer-pack-signature"
SIGNATURE_FORMAT_VERSION = 1
SIGNATURE_CONTEXT = b"officer-trainer-pack signature v1\n"


def signature_document(manifest_bytes: bytes, key: Ed25519PrivateKey) -> bytes:
    public = PublicKey.of(key)
    signature = key.sign(SIGNATURE_CONTEXT + manifest_bytes)
    return canonical_json(
        {
            "format": SIGNATURE_FORMAT,
            "format_version": SIGNATURE_FORMAT_VERSION,
            "algorithm": "ed25519",
            "key_fingerprint": public.fingerprint,
            "public_key": base64.b64encode(public.raw).decode("ascii"),
            "signature": base64.b64encode(signature).decode("ascii"),
        }
    )


def _b64(document: dict[str, Any], key: str, length: int) -> bytes:
    value = document.get(key)
    try:
        if not isinstance(value, str):
            raise ValueError(key)
        decoded = base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, binascii.Error, UnicodeEncodeError):
        raise SignatureError(f"signature.json has an invalid '{key}'") from None
    if len(decoded) != length:
        raise SignatureError(f"signature.json has an invalid '{key}' (wrong length)")
    return decoded


def check_signature(manifest_bytes: bytes, signature_bytes: bytes) -> PublicKey:
    """The key that signed the manifest; raises :class:`SignatureError` if it does not
    match (the pack was changed after signing, or the signature was altered)."""
    try:
        document = json.loads(signature_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SignatureError(
            "signature.json is not valid JSON; the signature was damaged"
        ) from None
    if not isinstance(document, dict) or document.get("format") != SIGNATURE_FORMAT:
        raise SignatureError("signature.json is not an officer-trainer pack signature")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SignatureError("signature.json has an invalid format_version")
    if version > SIGNATURE_FORMAT_VERSION:
        raise SignatureError(
            f"the pack is signed with signature format {version}, newer than this trainer "
            "reads; install a newer version of the trainer first"
        )
    if document.get("algorithm") != "ed25519":
        algorithm = document.get("algorithm")
        raise SignatureError(f"signature.json uses an unknown algorithm {algorithm!r}")
    public = PublicKey(_b64(document, "public_key", 32))
    signature = _b64(document, "signature", 64)
    if document.get("key_fingerprint") != public.fingerprint:
        raise SignatureError(
            "signature.json names a key fingerprint that is not its key's; the signature was "
            "altered"
        )
    if not public.verify(signature, SIGNATURE_CONTEXT + manifest_bytes):
        raise SignatureError(
            f"the signature by key {public.fingerprint} does not match this pack: the pack "
            "was changed after it was signed, or the signature was altered"
        )
    return public


@dataclass(frozen=True, slots=True)
class VerifyReport:
    manifest: Manifest
    #: The key that signed the pack, or ``None`` for an unsigned pack.
    signer: PublicKey | None
    #: Whether the signer's key is among the trusted publisher keys.
    trusted: bool

    @property
    def signed_by(self) -> str | None:
        return self.signer.fingerprint if self.signer else None


def verify_pack(
    path: Path, data_dir: Path | None, limits: PackLimits | None = None
) -> VerifyReport:
    """Check a pack's structure, every file's size and SHA-256, and its signature if it
    has one; ``trusted`` tells whether the signer is trusted in ``data_dir``."""
    with open_pack(path, limits) as pack:
        signer = (
            check_signature(pack.manifest_bytes, pack.signature_bytes)
            if pack.signature_bytes is not None
            else None
        )
        pack.extract(None)
        trusted = signer is not None and data_dir is not None and is_trusted(data_dir, signer)
        return VerifyReport(pack.manifest, signer, trusted)


def sign_pack(
    path: Path, key: Path | Ed25519PrivateKey, limits: PackLimits | None = None
) -> PublicKey:
    """Check the pack, then rewrite it with a ``signature.json`` by ``key`` (replacing any
    earlier signature). Returns the signer's public key."""
    private = key if isinstance(key, Ed25519PrivateKey) else load_private_key(key)
    with open_pack(path, limits) as pack:
        pack.extract(None)
        manifest = pack.manifest
        signature = signature_document(pack.manifest_bytes, private)
        with replacing(path) as handle, zipfile.ZipFile(handle, "w") as archive:
            write_member(archive, MANIFEST_NAME, pack.manifest_bytes)
            for entry in manifest.files:
                write_member(archive, CONTENT_PREFIX + entry.path, pack.read_member(entry))
            write_member(archive, SIGNATURE_NAME, signature)
    return PublicKey.of(private)
