"""The pack manifest: what a pack claims to hold, in a canonical, signable form.

A pack is a zip archive::

    manifest.json          this module's canonical JSON
    content/<path>         every content file, listed in the manifest
    signature.json         optional: see :mod:`trainer.core.packs.signing`

``manifest.json`` is stored in its canonical form (keys sorted, two-space indent,
UTF-8, a final newline); a manifest in any other form is refused, so the bytes that
were signed are exactly the bytes that are read.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import total_ordering
from typing import Any

from trainer.core.fields import id_problem
from trainer.core.markdown_scan import IMAGE_SUFFIXES
from trainer.core.packs.errors import ManifestError, UnsafeMemberError

__all__ = [
    "CONTENT_PREFIX",
    "FORMAT_ID",
    "FORMAT_VERSION",
    "MANIFEST_NAME",
    "PACK_SUFFIXES",
    "SIGNATURE_NAME",
    "FileEntry",
    "Manifest",
    "SemVer",
    "canonical_json",
    "check_content_path",
    "check_names_distinct",
    "check_suffix",
    "clash_key",
    "format_size",
    "parse_manifest",
    "utc_now_iso",
]

FORMAT_ID = "officer-trainer-pack"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "signature.json"
CONTENT_PREFIX = "content/"
#: The only kinds of file a pack carries: content files and the pictures they show.
PACK_SUFFIXES = (".md", ".markdown", ".yaml", ".yml", *IMAGE_SUFFIXES)
MAX_PATH_LENGTH = 400
MAX_COMPONENT_LENGTH = 200

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DRIVE = re.compile(r"^[A-Za-z]:")
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{i}" for i in range(1, 10)]
    + [f"lpt{i}" for i in range(1, 10)]
)
_SEMVER = re.compile(
    r"^(0|[1-9]\d{0,8})(?:\.(0|[1-9]\d{0,8}))?(?:\.(0|[1-9]\d{0,8}))?"
    r"(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)


def format_size(size: int) -> str:
    """A byte count as people read it: ``512 bytes``, ``1.5 MB``."""
    if size < 1000:
        return f"{size} bytes"
    value = float(size)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 1000 or unit == "TB":
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


@total_ordering
@dataclass(frozen=True, slots=True)
class SemVer:
    """A semantic version (``1.2.0``, ``2.0.0-rc.1``); ``1`` and ``1.2`` mean ``1.0.0``
    and ``1.2.0``. Build metadata (``+…``) is ignored when comparing."""

    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...]
    text: str

    @classmethod
    def parse(cls, text: str) -> SemVer | None:
        match = _SEMVER.match(text.strip())
        if match is None:
            return None
        major, minor, patch, pre = match.groups()
        return cls(
            int(major),
            int(minor or 0),
            int(patch or 0),
            tuple(pre.split(".")) if pre else (),
            text.strip(),
        )

    def _key(self) -> tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]:
        # A release sorts after all of its pre-releases; numeric identifiers sort
        # numerically and before alphanumeric ones (semver.org, rule 11).
        pre = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in self.prerelease)
        return (self.major, self.minor, self.patch, 0 if self.prerelease else 1, pre)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SemVer) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: SemVer) -> bool:
        return self._key() < other._key()

    def __str__(self) -> str:
        return self.text


def check_content_path(path: str, what: str = "member") -> None:
    """Refuse a path that could leave the pack folder or mean different files on
    different systems. ``what`` names it in the message ("member", "file")."""
    shown = path.encode("unicode_escape").decode("ascii")
    if not path:
        raise UnsafeMemberError(f"a {what} has an empty name")
    if path.startswith("/"):
        raise UnsafeMemberError(f"{what} '{shown}' has an absolute path")
    if "\\" in path:
        raise UnsafeMemberError(f"{what} '{shown}' contains a backslash; pack paths use '/' only")
    if _DRIVE.match(path):
        raise UnsafeMemberError(f"{what} '{shown}' starts with a drive letter")
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        raise UnsafeMemberError(f"{what} '{shown}' contains a control character")
    if ":" in path:
        raise UnsafeMemberError(f"{what} '{shown}' contains ':', which Windows cannot store")
    if len(path) > MAX_PATH_LENGTH:
        raise UnsafeMemberError(f"{what} '{shown[:60]}…' has a path longer than {MAX_PATH_LENGTH}")
    parts = path.split("/")
    if ".." in parts:
        raise UnsafeMemberError(f"{what} '{shown}' leaves the pack folder ('..')")
    if path.endswith("/"):
        raise UnsafeMemberError(f"{what} '{shown}' is a folder entry; packs hold files only")
    for part in parts:
        if part in ("", "."):
            raise UnsafeMemberError(f"{what} '{shown}' has an empty or '.' path part")
        if part.startswith("."):
            raise UnsafeMemberError(f"{what} '{shown}' is or lies in a hidden file or folder")
        if part != part.rstrip(" ."):
            raise UnsafeMemberError(
                f"{what} '{shown}' has a name ending in a space or dot, which Windows drops"
            )
        if part.split(".")[0].lower() in _WINDOWS_RESERVED:
            raise UnsafeMemberError(f"{what} '{shown}' uses a name Windows reserves")
        if len(part) > MAX_COMPONENT_LENGTH:
            raise UnsafeMemberError(f"{what} '{shown}' has a name part that is too long")


def check_suffix(path: str, what: str = "file") -> None:
    """Refuse a file that is neither content nor a picture (programs, archives, keys)."""
    if not path.lower().endswith(PACK_SUFFIXES):
        raise UnsafeMemberError(
            f"{what} '{path}' is not a content file or picture; packs carry only "
            f"{', '.join(PACK_SUFFIXES)} files"
        )


def clash_key(path: str) -> str:
    """The form under which two names mean one file on Windows or macOS."""
    return unicodedata.normalize("NFC", path).casefold()


def check_names_distinct(paths: Iterable[str], what: str = "member") -> None:
    """Refuse duplicates, names that differ only in case or Unicode form, and a name
    that is both a file and a folder."""
    seen: dict[str, str] = {}
    folders: dict[str, str] = {}
    ordered = list(paths)
    for path in ordered:
        key = clash_key(path)
        if key in seen:
            if seen[key] == path:
                raise UnsafeMemberError(f"{what} '{path}' appears twice")
            raise UnsafeMemberError(
                f"{what}s '{seen[key]}' and '{path}' differ only in upper/lower case or "
                "accents, so they would be one file on Windows and macOS"
            )
        seen[key] = path
        parts = key.split("/")
        for depth in range(1, len(parts)):
            folders.setdefault("/".join(parts[:depth]), path)
    for key, path in seen.items():
        if key in folders:
            raise UnsafeMemberError(f"{what} '{path}' is also used as a folder by '{folders[key]}'")


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One content file: its path below ``content/``, its size and SHA-256."""

    path: str
    size: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "size": self.size}


