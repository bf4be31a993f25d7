"""The ``trainer`` command builds only the parser it needs, so opening the app imports no
subcommand (and so neither the pack signing code nor the cryptography library)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trainer.cli import COMMANDS, build_parser, commands_needed


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ()),
        (["--data-dir", "validate"], ()),  # the folder is named like a command
        (["--content=x", "--data-dir", "d"], ()),
        (["validate", "content"], ("validate",)),
        (["--data-dir", "d", "progress", "list"], ("progress",)),
        (["pack", "-h"], ("pack",)),
        (["-h"], COMMANDS),
        (["--help"], COMMANDS),
        (["no-such-command"], COMMANDS),
        (["--", "validate"], COMMANDS),
    ],
)
def test_the_commands_the_parser_needs(argv: list[str], expected: tuple[str, ...]) -> None:
    assert commands_needed(argv) == expected


def test_the_full_parser_knows_every_command() -> None:
    import argparse

    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    assert set(actions[0].choices) == set(COMMANDS)
    assert build_parser(()).parse_args([]).command is None


def test_an_unknown_command_is_refused_with_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    from trainer.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["no-such-command"])
    assert stopped.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_opening_the_app_imports_no_subcommand() -> None:
    code = (
        "import sys\n"
        "from trainer.cli import build_parser, commands_needed\n"
        "build_parser(commands_needed([])).parse_args([])\n"
        "import trainer.ui.app\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('cryptography', "
        "'trainer.cli.', 'trainer.core.packs.install', 'trainer.core.packs.signing', "
        "'markdown', 'yaml')))\n"
        "print(loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "argv",
    [
        ["--data-dir", "{d}", "progress", "list"],
        ["progress", "list", "--data-dir", "{d}"],
        ["pack", "list", "--data-dir", "{d}"],
    ],
)
def test_the_data_folder_may_be_given_before_or_after_the_command(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trainer.cli import main

    folder = tmp_path / "data"
    assert main([a.replace("{d}", str(folder)) for a in argv]) == 0
    assert str(folder) in capsys.readouterr().out


def test_without_the_option_after_the_command_the_global_one_stands(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--data-dir", str(tmp_path), "progress", "list"])
    assert args.data_dir == tmp_path
    assert build_parser().parse_args(["progress", "list"]).data_dir is None
