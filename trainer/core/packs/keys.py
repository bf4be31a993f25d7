"""Publisher keys (Ed25519), the folder of trusted keys, and the install policy.

A trainer makes one key pair with :func:`generate_keypair`: the private key stays on
the trainer's machine (file mode 0600), the ``.pub`` file travels. An officer's machine
trusts a publisher once its ``.pub`` file is in ``<data_dir>/trusted-keys/``
(:func:`trust_key`). Keys are compared by their full 32 bytes; the short fingerprint
is for people to read aloud and compare.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from trainer.core.packs.errors import KeyFileError, PackIOError, PolicyError
from trainer.core.packs.fileops import replacing

__all__ = [
    "POLICY_FILE",
    "TRUSTED_KEYS_DIR",
    "KeyPair",
    "PackPolicy",
    "PublicKey",
    "TrustedKey",
    "fingerprint",
    "generate_keypair",
    "is_trusted",
    "load_policy",
    "load_private_key",
    "load_public_key",
    "parse_public_key",
    "trust_key",
    "trusted_keys",
]

TRUSTED_KEYS_DIR = "trusted-keys"
POLICY_FILE = "pack-policy.json"
MAX_KEY_FILE = 16_384


def fingerprint(raw: bytes) -> str:
    """A short, readable fingerprint: the first 80 bits of SHA-256, in groups of four."""
    digest = hashlib.sha256(raw).hexdigest()[:20]
    return "-".join(digest[i : i + 4] for i in range(0, 20, 4))


@dataclass(frozen=True, slots=True)
class PublicKey:
    """An Ed25519 public key as its 32 raw bytes."""

    raw: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True

    def to_pem(self) -> bytes:
        return Ed25519PublicKey.from_public_bytes(self.raw).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @classmethod
    def of(cls, private: Ed25519PrivateKey) -> PublicKey:
        return cls(
            private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        )


@dataclass(frozen=True, slots=True)
class KeyPair:
    private_path: Path
    public_path: Path
    public: PublicKey


def _read_small(path: Path, what: str) -> bytes:
    try:
        if path.stat().st_size > MAX_KEY_FILE:
            raise KeyFileError(f"'{path}' is too large to be a {what}")
        return path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(f"the {what} '{path}' does not exist") from None
    except OSError as exc:
        raise KeyFileError(f"the {what} '{path}' cannot be read ({exc.strerror})") from None


def generate_keypair(private_path: Path) -> KeyPair:
    """Write a new private key (PEM, mode 0600) and ``<private_path>.pub`` beside it.

    Refuses to overwrite either file: a lost private key cannot be recovered, and a
    replaced one would make every officer's trust in the old key useless.
    """
    public_path = private_path.with_name(private_path.name + ".pub")
    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise KeyFileError(f"'{path}' already exists; choose another name or move it away")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = PublicKey.of(key)
    try:
        private_path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)
            handle.write(private_pem)
            handle.flush()
            os.fsync(handle.fileno())
        with open(public_path, "xb") as handle:
            handle.write(public.to_pem())
    except FileExistsError:
        raise KeyFileError(f"'{private_path}' or its .pub file appeared while writing") from None
    except OSError as exc:
        raise PackIOError(f"could not write the key files: {exc}") from None
    return KeyPair(private_path, public_path, public)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """A private key from a PEM file (PKCS#8) or a raw 32-byte file."""
    data = _read_small(path, "private key file")
    if b"PUBLIC KEY" in data and b"PRIVATE KEY" not in data:
        raise KeyFileError(
            f"'{path}' is a public key; sign with the private key file (the one without .pub)"
        )
    if len(data) == 32 and not data.startswith(b"-----"):
        return Ed25519PrivateKey.from_private_bytes(data)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise KeyFileError(
            f"'{path}' is protected by a passphrase, which the trainer does not support; "
            "make a key with 'trainer pack keygen'"
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise KeyFileError(f"'{path}' is not a private key made by 'trainer pack keygen'") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"'{path}' is not an Ed25519 key; make one with 'trainer pack keygen'")
    return key


def parse_public_key(data: bytes, source: str) -> PublicKey:
    if b"PRIVATE KEY" in data:
        raise KeyFileError(
            f"'{source}' is a PRIVATE key: never share or trust it; use the .pub file"
        )
    if len(data) == 32 and not data.startswith(b"-----"):
        return PublicKey(data)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        raise KeyFileError(
            f"'{source}' is not a public key file made by 'trainer pack keygen'"
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"'{source}' is not an Ed25519 public key")
    return PublicKey(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def load_public_key(path: Path) -> PublicKey:
    return parse_public_key(_read_small(path, "public key file"), str(path))


@dataclass(frozen=True, slots=True)
class TrustedKey:
    public: PublicKey
    path: Path

    @property
    def fingerprint(self) -> str:
        return self.public.fingerprint


def trusted_keys(data_dir: Path) -> tuple[TrustedKey, ...]:
    """Every readable Ed25519 ``.pub`` file in ``<data_dir>/trusted-keys/``.

    A file that is not a public key is ignored: it cannot make anything trusted.
    """
    folder = data_dir / TRUSTED_KEYS_DIR
    found: list[TrustedKey] = []
    try:
        candidates = sorted(folder.iterdir())
    except OSError:
        return ()
    for path in candidates:
        if path.suffix != ".pub" or path.name.startswith(".") or not path.is_file():
            continue
        try:
            found.append(TrustedKey(load_public_key(path), path))
        except KeyFileError:
            continue
    return tuple(found)


def is_trusted(data_dir: Path, key: PublicKey) -> bool:
    return any(t.public.raw == key.raw for t in trusted_keys(data_dir))


def trust_key(data_dir: Path, public_key_file: Path) -> tuple[TrustedKey, bool]:
    """Copy a publisher's ``.pub`` into the trusted keys; ``(key, newly_added)``."""
    key = load_public_key(public_key_file)
    for existing in trusted_keys(data_dir):
        if existing.public.raw == key.raw:
            return existing, False
    folder = data_dir / TRUSTED_KEYS_DIR
    target = folder / f"{key.fingerprint}.pub"
    with replacing(target) as handle:
        handle.write(key.to_pem())
    return TrustedKey(key, target), True


@dataclass(frozen=True, slots=True)
class PackPolicy:
    """What to do with unsigned packs and packs signed by an unknown key.

    ``allow_unsigned=True`` (the default when there is no policy file): install them
    only after an explicit confirmation. ``False``: refuse them outright.
    """

    allow_unsigned: bool = True


def load_policy(data_dir: Path) -> PackPolicy:
    """``<data_dir>/pack-policy.json``, or the default policy when there is none.

    A policy file that exists but cannot be read is an error, not a silent default:
    an administrator who wrote one meant it.
    """
    path = data_dir / POLICY_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return PackPolicy()
    except OSError as exc:
        raise PolicyError(f"the pack policy '{path}' cannot be read ({exc.strerror})") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PolicyError(
            f"the pack policy '{path}' is not valid JSON; write "
            '{"allow_unsigned": false} or {"allow_unsigned": true}'
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("allow_unsigned"), bool):
        raise PolicyError(f"the pack policy '{path}' needs \"allow_unsigned\": true or false")
    unknown = sorted(set(document) - {"allow_unsigned"})
    if unknown:
        raise PolicyError(f"the pack policy '{path}' has unknown settings: {', '.join(unknown)}")
    return PackPolicy(allow_unsigned=document["allow_unsigned"])
