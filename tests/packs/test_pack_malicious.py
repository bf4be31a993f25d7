"""A corpus of malicious and malformed packs, each built here with crafted zip entries.

For every one: the install is refused with a specific, readable message, the installed
library and the whole data folder are byte-for-byte unchanged, no staging folder is
left behind, and nobody was asked to confirm anything.
"""

from __future__ import annotations

import base64
import json
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pack_support import (
    Member,
    PackMaker,
    content_tree,
    manifest_of,
    members_for,
    never,
    overlapping_zip,
    patch_member,
    snapshot,
    write_zip,
)

from trainer.core.packs import (
    ContentInvalidError,
    DamagedPackError,
    IntegrityError,
    KeyPair,
    ManifestError,
    NotAPackError,
    PackError,
    PackLimits,
    PackPolicy,
    PackTooLargeError,
    SignatureError,
    UnsafeMemberError,
    UntrustedPackError,
    VersionNotNewerError,
    generate_keypair,
    install_pack,
    sign_pack,
)
from trainer.core.packs.manifest import Manifest

V2 = "2.0.0"


@dataclass
class Case:
    """Makes a bad pack in ``folder`` (with the test's tools); the install must fail with
    ``error`` and a message containing ``message``."""

    make: Callable[[Path, PackMaker, KeyPair], Path]
    error: type[PackError]
    message: str
    limits: PackLimits | None = None
    policy: PackPolicy | None = None


def _files() -> dict[str, bytes]:
    return content_tree(V2)


def _zip(folder: Path, members: list[Member]) -> Path:
    return write_zip(folder / "bad.zip", members)


def _with_extra(folder: Path, extra: Member) -> Path:
    return _zip(folder, [*members_for(_files()), extra])


def _with_content(files: dict[str, bytes]) -> Callable[[Path, PackMaker, KeyPair], Path]:
    def make(folder: Path, _make: PackMaker, _key: KeyPair) -> Path:
        return _zip(folder, members_for(files))

    return make


def traversal(folder: Path, *_: object) -> Path:
    return _with_extra(folder, Member("../../evil", b"x"))


def traversal_inside(folder: Path, *_: object) -> Path:
    return _with_extra(folder, Member("content/modules/../../../evil.md", b"x"))


def absolute(folder: Path, *_: object) -> Path:
    return _with_extra(folder, Member("/etc/cron.d/evil.md", b"x"))


def backslash(folder: Path, *_: object) -> Path:
    return _with_extra(folder, Member("content\\..\\..\\evil.md", b"x"))


def drive_letter(folder: Path, *_: object) -> Path:
    return _with_extra(folder, Member("C:/Windows/evil.md", b"x"))


def duplicate(folder: Path, *_: object) -> Path:
    files = _files()
    return _with_extra(folder, Member("content/library.yaml", files["library.yaml"]))


def case_clash(folder: Path, *_: object) -> Path:
    files = _files()
    files["modules/Second-Module.md"] = files["modules/second-module.md"]
    return _zip(folder, members_for(files))


def nul_in_name(folder: Path, *_: object) -> Path:
    files = _files()
    files["modules/zero.md_evil.md"] = b"x"
    path = _zip(folder, members_for(files))
    path.write_bytes(path.read_bytes().replace(b"zero.md_evil.md", b"zero.md\0evil.md"))
    return path


def symlink(folder: Path, *_: object) -> Path:
    files = _files()
    files["modules/link.md"] = b"/etc/passwd"
    members = members_for(files)
    for member in members:
        if member.name == "content/modules/link.md":
            member.mode = stat.S_IFLNK | 0o777
    return _zip(folder, members)


def directory_entry(folder: Path, *_: object) -> Path:
    return _with_extra(folder, Member("content/modules/", b"", mode=stat.S_IFDIR | 0o755))


def directory_without_slash(folder: Path, *_: object) -> Path:
    files = _files()
    files["modules/folder.md"] = b""
    members = members_for(files)
    for member in members:
        if member.name == "content/modules/folder.md":
            member.mode = stat.S_IFDIR | 0o755
    return _zip(folder, members)


def dos_directory(folder: Path, *_: object) -> Path:
    files = _files()
    files["modules/dosdir.md"] = b""
    members = members_for(files)
    for member in members:
        if member.name == "content/modules/dosdir.md":
            member.mode, member.dos_attributes = 0, 0x10
    return _zip(folder, members)


