"""Parsing an indicator taxonomy (YAML): sources, dimensions and indicators."""

from __future__ import annotations

from pathlib import PurePosixPath

from trainer.core.fields import Fields
from trainer.core.model import Dimension, Indicator, Strength, Taxonomy
from trainer.core.problems import ProblemLog, did_you_mean
from trainer.core.references import Reference, RefKind
from trainer.core.yamldoc import YamlMap

TAXONOMY_SETTINGS = (
    "kind",
    "id",
    "title",
    "version",
    "language",
    "sources",
    "dimensions",
    "indicators",
)
DIMENSION_SETTINGS = ("id", "name", "group", "description")
INDICATOR_SETTINGS = ("id", "name", "dimension", "strength", "description", "observe", "sources")
STRENGTHS = tuple(s.value for s in Strength)


def parse_taxonomy(
    rel_path: PurePosixPath, data: YamlMap, log: ProblemLog
) -> tuple[Taxonomy | None, list[Reference]]:
    path = str(rel_path)
    fields = Fields(data, log, "the taxonomy")
    fields.warn_unknown(TAXONOMY_SETTINGS)
    refs: list[Reference] = []
    taxonomy_id = fields.identifier("id")
    title = fields.text("title")
    version = fields.integer("version", minimum=1)
    language = fields.text("language", example="en")
    sources = fields.sources()
    source_ids = [s.id for s in sources if s.id]
    if len(source_ids) != len(sources):
        log.error(*fields.pos("sources"), "give every source of a taxonomy an 'id'")

    dimensions: list[Dimension] = []
    for entry in fields.mapping_list("dimensions"):
        dim = Fields(entry, log, "a dimension")
        dim.warn_unknown(DIMENSION_SETTINGS)
        values = (
            dim.identifier("id"),
            dim.text("name"),
            dim.text("group"),
            dim.text("description"),
        )
        if all(v is not None for v in values):
            dimensions.append(Dimension(*values))  # type: ignore[arg-type]
    local_dimensions = {d.id for d in dimensions}

    indicators: list[Indicator] = []
    for entry in fields.mapping_list("indicators"):
        ind = Fields(entry, log, "an indicator")
        ind.warn_unknown(INDICATOR_SETTINGS)
        indicator_id = ind.identifier("id")
        name = ind.text("name")
        dimension = ind.identifier("dimension")
        if dimension and dimension not in local_dimensions:
            refs.append(Reference(RefKind.DIMENSION, dimension, path, *ind.pos("dimension")))
        strength = ind.choice("strength", STRENGTHS)
        description = ind.text("description")
        observe = [text for text, _, _ in ind.text_list("observe")]
        if "observe" in entry and not observe:
            log.error(*ind.pos("observe"), "list at least one thing an officer may observe")
        indicator_sources = []
        for source, line, column in ind.id_list("sources"):
            if source not in source_ids:
                log.error(
                    line,
                    column,
                    f"unknown source '{source}'; add it to the taxonomy's sources"
                    f"{did_you_mean(source, source_ids)}",
                )
            indicator_sources.append(source)
        if indicator_id and name and dimension and strength and description and observe:
            indicators.append(
                Indicator(
                    id=indicator_id,
                    name=name,
                    dimension=dimension,
                    strength=Strength(strength),
                    description=description,
                    observe=tuple(observe),
                    sources=tuple(indicator_sources),
                    path=path,
                    line=entry.line,
                )
            )
    if taxonomy_id is None or title is None or version is None or language is None:
        return None, refs
    taxonomy = Taxonomy(
        id=taxonomy_id,
        title=title,
        version=version,
        language=language,
        sources=tuple(sources),
        dimensions=tuple(dimensions),
        indicators=tuple(indicators),
        path=path,
    )
    return taxonomy, refs