@dataclass(frozen=True, slots=True)
class Manifest:
    id: str
    title: str
    version: str
    publisher: str
    language: str
    created: str
    files: tuple[FileEntry, ...]
    format_version: int = FORMAT_VERSION

    @property
    def semver(self) -> SemVer:
        parsed = SemVer.parse(self.version)
        if parsed is None:  # parse_manifest and build refuse such a manifest
            raise ManifestError(f"the pack version '{self.version}' is not a version number")
        return parsed

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_ID,
            "format_version": self.format_version,
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "publisher": self.publisher,
            "language": self.language,
            "created": self.created,
            "files": [f.as_dict() for f in self.files],
        }

    def to_bytes(self) -> bytes:
        """The canonical bytes: what ``manifest.json`` holds and what is signed."""
        return canonical_json(self.as_dict())

    def entry(self, path: str) -> FileEntry | None:
        return next((f for f in self.files if f.path == path), None)


def canonical_json(document: Any) -> bytes:
    return (
        json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    ).encode("utf-8")


def utc_now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _no_duplicate_keys(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ManifestError(f"manifest.json names '{key}' twice")
        result[key] = value
    return result


def _text(document: dict[str, Any], key: str) -> str:
    value = document.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"manifest.json has no '{key}' text; the pack was not built properly")
    return value


def parse_manifest(raw: bytes) -> Manifest:
    """Read ``manifest.json``; refuse an unknown or newer format and any malformed entry."""
    try:
        document = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ManifestError(f"manifest.json is not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise ManifestError("manifest.json must hold a JSON object")
    if document.get("format") != FORMAT_ID:
        found = document.get("format")
        raise ManifestError(
            f"this is not an officer-trainer content pack (its manifest format is {found!r}, "
            f"expected '{FORMAT_ID}')"
        )
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ManifestError(f"manifest.json has an invalid format_version {version!r}")
    if version > FORMAT_VERSION:
        raise ManifestError(
            f"this pack uses pack format version {version}, but this trainer reads version "
            f"{FORMAT_VERSION} at most; install a newer version of the trainer first"
        )
    expected = {
        "format",
        "format_version",
        "id",
        "title",
        "version",
        "publisher",
        "language",
        "created",
        "files",
    }
    unknown = sorted(set(document) - expected)
    if unknown:
        raise ManifestError(f"manifest.json has unknown settings: {', '.join(unknown)}")
    pack_id = _text(document, "id")
    problem = id_problem(pack_id)
    if problem:
        raise ManifestError(f"the pack id is not valid: {problem}")
    pack_version = _text(document, "version")
    if SemVer.parse(pack_version) is None:
        raise ManifestError(
            f"the pack version '{pack_version}' is not a version number such as 1.2.0"
        )
    created = _text(document, "created")
    try:
        datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        raise ManifestError(f"manifest.json has an invalid 'created' date {created!r}") from None
    files_raw = document.get("files")
    if not isinstance(files_raw, list):
        raise ManifestError("manifest.json has no 'files' list")
    files: list[FileEntry] = []
    for item in files_raw:
        if not isinstance(item, dict) or set(item) != {"path", "size", "sha256"}:
            raise ManifestError("each entry of the manifest's 'files' needs path, size and sha256")
        path, size, digest = item["path"], item["size"], item["sha256"]
        if not isinstance(path, str):
            raise ManifestError("a manifest entry has a path that is not text")
        check_content_path(path, "manifest entry")
        check_suffix(path, "manifest entry")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ManifestError(f"the manifest entry '{path}' has an invalid size {size!r}")
        if not isinstance(digest, str) or not _SHA256.match(digest):
            raise ManifestError(f"the manifest entry '{path}' has an invalid SHA-256 {digest!r}")
        files.append(FileEntry(path, size, digest))
    check_names_distinct((f.path for f in files), "manifest entry")
    manifest = Manifest(
        id=pack_id,
        title=_text(document, "title"),
        version=pack_version,
        publisher=_text(document, "publisher"),
        language=_text(document, "language"),
        created=created,
        files=tuple(files),
        format_version=version,
    )
    if manifest.to_bytes() != raw:
        raise ManifestError(
            "manifest.json is not in canonical form (it was edited by hand or by another tool); "
            "build the pack again with 'trainer pack build'"
        )
    return manifest
