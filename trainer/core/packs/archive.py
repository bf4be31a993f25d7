"""Reading a pack archive without trusting it.

:func:`open_pack` checks the structure of the zip before a single content byte is
read: member names and types, encryption, compression methods, the number of entries,
the manifest's format, and that the members and the manifest list the same files.
:meth:`PackArchive.extract` then reads every content file with its own inflater, so
every limit is counted on the bytes actually produced, never on what a header claims,
and checks each file's size and SHA-256 against the manifest.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from trainer.core.packs.errors import (
    DamagedPackError,
    IntegrityError,
    ManifestError,
    NotAPackError,
    PackIOError,
    PackTooLargeError,
    UnsafeMemberError,
)
from trainer.core.packs.manifest import (
    CONTENT_PREFIX,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    FileEntry,
    Manifest,
    check_content_path,
    check_names_distinct,
    check_suffix,
    format_size,
    parse_manifest,
)

__all__ = ["PackArchive", "PackLimits", "open_pack"]

CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4sHHHHHLLLHH")
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_ENCRYPTED_FLAGS = 0x0001 | 0x0040 | 0x2000
_MSDOS_DIRECTORY = 0x10


@dataclass(frozen=True, slots=True)
class PackLimits:
    """What a pack may hold. The defaults suit a curriculum of text and pictures."""

    max_entries: int = 5_000
    max_file_bytes: int = 20_000_000
    max_total_bytes: int = 200_000_000
    #: Largest output/input ratio of one member, checked once it has produced
    #: ``ratio_floor`` bytes (small files may legitimately compress very well).
    max_ratio: int = 100
    ratio_floor: int = 1_000_000
    max_manifest_bytes: int = 4_000_000
    max_signature_bytes: int = 16_000

    @property
    def max_archive_bytes(self) -> int:
        """The largest pack file worth opening: the content plus room for zip headers."""
        return self.max_total_bytes + self.max_entries * 1_024 + 1_000_000


def _fail_damaged(name: str, why: str) -> DamagedPackError:
    return DamagedPackError(
        f"member '{name}' is damaged ({why}); the pack may have been cut short while "
        "copying: copy it again from the original"
    )


def _entry_count(handle: BinaryIO, size: int, limits: PackLimits) -> None:
    """Refuse too many entries from the end-of-archive record, before the zip module
    builds an object for each one."""
    tail_length = min(size, 65_535 + 22)
    handle.seek(size - tail_length)
    tail = handle.read(tail_length)
    position = tail.rfind(_EOCD)
    if position < 0 or position + 22 > len(tail):
        raise DamagedPackError(
            "the pack is damaged or incomplete (its table of contents is missing); it may "
            "have been cut short while copying: copy it again from the original"
        )
    entries, directory_size = struct.unpack("<HL", tail[position + 10 : position + 16])
    locator = position - 20
    zip64 = entries == 0xFFFF or directory_size == 0xFFFFFFFF
    if zip64 and locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
        (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        handle.seek(offset)
        record = handle.read(56)
        if len(record) == 56 and record[:4] == _ZIP64_EOCD:
            entries, directory_size = struct.unpack("<QQ", record[32:48])
    if entries > limits.max_entries:
        raise PackTooLargeError(
            f"the pack has {entries} entries; at most {limits.max_entries} are allowed"
        )
    if directory_size > limits.max_entries * 2_048:
        raise PackTooLargeError(
            "the pack's table of contents is far larger than its entries need; it is not a "
            "pack made by 'trainer pack build'"
        )


def _check_member_type(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if info.orig_filename != name:
        shown = info.orig_filename.encode("unicode_escape").decode("ascii")
        raise UnsafeMemberError(
            f"member '{shown}' has a name that tools read differently (a NUL character "
            "or a system separator in it)"
        )
    mode = (info.external_attr >> 16) & 0xFFFF
    kind = stat.S_IFMT(mode)
    if info.is_dir() or info.external_attr & _MSDOS_DIRECTORY or kind == stat.S_IFDIR:
        raise UnsafeMemberError(f"member '{name}' is a folder entry; packs hold files only")
    if kind == stat.S_IFLNK:
        raise UnsafeMemberError(
            f"member '{name}' is a symbolic link; packs hold ordinary files only"
        )
    if kind not in (0, stat.S_IFREG):
        raise UnsafeMemberError(
            f"member '{name}' is not an ordinary file (a device, pipe or other special file)"
        )
    if mode & (stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX):
        raise UnsafeMemberError(f"member '{name}' has set-user-id or other special permissions")
    if info.flag_bits & _ENCRYPTED_FLAGS:
        raise UnsafeMemberError(
            f"member '{name}' is encrypted; packs are never encrypted (they are signed instead)"
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UnsafeMemberError(
            f"member '{name}' uses compression method {info.compress_type}; packs use only "
            "'stored' and 'deflated'"
        )


@dataclass
class _Counter:
    """Bytes produced so far across the whole pack."""

    total: int = 0


class _MemberReader:
    """Reads members by their located data, inflating them with our own counting."""

    def __init__(
        self, handle: BinaryIO, data: dict[str, tuple[int, int]], limits: PackLimits
    ) -> None:
        self.handle = handle
        self.data = data
        self.limits = limits

    def stream(
        self,
        info: zipfile.ZipInfo,
        limit: int,
        too_large: Callable[[int], Exception],
        sink: Callable[[bytes], None],
        counter: _Counter | None = None,
    ) -> int:
        """Inflate one member into ``sink``; the byte count is what was produced."""
        name = info.filename
        start, length = self.data[name]
        handle = self.handle
        handle.seek(start)
        remaining = length
        produced = 0
        crc = 0
        limits = self.limits

        def emit(chunk: bytes) -> None:
            nonlocal produced, crc
            produced += len(chunk)
            if produced > limit:
                raise too_large(limit)
            if produced > limits.ratio_floor and produced > limits.max_ratio * max(length, 1):
                raise PackTooLargeError(
                    f"member '{name}' expands to more than {limits.max_ratio} times its "
                    f"compressed size ({format_size(length)} → over {format_size(produced)}); "
                    "it looks like a zip bomb"
                )
            if counter is not None:
                counter.total += len(chunk)
                if counter.total > limits.max_total_bytes:
                    raise PackTooLargeError(
                        f"the pack expands to more than {format_size(limits.max_total_bytes)} "
                        "in total, the most a pack may hold"
                    )
            crc = zlib.crc32(chunk, crc)
            sink(chunk)

        def read_raw(count: int) -> bytes:
            data = handle.read(count)
            if len(data) != count:
                raise _fail_damaged(name, "the archive ends inside it")
            return data

        if info.compress_type == zipfile.ZIP_STORED:
            while remaining:
                chunk = read_raw(min(CHUNK, remaining))
                remaining -= len(chunk)
                emit(chunk)
        else:
            inflater = zlib.decompressobj(-15)
            try:
                while not inflater.eof:
                    buffer = inflater.unconsumed_tail
                    if not buffer and remaining:
                        buffer = read_raw(min(CHUNK, remaining))
                        remaining -= len(buffer)
                    out = inflater.decompress(buffer, CHUNK)
                    if out:
                        emit(out)
                    elif not buffer or inflater.unconsumed_tail == buffer:
                        raise _fail_damaged(name, "its compressed data ends early")
            except zlib.error as exc:
                raise _fail_damaged(name, f"its compressed data is invalid: {exc}") from None
            if remaining or inflater.unused_data:
                raise _fail_damaged(name, "it has data after the end of its compressed stream")
        if crc != info.CRC:
            raise _fail_damaged(name, "its checksum does not match")
        if produced != info.file_size:
            raise _fail_damaged(
                name, f"it holds {produced} bytes but its header says {info.file_size}"
            )
        return produced

    def read_small(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        """The bytes of a metadata member (manifest, signature), at most ``limit``."""
        parts: list[bytes] = []

        def too_large(cap: int) -> Exception:
            return PackTooLargeError(f"{info.filename} is larger than {format_size(cap)}")

        self.stream(info, limit, too_large, parts.append)
        return b"".join(parts)


@dataclass
class PackArchive:
    """A pack file whose structure and manifest have been checked (see :func:`open_pack`)."""

    path: Path
    limits: PackLimits
    manifest: Manifest
    manifest_bytes: bytes
    signature_bytes: bytes | None
    members: dict[str, zipfile.ZipInfo]
    reader: _MemberReader

    def __enter__(self) -> PackArchive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.reader.handle.close()

    def extract(
        self,
        destination: Path | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Check every content file against the manifest; with a destination (a folder
        that must not hold any of the files yet), write them there too."""
        counter = _Counter()
        files = self.manifest.files
        for index, entry in enumerate(files):
            if destination is None:
                self._check_entry(entry, None, counter)
            else:
                self._write_entry(entry, destination, counter)
            if progress is not None:
                progress(index + 1, len(files))

    def read_member(self, entry: FileEntry) -> bytes:
        """One content file's bytes, checked against the manifest."""
        parts: list[bytes] = []
        self._check_entry(entry, parts.append, _Counter())
        return b"".join(parts)

    def _write_entry(self, entry: FileEntry, destination: Path, counter: _Counter) -> None:
        target = destination.joinpath(*entry.path.split("/"))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.parent.resolve().relative_to(destination.resolve())
        except ValueError:
            raise UnsafeMemberError(f"file '{entry.path}' leaves the pack folder") from None
        except OSError as exc:
            raise PackIOError(f"could not write '{entry.path}': {exc}") from None
        try:
            with open(target, "xb") as out:
                self._check_entry(entry, out.write, counter)
                out.flush()
                os.fsync(out.fileno())
        except FileExistsError:
            raise UnsafeMemberError(f"file '{entry.path}' would be written twice") from None
        except OSError as exc:
            raise PackIOError(f"could not write '{entry.path}': {exc}") from None

    def _check_entry(
        self, entry: FileEntry, sink: Callable[[bytes], object] | None, counter: _Counter
    ) -> None:
        limits = self.limits
        info = self.members[CONTENT_PREFIX + entry.path]
        digest = hashlib.sha256()
        limit = min(entry.size, limits.max_file_bytes)

        def too_large(cap: int) -> Exception:
            if entry.size > limits.max_file_bytes:
                return PackTooLargeError(
                    f"file '{entry.path}' expands to more than {format_size(cap)}, the most "
                    "one file in a pack may hold"
                )
            return IntegrityError(
                f"file '{entry.path}' is larger than the {entry.size} bytes the manifest "
                "says; it was changed after the pack was built"
            )

        def consume(chunk: bytes) -> None:
            digest.update(chunk)
            if sink is not None:
                sink(chunk)

        size = self.reader.stream(info, limit, too_large, consume, counter)
        if size != entry.size:
            raise IntegrityError(
                f"file '{entry.path}' has {size} bytes but the manifest says {entry.size}; "
                "it was changed after the pack was built"
            )
        actual = digest.hexdigest()
        if actual != entry.sha256:
            raise IntegrityError(
                f"file '{entry.path}' has SHA-256 {actual} but the manifest says "
                f"{entry.sha256}; it was changed after the pack was built"
            )