def file_and_folder(folder: Path, *_: object) -> Path:
    files = _files()
    files["modules/second-module.md/inner.md"] = b"x"
    return _zip(folder, members_for(files))


def device(folder: Path, *_: object) -> Path:
    files = _files()
    members = members_for(files)
    members[-1].mode = stat.S_IFCHR | 0o644
    return _zip(folder, members)


def encrypted(folder: Path, *_: object) -> Path:
    path = _zip(folder, members_for(_files()))
    patch_member(path, "content/modules/second-module.md", flag_bits=0x0001)
    return path


def too_many_entries(folder: Path, *_: object) -> Path:
    files = _files()
    for index in range(5_000):
        files[f"extra/n{index}.md"] = b""
    return _zip(folder, members_for(files))


def bomb_with_lying_header(folder: Path, *_: object) -> Path:
    """15 MB of one byte: about 15 kB deflated; the header claims 1,000 bytes."""
    files = _files()
    files["modules/bomb.md"] = b"a" * 15_000_000
    path = _zip(folder, members_for(files))
    patch_member(path, "content/modules/bomb.md", file_size=1_000)
    return path


def bomb_lying_everywhere(folder: Path, *_: object) -> Path:
    """The header and the manifest both claim 1,000 bytes for 15 MB of data."""
    files = _files()
    bomb = b"a" * 15_000_000
    files["modules/bomb.md"] = bomb[:1_000]
    manifest = manifest_of(files, V2)
    files["modules/bomb.md"] = bomb
    path = _zip(folder, members_for(files, manifest))
    patch_member(path, "content/modules/bomb.md", file_size=1_000)
    return path


def overlapping(folder: Path, *_: object) -> Path:
    return overlapping_zip(folder / "bad.zip", _files())


def large_member(folder: Path, *_: object) -> Path:
    files = _files()
    files["modules/images/huge.png"] = b"\0" * 3_000_000
    return _zip(folder, members_for(files))


def not_in_manifest(folder: Path, *_: object) -> Path:
    files = _files()
    manifest = manifest_of(files, V2)
    files["modules/smuggled.md"] = b"---\nkind: module\n---\n"
    return _zip(folder, members_for(files, manifest))


def missing_file(folder: Path, *_: object) -> Path:
    files = _files()
    manifest = manifest_of(files, V2)
    del files["modules/second-module.md"]
    return _zip(folder, members_for(files, manifest))


def hash_mismatch(folder: Path, *_: object) -> Path:
    files = _files()
    manifest = manifest_of(files, V2)
    original = files["modules/second-module.md"]
    files["modules/second-module.md"] = original.replace(b"A second", b"B second")
    return _zip(folder, members_for(files, manifest))


def size_mismatch(folder: Path, *_: object) -> Path:
    files = _files()
    manifest = manifest_of(files, V2)
    files["modules/second-module.md"] += b"\nAppended after the build.\n"
    return _zip(folder, members_for(files, manifest))


def _signed(folder: Path, key: KeyPair) -> Path:
    path = _zip(folder, members_for(_files()))
    sign_pack(path, key.private_path)
    return path


def _rewrite(path: Path, change: Callable[[str, bytes], bytes]) -> Path:
    with zipfile.ZipFile(path) as archive:
        members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    return write_zip(path, [Member(name, change(name, data)) for name, data in members])


def tampered_signature(folder: Path, _make: PackMaker, key: KeyPair) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name != "signature.json":
            return data
        document = json.loads(data)
        raw = bytearray(base64.b64decode(document["signature"]))
        raw[0] ^= 0x01
        document["signature"] = base64.b64encode(bytes(raw)).decode()
        return json.dumps(document).encode()

    return _rewrite(_signed(folder, key), change)


def manifest_changed_after_signing(folder: Path, _make: PackMaker, key: KeyPair) -> Path:
    def change(name: str, data: bytes) -> bytes:
        return data.replace(b'"Test suite"', b'"Someone else"') if name == "manifest.json" else data

    return _rewrite(_signed(folder, key), change)


def content_changed_after_signing(folder: Path, _make: PackMaker, key: KeyPair) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name == "content/modules/second-module.md":
            return data.replace(b"A second module", b"A forged module")
        return data

    return _rewrite(_signed(folder, key), change)


