"""The indicator handbook's entries and search, on the fixture and the shipped content."""

from __future__ import annotations

from pathlib import Path

from trainer.core.handbook import handbook_entries, search_handbook
from trainer.core.loader import load_library

ROOT = Path(__file__).resolve().parents[2]


def test_entries_in_taxonomy_order_with_what_trains_them() -> None:
    library = load_library(ROOT / "tests" / "fixtures" / "library")
    entries = handbook_entries(library)
    assert [e.indicator_id for e in entries] == [
        "deceived-about-nature-of-work",  # deceptive recruitment comes first
        "debt-bondage",  # then coercion at destination: strong ones by name...
        "document-retention",
        "controlled-by-others",  # ...then medium
    ]
    retention = entries[2]
    assert retention.dimension is not None
    assert retention.dimension.name == "Coercion at destination"
    assert [m.id for m in retention.modules] == ["reading-indicators"]
    assert {q.id for _, q in retention.questions} >= {"packing-strongest", "minibus-decision"}
    assert [s.publisher for s in retention.sources] == [
        "International Labour Office and European Commission"
    ]


def test_search_ignores_case_and_accents_and_ranks_names_first() -> None:
    library = load_library(ROOT / "tests" / "fixtures" / "library")
    entries = handbook_entries(library)
    assert search_handbook(entries, "") == entries
    assert [e.indicator_id for e in search_handbook(entries, "PASSPORT")] == ["document-retention"]
    assert [e.indicator_id for e in search_handbook(entries, "débt  fines")] == ["debt-bondage"]
    assert search_handbook(entries, "passport fines") == []
    # "documents" is in one name and in another's description: the name comes first.
    assert [e.indicator_id for e in search_handbook(entries, "documents")] == [
        "document-retention",
        "controlled-by-others",
    ]
    assert [e.indicator_id for e in search_handbook(entries, "medium")] == ["controlled-by-others"]


def test_every_shipped_indicator_is_in_the_handbook() -> None:
    library = load_library(ROOT / "content")
    entries = handbook_entries(library)
    assert {e.indicator_id for e in entries} == set(library.indicators)
    assert all(e.dimension is not None and e.indicator.observe for e in entries)
