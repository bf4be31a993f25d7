"""``trainer pack``: build, sign, verify, trust, install, list, roll back and remove
content packs.

The main CLI calls :func:`register` with its subparsers and provides the global
``--data-dir`` as ``args.data_dir``; the subcommands that use the data folder accept
``--data-dir`` after the command as well. Exit status: 0 success, 1 refused or failed
(the reason on stderr, never a traceback), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trainer.core.packs import (
    InstalledVersion,
    PackError,
    PackPolicy,
    build_pack,
    generate_keypair,
    install_pack,
    list_packs,
    remove_pack,
    rollback_pack,
    sign_pack,
    trust_key,
    trusted_keys,
    verify_pack,
)
from trainer.core.packs.keys import is_trusted
from trainer.core.packs.manifest import format_size
from trainer.core.paths import default_data_dir

__all__ = ["register"]


def _data_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None)
    return Path(given) if given is not None else default_data_dir()


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a global '--data-dir' given before the command.
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the data folder (default: the per-user data folder, or $TRAINER_DATA_DIR)",
    )


def _guarded(action: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return action(args)
        except PackError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1

    return run


def _build(args: argparse.Namespace) -> int:
    result = build_pack(args.dir, args.output)
    for note in result.skipped:
        print(f"not packed: {note}")
    for problem in result.warnings:
        print(problem.format())
    manifest = result.manifest
    print(
        f"built {result.path}: '{manifest.id}' version {manifest.version}, "
        f"{len(manifest.files)} files, {format_size(manifest.total_size)}"
        + (f", {len(result.warnings)} warnings" if result.warnings else "")
    )
    print(f"It is not signed yet: trainer pack sign {result.path} --key YOUR.key")
    return 0


def _keygen(args: argparse.Namespace) -> int:
    pair = generate_keypair(args.output)
    print(f"private key: {pair.private_path}  (keep it secret and backed up; never share it)")
    print(f"public key:  {pair.public_path}  (give it to every computer that installs your packs)")
    print(f"fingerprint: {pair.public.fingerprint}")
    return 0


def _sign(args: argparse.Namespace) -> int:
    public = sign_pack(args.file, args.key)
    print(f"signed {args.file} with key {public.fingerprint}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    try:
        report = verify_pack(args.file, _data_dir(args))
    except PackError as exc:
        print(f"INVALID: {exc}", file=sys.stderr)
        return 1
    manifest = report.manifest
    print(f"pack:      {manifest.id} version {manifest.version} — {manifest.title}")
    print(f"publisher: {manifest.publisher} (language {manifest.language})")
    print(f"created:   {manifest.created}")
    print(
        f"files:     {len(manifest.files)}, {format_size(manifest.total_size)}; "
        "every size and SHA-256 matches"
    )
    if report.signer is None:
        print("signed by: nobody (the pack is not signed)")
    elif report.trusted:
        print(f"signed by: {report.signed_by} (a trusted publisher on this computer)")
    else:
        print(f"signed by: {report.signed_by} (NOT a trusted publisher on this computer)")
    print("valid")
    return 0


def _trust(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    if args.keyfile is None:
        keys = trusted_keys(data_dir)
        if not keys:
            print("No trusted publisher keys yet.")
        for key in keys:
            print(f"{key.fingerprint}  {key.path}")
        return 0
    key, added = trust_key(data_dir, args.keyfile)
    if added:
        print(f"now trusting key {key.fingerprint} (stored as {key.path})")
    else:
        print(f"key {key.fingerprint} was already trusted")
    return 0


def _ask(yes: bool) -> Callable[[str], bool]:
    def confirm(question: str) -> bool:
        print(question, file=sys.stderr)
        if yes:
            print("(confirmed by --yes)", file=sys.stderr)
            return True
        if not sys.stdin.isatty():
            print("Run again with --yes to install it anyway.", file=sys.stderr)
            return False
        answer = input("Type 'yes' to install: ").strip().lower()
        return answer in ("y", "yes")

    return confirm


def _install(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    policy = PackPolicy(allow_unsigned=False) if args.refuse_unsigned else None
    result = install_pack(args.file, data_dir, _ask(args.yes), policy=policy)
    for problem in result.warnings:
        print(problem.format())
    replaced = f" (replacing {result.replaced_version})" if result.replaced_version else ""
    print(f"installed '{result.pack_id}' version {result.version}{replaced} into {result.path}")
    if result.signed_by:
        trust = "trusted" if result.trusted else "not trusted"
        print(f"signed by {result.signed_by} ({trust})")
    return 0


def _signed(version: InstalledVersion, data_dir: Path) -> str:
    if version.public_key is None or version.signed_by is None:
        return "unsigned"
    return version.signed_by + ("" if is_trusted(data_dir, version.public_key) else " (untrusted)")


def _list(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    packs = list_packs(data_dir)
    if not packs:
        print(f"No packs installed in {data_dir}.")
        return 0
    rows = [("ID", "TITLE", "VERSION", "PUBLISHER", "SIGNED-BY", "PREVIOUS")]
    for pack in packs:
        current = pack.current
        rows.append(
            (
                pack.id,
                current.title,
                current.version,
                current.publisher,
                _signed(current, data_dir),
                pack.previous.version if pack.previous else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def _rollback(args: argparse.Namespace) -> int:
    pack = rollback_pack(_data_dir(args), args.id)
    newer = f"; version {pack.previous.version} is kept as previous" if pack.previous else ""
    print(f"'{pack.id}' is back at version {pack.current.version}{newer}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    target = remove_pack(_data_dir(args), args.id)
    print(f"removed '{args.id}' (moved to {target}); learners' progress is kept")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "pack",
        help="build, sign, verify and install content packs",
        description=(
            "Content packs carry a content folder to offline computers. Build one from a "
            "validated folder, sign it with your key, copy it to a USB stick, and install it "
            "on each computer. See docs/packs.md."
        ),
    )
    actions = parser.add_subparsers(dest="pack_command", metavar="ACTION", required=True)

    build = actions.add_parser("build", help="validate a content folder and write its pack")
    build.add_argument("dir", type=Path, metavar="DIR", help="the content folder")
    build.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    build.set_defaults(func=_guarded(_build))

    keygen = actions.add_parser("keygen", help="make a publisher key pair")
    keygen.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="KEYFILE",
        help="the private key file; the public key is written to KEYFILE.pub",
    )
    keygen.set_defaults(func=_guarded(_keygen))

    sign = actions.add_parser("sign", help="sign a pack with your private key")
    sign.add_argument("file", type=Path, metavar="FILE")
    sign.add_argument("--key", type=Path, required=True, metavar="KEY", help="the private key")
    sign.set_defaults(func=_guarded(_sign))

    verify = actions.add_parser("verify", help="check a pack's files and signature")
    verify.add_argument("file", type=Path, metavar="FILE")
    _data_dir_option(verify)
    verify.set_defaults(func=_guarded(_verify))

    trust = actions.add_parser(
        "trust", help="trust a publisher's public key (without a file: list trusted keys)"
    )
    trust.add_argument("keyfile", type=Path, nargs="?", metavar="KEYFILE.pub")
    _data_dir_option(trust)
    trust.set_defaults(func=_guarded(_trust))

    install = actions.add_parser("install", help="check a pack and install it")
    install.add_argument("file", type=Path, metavar="FILE")
    install.add_argument(
        "--yes",
        action="store_true",
        help="install an unsigned pack or one by an unknown publisher without asking "
        "(unless the policy refuses them)",
    )
    install.add_argument(
        "--refuse-unsigned",
        action="store_true",
        help="refuse unsigned packs and unknown publishers, whatever pack-policy.json says",
    )
    _data_dir_option(install)
    install.set_defaults(func=_guarded(_install))

    listing = actions.add_parser("list", help="list the installed packs")
    _data_dir_option(listing)
    listing.set_defaults(func=_guarded(_list))

    rollback = actions.add_parser(
        "rollback", help="go back to the version installed before (run again to undo)"
    )
    rollback.add_argument("id", metavar="ID")
    _data_dir_option(rollback)
    rollback.set_defaults(func=_guarded(_rollback))

    remove = actions.add_parser("remove", help="remove an installed pack (moved to the trash)")
    remove.add_argument("id", metavar="ID")
    _data_dir_option(remove)
    remove.set_defaults(func=_guarded(_remove))