def _locate_data(
    handle: BinaryIO, size: int, infos: list[zipfile.ZipInfo]
) -> dict[str, tuple[int, int]]:
    """Where each member's data lies; refuses members that overlap or leave the file."""
    spans: list[tuple[int, int, str]] = []
    located: dict[str, tuple[int, int]] = {}
    for info in infos:
        name = info.filename
        handle.seek(info.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise _fail_damaged(name, "its local header is missing")
        fields = _LOCAL_HEADER.unpack(header)
        flags, name_length, extra_length = fields[2], fields[9], fields[10]
        if flags & _ENCRYPTED_FLAGS:
            raise UnsafeMemberError(
                f"member '{name}' is encrypted; packs are never encrypted (they are signed instead)"
            )
        raw_name = handle.read(name_length)
        encoding = "utf-8" if flags & 0x800 else "cp437"
        if raw_name.decode(encoding, errors="replace") != info.orig_filename:
            raise UnsafeMemberError(
                f"member '{name}' has a different name in its local header; the archive was "
                "crafted to show different files to different tools"
            )
        start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        end = start + info.compress_size
        if end > size:
            raise _fail_damaged(name, "its data runs past the end of the archive")
        spans.append((info.header_offset, end, name))
        located[name] = (start, info.compress_size)
    spans.sort()
    for (_, first_end, first), (second_start, _, second) in itertools.pairwise(spans):
        if second_start < first_end:
            raise UnsafeMemberError(
                f"members '{first}' and '{second}' share bytes in the archive, a trick used "
                "by zip bombs"
            )
    return located


def open_pack(
    path: Path, limits: PackLimits | None = None, shown_name: str | None = None
) -> PackArchive:
    """Open a pack and check its structure and manifest; raises a :class:`PackError`.

    ``shown_name`` is the file name used in messages (the original name when ``path`` is
    a private copy)."""
    limits = limits or PackLimits()
    try:
        handle: BinaryIO = open(path, "rb")  # noqa: SIM115 - owned by the PackArchive
    except FileNotFoundError:
        raise NotAPackError(f"'{path}' does not exist") from None
    except IsADirectoryError:
        raise NotAPackError(f"'{path}' is a folder, not a pack file") from None
    except OSError as exc:
        raise PackIOError(f"'{path}' cannot be read ({exc.strerror})") from None
    try:
        return _open(path, shown_name or path.name, handle, limits)
    except BaseException:
        handle.close()
        raise


def _open(path: Path, shown: str, handle: BinaryIO, limits: PackLimits) -> PackArchive:
    size = os.fstat(handle.fileno()).st_size
    if size > limits.max_archive_bytes:
        raise PackTooLargeError(
            f"'{shown}' is {format_size(size)}, more than a pack may be "
            f"({format_size(limits.max_archive_bytes)})"
        )
    if handle.read(4) not in (b"PK\x03\x04", b"PK\x05\x06"):
        raise NotAPackError(
            f"'{shown}' is not a content pack (it is not a zip archive); packs are made "
            "with 'trainer pack build'"
        )
    _entry_count(handle, size, limits)
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise DamagedPackError(
            f"'{shown}' is damaged or incomplete ({exc}); it may have been cut short "
            "while copying: copy it again from the original"
        ) from None
    except OSError as exc:
        raise PackIOError(f"'{shown}' cannot be read ({exc.strerror})") from None
    if len(infos) > limits.max_entries:
        raise PackTooLargeError(
            f"the pack has {len(infos)} entries; at most {limits.max_entries} are allowed"
        )
    for info in infos:
        check_content_path(info.filename)
        _check_member_type(info)
    check_names_distinct(info.filename for info in infos)
    members: dict[str, zipfile.ZipInfo] = {}
    content: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if name.startswith(CONTENT_PREFIX):
            check_suffix(name, "member")
            content[name[len(CONTENT_PREFIX) :]] = info
        elif name not in (MANIFEST_NAME, SIGNATURE_NAME):
            raise UnsafeMemberError(
                f"member '{name}' is not part of a content pack (only manifest.json, "
                "signature.json and files under content/ are)"
            )
        if info.file_size > limits.max_file_bytes:
            raise PackTooLargeError(
                f"member '{name}' declares {format_size(info.file_size)}; one file may hold "
                f"at most {format_size(limits.max_file_bytes)}"
            )
        members[name] = info
    if MANIFEST_NAME not in members:
        raise ManifestError(
            "the pack has no manifest.json; it was not made with 'trainer pack build'"
        )
    reader = _MemberReader(handle, _locate_data(handle, size, infos), limits)
    manifest_bytes = reader.read_small(members[MANIFEST_NAME], limits.max_manifest_bytes)
    manifest = parse_manifest(manifest_bytes)
    signature_bytes: bytes | None = None
    if SIGNATURE_NAME in members:
        signature_bytes = reader.read_small(members[SIGNATURE_NAME], limits.max_signature_bytes)
    pack = PackArchive(path, limits, manifest, manifest_bytes, signature_bytes, members, reader)
    listed = {entry.path for entry in pack.manifest.files}
    for name in sorted(content):
        if name not in listed:
            raise ManifestError(
                f"file '{name}' is in the pack but not listed in its manifest; something was "
                "added after the pack was built"
            )
    for entry in pack.manifest.files:
        if entry.path not in content:
            raise ManifestError(
                f"the manifest lists '{entry.path}' but the pack does not contain it"
            )
        if entry.size > limits.max_file_bytes:
            raise PackTooLargeError(
                f"file '{entry.path}' is {format_size(entry.size)}; one file may hold at most "
                f"{format_size(limits.max_file_bytes)}"
            )
    if pack.manifest.total_size > limits.max_total_bytes:
        raise PackTooLargeError(
            f"the pack holds {format_size(pack.manifest.total_size)}; a pack may hold at most "
            f"{format_size(limits.max_total_bytes)}"
        )
    return pack
