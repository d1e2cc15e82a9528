"""What the review says about MSCs themselves: msc about, msc sources (with the approved products of each tissue,
derived from the catalogue) and msc mechanisms."""

from __future__ import annotations

from typing import Any

from msccli.catalogue.model import Passage, TissueSource
from msccli.catalogue.records import Catalogue
from msccli.text.errors import NotFound
from msccli.text.match import close_matches, normalise


def tissue(catalogue: Catalogue, query: str) -> TissueSource:
    """A tissue source by id, alias or name in English or Chinese (either script)."""
    key = normalise(query)
    for source in catalogue.tissue_sources:
        names = [source.id, *source.aliases, source.title.en, source.title.zh or ""]
        if key in {normalise(n) for n in names if n}:
            return source
    choices = [n for s in catalogue.tissue_sources for n in (s.id, *s.aliases)]
    raise NotFound("tissue source", query, close_matches(query, choices), "list them with: msc sources")


def passage_row(passage: Passage, **extra: Any) -> dict[str, Any]:
    return {
        "id": passage.id,
        "title": passage.title.en,
        "title_zh": passage.title.zh,
        "text": passage.text.en,
        "text_zh": passage.text.zh,
        **extra,
        "mark": passage.mark,
        "refs": list(passage.refs),
    }


def source_rows(catalogue: Catalogue, chosen: list[TissueSource]) -> list[dict[str, Any]]:
    """Each tissue with the approved products that use it, from the catalogue (a user's own products included)."""
    rows = []
    for source in chosen:
        products = [p for p in catalogue.products if source.tissue is not None and p.source.tissue == source.tissue]
        approvals = [
            f"{p.name} ({a.jurisdiction} {a.date or 'date not known'}, {a.status})"
            for p in products
            for a in p.approvals
        ]
        rows.append(passage_row(source, products=[p.id for p in products], approvals=approvals))
    return rows
