"""msc data validate: every problem of a user's data directory, one record per problem."""

from __future__ import annotations

from msccli.output.guard import path_text
from msccli.output.render import Column, Field, View
from msccli.text.errors import DataError
from msccli.text.i18n import tr, tr_soft
from msccli.text.match import plural

PROBLEM_FIELDS = (
    Field("file", "string", "The data file."),
    Field("line", "integer|null", "The line on which the record starts, where known."),
    Field("record", "string|null", "The record's id."),
    Field("field", "string|null", "The field, as a path (approvals[0].date)."),
    Field("level", "string", "error (the data cannot be used as it is) or warning (it loads, short of a rule)."),
    Field("problem", "string", "What is wrong."),
)


def problems_view(found: list[DataError], directory: str) -> View:
    directory = path_text(directory)
    rows = [
        {
            "file": path_text(p.file),
            "line": p.line,
            "record": p.record or None,
            "field": p.field or None,
            "level": p.level,
            "problem": p.why,
        }
        for p in found
    ]
    columns = [
        Column("file", "File", identity=True),
        Column("line", "Line"),
        Column("record", "Record", identity=True),
        Column("field", "Field"),
        Column("level", "Level", show=lambda r: tr(r["level"])),
        Column("problem", "Problem", show=lambda r: tr_soft(r["problem"])),
    ]
    errors = sum(r["level"] == "error" for r in rows)
    warnings = len(rows) - errors
    verdict = (
        tr("{problems} in {directory}", problems=plural(errors, "problem"), directory=directory)
        if errors
        else tr("{directory}: no problems found", directory=directory)
    )
    if warnings:
        verdict += "; " + plural(warnings, "warning")
    return View(fields=PROBLEM_FIELDS, records=rows, columns=columns, footer=[verdict], blocks=True)
