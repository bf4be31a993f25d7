"""Results bundles: what a learner's machine hands to a trainer (Qt-free).

A bundle is one UTF-8 JSON file::

    {
      "format": "officer-trainer-results-bundle",
      "format_version": 1,
      "bundle_id": "<32 hex digits, new for every export>",
      "device_id": "<32 hex digits, stored once in the data folder>",
      "exported_at": "2025-03-02T09:00:00+00:00",
      "trainer_version": "0.1.0",
      "content": {"id": "core-curriculum", "version": "1.0.0"} or null,
      "learners": [<a progress export of one learner, see docs/progress.md>, ...],
      "sha256": "<64 hex digits>",
      "signature": {...}                      (only when signed)
    }

``sha256`` is the SHA-256 of the canonical JSON (keys sorted, no whitespace, UTF-8)
of the document without ``sha256`` and ``signature``; every learner record carries
its own checksum as well. ``signature`` holds an Ed25519 signature over
:data:`SIGNATURE_CONTEXT` followed by the canonical JSON of the document without
``signature`` (so the checksum is signed too), the signer's public key and its
fingerprint. Keys are the ones ``trainer pack keygen`` makes
(:mod:`trainer.core.packs.keys`).

A signature proves who made the bundle only if the reader checks the key against
keys it trusts: :func:`parse_bundle` takes those keys, and without them it only
checks that the signature matches the key it carries.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from trainer import __version__
from trainer.core.model import LibraryInfo
from trainer.core.packs.keys import PublicKey
from trainer.core.progress import ExportRejectedError, ProgressStore
from trainer.core.progress.exchange import canonical_json, export_document, parse_export
from trainer.core.progress.models import from_iso, to_iso, utc_now
from trainer.core.progress.storage import SchemaViolation, atomic_write_bytes, fsync_dir
from trainer.core.reporting.history import LearnerHistory, history_from_export

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_FORMAT_VERSION",
    "DEVICE_ID_FILE",
    "MAX_BUNDLE_BYTES",
    "SIGNATURE_CONTEXT",
    "BundleError",
    "BundleRejectedError",
    "BundleWriteError",
    "LoadedBundle",
    "WrittenBundle",
    "bundle_bytes",
    "bundle_document",
    "device_id",
    "parse_bundle",
    "read_bundle",
    "write_bundle",
]

BUNDLE_FORMAT = "officer-trainer-results-bundle"
BUNDLE_FORMAT_VERSION = 1
SIGNATURE_CONTEXT = b"officer-trainer-results-bundle signature v1\n"
#: The file in the data folder that holds this machine's device id.
DEVICE_ID_FILE = "device-id"
#: Larger files are refused before they are read.
MAX_BUNDLE_BYTES = 512 * 1024 * 1024

_CHECKSUM_KEY = "sha256"
_SIGNATURE_KEY = "signature"
_HEX32 = re.compile(r"^[0-9a-f]{32}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class BundleError(Exception):
    """A bundle could not be written or read; the message is for the person at the keyboard."""


class BundleRejectedError(BundleError):
    """A bundle was refused: damaged, changed after export, badly signed or not a bundle."""


class BundleWriteError(BundleError):
    """The bundle (or the device id) could not be written."""


# ------------------------------------------------------------------ device id


def _read_device_id(path: Path) -> str | None:
    try:
        text = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if _HEX32.match(text) else None


def device_id(data_dir: Path) -> str:
    """This machine's device id: 32 random hex digits, made once and kept in
    ``<data_dir>/device-id``. It tells a trainer which bundles came from the same
    computer; it is not derived from the hardware and says nothing about it.

    A damaged file is replaced by a new id. Raises :class:`BundleWriteError`.
    """
    path = Path(data_dir) / DEVICE_ID_FILE
    existing = _read_device_id(path)
    if existing is not None:
        return existing
    new_id = uuid.uuid4().hex
    data = (new_id + "\n").encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            # Made meanwhile by another process, or damaged: keep a good one.
            existing = _read_device_id(path)
            if existing is not None:
                return existing
            atomic_write_bytes(path, data, backups=0)
        else:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            fsync_dir(path.parent)
    except OSError as exc:
        raise BundleWriteError(
            f"could not store the device id in {path}: {exc.strerror or exc}"
        ) from None
    return new_id


# ------------------------------------------------------------------ writing


def _checksum(document: Mapping[str, Any]) -> str:
    body = {k: v for k, v in document.items() if k not in (_CHECKSUM_KEY, _SIGNATURE_KEY)}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def _signed_bytes(document: Mapping[str, Any]) -> bytes:
    body = {k: v for k, v in document.items() if k != _SIGNATURE_KEY}
    return SIGNATURE_CONTEXT + canonical_json(body)


def bundle_document(
    store: ProgressStore,
    profile_ids: Sequence[str],
    *,
    content: LibraryInfo | None = None,
    key: Ed25519PrivateKey | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The bundle of the given learners, as a dictionary (checksum and signature set).

    ``content`` names the content library the machine has loaded (for the trainer's
    information); ``key`` signs the bundle. Raises the store's errors for unknown
    learners and :class:`BundleWriteError` when the device id cannot be stored.
    """
    if not profile_ids:
        raise ValueError("a bundle needs at least one learner")
    if len(set(profile_ids)) != len(profile_ids):
        raise ValueError("a learner is named twice")
    moment = now or utc_now()
    learners = [export_document(store, pid, now=moment) for pid in profile_ids]
    document: dict[str, Any] = {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_FORMAT_VERSION,
        "bundle_id": uuid.uuid4().hex,
        "device_id": device_id(store.data_dir),
        "exported_at": to_iso(moment),
        "trainer_version": __version__,
        "content": None if content is None else {"id": content.id, "version": content.version},
        "learners": learners,
    }
    document[_CHECKSUM_KEY] = _checksum(document)
    if key is not None:
        public = PublicKey.of(key)
        document[_SIGNATURE_KEY] = {
            "algorithm": "ed25519",
            "key_fingerprint": public.fingerprint,
            "public_key": base64.b64encode(public.raw).decode("ascii"),
            "value": base64.b64encode(key.sign(_signed_bytes(document))).decode("ascii"),
        }
    return document