def key_swapped(folder: Path, _make: PackMaker, key: KeyPair) -> Path:
    """The signature is replaced by one from another key, claiming the trusted key's
    fingerprint."""
    other = generate_keypair(folder / "attacker.key")

    def change(name: str, data: bytes) -> bytes:
        if name != "signature.json":
            return data
        document = json.loads(data)
        document["key_fingerprint"] = key.public.fingerprint
        return json.dumps(document).encode()

    path = _zip(folder, members_for(_files()))
    sign_pack(path, other.private_path)
    return _rewrite(path, change)


def untrusted_signer(folder: Path, *_: object) -> Path:
    stranger = generate_keypair(folder / "stranger.key")
    path = _zip(folder, members_for(_files()))
    sign_pack(path, stranger.private_path)
    return path


def unsigned(folder: Path, *_: object) -> Path:
    return _zip(folder, members_for(_files()))


def _manifest_document(change: Callable[[dict[str, object]], None]) -> bytes:
    document = manifest_of(_files(), V2).as_dict()
    change(document)
    return json.dumps(document, sort_keys=True, indent=2).encode() + b"\n"


def newer_format(folder: Path, *_: object) -> Path:
    raw = _manifest_document(lambda d: d.update(format_version=2))
    return _zip(folder, members_for(_files(), raw))


def other_format(folder: Path, *_: object) -> Path:
    raw = _manifest_document(lambda d: d.update(format="some-other-tool"))
    return _zip(folder, members_for(_files(), raw))


def not_canonical(folder: Path, *_: object) -> Path:
    raw = json.dumps(manifest_of(_files(), V2).as_dict()).encode()
    return _zip(folder, members_for(_files(), raw))


def duplicate_manifest_key(folder: Path, *_: object) -> Path:
    canonical = manifest_of(_files(), V2).to_bytes()
    raw = canonical.replace(
        b'  "id": "fixture-library",', b'  "id": "fixture-library",\n  "id": "x",'
    )
    return _zip(folder, members_for(_files(), raw))


def invalid_pack_id(folder: Path, *_: object) -> Path:
    files = _files()
    manifest = Manifest("../Fixture Library", "T", V2, "P", "en", "2025-01-01T00:00:00Z", ())
    raw = manifest.to_bytes().replace(b'"files": []', _files_json(files))
    return _zip(folder, members_for(files, raw))


def _files_json(files: dict[str, bytes]) -> bytes:
    entries = [e.as_dict() for e in manifest_of(files, V2).files]
    body = json.dumps({"files": entries}, sort_keys=True, indent=2)
    return body.strip()[1:-1].strip().encode()


def id_differs_from_content(folder: Path, *_: object) -> Path:
    files = _files()
    manifest = manifest_of(files, V2, pack_id="another-pack")
    return _zip(folder, members_for(files, manifest))


def no_manifest(folder: Path, *_: object) -> Path:
    return _zip(folder, members_for(_files())[1:])


