"""Content packs: signed zip archives that carry a content folder to offline machines.

A trainer builds a pack from a validated content folder (:func:`build_pack`), signs it
with a publisher key (:func:`generate_keypair`, :func:`sign_pack`) and carries it on a
USB stick. On each officer's machine :func:`install_pack` checks it completely in a
staging area and swaps it into ``<data_dir>/packs/<id>/current`` by renames, keeping
the version before as ``previous``. Nothing here imports Qt.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from trainer.core.packs.folders import installed_content_dirs, recover_packs
    from trainer.core.packs.install import (
        InstalledPack,
        InstalledVersion,
        InstallResult,
        install_pack,
        list_packs,
        remove_pack,
        rollback_pack,
    )
    from trainer.core.packs.keys import (
        KeyPair,
        PackPolicy,
        PublicKey,
        TrustedKey,
        generate_keypair,
        is_trusted,
        load_policy,
        load_private_key,
        load_public_key,
        trust_key,
        trusted_keys,
    )
    from trainer.core.packs.manifest import (
        FORMAT_ID,
        FORMAT_VERSION,
        FileEntry,
        Manifest,
        SemVer,
        format_size,
    )
    from trainer.core.packs.signing import VerifyReport, sign_pack, verify_pack

#: Where each public name lives. The submodules are imported when a name is first used
#: (PEP 562): the app's start-up needs only :mod:`trainer.core.packs.folders`, and
#: signing needs the cryptography library, which takes a while to import.
_SOURCES = {
    "BuildResult": "build",
    "ContentInvalidError": "errors",
    "DamagedPackError": "errors",
    "FORMAT_ID": "manifest",
    "FORMAT_VERSION": "manifest",
    "FileEntry": "manifest",
    "format_size": "manifest",
    "InstallCancelledError": "errors",
    "InstallResult": "install",
    "InstalledPack": "install",
    "InstalledVersion": "install",
    "IntegrityError": "errors",
    "KeyFileError": "errors",
    "KeyPair": "keys",
    "Manifest": "manifest",
    "ManifestError": "errors",
    "NoPreviousVersionError": "errors",
    "NotAPackError": "errors",
    "PackArchive": "archive",
    "PackBusyError": "errors",
    "PackError": "errors",
    "PackIOError": "errors",
    "PackLimits": "archive",
    "PackNotInstalledError": "errors",
    "PackPolicy": "keys",
    "PackTooLargeError": "errors",
    "PolicyError": "errors",
    "PublicKey": "keys",
    "SemVer": "manifest",
    "SignatureError": "errors",
    "TrustedKey": "keys",
    "UnsafeMemberError": "errors",
    "UntrustedPackError": "errors",
    "VerifyReport": "signing",
    "VersionNotNewerError": "errors",
    "build_pack": "build",
    "generate_keypair": "keys",
    "install_pack": "install",
    "is_trusted": "keys",
    "installed_content_dirs": "folders",
    "list_packs": "install",
    "load_policy": "keys",
    "load_private_key": "keys",
    "load_public_key": "keys",
    "open_pack": "archive",
    "recover_packs": "folders",
    "remove_pack": "install",
    "rollback_pack": "install",
    "sign_pack": "signing",
    "trust_key": "keys",
    "trusted_keys": "keys",
    "verify_pack": "signing",
}


if not TYPE_CHECKING:  # type checkers see the imports above, so a misspelt name is caught

    def __getattr__(name: str) -> Any:
        module = _SOURCES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*globals(), *_SOURCES])


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
    "format_size",
    "generate_keypair",
    "install_pack",
    "installed_content_dirs",
    "is_trusted",
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
