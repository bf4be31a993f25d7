"""Build → sign → verify → install → load, updates, rollback, remove, trust and policy."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
import zipfile
from pathlib import Path

import pytest
from pack_support import CREATED, FIXTURE, PackMaker, content_tree, never, snapshot, write_tree

from trainer.core.loader import load_library
from trainer.core.packs import (
    ContentInvalidError,
    InstallCancelledError,
    IntegrityError,
    KeyFileError,
    KeyPair,
    ManifestError,
    NoPreviousVersionError,
    PackNotInstalledError,
    PackPolicy,
    PolicyError,
    SemVer,
    UnsafeMemberError,
    UntrustedPackError,
    VersionNotNewerError,
    build_pack,
    generate_keypair,
    install_pack,
    installed_content_dirs,
    list_packs,
    load_private_key,
    remove_pack,
    rollback_pack,
    sign_pack,
    trust_key,
    trusted_keys,
    verify_pack,
)


def _versions(data_dir: Path) -> tuple[str, str | None]:
    (pack,) = list_packs(data_dir)
    return pack.current.version, pack.previous.version if pack.previous else None


def test_round_trip_gives_the_same_library(
    data_dir: Path, publisher: KeyPair, make_pack: PackMaker
) -> None:
    pack = make_pack("1.0.0")
    report = verify_pack(pack, data_dir)
    assert report.signed_by == publisher.public.fingerprint
    assert report.trusted is False
    trust_key(data_dir, publisher.public_path)
    assert verify_pack(pack, data_dir).trusted is True

    result = install_pack(pack, data_dir, never)
    assert result.path == data_dir / "packs" / "fixture-library" / "current"
    assert (result.pack_id, result.version, result.replaced_version) == (
        "fixture-library",
        "1.0.0",
        None,
    )
    assert result.signed_by == publisher.public.fingerprint and result.trusted
    original, copy = load_library(FIXTURE), load_library(result.path)
    assert copy.problems == ()
    assert sorted(copy.modules) == sorted(original.modules)
    assert sorted(copy.quizzes) == sorted(original.quizzes)
    for module_id, module in original.modules.items():
        assert copy.modules[module_id].sha256 == module.sha256
    for quiz_id, quiz in original.quizzes.items():
        assert copy.quizzes[quiz_id].content_version == quiz.content_version
    assert (result.path / "modules" / "images" / "checklist.png").read_bytes() == (
        FIXTURE / "modules" / "images" / "checklist.png"
    ).read_bytes()
    assert installed_content_dirs(data_dir) == [result.path]
    assert not (data_dir / "packs" / ".staging").exists()


def test_build_is_deterministic_and_holds_only_content(tmp_path: Path) -> None:
    source = write_tree(tmp_path / "src", content_tree())
    (source / ".DS_Store").write_bytes(b"junk")
    (source / ".git").mkdir()
    (source / ".git" / "config.yaml").write_text("kind: junk\n")
    (source / "notes.docx").write_bytes(b"not content")
    (source / "publisher.key").write_bytes(b"-----BEGIN PRIVATE KEY-----\n")
    (source / "notes.txt").symlink_to(source / "notes.docx")
    first = build_pack(source, tmp_path / "a.zip", created=CREATED)
    second = build_pack(source, tmp_path / "b.zip", created=CREATED)
    assert stat.S_IMODE(os.stat(tmp_path / "a.zip").st_mode) == 0o644  # others may read it
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    assert sorted(first.skipped) == sorted(second.skipped)
    assert any(s.startswith("notes.docx:") for s in first.skipped)
    assert any(s.startswith("publisher.key:") for s in first.skipped)
    assert any(s.startswith("notes.txt: a symbolic link") for s in first.skipped)
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        manifest = json.loads(archive.read("manifest.json"))
    expected = sorted(content_tree())
    assert names == ["manifest.json"] + [f"content/{p}" for p in expected]
    for info in infos:
        assert not info.is_dir()
        assert stat.S_ISREG(info.external_attr >> 16)
    assert manifest["format"] == "officer-trainer-pack" and manifest["format_version"] == 1
    assert (manifest["id"], manifest["version"], manifest["publisher"], manifest["language"]) == (
        "fixture-library",
        "1.0.0",
        "Test suite",
        "en",
    )
    assert manifest["created"] == CREATED
    assert [f["path"] for f in manifest["files"]] == expected
    lib = content_tree()["library.yaml"]
    entry = next(f for f in manifest["files"] if f["path"] == "library.yaml")
    assert entry["size"] == len(lib)
    assert entry["sha256"] == hashlib.sha256(lib).hexdigest()


def test_build_refuses_a_folder_with_errors(tmp_path: Path) -> None:
    files = content_tree()
    files["quizzes/reading-indicators.md"] = files["quizzes/reading-indicators.md"].replace(
        b"Indicators: document-retention\n", b"Indicators: doc-retention\n", 1
    )
    source = write_tree(tmp_path / "src", files)
    with pytest.raises(ContentInvalidError) as caught:
        build_pack(source, tmp_path / "out.zip")
    assert "unknown indicator 'doc-retention'" in str(caught.value)
    assert "quizzes/reading-indicators.md:" in str(caught.value)
    assert caught.value.problems
    assert not (tmp_path / "out.zip").exists()
    assert list(tmp_path.glob(".out.zip*")) == []


def test_build_refuses_a_link_to_a_content_file(tmp_path: Path) -> None:
    source = write_tree(tmp_path / "src", content_tree())
    (source / "modules" / "images" / "copy.png").symlink_to(
        source / "modules" / "images" / "checklist.png"
    )
    with pytest.raises(
        UnsafeMemberError, match=re.escape("'modules/images/copy.png' is a symbolic link")
    ):
        build_pack(source, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_build_refuses_a_version_that_is_not_a_version_number(tmp_path: Path) -> None:
    source = write_tree(tmp_path / "src", content_tree("spring edition"))
    with pytest.raises(ManifestError, match="'spring edition', which is not a version number"):
        build_pack(source, tmp_path / "out.zip")


def test_keygen_keeps_the_private_key_private(tmp_path: Path, make_pack: PackMaker) -> None:
    pair = generate_keypair(tmp_path / "mine.key")
    assert stat.S_IMODE(os.stat(pair.private_path).st_mode) == 0o600
    assert pair.public_path == tmp_path / "mine.key.pub"
    assert b"PUBLIC KEY" in pair.public_path.read_bytes()
    with pytest.raises(KeyFileError, match="already exists"):
        generate_keypair(tmp_path / "mine.key")
    pack = make_pack("1.0.0", signed=False)
    sign_pack(pack, pair.private_path)
    private_raw = load_private_key(pair.private_path).private_bytes_raw()
    blob = pack.read_bytes()
    assert private_raw not in blob and b"PRIVATE KEY" not in blob
    with zipfile.ZipFile(pack) as archive:
        assert archive.namelist()[-1] == "signature.json"
        signature = json.loads(archive.read("signature.json"))
    assert signature["key_fingerprint"] == pair.public.fingerprint
    assert base64.b64decode(signature["public_key"]) == pair.public.raw
    # Signing again replaces the signature instead of adding a second one.
    other = generate_keypair(tmp_path / "other.key")
    sign_pack(pack, other.private_path)
    with zipfile.ZipFile(pack) as archive:
        assert archive.namelist().count("signature.json") == 1
    assert verify_pack(pack, None).signed_by == other.public.fingerprint


def test_signing_with_the_public_key_is_refused(publisher: KeyPair, make_pack: PackMaker) -> None:
    pack = make_pack("1.0.0", signed=False)
    before = pack.read_bytes()
    with pytest.raises(KeyFileError, match="is a public key"):
        sign_pack(pack, publisher.public_path)
    assert pack.read_bytes() == before


def test_trusting_refuses_a_private_key(tmp_path: Path, publisher: KeyPair) -> None:
    with pytest.raises(KeyFileError, match="PRIVATE key"):
        trust_key(tmp_path / "data", publisher.private_path)
    assert trusted_keys(tmp_path / "data") == ()
    key, added = trust_key(tmp_path / "data", publisher.public_path)
    assert added and key.path.parent == tmp_path / "data" / "trusted-keys"
    assert trust_key(tmp_path / "data", publisher.public_path)[1] is False


def test_verify_finds_a_file_changed_after_building(tmp_path: Path, make_pack: PackMaker) -> None:
    pack = make_pack("1.0.0", signed=False)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content/modules/second-module.md":
                data = data.replace(b"A second module", b"A SECOND module")
            target.writestr(info, data)
    with pytest.raises(IntegrityError, match=re.escape("'modules/second-module.md' has SHA-256")):
        verify_pack(tampered, None)


def test_update_keeps_the_version_before(installed: Path, make_pack: PackMaker) -> None:
    result = install_pack(make_pack("1.1.0"), installed, never)
    assert result.replaced_version == "1.0.0"
    assert _versions(installed) == ("1.1.0", "1.0.0")
    install_pack(make_pack("1.2.0"), installed, never)
    assert _versions(installed) == ("1.2.0", "1.1.0")
    folder = installed / "packs" / "fixture-library"
    assert sorted(p.name for p in folder.iterdir()) == ["current", "previous"]
    assert not (installed / "packs" / ".staging").exists()
    assert load_library(folder / "previous").info is not None


def test_rollback_swaps_and_a_second_rollback_undoes_it(
    installed: Path, make_pack: PackMaker
) -> None:
    with pytest.raises(NoPreviousVersionError, match="no previous version"):
        rollback_pack(installed, "fixture-library")
    install_pack(make_pack("1.1.0"), installed, never)
    back = rollback_pack(installed, "fixture-library")
    assert (back.current.version, back.previous and back.previous.version) == ("1.0.0", "1.1.0")
    assert _versions(installed) == ("1.0.0", "1.1.0")
    current = installed / "packs" / "fixture-library" / "current"
    assert load_library(current).info is not None
    assert load_library(current).info.version == "1.0.0"  # type: ignore[union-attr]
    rollback_pack(installed, "fixture-library")
    assert _versions(installed) == ("1.1.0", "1.0.0")
    rollback_pack(installed, "fixture-library")
    # After going back, the newer version can be installed again.
    install_pack(make_pack("1.1.0", name="again"), installed, never)
    assert _versions(installed) == ("1.1.0", "1.0.0")
    with pytest.raises(PackNotInstalledError, match="no pack 'nothing-here'"):
        rollback_pack(installed, "nothing-here")
    with pytest.raises(PackNotInstalledError):
        rollback_pack(installed, "../escape")


def test_downgrade_and_reinstall_are_refused(installed: Path, make_pack: PackMaker) -> None:
    install_pack(make_pack("1.2.0"), installed, never)
    before = snapshot(installed)
    with pytest.raises(VersionNotNewerError) as older:
        install_pack(make_pack("1.0.1"), installed, never)
    assert str(older.value).startswith(
        "this pack is version 1.0.1 but version 1.2.0 is already installed"
    )
    with pytest.raises(
        VersionNotNewerError, match=re.escape("version 1.2.0 of 'fixture-library' is already")
    ):
        install_pack(make_pack("1.2.0", name="same"), installed, never)
    with pytest.raises(VersionNotNewerError):
        install_pack(make_pack("1.2.0-rc.1"), installed, never)
    assert snapshot(installed) == before
    install_pack(make_pack("1.10.0"), installed, never)  # numerically, not as text
    assert _versions(installed) == ("1.10.0", "1.2.0")


def test_remove_moves_the_pack_to_the_trash(installed: Path) -> None:
    target = remove_pack(installed, "fixture-library")
    assert target.parent == installed / "packs" / ".trash"
    assert (target / "current" / "library.yaml").is_file()
    assert list_packs(installed) == [] and installed_content_dirs(installed) == []
    with pytest.raises(PackNotInstalledError):
        remove_pack(installed, "fixture-library")


def test_unsigned_pack_needs_confirmation(data_dir: Path, make_pack: PackMaker) -> None:
    pack = make_pack("1.0.0", signed=False)
    questions: list[str] = []

    def decline(question: str) -> bool:
        questions.append(question)
        return False

    with pytest.raises(InstallCancelledError, match="nothing was changed"):
        install_pack(pack, data_dir, decline)
    assert "is not signed" in questions[0] and "'Fixture library' version 1.0.0" in questions[0]
    assert list_packs(data_dir) == []
    assert not (data_dir / "packs" / ".staging").exists()
    result = install_pack(pack, data_dir, lambda _question: True)
    assert result.signed_by is None and not result.trusted
    (listed,) = list_packs(data_dir)
    assert listed.current.signed_by is None


def test_unknown_publisher_needs_confirmation_naming_the_key(
    data_dir: Path, publisher: KeyPair, make_pack: PackMaker
) -> None:
    questions: list[str] = []

    def accept(question: str) -> bool:
        questions.append(question)
        return True

    result = install_pack(make_pack("1.0.0"), data_dir, accept)
    assert publisher.public.fingerprint in questions[0]
    assert "not among your trusted publishers" in questions[0]
    assert result.signed_by == publisher.public.fingerprint and not result.trusted


def test_policy_refuses_unsigned_and_unknown_outright(data_dir: Path, make_pack: PackMaker) -> None:
    (data_dir / "pack-policy.json").write_text('{"allow_unsigned": false}')
    with pytest.raises(UntrustedPackError, match="is not signed"):
        install_pack(make_pack("1.0.0", signed=False), data_dir, never)
    with pytest.raises(UntrustedPackError, match="not a trusted publisher"):
        install_pack(make_pack("1.0.0"), data_dir, never)
    # The API can impose the same policy whatever the file says.
    (data_dir / "pack-policy.json").unlink()
    with pytest.raises(UntrustedPackError):
        install_pack(
            make_pack("1.0.0", signed=False),
            data_dir,
            never,
            policy=PackPolicy(allow_unsigned=False),
        )
    assert list_packs(data_dir) == []


def test_a_broken_policy_file_refuses_instead_of_guessing(
    data_dir: Path, publisher: KeyPair, make_pack: PackMaker
) -> None:
    (data_dir / "pack-policy.json").write_text('{"allow_unsigned": "no"}')
    with pytest.raises(PolicyError, match='needs "allow_unsigned": true or false'):
        install_pack(make_pack("1.0.0", signed=False), data_dir, never)
    (data_dir / "pack-policy.json").write_text("{not json")
    with pytest.raises(PolicyError, match="not valid JSON"):
        install_pack(make_pack("1.0.0", signed=False), data_dir, never)
    assert list_packs(data_dir) == []
    # A pack from a trusted publisher needs no policy, so a broken file does not stop it.
    trust_key(data_dir, publisher.public_path)
    assert install_pack(make_pack("1.0.0"), data_dir, never).trusted


def test_progress_ids_survive_an_update(installed: Path, make_pack: PackMaker) -> None:
    current = installed / "packs" / "fixture-library" / "current"
    before = load_library(current)
    files = content_tree("1.1.0")
    files["modules/second-module.md"] = files["modules/second-module.md"].replace(
        b"title: A second module", b"title: A second module, revised"
    )
    install_pack(make_pack("1.1.0", files=files), installed, never)
    after = load_library(current)
    assert after.modules["second-module"].title == "A second module, revised"
    assert sorted(after.modules) == sorted(before.modules)
    assert [q.id for _, q in after.all_questions()] == [q.id for _, q in before.all_questions()]


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("1.0.0", "1.0.1"),
        ("1.0.9", "1.1.0"),
        ("1.9.0", "1.10.0"),
        ("1.0.0-rc.1", "1.0.0"),
        ("1.0.0-alpha", "1.0.0-alpha.1"),
        ("1.0.0-alpha.2", "1.0.0-alpha.10"),
        ("1.0.0-alpha.beta", "1.0.0-beta"),
        ("1.2", "1.2.1"),
        ("2", "10"),
    ],
)
def test_semantic_version_order(older: str, newer: str) -> None:
    low, high = SemVer.parse(older), SemVer.parse(newer)
    assert low is not None and high is not None
    assert low < high and not high < low and low != high


def test_semantic_version_equality_and_rejects() -> None:
    assert SemVer.parse("1.2") == SemVer.parse("1.2.0") == SemVer.parse("1.2.0+build.5")
    for text in ("v1.0.0", "1.0.0.0", "abc", "", "01.0.0", "1.0.0-"):
        assert SemVer.parse(text) is None, text
