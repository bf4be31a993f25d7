"""Fixtures for pack tests: a publisher key pair and a data folder with a pack installed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pack_support import CREATED, PackMaker, content_tree, never, write_tree

from trainer.core.packs import (
    KeyPair,
    build_pack,
    generate_keypair,
    install_pack,
    sign_pack,
    trust_key,
)


@pytest.fixture
def publisher(tmp_path: Path) -> KeyPair:
    return generate_keypair(tmp_path / "keys" / "publisher.key")


@pytest.fixture
def make_pack(tmp_path: Path, publisher: KeyPair) -> PackMaker:
    """``make_pack(version, signed=True, name=None, files=None)``: build (and sign) a pack
    of the fixture library at that version."""

    def make(
        version: str = "1.0.0",
        *,
        signed: bool = True,
        name: str | None = None,
        files: dict[str, bytes] | None = None,
    ) -> Path:
        label = name or f"v{version}{'-signed' if signed else ''}"
        source = write_tree(tmp_path / "sources" / label, files or content_tree(version))
        output = tmp_path / "packs" / f"{label}.zip"
        build_pack(source, output, created=CREATED)
        if signed:
            sign_pack(output, publisher.private_path)
        return output

    return make


@pytest.fixture
def installed(data_dir: Path, publisher: KeyPair, make_pack: PackMaker) -> Path:
    """A data folder that trusts ``publisher`` and has version 1.0.0 installed."""
    trust_key(data_dir, publisher.public_path)
    install_pack(make_pack("1.0.0"), data_dir, never)
    return data_dir
