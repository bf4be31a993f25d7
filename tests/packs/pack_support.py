"""Builders for pack tests: content trees, hand-made zip archives, header patches and
snapshots of a data folder."""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from trainer.core.packs.manifest import CONTENT_PREFIX, FileEntry, Manifest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library"
CREATED = "2025-03-01T12:00:00Z"
#: make_pack(version, *, signed=True, name=None, files=None) -> the pack file
PackMaker = Callable[..., Path]


def never(question: str) -> bool:
    """A confirmation callback for installs that must not need one."""
    raise AssertionError(f"confirmation asked unexpectedly: {question}")


def content_tree(version: str = "1.0.0") -> dict[str, bytes]:
    """The fixture library's files, with ``version`` in library.yaml."""
    files = {
        p.relative_to(FIXTURE).as_posix(): p.read_bytes()
        for p in sorted(FIXTURE.rglob("*"))
        if p.is_file()
    }
    original = files["library.yaml"]
    assert b"version: 1.0.0" in original
    files["library.yaml"] = original.replace(b"version: 1.0.0", f"version: {version}".encode())
    return files


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def manifest_of(
    files: dict[str, bytes],
    version: str = "2.0.0",
    pack_id: str = "fixture-library",
) -> Manifest:
    entries = tuple(
        FileEntry(path, len(data), hashlib.sha256(data).hexdigest())
        for path, data in sorted(files.items())
    )
    return Manifest(
        id=pack_id,
        title="Fixture library",
        version=version,
        publisher="Test suite",
        language="en",
        created=CREATED,
        files=entries,
    )


@dataclass
class Member:
    name: str
    data: bytes
    mode: int = stat.S_IFREG | 0o644
    compress: int = zipfile.ZIP_DEFLATED
    dos_attributes: int = 0


def members_for(
    files: dict[str, bytes], manifest: Manifest | bytes | None = None, version: str = "2.0.0"
) -> list[Member]:
    """manifest.json and one member per file, as 'trainer pack build' lays them out."""
    if manifest is None:
        manifest = manifest_of(files, version)
    raw = manifest if isinstance(manifest, bytes) else manifest.to_bytes()
    return [Member("manifest.json", raw)] + [
        Member(CONTENT_PREFIX + path, data) for path, data in sorted(files.items())
    ]


def write_zip(path: Path, members: list[Member]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are wanted in some archives
        with zipfile.ZipFile(path, "w") as archive:
            for member in members:
                info = zipfile.ZipInfo(member.name, date_time=(2020, 1, 1, 0, 0, 0))
                info.create_system = 3
                info.external_attr = (member.mode << 16) | member.dos_attributes
                info.compress_type = member.compress
                archive.writestr(info, member.data)
    return path


def patch_member(
    path: Path, name: str, *, flag_bits: int | None = None, file_size: int | None = None
) -> None:
    """Rewrite fields of one member in both its local header and its central directory
    entry, as a hand-crafted archive would have them."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(name).header_offset
    encoded = name.encode("utf-8")
    central = -1
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46 : position + 46 + length]) == encoded:
            central = position
            break
        position = data.find(b"PK\x01\x02", position + 4)
    assert central >= 0, name
    if flag_bits is not None:
        struct.pack_into("<H", data, local + 6, flag_bits)
        struct.pack_into("<H", data, central + 8, flag_bits)
    if file_size is not None:
        struct.pack_into("<L", data, local + 22, file_size)
        struct.pack_into("<L", data, central + 24, file_size)
    path.write_bytes(bytes(data))


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder below ``root`` (hidden ones too): file → SHA-256,
    folder → 'dir', link → its target."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        for name in dirs:
            path = base / name
            rel = path.relative_to(root).as_posix()
            found[rel] = f"link:{os.readlink(path)}" if path.is_symlink() else "dir"
        for name in files:
            path = base / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = f"link:{os.readlink(path)}"
            else:
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def overlapping_zip(path: Path, files: dict[str, bytes]) -> Path:
    """A zip whose member 'content/modules/inner.md' lies inside the stored data of
    'content/modules/outer.md': the overlap that the densest zip bombs rely on."""
    inner_name = "content/modules/inner.md"
    single = write_zip(path.with_suffix(".inner"), [Member(inner_name, b"# inner\n")])
    single_bytes = single.read_bytes()
    single.unlink()
    single_eocd = single_bytes.rfind(b"PK\x05\x06")
    single_cd_size, single_cd_offset = struct.unpack_from("<LL", single_bytes, single_eocd + 12)
    inner_local = single_bytes[:single_cd_offset]
    inner_central = bytearray(single_bytes[single_cd_offset : single_cd_offset + single_cd_size])

    members = members_for(files)
    members.append(Member("content/modules/outer.md", inner_local, compress=zipfile.ZIP_STORED))
    write_zip(path, members)
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        outer = archive.getinfo("content/modules/outer.md")
    name_length, extra_length = struct.unpack_from("<HH", data, outer.header_offset + 26)
    outer_data = outer.header_offset + 30 + name_length + extra_length
    struct.pack_into("<L", inner_central, 42, outer_data)
    eocd = data.rfind(b"PK\x05\x06")
    disk_entries, entries, cd_size, cd_offset = struct.unpack_from("<HHLL", data, eocd + 8)
    central = data[cd_offset : cd_offset + cd_size] + bytes(inner_central)
    end = bytearray(data[eocd : eocd + 22])
    struct.pack_into("<HHLL", end, 8, disk_entries + 1, entries + 1, len(central), cd_offset)
    path.write_bytes(data[:cd_offset] + central + bytes(end))
    return path
