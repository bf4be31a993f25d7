"""Content packs: signed zip archives that carry a content folder to offline machines.

A trainer builds a pack from a validated content folder (:func:`build_pack`), signs it
with a publisher key (:func:`generate_keypair`, :func:`sign_pack`) and carries it on a
USB stick. On each officer's machine :func:`install_pack` checks it completely in a
staging area and swaps it into ``<data_dir>/packs/<id>/current`` by renames, keeping
the version before as ``previous``. Nothing here imports Qt.
"""

from __future__ import annotations

from trainer.core.packs.archive import PackArchive, PackLimits, open_pack
from trainer.core.packs.build import BuildResult, build_pack
from trainer.core.packs.errors import (
    ContentInvalidError,
    DamagedPackError,
    InstallCancelledError,
    IntegrityError,
    KeyFileError,
    ManifestError,
    NoPreviousVersionError,
    NotAPackError,
    PackBusyError,
    PackError,
    PackIOError,
    PackNotInstalledError,
    PackTooLargeError,
    PolicyError,
    SignatureError,
    UnsafeMemberError,
    UntrustedPackError,
    VersionNotNewerError,
)
from trainer.core.packs.install import (
    InstalledPack,
    InstalledVersion,
    InstallResult,
    install_pack,
    installed_content_dirs,
    list_packs,
    recover_packs,
    remove_pack,
    rollback_pack,
)
from trainer.core.packs.keys import (
    KeyPair,
    PackPolicy,
    PublicKey,
    TrustedKey,
    generate_keypair,
    load_policy,
    load_private_key,
    load_public_key,
    trust_key,
    trusted_keys,
)
from trainer.core.packs.manifest import FORMAT_ID, FORMAT_VERSION, FileEntry, Manifest, SemVer
from trainer.core.packs.signing import VerifyReport, sign_pack, verify_pack

__all__ = [
    "FORMAT_ID",
    "FORMAT_VERSION",
    "BuildResult",
    "ContentInvalidError",
    "DamagedPackError",
    "FileEntry",
    "InstallCancelledError",
    "InstallResult",
    "InstalledPack",
    "InstalledVersion",
    "IntegrityError",
    "KeyFileError",
    "KeyPair",
    "Manifest",
    "ManifestError",
    "NoPreviousVersionError",
    "NotAPackError",
    "PackArchive",
    "PackBusyError",
    "PackError",
    "PackIOError",
    "PackLimits",
    "PackNotInstalledError",
    "PackPolicy",
    "PackTooLargeError",
    "PolicyError",
    "PublicKey",
    "SemVer",
    "SignatureError",
    "TrustedKey",
    "UnsafeMemberError",
    "UntrustedPackError",
    "VerifyReport",
    "VersionNotNewerError",
    "build_pack",
    "generate_keypair",
    "install_pack",
    "installed_content_dirs",
    "list_packs",
    "load_policy",
    "load_private_key",
    "load_public_key",
    "open_pack",
    "recover_packs",
    "remove_pack",
    "rollback_pack",
    "sign_pack",
    "trust_key",
    "trusted_keys",
    "verify_pack",
]
