"""Reports for trainers, drawn with Qt: the PDF summary of a consolidated report.

The data (merging bundles, the tables, the CSV files) is Qt-free and lives in
:mod:`trainer.core.reporting`; this package adds what needs Qt and puts the files
in place (:func:`build_report_files`).
"""

from trainer.reports.build import ReportOutput, ReportWriteError, build_report_files
from trainer.reports.pdf import ReportPdfError, ensure_gui_application, write_pdf

__all__ = [
    "ReportOutput",
    "ReportPdfError",
    "ReportWriteError",
    "build_report_files",
    "ensure_gui_application",
    "write_pdf",
]