def bundle_bytes(document: Mapping[str, Any]) -> bytes:
    """A bundle document as the UTF-8 bytes of its file."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass(frozen=True)
class WrittenBundle:
    path: Path
    bundle_id: str
    device_id: str
    learners: int
    answers: int
    signed_by: str | None


def write_bundle(
    store: ProgressStore,
    profile_ids: Sequence[str],
    path: Path,
    *,
    content: LibraryInfo | None = None,
    key: Ed25519PrivateKey | None = None,
    now: datetime | None = None,
) -> WrittenBundle:
    """Export the learners' bundle to ``path`` (replaced atomically)."""
    document = bundle_document(store, profile_ids, content=content, key=key, now=now)
    target = Path(path).absolute()
    try:
        atomic_write_bytes(target, bundle_bytes(document), backups=0)
    except OSError as exc:
        raise BundleWriteError(f"could not write {path}: {exc.strerror or exc}") from None
    signature = document.get(_SIGNATURE_KEY)
    return WrittenBundle(
        path=target,
        bundle_id=document["bundle_id"],
        device_id=document["device_id"],
        learners=len(document["learners"]),
        answers=sum(len(learner["attempts"]) for learner in document["learners"]),
        signed_by=signature["key_fingerprint"] if signature else None,
    )


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class LoadedBundle:
    """A bundle that passed every check."""

    source: str
    bundle_id: str
    device_id: str
    exported_at: datetime
    trainer_version: str
    content_id: str | None
    content_version: str | None
    learners: tuple[LearnerHistory, ...]
    sha256: str
    #: The key that signed the bundle, or ``None`` when it is not signed.
    signer: PublicKey | None
    #: True when the signer is among the trusted keys given to :func:`parse_bundle`.
    trusted: bool
    #: The file it was read from (``None`` when parsed from bytes).
    path: Path | None = None

    @property
    def answer_count(self) -> int:
        return sum(len(learner.attempts) for learner in self.learners)


def _refuse(source: str, reason: str) -> BundleRejectedError:
    return BundleRejectedError(f"{source} was refused: {reason}")


def _b64(value: Any, length: int) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        decoded = base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, binascii.Error, UnicodeEncodeError):
        return None
    return decoded if len(decoded) == length else None


def _check_signature(document: Mapping[str, Any], source: str) -> PublicKey | None:
    raw = document.get(_SIGNATURE_KEY)
    if raw is None:
        return None
    if not isinstance(raw, dict) or raw.get("algorithm") != "ed25519":
        raise _refuse(source, "its signature is not an Ed25519 signature this trainer reads.")
    public_raw = _b64(raw.get("public_key"), 32)
    signature = _b64(raw.get("value"), 64)
    if public_raw is None or signature is None:
        raise _refuse(source, "its signature is damaged (the key or the value is malformed).")
    public = PublicKey(public_raw)
    if raw.get("key_fingerprint") != public.fingerprint:
        raise _refuse(source, "its signature names a fingerprint that is not its key's.")
    if not public.verify(signature, _signed_bytes(document)):
        raise _refuse(
            source,
            f"the signature by key {public.fingerprint} does not match: the bundle was "
            "changed after it was signed.",
        )
    return public


def _text(document: Mapping[str, Any], key: str) -> str:
    value = document.get(key)
    if not isinstance(value, str) or not value:
        raise SchemaViolation(f"{key!r} is missing or not a text")
    return value