def truncated(folder: Path, make: PackMaker, _key: KeyPair) -> Path:
    good = make(V2, name="to-truncate").read_bytes()
    path = folder / "bad.zip"
    path.write_bytes(good[: len(good) * 2 // 3])
    return path


def cut_inside_member(folder: Path, make: PackMaker, _key: KeyPair) -> Path:
    """Only the end of the archive is damaged: the table of contents survives but
    points at data that is gone."""
    source = make(V2, name="to-damage")
    good = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("content/quizzes/reading-indicators.md")
    start = info.header_offset + 30 + len(info.filename) + 10
    good[start : start + 40] = b"\xff" * 40
    path = folder / "bad.zip"
    path.write_bytes(bytes(good))
    return path


def not_a_zip(folder: Path, *_: object) -> Path:
    path = folder / "bad.zip"
    path.write_bytes(b"%PDF-1.7\n" + b"\0" * 2000)
    return path


def empty_file(folder: Path, *_: object) -> Path:
    path = folder / "bad.zip"
    path.write_bytes(b"")
    return path


def older_version(_folder: Path, make: PackMaker, _key: KeyPair) -> Path:
    return make("0.9.0")


def same_version(_folder: Path, make: PackMaker, _key: KeyPair) -> Path:
    return make("1.0.0", name="again")


def invalid_content(folder: Path, *_: object) -> Path:
    files = _files()
    files["quizzes/reading-indicators.md"] = files["quizzes/reading-indicators.md"].replace(
        b"Type: single", b"Type: singel", 1
    )
    return _zip(folder, members_for(files))


def outside_content(folder: Path, *_: object) -> Path:
    return _with_extra(folder, Member("autorun.md", b"x"))


def program(folder: Path, *_: object) -> Path:
    files = _files()
    files["modules/run.exe"] = b"MZ"
    return _zip(folder, members_for(files))


def hidden_metadata(folder: Path, *_: object) -> Path:
    files = _files()
    files[".pack.json"] = b"{}"
    return _zip(folder, members_for(files))


def bzip2_member(folder: Path, *_: object) -> Path:
    members = members_for(_files())
    members[-1].compress = zipfile.ZIP_BZIP2
    return _zip(folder, members)


CASES: dict[str, Case] = {
    "path traversal ../": Case(traversal, UnsafeMemberError, "member '../../evil' leaves the pack"),
    "traversal inside content/": Case(traversal_inside, UnsafeMemberError, "leaves the pack"),
    "absolute path": Case(absolute, UnsafeMemberError, "has an absolute path"),
    "backslash path": Case(backslash, UnsafeMemberError, "contains a backslash"),
    "drive letter": Case(drive_letter, UnsafeMemberError, "starts with a drive letter"),
    "duplicate name": Case(duplicate, UnsafeMemberError, "'content/library.yaml' appears twice"),
    "case clash": Case(case_clash, UnsafeMemberError, "differ only in upper/lower case"),
    "NUL in a name": Case(nul_in_name, UnsafeMemberError, "zero.md\\x00evil.md"),
    "symlink member": Case(symlink, UnsafeMemberError, "is a symbolic link"),
    "directory entry": Case(directory_entry, UnsafeMemberError, "is a folder entry"),
    "directory mode bits": Case(directory_without_slash, UnsafeMemberError, "is a folder entry"),
    "MS-DOS directory bit": Case(dos_directory, UnsafeMemberError, "is a folder entry"),
    "file that is also a folder": Case(
        file_and_folder, UnsafeMemberError, "is also used as a folder"
    ),
    "device member": Case(device, UnsafeMemberError, "is not an ordinary file"),
    "encrypted flag": Case(encrypted, UnsafeMemberError, "is encrypted"),
    "too many entries": Case(
        too_many_entries, PackTooLargeError, "entries; at most 5000 are allowed"
    ),
    "zip bomb, lying header": Case(bomb_with_lying_header, PackTooLargeError, "zip bomb"),
    "zip bomb, lying manifest too": Case(
        bomb_lying_everywhere, IntegrityError, "larger than the 1000 bytes the manifest says"
    ),
    "overlapping members": Case(overlapping, UnsafeMemberError, "share bytes in the archive"),
    "member over an injected limit": Case(
        large_member,
        PackTooLargeError,
        "one file may hold at most 1.0 MB",
        limits=PackLimits(max_file_bytes=1_000_000),
    ),
    "total over an injected limit": Case(
        large_member,
        PackTooLargeError,
        "a pack may hold at most 2.0 MB",
        limits=PackLimits(max_total_bytes=2_000_000),
    ),
    "file not in the manifest": Case(
        not_in_manifest,
        ManifestError,
        "file 'modules/smuggled.md' is in the pack but not listed in its manifest",
    ),
    "manifest entry without its file": Case(
        missing_file,
        ManifestError,
        "the manifest lists 'modules/second-module.md' but the pack does not contain it",
    ),
    "hash mismatch": Case(
        hash_mismatch, IntegrityError, "file 'modules/second-module.md' has SHA-256 "
    ),
    "size mismatch": Case(size_mismatch, IntegrityError, "is larger than the"),
    "tampered signature": Case(tampered_signature, SignatureError, "does not match this pack"),
    "manifest changed after signing": Case(
        manifest_changed_after_signing, SignatureError, "changed after it was signed"
    ),
    "content changed after signing": Case(
        content_changed_after_signing, IntegrityError, "has SHA-256"
    ),
    "signature by another key claiming a trusted fingerprint": Case(
        key_swapped, SignatureError, "names a key fingerprint that is not its key's"
    ),
    "untrusted signer, policy refuses": Case(
        untrusted_signer,
        UntrustedPackError,
        "which is not a trusted publisher",
        policy=PackPolicy(allow_unsigned=False),
    ),
    "unsigned, policy refuses": Case(
        unsigned, UntrustedPackError, "is not signed", policy=PackPolicy(allow_unsigned=False)
    ),
    "newer manifest format version": Case(
        newer_format, ManifestError, "pack format version 2, but this trainer reads version 1"
    ),
    "unknown manifest format": Case(
        other_format, ManifestError, "manifest format is 'some-other-tool'"
    ),
    "manifest not canonical": Case(not_canonical, ManifestError, "not in canonical form"),
    "manifest key twice": Case(duplicate_manifest_key, ManifestError, "names 'id' twice"),
    "invalid pack id": Case(invalid_pack_id, ManifestError, "the pack id is not valid"),
    "manifest id differs from library.yaml": Case(
        id_differs_from_content, ManifestError, "content has 'fixture-library' version 2.0.0"
    ),
    "no manifest": Case(no_manifest, ManifestError, "has no manifest.json"),
    "truncated zip": Case(truncated, DamagedPackError, "damaged or incomplete"),
    "damaged member data": Case(cut_inside_member, DamagedPackError, "is damaged"),
    "not a zip": Case(not_a_zip, NotAPackError, "is not a content pack (it is not a zip"),
    "empty file": Case(empty_file, NotAPackError, "is not a content pack"),
    "older version than installed": Case(
        older_version,
        VersionNotNewerError,
        "this pack is version 0.9.0 but version 1.0.0 is already installed",
    ),
    "same version as installed": Case(
        same_version, VersionNotNewerError, "version 1.0.0 of 'fixture-library' is already"
    ),
    "invalid content": Case(invalid_content, ContentInvalidError, "quizzes/reading-indicators.md:"),
    "member outside content/": Case(
        outside_content, UnsafeMemberError, "member 'autorun.md' is not part of a content pack"
    ),
    "program file": Case(program, UnsafeMemberError, "is not a content file or picture"),
    "hidden file": Case(hidden_metadata, UnsafeMemberError, "hidden file"),
    "unsupported compression": Case(bzip2_member, UnsafeMemberError, "compression method 12"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_pack_is_refused_and_changes_nothing(
    name: str,
    installed: Path,
    tmp_path: Path,
    make_pack: PackMaker,
    publisher: KeyPair,
) -> None:
    case = CASES[name]
    folder = tmp_path / "corpus"
    folder.mkdir()
    bad = case.make(folder, make_pack, publisher)
    before = snapshot(installed)
    assert "packs/fixture-library/current/library.yaml" in before
    with pytest.raises(case.error) as caught:
        install_pack(bad, installed, never, policy=case.policy, limits=case.limits)
    message = str(caught.value)
    assert case.message in message, message
    assert "Traceback" not in message and message == caught.value.message
    assert snapshot(installed) == before
    assert not (installed / "packs" / ".staging").exists()


def test_the_corpus_members_really_are_what_they_claim(tmp_path: Path) -> None:
    """Guards the corpus itself: the crafted attributes survive into the archive."""
    folder = tmp_path
    with zipfile.ZipFile(symlink(folder)) as archive:
        info = archive.getinfo("content/modules/link.md")
        assert stat.S_ISLNK(info.external_attr >> 16)
    with zipfile.ZipFile(encrypted(folder)) as archive:
        assert archive.getinfo("content/modules/second-module.md").flag_bits & 0x1
    with zipfile.ZipFile(bomb_with_lying_header(folder)) as archive:
        info = archive.getinfo("content/modules/bomb.md")
        assert info.file_size == 1_000 and info.compress_size < 100_000
    with zipfile.ZipFile(duplicate(folder)) as archive:
        assert archive.namelist().count("content/library.yaml") == 2
    with zipfile.ZipFile(too_many_entries(folder)) as archive:
        assert len(archive.infolist()) > 5_000


def test_a_good_pack_from_the_same_builders_installs(installed: Path, tmp_path: Path) -> None:
    """The corpus differs from an installable pack only by its defect."""
    path = write_zip(tmp_path / "good.zip", members_for(_files()))
    result = install_pack(path, installed, lambda _q: True)
    assert result.version == V2 and result.replaced_version == "1.0.0"
