"""The records each command prints, by command: `msc fields`, the output JSON Schemas and the docs read this."""

from __future__ import annotations

from msccli.output.render import Field, View
from msccli.views.approvals import APPROVAL_FIELDS
from msccli.views.compare import COMPARE_FIELDS
from msccli.views.data import PROBLEM_FIELDS
from msccli.views.dose import DOSE_FIELDS
from msccli.views.evidence import EVIDENCE_FIELDS
from msccli.views.isct import CRITERION_FIELDS
from msccli.views.knowledge import MECHANISM_FIELDS, PASSAGE_FIELDS, SOURCE_FIELDS
from msccli.views.lot_records import CRITERION_RESULT_FIELDS, LOT_FIELDS
from msccli.views.products import JURISDICTION_FIELDS, PRODUCT_FIELDS
from msccli.views.references import ERRATUM_FIELDS, REFERENCE_FIELDS
from msccli.views.regulatory import LINK_FIELDS, TRIAL_FIELDS
from msccli.views.release import QUALIFY_FIELDS, VERIFY_FIELDS
from msccli.views.search import SEARCH_FIELDS
from msccli.views.timeline import EVENT_FIELDS

FIELD_FIELDS = (
    Field("command", "string", "The command (isct-check --detail prints other records than isct-check)."),
    Field("name", "string", "Field name, as --fields takes it."),
    Field("type", "string", "JSON type; |null when the value may be empty."),
    Field("description", "string", "What the field means."),
)

OUTPUTS: dict[str, tuple[Field, ...]] = {
    "products": APPROVAL_FIELDS,
    "product": PRODUCT_FIELDS,
    "product --evidence": EVIDENCE_FIELDS,
    "trials": TRIAL_FIELDS,
    "links": LINK_FIELDS,
    "compare": COMPARE_FIELDS,
    "search": SEARCH_FIELDS,
    "about": PASSAGE_FIELDS,
    "sources": SOURCE_FIELDS,
    "mechanisms": MECHANISM_FIELDS,
    "dose": DOSE_FIELDS,
    "timeline": EVENT_FIELDS,
    "isct-check": LOT_FIELDS,
    "isct-check --detail": CRITERION_RESULT_FIELDS,
    "criteria": CRITERION_FIELDS,
    "verify": VERIFY_FIELDS,
    "qualify": QUALIFY_FIELDS,
    "errata": ERRATUM_FIELDS,
    "refs": REFERENCE_FIELDS,
    "jurisdictions": JURISDICTION_FIELDS,
    "fields": FIELD_FIELDS,
    "data validate": PROBLEM_FIELDS,
}


def fields_view(commands: list[str]) -> View:
    from msccli.output.render import Column

    rows = [
        {"command": command, "name": f.name, "type": f.type, "description": f.description}
        for command in commands
        for f in OUTPUTS[command]
    ]
    columns = [
        Column("command", "Command", identity=True),
        Column("name", "Field", identity=True),
        Column("type", "Type"),
        Column("description", "Description"),
    ]
    return View(fields=FIELD_FIELDS, records=rows, columns=columns)


def output_schema(command: str) -> dict[str, object]:
    """The JSON Schema of what `msc COMMAND -f json` prints: a list of records of the declared fields."""
    fields = OUTPUTS[command]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"msc {command} -f json",
        "type": "array",
        "items": {
            "type": "object",
            "properties": {f.name: f.json_schema() for f in fields},
            "required": [f.name for f in fields],
            "additionalProperties": False,
        },
    }


def schema_file(command: str) -> str:
    return "output/" + command.replace(" --", "-") + ".schema.json"
