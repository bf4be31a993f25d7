"""Reading a content file as text: size limit, UTF-8 with or without BOM, any line ends."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from trainer.core.problems import ProblemLog

MAX_FILE_BYTES = 2 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class TextFile:
    text: str
    sha256: str


def read_text_file(path: Path, log: ProblemLog) -> TextFile | None:
    """The file's text with ``\\n`` line ends, or ``None`` after logging why it can't be used."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            log.error(
                1,
                1,
                f"the file is {size / 1_048_576:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1_048_576} MB: split it into smaller files",
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        log.error(1, 1, f"cannot read the file ({exc.strerror or exc}); check its permissions")
        return None
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        log.error(
            line,
            column,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
            "save it again with the encoding set to UTF-8",
        )
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        log.error(line, 1, "the file contains a NUL character; it looks like a binary file")
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return TextFile(text, digest)
