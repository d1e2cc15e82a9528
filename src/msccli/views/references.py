"""msc errata and msc refs: corrections to the source review, and the references every record cites."""

from __future__ import annotations

from msccli.catalogue.records import Catalogue
from msccli.output.render import Column, Field, View
from msccli.text.i18n import N_, tr, tr_value
from msccli.text.match import plural
from msccli.views.common import english_note

CORRECTS_LABEL = {"source-review": N_("source review"), "fact-sheet": N_("fact sheet")}
ERRATUM_FIELDS = (
    Field("id", "string", "Erratum id."),
    Field("kind", "string", "error, omission, clarification, duplicate or unconfirmed."),
    Field("corrects", "string", "source-review, or fact-sheet (a later fact sheet overrides an earlier one)."),
    Field("subjects", "array", "Product or event ids the correction is about."),
    Field("says", "string", "What the corrected source says."),
    Field("correction", "string", "What is right, and why."),
    Field("refs", "array", "Evidence: reference ids (msc refs ID)."),
)


def errata_view(catalogue: Catalogue, product: str | None, corrects: str | None = None) -> View:
    errata = [
        e
        for e in catalogue.errata
        if (product is None or product in e.subjects) and (corrects is None or e.corrects == corrects)
    ]
    rows = [
        {
            "id": e.id,
            "kind": e.kind,
            "corrects": e.corrects,
            "subjects": e.subjects,
            "says": e.says,
            "correction": e.correction,
            "refs": e.refs,
        }
        for e in errata
    ]
    columns = [
        Column("id", "Id", identity=True),
        Column("kind", "Kind", show=lambda r: tr_value(r["kind"]), identity=True),
        Column("subjects", "About", show=lambda r: ", ".join(r["subjects"])),
        Column("corrects", "Corrects", show=lambda r: tr(CORRECTS_LABEL[r["corrects"]])),
        Column("says", "It says"),
        Column("correction", "Correction"),
        Column("refs", "Evidence", show=lambda r: ", ".join(r["refs"])),
    ]
    to_sheets = sum(1 for r in rows if r["corrects"] == "fact-sheet")
    footer = [
        tr(
            "{corrections}: {number} to the source review, {to_sheets} to the fact sheets · evidence: msc refs ID",
            corrections=plural(len(rows), "correction"),
            number=len(rows) - to_sheets,
            to_sheets=to_sheets,
        )
    ]
    return View(fields=ERRATUM_FIELDS, records=rows, columns=columns, footer=footer + english_note(), blocks=True)


REFERENCE_FIELDS = (
    Field("id", "string", "Reference id, as records cite it."),
    Field("kind", "string", "article, review, regulator, or source (a source the fact sheets cite)."),
    Field("title", "string", "Citation or title."),
    Field("doi", "string|null", "DOI, when it has one."),
    Field("urls", "array", "Where to read it."),
    Field("note", "string|null", "A note on the reference."),
)


def refs_view(catalogue: Catalogue, ids: list[str]) -> View:
    refs = [catalogue.reference(i) for i in ids] if ids else catalogue.references
    rows = [{"id": r.id, "kind": r.kind, "title": r.title, "doi": r.doi, "urls": r.urls, "note": r.note} for r in refs]
    columns = [
        Column("id", "Id", identity=True),
        Column("kind", "Kind", show=lambda r: tr_value(r["kind"]), identity=True),
        Column("title", "Reference"),
        Column("doi", "DOI"),
        Column("urls", "URL", show=lambda r: " ".join(r["urls"])),
        Column("note", "Note"),
    ]
    footer = [plural(len(rows), "reference")]
    return View(fields=REFERENCE_FIELDS, records=rows, columns=columns, footer=footer + english_note(), blocks=True)
