"""Installing, listing, rolling back and removing packs in the data folder.

Layout, below ``<data_dir>/packs/``::

    <pack-id>/current/     the content folder the app loads (with a hidden .pack.json)
    <pack-id>/previous/    the version it replaced, kept for a rollback
    <pack-id>/.retired/    during an install: the old previous, deleted at the end
    <pack-id>/.rollback/   during a rollback: the older version, parked for a moment
    .staging/<token>/      work area of an install in progress (pack copy, extracted tree)
    .trash/<id>-<time>/    packs removed with remove_pack
    .lock                  held while any of these functions changes the folder

A pack reaches ``current`` only after every check has passed on a private copy in the
staging area; the swap itself is two renames (``current``→``previous``,
staged→``current``). :func:`recover_packs` repairs a crash between them.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.core.fields import id_problem
from trainer.core.loader import load_library
from trainer.core.model import Problem
from trainer.core.packs.archive import PackLimits, open_pack
from trainer.core.packs.build import content_problems
from trainer.core.packs.errors import (
    ContentInvalidError,
    InstallCancelledError,
    ManifestError,
    NoPreviousVersionError,
    NotAPackError,
    PackIOError,
    PackNotInstalledError,
    PackTooLargeError,
    UntrustedPackError,
    VersionNotNewerError,
)
from trainer.core.packs.folders import (
    CURRENT,
    PACKS_DIR,
    PREVIOUS,
    RETIRED,
    ROLLBACK,
    STAGING,
    TRASH,
    installed_content_dirs,
    locked,
    recover,
    recover_packs,
    remove_tree,
    rename,
    stamp,
)
from trainer.core.packs.keys import PackPolicy, PublicKey, is_trusted, load_policy
from trainer.core.packs.manifest import Manifest, SemVer, format_size, utc_now_iso
from trainer.core.packs.signing import check_signature

__all__ = [
    "CURRENT",
    "PACKS_DIR",
    "PREVIOUS",
    "InstallResult",
    "InstalledPack",
    "InstalledVersion",
    "install_pack",
    "installed_content_dirs",
    "list_packs",
    "recover_packs",
    "remove_pack",
    "rollback_pack",
]

METADATA = ".pack.json"

Confirm = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class InstalledVersion:
    """One installed version of a pack, as recorded when it was installed."""

    id: str
    title: str
    version: str
    publisher: str
    language: str
    created: str
    installed: str
    #: Fingerprint of the key that signed it, or ``None`` when it was unsigned.
    signed_by: str | None
    public_key: PublicKey | None
    path: Path


@dataclass(frozen=True, slots=True)
class InstalledPack:
    id: str
    current: InstalledVersion
    previous: InstalledVersion | None


@dataclass(frozen=True, slots=True)
class InstallResult:
    pack_id: str
    title: str
    version: str
    publisher: str
    #: The version this one replaced (now kept as ``previous``), if any.
    replaced_version: str | None
    signed_by: str | None
    trusted: bool
    #: The installed content folder (``<data_dir>/packs/<id>/current``).
    path: Path
    #: Validation warnings of the installed content (errors are refused).
    warnings: tuple[Problem, ...]


# -- metadata ------------------------------------------------------------------------------


def _write_metadata(tree: Path, manifest: Manifest, signer: PublicKey | None, source: str) -> None:
    document = {
        "manifest": manifest.as_dict(),
        "installed": utc_now_iso(),
        "signed_by": signer.fingerprint if signer else None,
        "public_key": base64.b64encode(signer.raw).decode("ascii") if signer else None,
        "source": source,
    }
    data = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
    with open(tree / METADATA, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _read_metadata(folder: Path) -> InstalledVersion | None:
    try:
        document = json.loads((folder / METADATA).read_text("utf-8"))
        manifest: dict[str, Any] = document["manifest"]
        key_text = document.get("public_key")
        public = (
            PublicKey(base64.b64decode(key_text, validate=True))
            if isinstance(key_text, str)
            else None
        )
        return InstalledVersion(
            id=str(manifest["id"]),
            title=str(manifest["title"]),
            version=str(manifest["version"]),
            publisher=str(manifest["publisher"]),
            language=str(manifest["language"]),
            created=str(manifest["created"]),
            installed=str(document["installed"]),
            signed_by=public.fingerprint if public else None,
            public_key=public,
            path=folder,
        )
    except (OSError, ValueError, KeyError, TypeError, binascii.Error):
        return None


# -- install -------------------------------------------------------------------------------


def _copy_limited(source: Path, target: Path, limit: int) -> None:
    try:
        with open(source, "rb") as reader, open(target, "xb") as writer:
            copied = 0
            while chunk := reader.read(1 << 20):
                copied += len(chunk)
                if copied > limit:
                    raise PackTooLargeError(
                        f"'{source.name}' is more than {format_size(limit)}, more than a pack "
                        "may be"
                    )
                writer.write(chunk)
            writer.flush()
            os.fsync(writer.fileno())
    except FileNotFoundError:
        raise NotAPackError(f"'{source}' does not exist") from None
    except IsADirectoryError:
        raise NotAPackError(f"'{source}' is a folder, not a pack file") from None
    except OSError as exc:
        raise PackIOError(f"could not copy '{source}' into the data folder: {exc}") from None


def _installed(folder: Path) -> InstalledVersion | None:
    current = folder / CURRENT
    if not current.is_dir():
        return None
    found = _read_metadata(current)
    if found is None:
        raise ManifestError(
            f"the installed pack '{folder.name}' has no readable record of its version; "
            f"remove it with 'trainer pack remove {folder.name}' and install again"
        )
    return found


def _check_version(manifest: Manifest, installed: InstalledVersion | None) -> None:
    if installed is None:
        return
    old = SemVer.parse(installed.version)
    new = manifest.semver
    if old is None or new > old:
        return
    if new == old:
        raise VersionNotNewerError(
            f"version {installed.version} of '{manifest.id}' is already installed; only a "
            "newer version can replace it (its publisher raises 'version' in library.yaml "
            "and builds the pack again)"
        )
    raise VersionNotNewerError(
        f"this pack is version {manifest.version} but version {installed.version} is "
        "already installed; an older version is never installed over a newer one (to go "
        f"back to the version installed before, use 'trainer pack rollback {manifest.id}')"
    )


def _trust_question(
    manifest: Manifest, signer: PublicKey | None, trusted: bool, policy: PackPolicy
) -> str | None:
    """``None`` when no confirmation is needed; raises when the policy refuses."""
    what = f"'{manifest.title}' version {manifest.version} from '{manifest.publisher}'"
    if signer is None:
        if not policy.allow_unsigned:
            raise UntrustedPackError(
                f"{what} is not signed, and this computer accepts only packs signed by a "
                "trusted publisher; ask the trainer for a signed pack"
            )
        return (
            f"{what} is not signed: nobody can tell who made it or whether it was changed on "
            "the way. Install it only if it came straight from a trainer you know. "
            "Install anyway?"
        )
    if trusted:
        return None
    if not policy.allow_unsigned:
        raise UntrustedPackError(
            f"{what} is signed by key {signer.fingerprint}, which is not a trusted publisher "
            "on this computer; if the trainer confirms that fingerprint, add their key with "
            "'trainer pack trust KEY.pub' and install again"
        )
    return (
        f"{what} is signed by key {signer.fingerprint}, which is not among your trusted "
        "publishers. Compare this fingerprint with the one your trainer gave you. "
        "Install anyway?"
    )


def install_pack(
    path: Path,
    data_dir: Path,
    confirm: Confirm,
    *,
    policy: PackPolicy | None = None,
    limits: PackLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> InstallResult:
    """Check a pack completely, then make it the installed version of its id.

    ``confirm`` is asked (with a question to show) before an unsigned pack or one signed
    by an unknown key is installed; it is never asked when the policy refuses such packs.
    ``policy`` defaults to ``<data_dir>/pack-policy.json`` (read only for such packs).
    Nothing in ``<data_dir>/packs/<id>/`` changes unless every check passes. Raises a
    :class:`~trainer.core.packs.errors.PackError` with a message for the trainer.
    """
    limits = limits or PackLimits()
    with locked(data_dir) as packs:
        recover(packs)
        work = packs / STAGING / uuid.uuid4().hex
        try:
            work.mkdir(parents=True)
            return _install(path, data_dir, packs, work, confirm, policy, limits, progress)
        except OSError as exc:
            raise PackIOError(f"could not install the pack: {exc}") from None
        finally:
            remove_tree(work)
            with suppress(OSError):
                work.parent.rmdir()


def _install(
    source: Path,
    data_dir: Path,
    packs: Path,
    work: Path,
    confirm: Confirm,
    policy: PackPolicy | None,
    limits: PackLimits,
    progress: Callable[[int, int], None] | None,
) -> InstallResult:
    # 1. A private copy: the stick can be pulled out or the file changed from now on
    #    without effect.
    copy = work / "pack.zip"
    _copy_limited(source, copy, limits.max_archive_bytes)
    tree = work / "tree"
    with open_pack(copy, limits, source.name) as pack:
        # 2. Structure and manifest were checked by open_pack; now the signature.
        manifest = pack.manifest
        signer = (
            check_signature(pack.manifest_bytes, pack.signature_bytes)
            if pack.signature_bytes is not None
            else None
        )
        trusted = signer is not None and is_trusted(data_dir, signer)
        if not trusted and policy is None:
            # Read only when it matters: a damaged policy file refuses what it governs,
            # not packs from trusted publishers.
            policy = load_policy(data_dir)
        question = _trust_question(manifest, signer, trusted, policy or PackPolicy())
        # 3. Downgrades and reinstalls, before reading any content.
        folder = packs / manifest.id
        installed = _installed(folder)
        _check_version(manifest, installed)
        # 4. Every file, counted and hashed as it is written into the staging tree.
        pack.extract(tree, progress)
    # 5. The content must load without errors, and be the pack the manifest names.
    library = load_library(tree)
    if library.errors:
        raise ContentInvalidError(
            content_problems(
                f"the content of pack '{manifest.id}'",
                library.errors,
                "ask its publisher to fix them ('trainer validate') and build the pack again",
            ),
            library.errors,
        )
    info = library.info
    if info is None or info.id != manifest.id or info.version != manifest.version:
        found = f"'{info.id}' version {info.version}" if info else "no library.yaml"
        raise ManifestError(
            f"the manifest names pack '{manifest.id}' version {manifest.version}, but its "
            f"content has {found}; the pack was not built properly"
        )
    # 6. The last word is the person's, and only once everything else has passed.
    if question is not None and not confirm(question):
        raise InstallCancelledError("installation cancelled; nothing was changed")
    _write_metadata(tree, manifest, signer, source.name)
    _swap_in(folder, tree)
    return InstallResult(
        pack_id=manifest.id,
        title=manifest.title,
        version=manifest.version,
        publisher=manifest.publisher,
        replaced_version=installed.version if installed else None,
        signed_by=signer.fingerprint if signer else None,
        trusted=trusted,
        path=folder / CURRENT,
        warnings=library.warnings,
    )


def _swap_in(folder: Path, tree: Path) -> None:
    """current→previous, staged→current, by renames only. The old ``previous`` is parked
    as ``.retired`` first and deleted last, so that a crash at any point leaves a state
    :func:`_recover_folder` turns into either the old or the new installation. A rename
    that fails is undone before the error is raised."""
    current, previous, retired = folder / CURRENT, folder / PREVIOUS, folder / RETIRED
    folder.mkdir(exist_ok=True)
    if retired.exists():
        remove_tree(retired)
    parked = moved = False
    try:
        if previous.exists():
            rename(previous, retired)
            parked = True
        if current.exists():
            rename(current, previous)
            moved = True
        rename(tree, current)
    except OSError:
        if moved and not current.exists():
            os.rename(previous, current)
        if parked and not previous.exists():
            os.rename(retired, previous)
        raise
    remove_tree(retired)


# -- list, rollback, remove ----------------------------------------------------------------


def list_packs(data_dir: Path) -> list[InstalledPack]:
    """Every installed pack, in id order (packs without a readable record are left out)."""
    found: list[InstalledPack] = []
    for current in installed_content_dirs(data_dir):
        version = _read_metadata(current)
        if version is None:
            continue
        previous_dir = current.parent / PREVIOUS
        previous = _read_metadata(previous_dir) if previous_dir.is_dir() else None
        found.append(InstalledPack(current.parent.name, version, previous))
    return found


def _pack_folder(packs: Path, pack_id: str) -> Path:
    problem = id_problem(pack_id)
    folder = packs / pack_id
    if problem or not (folder / CURRENT).is_dir():
        raise PackNotInstalledError(
            f"no pack '{pack_id}' is installed; 'trainer pack list' shows the installed packs"
        )
    return folder


def rollback_pack(data_dir: Path, pack_id: str) -> InstalledPack:
    """Swap ``previous`` and ``current``: the version before becomes the installed one,
    and the newer one is kept as ``previous`` (so a second rollback undoes the first)."""
    with locked(data_dir) as packs:
        recover(packs)
        folder = _pack_folder(packs, pack_id)
        current, previous, parked = folder / CURRENT, folder / PREVIOUS, folder / ROLLBACK
        if not previous.is_dir():
            raise NoPreviousVersionError(f"pack '{pack_id}' has no previous version to go back to")
        try:
            rename(previous, parked)
            rename(current, previous)
            rename(parked, current)
        except OSError as exc:
            recover(packs)
            raise PackIOError(f"could not roll back '{pack_id}': {exc}") from None
        now = _read_metadata(current)
        before = _read_metadata(previous)
        if now is None:
            raise PackIOError(f"pack '{pack_id}' was rolled back but its record is unreadable")
        return InstalledPack(pack_id, now, before)


def remove_pack(data_dir: Path, pack_id: str) -> Path:
    """Move a pack (current and previous) to ``packs/.trash/``; returns where it went.
    Learners' progress is kept: it is stored by content id, apart from the packs."""
    with locked(data_dir) as packs:
        recover(packs)
        folder = _pack_folder(packs, pack_id)
        trash = packs / TRASH
        target = trash / f"{pack_id}-{stamp()}"
        try:
            trash.mkdir(exist_ok=True)
            rename(folder, target)
        except OSError as exc:
            raise PackIOError(f"could not remove '{pack_id}': {exc}") from None
        return target
