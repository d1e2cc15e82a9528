"""The one list of data files: what each holds, how its records are keyed, where they go in the catalogue.

The loader, a user's data directory overlay, the catalogue cache key and `msc schema` all read this list.
"""

from __future__ import annotations

from typing import Any

import msgspec

from msccli.catalogue.model import (
    Concept,
    Erratum,
    Family,
    HistoryEvent,
    Jurisdiction,
    Mechanism,
    Meta,
    NotApproved,
    Passage,
    Product,
    Profile,
    Reference,
    TissueSource,
)


class DataFile(msgspec.Struct, frozen=True):
    name: str  # as in data/: "timeline.yaml", or "products/*.yaml" for one record per file
    record: type[Any]
    key: str | None  # the field that identifies a record (a user's record with the same key replaces it)
    attribute: str  # where the records go in the Catalogue

    @property
    def per_file(self) -> bool:
        return "*" in self.name

    @property
    def folder(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def content(self) -> Any:
        """The type of the whole file: one record, or a list of records."""
        return self.record if self.key is None or self.per_file else list[self.record]  # type: ignore[name-defined]


FILES: tuple[DataFile, ...] = (
    DataFile("meta.yaml", Meta, None, "meta"),
    DataFile("jurisdictions.yaml", Jurisdiction, "code", "jurisdictions"),
    DataFile("references.yaml", Reference, "id", "references"),
    DataFile("errata.yaml", Erratum, "id", "errata"),
    DataFile("products/*.yaml", Product, "id", "products"),
    DataFile("not-approved.yaml", NotApproved, "id", "not_approved"),
    DataFile("timeline.yaml", HistoryEvent, "id", "history"),
    DataFile("criteria.yaml", Profile, "id", "profiles"),
    DataFile("families.yaml", Family, "id", "families"),
    DataFile("vocabulary.yaml", Concept, "id", "vocabulary"),
    DataFile("about.yaml", Passage, "id", "about"),
    DataFile("sources.yaml", TissueSource, "id", "tissue_sources"),
    DataFile("mechanisms.yaml", Mechanism, "id", "mechanisms"),
)
BY_NAME = {f.name: f for f in FILES}
