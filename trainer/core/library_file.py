"""Parsing ``library.yaml``: the collection's name, version, publisher and tracks."""

from __future__ import annotations

from pathlib import PurePosixPath

from trainer.core.fields import Fields
from trainer.core.model import LibraryInfo, Track
from trainer.core.problems import ProblemLog
from trainer.core.yamldoc import YamlMap

LIBRARY_SETTINGS = ("kind", "id", "title", "version", "publisher", "language", "tracks")


def parse_library(rel_path: PurePosixPath, data: YamlMap, log: ProblemLog) -> LibraryInfo | None:
    fields = Fields(data, log, "the library file")
    fields.warn_unknown(LIBRARY_SETTINGS)
    library_id = fields.identifier("id")
    title = fields.text("title")
    version = fields.text("version", example="1.0.0")
    publisher = fields.text("publisher")
    language = fields.text("language", example="en")
    tracks: list[Track] = []
    seen: set[str] = set()
    for entry in fields.mapping_list("tracks"):
        track = Fields(entry, log, "a track")
        track.warn_unknown(("id", "title", "description"))
        track_id = track.identifier("id")
        track_title = track.text("title")
        description = track.text("description", required=False) or ""
        if track_id in seen:
            log.error(*track.pos("id"), f"the track '{track_id}' is listed twice")
            continue
        if track_id and track_title:
            seen.add(track_id)
            tracks.append(Track(track_id, track_title, description))
    if library_id is None or title is None or version is None or publisher is None:
        return None
    return LibraryInfo(
        id=library_id,
        title=title,
        version=version,
        publisher=publisher,
        language=language or "en",
        tracks=tuple(tracks),
        path=str(rel_path),
    )
