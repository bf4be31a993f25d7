"""Results for trainers, Qt-free: learners' histories, results bundles and the
consolidated report's tables. The xAPI statements are in :mod:`trainer.core.xapi`;
the PDF summary in :mod:`trainer.reports`. See ``docs/reporting.md``.

* :mod:`.history` -- one learner's whole history (:class:`LearnerHistory`);
* :mod:`.bundle` -- writing, signing, reading and checking results bundles;
* :mod:`.merge` -- merging bundles of many learners and computers by id;
* :mod:`.tables` -- the report's tables and their CSV files;
* :mod:`.content` -- which content folders name things (as the app loads them).
"""

from trainer.core.reporting.bundle import (
    BundleError,
    BundleRejectedError,
    BundleWriteError,
    LoadedBundle,
    device_id,
    parse_bundle,
    read_bundle,
    write_bundle,
)
from trainer.core.reporting.history import LearnerHistory, history_from_store
from trainer.core.reporting.merge import Consolidated, merge_bundles
from trainer.core.reporting.tables import Report, build_report, write_csv_files

__all__ = [
    "BundleError",
    "BundleRejectedError",
    "BundleWriteError",
    "Consolidated",
    "LearnerHistory",
    "LoadedBundle",
    "Report",
    "build_report",
    "device_id",
    "history_from_store",
    "merge_bundles",
    "parse_bundle",
    "read_bundle",
    "write_bundle",
    "write_csv_files",
]