def parse_bundle(
    data: bytes,
    *,
    source: str = "The bundle",
    trusted_keys: Sequence[PublicKey] | None = None,
    require_signature: bool = False,
    path: Path | None = None,
) -> LoadedBundle:
    """Check a bundle completely and return its content.

    Checks, in order: JSON, format and version, the checksum, the signature (when
    there is one), the signer against ``trusted_keys`` (when given, a signature by one
    of them is required), then every learner record with its own checksum. Raises
    :class:`BundleRejectedError` naming ``source`` and the reason.
    """
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _refuse(
            source, "it is not a complete JSON file (it may have been cut short or damaged)."
        ) from None
    if not isinstance(document, dict) or document.get("format") != BUNDLE_FORMAT:
        raise _refuse(source, "it is not a results bundle exported by the officer trainer.")
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _refuse(source, "its format version is missing or invalid.")
    if version > BUNDLE_FORMAT_VERSION:
        raise _refuse(
            source,
            f"it was made by a newer version of the trainer (bundle format {version}; this "
            f"version reads up to {BUNDLE_FORMAT_VERSION}). Update the trainer to read it.",
        )
    stated = document.get(_CHECKSUM_KEY)
    if not isinstance(stated, str) or not _HEX64.match(stated.lower()):
        raise _refuse(source, "it has no valid checksum.")
    try:
        actual = _checksum(document)
    except ValueError:
        raise _refuse(source, "it contains values that are not valid in a bundle.") from None
    if actual != stated.lower():
        raise _refuse(
            source,
            "it was changed or damaged after it was exported (the checksum does not match).",
        )
    signer = _check_signature(document, source)
    trusted = signer is not None and any(k.raw == signer.raw for k in trusted_keys or ())
    if trusted_keys is not None and not trusted:
        if signer is None:
            raise _refuse(source, "it is not signed, and only signed bundles are accepted.")
        raise _refuse(
            source, f"it is signed by key {signer.fingerprint}, which is not a trusted key."
        )
    if require_signature and signer is None:
        raise _refuse(source, "it is not signed, and only signed bundles are accepted.")
    where = "the bundle header"
    try:
        bundle_id = _text(document, "bundle_id")
        device = _text(document, "device_id")
        if not _HEX32.match(device):
            raise SchemaViolation("the device id is not 32 hexadecimal digits")
        exported_at = from_iso(document.get("exported_at"), "exported_at")
        trainer_version = _text(document, "trainer_version")
        content = document.get("content")
        content_id = content_version = None
        if content is not None:
            if not isinstance(content, dict):
                raise SchemaViolation("'content' is not an object")
            content_id = _text(content, "id")
            content_version = _text(content, "version")
        records = document.get("learners")
        if not isinstance(records, list) or not records:
            raise SchemaViolation("'learners' is missing or empty")
    except SchemaViolation as exc:
        raise _refuse(source, f"{where} is invalid ({exc}).") from None
    learners: list[LearnerHistory] = []
    seen: set[str] = set()
    for number, record in enumerate(records, start=1):
        label = f"learner record {number}"
        try:
            export = parse_export(canonical_json(record), source=label)
        except ExportRejectedError as exc:
            reason = str(exc).removeprefix(f"{label} cannot be imported: ")
            reason = reason.removesuffix(" Nothing was changed.")
            raise _refuse(source, f"{label} is invalid: {reason}") from None
        except ValueError:
            raise _refuse(source, f"{label} contains values that are not valid.") from None
        history = history_from_export(export)
        if history.profile_id in seen:
            raise _refuse(source, f"{label} repeats a learner already in the bundle.")
        seen.add(history.profile_id)
        learners.append(history)
    return LoadedBundle(
        source=source,
        bundle_id=bundle_id,
        device_id=device,
        exported_at=exported_at,
        trainer_version=trainer_version,
        content_id=content_id,
        content_version=content_version,
        learners=tuple(learners),
        sha256=actual,
        signer=signer,
        trusted=trusted,
        path=path,
    )


def read_bundle(
    path: Path,
    *,
    trusted_keys: Sequence[PublicKey] | None = None,
    require_signature: bool = False,
) -> LoadedBundle:
    """Read and check the bundle file at ``path`` (see :func:`parse_bundle`)."""
    source = f"The bundle {path}"
    try:
        size = Path(path).stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise _refuse(source, f"it is larger ({size} bytes) than any bundle can be.")
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise _refuse(source, "it is a folder, not a bundle file.") from None
    except OSError as exc:
        raise BundleRejectedError(f"{source} could not be read ({exc.strerror or exc}).") from None
    return parse_bundle(
        data,
        source=source,
        trusted_keys=trusted_keys,
        require_signature=require_signature,
        path=Path(path),
    )
