"""``trainer pack build``: a validated content folder into a deterministic pack file."""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trainer.core.fields import id_problem
from trainer.core.loader import load_library
from trainer.core.model import Problem
from trainer.core.packs.archive import PackLimits
from trainer.core.packs.errors import (
    ContentInvalidError,
    ManifestError,
    PackIOError,
    PackTooLargeError,
    UnsafeMemberError,
)
from trainer.core.packs.fileops import replacing
from trainer.core.packs.manifest import (
    CONTENT_PREFIX,
    MANIFEST_NAME,
    PACK_SUFFIXES,
    FileEntry,
    Manifest,
    SemVer,
    check_content_path,
    check_names_distinct,
    format_size,
    utc_now_iso,
)

__all__ = ["BuildResult", "build_pack", "collect_files", "content_problems", "write_member"]

#: Every member has this date, so building the same content twice gives the same bytes
#: (apart from the manifest's ``created``).
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
SHOWN_PROBLEMS = 20


@dataclass(frozen=True, slots=True)
class BuildResult:
    path: Path
    manifest: Manifest
    #: Files of the folder left out of the pack, each with the reason.
    skipped: tuple[str, ...]
    #: Validation warnings (a pack may have warnings, never errors).
    warnings: tuple[Problem, ...]


def write_member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Add one regular file with fixed date and permissions, deflated."""
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.create_system = 3
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def collect_files(root: Path) -> tuple[list[str], list[str]]:
    """The content files below ``root`` in pack order, and the ones left out with why.

    Hidden files and folders and ``__…`` folders are left out without a word (the app
    ignores them too); special files and other kinds of file are reported. A link to a
    content file is refused: the app would read it, the pack could not carry it.
    """
    included: list[str] = []
    skipped: list[str] = []
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        kept_dirs = []
        for name in sorted(dirs):
            if name.startswith((".", "__")):
                continue
            if (base / name).is_symlink():
                skipped.append(f"{(base / name).relative_to(root).as_posix()}/: a link to a folder")
                continue
            kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = base / name
            rel = full.relative_to(root).as_posix()
            mode = full.lstat().st_mode
            if stat.S_ISLNK(mode):
                if name.lower().endswith(PACK_SUFFIXES):
                    raise UnsafeMemberError(
                        f"'{rel}' is a symbolic link; packs hold ordinary files only: replace "
                        "the link with a copy of the file"
                    )
                skipped.append(f"{rel}: a symbolic link (packs hold ordinary files only)")
            elif not stat.S_ISREG(mode):
                skipped.append(f"{rel}: not an ordinary file")
            elif not name.lower().endswith(PACK_SUFFIXES):
                skipped.append(f"{rel}: not a content file or picture")
            else:
                included.append(rel)
    included.sort()
    return included, skipped


def content_problems(what: str, problems: Sequence[Problem], fix: str) -> str:
    shown = [p.format() for p in problems[:SHOWN_PROBLEMS]]
    more = len(problems) - len(shown)
    tail = f"\n  … and {more} more" if more > 0 else ""
    count = f"{len(problems)} error{'s' if len(problems) != 1 else ''}"
    return f"{what} has {count}; {fix}:\n  " + "\n  ".join(shown) + tail


def build_pack(
    content_dir: Path,
    output: Path,
    *,
    created: str | None = None,
    limits: PackLimits | None = None,
) -> BuildResult:
    """Validate ``content_dir`` and write its pack to ``output`` (replaced atomically)."""
    limits = limits or PackLimits()
    if not content_dir.is_dir():
        raise ContentInvalidError(f"'{content_dir}' is not a folder", ())
    library = load_library(content_dir)
    if library.errors:
        raise ContentInvalidError(
            content_problems(
                "the content folder",
                library.errors,
                f"fix them ('trainer validate {content_dir}' lists them all) and build again",
            ),
            library.errors,
        )
    info = library.info
    if info is None:
        raise ManifestError(
            f"'{content_dir}' has no library.yaml; a pack takes its id, title, version, "
            "publisher and language from it"
        )
    problem = id_problem(info.id)
    if problem:
        raise ManifestError(f"library.yaml: {problem}")
    if SemVer.parse(info.version) is None:
        raise ManifestError(
            f"library.yaml has version '{info.version}', which is not a version number such "
            "as 1.2.0; packs need one to tell an update from an older copy"
        )
    included, skipped = collect_files(content_dir)
    for rel in included:
        check_content_path(rel, "file")
    check_names_distinct(included, "file")
    if len(included) + 2 > limits.max_entries:
        raise PackTooLargeError(
            f"the folder has {len(included)} files; a pack may hold at most "
            f"{limits.max_entries - 2}"
        )
    resolved_output = output.resolve()
    included = [rel for rel in included if (content_dir / rel).resolve() != resolved_output]
    entries: list[FileEntry] = []
    total = 0
    for rel in included:
        data = _read_file(content_dir / rel, rel, limits)
        total += len(data)
        if total > limits.max_total_bytes:
            raise PackTooLargeError(
                f"the folder holds more than {format_size(limits.max_total_bytes)}, "
                "the most a pack may hold"
            )
        entries.append(FileEntry(rel, len(data), hashlib.sha256(data).hexdigest()))
    manifest = Manifest(
        id=info.id,
        title=info.title,
        version=info.version,
        publisher=info.publisher,
        language=info.language,
        created=created or utc_now_iso(),
        files=tuple(entries),
    )
    with replacing(output) as handle, zipfile.ZipFile(handle, "w") as archive:
        write_member(archive, MANIFEST_NAME, manifest.to_bytes())
        for entry in entries:
            # Read again and compare, so a file saved during the build cannot make the
            # pack disagree with its own manifest.
            data = _read_file(content_dir / entry.path, entry.path, limits)
            if hashlib.sha256(data).hexdigest() != entry.sha256:
                raise PackIOError(
                    f"'{entry.path}' changed while the pack was being built; build again"
                )
            write_member(archive, CONTENT_PREFIX + entry.path, data)
    return BuildResult(output, manifest, tuple(skipped), library.warnings)


def _read_file(full: Path, rel: str, limits: PackLimits) -> bytes:
    try:
        size = full.stat().st_size
        if size > limits.max_file_bytes:
            raise PackTooLargeError(
                f"file '{rel}' is {format_size(size)}; one file in a pack may hold at most "
                f"{format_size(limits.max_file_bytes)}"
            )
        with open(full, "rb") as source:
            data = source.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise PackIOError(f"could not read '{full}': {exc}") from None
    if len(data) > limits.max_file_bytes:
        raise PackTooLargeError(f"file '{rel}' grew past the limit while it was being read")
    return data
