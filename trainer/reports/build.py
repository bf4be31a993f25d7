"""Building a consolidated report folder from results bundles: CSV files and a PDF.

Every bundle is read and checked before anything is written; the files are made in
a scratch folder beside the output folder and moved into it only once all of them
are complete, so a refused bundle or a failure leaves the output folder as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trainer.core.model import Library
from trainer.core.packs.keys import PublicKey
from trainer.core.reporting.bundle import read_bundle
from trainer.core.reporting.merge import merge_bundles
from trainer.core.reporting.tables import Report, build_report, write_csv_files
from trainer.reports.pdf import write_pdf

__all__ = ["PDF_NAME", "ReportOutput", "ReportWriteError", "build_report_files"]

PDF_NAME = "report.pdf"


class ReportWriteError(Exception):
    """The report files could not be written; the message names the folder and why."""


@dataclass(frozen=True)
class ReportOutput:
    folder: Path
    files: tuple[Path, ...]
    report: Report


def build_report_files(
    bundle_paths: Sequence[Path],
    output: Path,
    *,
    library: Library | None,
    trusted_keys: Sequence[PublicKey] | None = None,
    require_signature: bool = False,
    title: str | None = None,
    generated_at: datetime | None = None,
) -> ReportOutput:
    """Check every bundle, merge them and write the report into the folder ``output``.

    Raises :class:`~trainer.core.reporting.bundle.BundleRejectedError` (naming the file)
    before writing anything when a bundle is refused, and :class:`ReportWriteError`
    when the files cannot be written. Files of an earlier report in ``output`` are
    replaced; other files there are left alone.
    """
    bundles = [
        read_bundle(Path(p), trusted_keys=trusted_keys, require_signature=require_signature)
        for p in bundle_paths
    ]
    report = build_report(merge_bundles(bundles), library, title=title, generated_at=generated_at)
    folder = Path(output).absolute()
    if folder.exists() and not folder.is_dir():
        raise ReportWriteError(f"{output} exists and is not a folder; choose another with -o.")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise ReportWriteError(
            f"could not write into {folder.parent}: {exc.strerror or exc}"
        ) from None
    try:
        made = [*write_csv_files(report, scratch)]
        write_pdf(report, scratch / PDF_NAME)
        made.append(scratch / PDF_NAME)
        folder.mkdir(exist_ok=True)
        placed = []
        for path in made:
            target = folder / path.name
            os.replace(path, target)
            placed.append(target)
    except OSError as exc:
        raise ReportWriteError(
            f"could not write the report into {folder}: {exc.strerror or exc}"
        ) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return ReportOutput(folder, tuple(placed), report)
