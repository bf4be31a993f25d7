"""'trainer pack …' end to end through a parser built like the main one."""

from __future__ import annotations

import argparse
import io
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from pack_support import Member, content_tree, members_for, write_tree, write_zip

from trainer.cli.pack import register

Runner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: never prompts
    parser = argparse.ArgumentParser(prog="trainer")
    parser.add_argument("--data-dir", type=Path, default=None)
    register(parser.add_subparsers(dest="command", required=True))

    def invoke(*argv: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()
        args = parser.parse_args([str(a) for a in argv])
        code: int = args.func(args)
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return code, captured.out, captured.err

    return invoke


@pytest.fixture
def source(tmp_path: Path) -> Callable[[str], Path]:
    def make(version: str) -> Path:
        return write_tree(tmp_path / f"content-{version}", content_tree(version))

    return make


def test_trainer_workflow(
    run: Runner, tmp_path: Path, data_dir: Path, source: Callable[[str], Path]
) -> None:
    key = tmp_path / "academy.key"
    code, out, _ = run("pack", "keygen", "-o", key)
    assert code == 0
    fingerprint = out.split("fingerprint: ")[1].strip()
    assert len(fingerprint) == 24 and f"{key}.pub" in out
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    code, _, err = run("pack", "keygen", "-o", key)
    assert code == 1 and "already exists" in err

    pack = tmp_path / "usb" / "academy-1.0.0.zip"
    code, out, err = run("pack", "build", source("1.0.0"), "-o", pack)
    assert (code, err) == (0, "")
    assert "'fixture-library' version 1.0.0, 6 files" in out and "not signed yet" in out
    code, out, _ = run("pack", "sign", pack, "--key", key)
    assert code == 0 and fingerprint in out

    code, out, _ = run("pack", "verify", pack)
    assert code == 0 and out.rstrip().endswith("valid")
    assert f"signed by: {fingerprint} (NOT a trusted publisher" in out
    code, out, _ = run("pack", "trust", f"{key}.pub")
    assert code == 0 and f"now trusting key {fingerprint}" in out
    code, out, _ = run("pack", "trust")
    assert code == 0 and out.startswith(fingerprint)
    code, out, _ = run("pack", "verify", pack)
    assert f"signed by: {fingerprint} (a trusted publisher" in out

    code, out, err = run("pack", "install", pack)
    assert (code, err) == (0, "")
    assert "installed 'fixture-library' version 1.0.0" in out and "(trusted)" in out

    newer = tmp_path / "usb" / "academy-1.1.0.zip"
    run("pack", "build", source("1.1.0"), "-o", newer)
    run("pack", "sign", newer, "--key", key)
    code, out, _ = run("pack", "install", newer)
    assert code == 0 and "(replacing 1.0.0)" in out

    code, out, _ = run("pack", "list")
    header, row = out.splitlines()
    assert header.split() == ["ID", "TITLE", "VERSION", "PUBLISHER", "SIGNED-BY", "PREVIOUS"]
    assert row.split()[0] == "fixture-library"
    assert "1.1.0" in row and fingerprint in row and row.rstrip().endswith("1.0.0")

    code, _, err = run("pack", "install", pack)
    assert code == 1
    assert "this pack is version 1.0.0 but version 1.1.0 is already installed" in err

    code, out, _ = run("pack", "rollback", "fixture-library")
    assert code == 0 and "back at version 1.0.0; version 1.1.0 is kept as previous" in out
    code, _, err = run("pack", "rollback", "no-such-pack")
    assert code == 1 and "no pack 'no-such-pack' is installed" in err

    code, out, _ = run("pack", "remove", "fixture-library")
    assert code == 0 and "learners' progress is kept" in out
    code, out, _ = run("pack", "list")
    assert out.startswith("No packs installed")


def test_unsigned_pack_needs_yes(
    run: Runner, tmp_path: Path, data_dir: Path, source: Callable[[str], Path]
) -> None:
    pack = tmp_path / "unsigned.zip"
    run("pack", "build", source("1.0.0"), "-o", pack)
    code, out, _ = run("pack", "verify", pack)
    assert code == 0 and "signed by: nobody" in out
    code, out, err = run("pack", "install", pack)
    assert code == 1 and out == ""
    assert "is not signed" in err and "Run again with --yes" in err
    assert "installation cancelled; nothing was changed" in err
    code, _, err = run("pack", "install", pack, "--yes", "--refuse-unsigned")
    assert code == 1 and "accepts only packs signed by a trusted publisher" in err
    code, out, err = run("pack", "install", pack, "--yes")
    assert code == 0 and "(confirmed by --yes)" in err
    code, out, _ = run("pack", "list")
    assert "unsigned" in out


def test_policy_file_refuses_unsigned(
    run: Runner, tmp_path: Path, data_dir: Path, source: Callable[[str], Path]
) -> None:
    (data_dir / "pack-policy.json").write_text('{"allow_unsigned": false}\n')
    pack = tmp_path / "unsigned.zip"
    run("pack", "build", source("1.0.0"), "-o", pack)
    code, _, err = run("pack", "install", pack, "--yes")
    assert code == 1 and "is not signed, and this computer accepts only" in err


def test_data_dir_after_the_command_and_before_it(
    run: Runner, tmp_path: Path, source: Callable[[str], Path]
) -> None:
    pack = tmp_path / "p.zip"
    run("pack", "build", source("1.0.0"), "-o", pack)
    after, before = tmp_path / "after", tmp_path / "before"
    assert run("pack", "install", pack, "--yes", "--data-dir", after)[0] == 0
    assert run("--data-dir", before, "pack", "install", pack, "--yes")[0] == 0
    assert (after / "packs" / "fixture-library" / "current").is_dir()
    assert (before / "packs" / "fixture-library" / "current").is_dir()
    code, out, _ = run("--data-dir", before, "pack", "list")
    assert code == 0 and "fixture-library" in out


def test_refusals_print_the_reason_without_a_traceback(
    run: Runner, tmp_path: Path, data_dir: Path, source: Callable[[str], Path]
) -> None:
    evil = write_zip(
        tmp_path / "evil.zip",
        [*members_for(content_tree("2.0.0")), Member("../../evil", b"x")],
    )
    code, out, err = run("pack", "install", evil, "--yes")
    assert (code, out) == (1, "")
    assert err == "error: member '../../evil' leaves the pack folder ('..')\n"
    code, _, err = run("pack", "verify", evil)
    assert code == 1 and err.startswith("INVALID: member '../../evil' leaves")

    broken = source("1.0.0")
    (broken / "modules" / "second-module.md").write_text("---\nkind: module\n---\n")
    code, _, err = run("pack", "build", broken, "-o", tmp_path / "x.zip")
    assert code == 1 and "the content folder has" in err and "modules/second-module.md:" in err
    assert not (tmp_path / "x.zip").exists()

    code, _, err = run("pack", "install", tmp_path / "missing.zip")
    assert code == 1 and "does not exist" in err
    code, _, err = run("pack", "sign", evil, "--key", tmp_path / "nokey")
    assert code == 1 and "does not exist" in err
    (tmp_path / "notes.pub").write_text("hello")
    code, _, err = run("pack", "trust", tmp_path / "notes.pub")
    assert code == 1 and "is not a public key file" in err
