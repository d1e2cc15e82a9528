"""JSON Schemas of the data files, generated from the typed records that validate them."""

from __future__ import annotations

from typing import Any

import msgspec

from .isct import Profile
from .model import Erratum, HistoryEvent, Jurisdiction, Meta, NotApproved, Product, Reference

# data file -> the type of its content (a list of records, or one record)
FILES: dict[str, Any] = {
    "products/*.yaml": Product,
    "timeline.yaml": list[HistoryEvent],
    "criteria.yaml": list[Profile],
    "jurisdictions.yaml": list[Jurisdiction],
    "references.yaml": list[Reference],
    "errata.yaml": list[Erratum],
    "not-approved.yaml": list[NotApproved],
    "meta.yaml": Meta,
}


def schema_name(data_file: str) -> str:
    return data_file.replace("/*", "").removesuffix(".yaml") + ".schema.json"


def schema(data_file: str) -> dict[str, Any]:
    result: dict[str, Any] = msgspec.json.schema(FILES[data_file])
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["title"] = f"msc data file {data_file}"
    return result
