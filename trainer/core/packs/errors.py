"""Why a content pack was refused: one exception class per kind of problem.

Every message is written for a trainer: it names the file or member concerned and,
where there is one, says what to do about it. The CLI prints the message as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from trainer.core.model import Problem

__all__ = [
    "ContentInvalidError",
    "DamagedPackError",
    "InstallCancelledError",
    "IntegrityError",
    "KeyFileError",
    "ManifestError",
    "NoPreviousVersionError",
    "NotAPackError",
    "PackBusyError",
    "PackError",
    "PackIOError",
    "PackNotInstalledError",
    "PackTooLargeError",
    "PolicyError",
    "SignatureError",
    "UnsafeMemberError",
    "UntrustedPackError",
    "VersionNotNewerError",
]


class PackError(Exception):
    """A pack could not be built, signed, verified, installed or changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotAPackError(PackError):
    """The file is not a zip archive at all."""


class DamagedPackError(PackError):
    """The archive is truncated or one of its members cannot be read back."""


class UnsafeMemberError(PackError):
    """A member's name or type could write outside the pack or clash with another."""


class PackTooLargeError(PackError):
    """Too many members, a member or the whole pack too large, or expansion too high."""


class ManifestError(PackError):
    """``manifest.json`` is missing, malformed, of an unknown format, or disagrees with
    the members of the archive."""


class IntegrityError(PackError):
    """A file's size or SHA-256 differs from what the manifest says."""


class SignatureError(PackError):
    """``signature.json`` is malformed or does not match the manifest."""


class UntrustedPackError(PackError):
    """The pack is unsigned or signed by an unknown key, and the policy refuses it."""


class InstallCancelledError(PackError):
    """The person installing declined the confirmation."""


class VersionNotNewerError(PackError):
    """The pack's version is not newer than the installed one."""


class ContentInvalidError(PackError):
    """The content does not pass validation; :attr:`problems` holds the errors."""

    def __init__(self, message: str, problems: Sequence[Problem]) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class PackNotInstalledError(PackError):
    """No installed pack has that id."""


class NoPreviousVersionError(PackError):
    """A rollback was asked for but no previous version is kept."""


class KeyFileError(PackError):
    """A key file is missing, unreadable, of the wrong kind, or would be overwritten."""


class PolicyError(PackError):
    """``pack-policy.json`` exists but cannot be read as a policy."""


class PackBusyError(PackError):
    """Another pack operation holds the lock on the packs folder."""


class PackIOError(PackError):
    """Reading or writing a file failed (disk full, permission denied, removed stick)."""
