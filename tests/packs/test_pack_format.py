"""The pack format's rules on their own: paths, name clashes, the manifest, signatures."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from pack_support import content_tree, manifest_of, members_for, overlapping_zip, write_zip

from trainer.core.packs import (
    FORMAT_ID,
    ManifestError,
    PackLimits,
    PackTooLargeError,
    SignatureError,
    UnsafeMemberError,
    generate_keypair,
    load_private_key,
    open_pack,
    verify_pack,
)
from trainer.core.packs.manifest import (
    check_content_path,
    check_names_distinct,
    format_size,
    parse_manifest,
)
from trainer.core.packs.signing import check_signature, signature_document


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "empty name"),
        ("../x.md", "leaves the pack folder"),
        ("a/../../x.md", "leaves the pack folder"),
        ("/x.md", "absolute path"),
        ("a\\b.md", "backslash"),
        ("c:x.md", "drive letter"),
        ("a/b.md:hidden", "contains ':'"),
        ("a//b.md", "empty or '.' path part"),
        ("./a.md", "empty or '.' path part"),
        ("a/", "folder entry"),
        (".git/config.md", "hidden"),
        ("a/.b.md", "hidden"),
        ("a/b.md.", "ending in a space or dot"),
        ("a /b.md", "ending in a space or dot"),
        ("con.md", "Windows reserves"),
        ("a/LPT1.yaml", "Windows reserves"),
        ("a\x00b.md", "control character"),
        ("a\nb.md", "control character"),
        ("x" * 201 + ".md", "too long"),
        ("a/" * 201 + "b.md", "longer than"),
    ],
)
def test_unsafe_paths_are_refused(path: str, message: str) -> None:
    with pytest.raises(UnsafeMemberError, match=message.replace("(", r"\(")):
        check_content_path(path)


@pytest.mark.parametrize(
    "path",
    ["library.yaml", "modules/images/checklist.png", "a-b/c_d e.md", "modules/Café.md"],
)
def test_ordinary_paths_pass(path: str) -> None:
    check_content_path(path)


def test_names_that_would_be_one_file_are_refused() -> None:
    check_names_distinct(["a.md", "b.md", "dir/a.md"])
    with pytest.raises(UnsafeMemberError, match="appears twice"):
        check_names_distinct(["a.md", "a.md"])
    with pytest.raises(UnsafeMemberError, match="upper/lower case or accents"):
        check_names_distinct(["Dir/a.md", "dir/a.md"])
    # The same accented name, composed (NFC) and decomposed (NFD).
    with pytest.raises(UnsafeMemberError, match="upper/lower case or accents"):
        check_names_distinct(["caf\u00e9.md", "cafe\u0301.md"])
    with pytest.raises(UnsafeMemberError, match="also used as a folder"):
        check_names_distinct(["x.md/y.md", "X.md"])


def test_manifest_round_trip_and_refusals() -> None:
    manifest = manifest_of(content_tree(), "1.0.0")
    raw = manifest.to_bytes()
    assert parse_manifest(raw) == manifest
    assert json.loads(raw)["format"] == FORMAT_ID
    document = json.loads(raw)

    def refused(
        change: dict[str, object], message: str, error: type[Exception] = ManifestError
    ) -> None:
        candidate = {**document, **change}
        data = json.dumps(candidate, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        with pytest.raises(error, match=message):
            parse_manifest(data.encode())

    refused({"version": "next"}, "not a version number")
    refused({"created": "yesterday"}, "invalid 'created'")
    refused({"extra": 1}, "unknown settings: extra")
    refused({"format_version": True}, "invalid format_version")
    refused({"files": [{"path": "a.md", "size": -1, "sha256": "0" * 64}]}, "invalid size")
    refused({"files": [{"path": "a.md", "size": 1, "sha256": "XYZ"}]}, "invalid SHA-256")
    bad_paths = (("a.exe", "not a content file"), ("../a.md", "leaves the pack"))
    for path, message in bad_paths:
        entry = {"path": path, "size": 1, "sha256": "0" * 64}
        refused({"files": [entry]}, message, UnsafeMemberError)
    refused({"title": ""}, "no 'title'")
    with pytest.raises(ManifestError, match="not valid JSON"):
        parse_manifest(b"\xff\xfe")
    with pytest.raises(ManifestError, match="JSON object"):
        parse_manifest(b"[]")


def test_signature_binds_the_manifest(tmp_path: Path) -> None:
    pair = generate_keypair(tmp_path / "k")
    key = load_private_key(pair.private_path)
    manifest = manifest_of(content_tree()).to_bytes()
    signature = signature_document(manifest, key)
    assert check_signature(manifest, signature).raw == pair.public.raw
    with pytest.raises(SignatureError, match="does not match this pack"):
        check_signature(manifest.replace(b"Test suite", b"Test suitE"), signature)
    document = json.loads(signature)
    for field, value, message in (
        ("algorithm", "rsa", "unknown algorithm"),
        ("format_version", 9, "newer than this trainer reads"),
        ("public_key", "not base64!", "invalid 'public_key'"),
        ("signature", "AAAA", "wrong length"),
        ("format", "other", "not an officer-trainer pack signature"),
    ):
        changed = json.dumps({**document, field: value}).encode()
        with pytest.raises(SignatureError, match=message):
            check_signature(manifest, changed)
    with pytest.raises(SignatureError, match="not valid JSON"):
        check_signature(manifest, b"{")


def test_overlapping_members_are_refused(tmp_path: Path) -> None:
    path = overlapping_zip(tmp_path / "overlap.zip", content_tree("2.0.0"))
    with zipfile.ZipFile(path) as archive:
        assert {"content/modules/inner.md", "content/modules/outer.md"} <= set(archive.namelist())
        assert archive.read("content/modules/inner.md") == b"# inner\n"
    with pytest.raises(UnsafeMemberError, match="share bytes in the archive"):
        open_pack(path)


def test_header_size_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    files = content_tree("2.0.0")
    files["modules/images/big.png"] = b"\0" * 50_000
    path = write_zip(tmp_path / "p.zip", members_for(files))
    with pytest.raises(PackTooLargeError, match=re.escape("declares 50.0 kB")):
        open_pack(path, PackLimits(max_file_bytes=10_000))


def test_verify_without_a_data_folder_reports_untrusted(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "p.zip", members_for(content_tree("2.0.0")))
    report = verify_pack(path, None)
    assert report.signer is None and report.signed_by is None and not report.trusted
    assert report.manifest.version == "2.0.0"


def test_sizes_read_as_people_read_them() -> None:
    assert format_size(999) == "999 bytes"
    assert format_size(20_000_000) == "20.0 MB"
    assert format_size(1_500) == "1.5 kB"
