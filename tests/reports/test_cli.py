"""``trainer progress export --format xapi|bundle`` and ``trainer report build``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reports import xapi_rules
from tests.reports.conftest import TwoDevices
from tests.reports.pdf_text import Pdf
from tests.reports.report_support import FIXTURE_LIBRARY
from trainer.cli import progress, report
from trainer.core.packs import generate_keypair
from trainer.core.reporting.bundle import read_bundle
from trainer.core.xapi import HOMEPAGE

Runner = Callable[[list[str]], tuple[int, str, str]]


def _parser() -> argparse.ArgumentParser:
    # The main CLI's global options, and the two commands under test.
    parser = argparse.ArgumentParser(prog="trainer")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--content", type=Path, default=None)
    commands = parser.add_subparsers(dest="command", required=True)
    progress.register(commands)
    report.register(commands)
    return parser


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    monkeypatch.delenv("TRAINER_CONTENT_DIR", raising=False)

    def invoke(argv: list[str]) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            args = _parser().parse_args(argv)
            code: int = args.func(args)
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


def test_xapi_export_is_valid_pseudonymous_and_repeatable(
    run: Runner, tmp_path: Path, two_devices: TwoDevices
) -> None:
    base = ["--data-dir", str(two_devices.dir_b), "--content", str(FIXTURE_LIBRARY)]
    target = tmp_path / "ana.xapi.json"
    args = ["progress", "export", "--profile", "Ana Lima", "--format", "xapi", "-o", str(target)]
    code, out, err = run([*base, *args])
    assert code == 0 and out == ""
    statements = json.loads(target.read_text("utf-8"))
    assert f"Exported {len(statements)} xAPI statements of Ana Lima to {target}." in err
    assert xapi_rules.problems(statements) == []
    answered = [s for s in statements if s["verb"]["display"]["en-US"] == "answered"]
    assert len(answered) == len(two_devices.attempts[two_devices.ana])
    assert {s["actor"]["account"]["name"] for s in statements} == {two_devices.ana}
    assert {s["actor"]["account"]["homePage"] for s in statements} == {HOMEPAGE}
    assert b"Ana" not in target.read_bytes()
    first = target.read_bytes()
    assert run([*base, *args])[0] == 0
    assert target.read_bytes() == first
    # The same statements on standard output.
    code, out, _ = run([*base, *args[:-2]])
    assert code == 0 and json.loads(out) == statements


def test_xapi_export_with_the_learners_email(
    run: Runner, tmp_path: Path, two_devices: TwoDevices
) -> None:
    code, out, err = run(
        [
            "--data-dir",
            str(two_devices.dir_a),
            "progress",
            "export",
            "--profile",
            "Bo Chen",
            "--format",
            "xapi",
            "--content",
            str(FIXTURE_LIBRARY),
            "--actor-mbox",
            "bo.chen@academy.example",
        ]
    )
    assert code == 0, err
    statements = json.loads(out)
    assert xapi_rules.problems(statements) == []
    assert {json.dumps(s["actor"]) for s in statements} == {
        json.dumps({"objectType": "Agent", "mbox": "mailto:bo.chen@academy.example"})
    }
    code, _, err = run(
        [
            "--data-dir",
            str(two_devices.dir_a),
            "progress",
            "export",
            "--profile",
            "Bo Chen",
            "--format",
            "xapi",
            "--actor-mbox",
            "bo",
        ]
    )
    assert code == 1 and err.startswith("error: 'bo' is not an email address")


def test_bundles_from_two_computers_make_one_report(
    run: Runner, tmp_path: Path, two_devices: TwoDevices
) -> None:
    keys = generate_keypair(tmp_path / "academy.key")
    bundles = []
    for folder, name in ((two_devices.dir_a, "a"), (two_devices.dir_b, "b")):
        target = tmp_path / f"bundle-{name}.json"
        code, out, err = run(
            [
                "--data-dir",
                str(folder),
                "--content",
                str(FIXTURE_LIBRARY),
                "progress",
                "export",
                "--all-profiles",
                "--format",
                "bundle",
                "--key",
                str(keys.private_path),
                "-o",
                str(target),
            ]
        )
        assert code == 0 and out == "", err
        assert f"signed with key {keys.public.fingerprint}" in err
        assert "give it only to the trainer" in err
        bundles.append(target)
    out_dir = tmp_path / "academy-report"
    code, out, err = run(
        [
            "report",
            "build",
            *map(str, bundles),
            "-o",
            str(out_dir),
            "--content",
            str(FIXTURE_LIBRARY),
            "--trusted-key",
            str(keys.public_path),
            "--title",
            "Border academy, spring intake",
        ]
    )
    assert code == 0, err
    unique = {a.attempt_id for attempts in two_devices.attempts.values() for a in attempts}
    assert f"Report of 3 learners from 2 bundles (2 devices, {len(unique)} answers)" in err
    assert (out_dir / "report.pdf").is_file()
    text = Pdf((out_dir / "report.pdf").read_bytes()).text()
    assert text.startswith("Border academy, spring intake")
    lines = text.splitlines()
    for name in ("bundle-a.json", "bundle-b.json"):
        row = lines[lines.index(name) : lines.index(name) + 8]
        assert row[-2:] == [keys.public.fingerprint[:14], "yes"]
    bundle_rows = (out_dir / "bundles.csv").read_text("utf-8-sig")
    assert bundle_rows.count(f"{keys.public.fingerprint},true") == 2
    for name in two_devices.names.values():
        assert name in text


def test_one_learners_bundle_by_name(run: Runner, tmp_path: Path, two_devices: TwoDevices) -> None:
    target = tmp_path / "bo.json"
    code, _, err = run(
        [
            "--data-dir",
            str(two_devices.dir_a),
            "progress",
            "export",
            "--profile",
            "bo chen",
            "--format",
            "bundle",
            "--content",
            str(FIXTURE_LIBRARY),
            "-o",
            str(target),
        ]
    )
    assert code == 0, err
    assert "not signed" in err
    bundle = read_bundle(target)
    assert [h.profile_id for h in bundle.learners] == [two_devices.bo]
    assert bundle.content_id == "fixture-library"


def test_a_tampered_bundle_is_refused_by_name_and_nothing_is_written(
    run: Runner, tmp_path: Path, two_devices: TwoDevices
) -> None:
    tampered = tmp_path / "tampered.json"
    tampered.write_text(
        two_devices.bundle_a.read_text("utf-8").replace("Bo Chen", "Bo Chan"), "utf-8"
    )
    out_dir = tmp_path / "report"
    code, out, err = run(
        ["report", "build", str(two_devices.bundle_b), str(tampered), "-o", str(out_dir)]
    )
    assert code == 1 and out == ""
    assert err.startswith(f"error: The bundle {tampered} was refused: it was changed")
    assert err.rstrip().endswith("Nothing was written.")
    assert len(err.strip().splitlines()) == 1
    assert not out_dir.exists()


def test_an_untrusted_signature_is_refused(
    run: Runner, tmp_path: Path, two_devices: TwoDevices
) -> None:
    keys = generate_keypair(tmp_path / "academy.key")
    out_dir = tmp_path / "report"
    code, _, err = run(
        [
            "report",
            "build",
            str(two_devices.bundle_a),
            "-o",
            str(out_dir),
            "--trusted-key",
            str(keys.public_path),
        ]
    )
    assert code == 1
    assert f"The bundle {two_devices.bundle_a} was refused: it is not signed" in err
    code, _, err = run(
        ["report", "build", str(two_devices.bundle_a), "-o", str(out_dir), "--require-signature"]
    )
    assert code == 1 and "only signed bundles are accepted" in err
    assert not out_dir.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "csv", "--key", "k"], "--key signs bundles"),
        (["--format", "bundle"], "give one with -o FILE"),
        (["--format", "json", "--actor-name", "Ana"], "work with --format xapi only"),
    ],
)
def test_options_that_do_not_fit_the_format_are_usage_errors(
    run: Runner, two_devices: TwoDevices, extra: list[str], message: str
) -> None:
    code, _, err = run(
        ["--data-dir", str(two_devices.dir_a), "progress", "export", "--profile", "Bo", *extra]
    )
    assert code == 2 and message in err


def test_all_profiles_only_for_bundles(run: Runner, two_devices: TwoDevices) -> None:
    code, _, err = run(
        [
            "--data-dir",
            str(two_devices.dir_a),
            "progress",
            "export",
            "--all-profiles",
            "--format",
            "json",
        ]
    )
    assert code == 2 and "--all-profiles works with --format bundle only" in err


def test_missing_key_or_content_folder_are_errors(
    run: Runner, tmp_path: Path, two_devices: TwoDevices
) -> None:
    base = ["--data-dir", str(two_devices.dir_a), "progress", "export", "--profile", "Bo Chen"]
    code, _, err = run(
        [*base, "--format", "bundle", "--key", str(tmp_path / "no.key"), "-o", str(tmp_path / "b")]
    )
    assert code == 1 and "no.key' does not exist" in err
    assert not (tmp_path / "b").exists()
    code, _, err = run([*base, "--format", "xapi", "--content", str(tmp_path / "nowhere")])
    assert code == 1 and "the content folder" in err and "does not exist" in err
    code, _, err = run(
        [
            "report",
            "build",
            str(two_devices.bundle_a),
            "-o",
            str(tmp_path / "r"),
            "--content",
            str(tmp_path / "nowhere"),
        ]
    )
    assert code == 1 and "does not exist" in err
