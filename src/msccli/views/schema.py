"""JSON Schemas: of the data files (from the typed records that validate them) and of each command's JSON output
(from its declared fields). Committed under schema/; a test keeps them current."""

from __future__ import annotations

import inspect
from typing import Any

from msccli.catalogue.data_files import BY_NAME


def names() -> list[str]:
    """Everything `msc schema NAME` knows: data files, then outputs ('output/products')."""
    from msccli.views.outputs import OUTPUTS, schema_file

    return [*BY_NAME, *(schema_file(c).removesuffix(".schema.json") for c in OUTPUTS)]


def schema_path(name: str) -> str:
    """Where a schema is committed, relative to schema/."""
    if name.startswith("output/"):
        return name + ".schema.json"
    return name.replace("/*", "").removesuffix(".yaml") + ".schema.json"


def schema(name: str) -> dict[str, Any]:
    if name.startswith("output/"):
        from msccli.views.outputs import OUTPUTS, output_schema, schema_file

        by_file = {schema_file(c).removesuffix(".schema.json"): c for c in OUTPUTS}
        return output_schema(by_file[name])
    import msgspec

    result: dict[str, Any] = msgspec.json.schema(BY_NAME[name].content)
    for definition in result.get("$defs", {}).values():  # docstrings as text, whatever msgspec's version does
        if "description" in definition:
            definition["description"] = inspect.cleandoc(definition["description"])
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["title"] = f"msc data file {name}"
    return result
