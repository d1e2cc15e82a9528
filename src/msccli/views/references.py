"""msc errata and msc refs: corrections to the source review, and the references every record cites."""

from __future__ import annotations

from typing import Any

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
    Field(
        "quotes",
        "array",
        "Sentences msc quotes from this source: product, jurisdiction, supports (the facts), text, lang, "
        "translation, translation_by, url, read, via, where, form.",
    ),
)


def refs_view(catalogue: Catalogue, ids: list[str]) -> View:
    refs = [catalogue.reference(i) for i in ids] if ids else catalogue.references
    from msccli.lookup.evidence import quotes_from

    rows = [
        {
            "id": r.id,
            "kind": r.kind,
            "title": r.title,
            "doi": r.doi,
            "urls": r.urls,
            "note": r.note,
            "quotes": quotes_from(catalogue, r.id),
        }
        for r in refs
    ]
    columns = [
        Column("id", "Id", identity=True),
        Column("kind", "Kind", show=lambda r: tr_value(r["kind"]), identity=True),
        Column("title", "Reference"),
        Column("doi", "DOI"),
        Column("urls", "URL", show=lambda r: " ".join(r["urls"])),
        Column("note", "Note"),
        Column("quotes", "Quoted", show=_quoted),
    ]
    footer = [plural(len(rows), "reference")]
    return View(fields=REFERENCE_FIELDS, records=rows, columns=columns, footer=footer + english_note(), blocks=True)


def _quoted(record: dict[str, Any]) -> str:
    """The sentences quoted from a source, each with what it supports: '“...” (ryoncil US: date, status)'."""
    uses: dict[str, list[str]] = {}  # one sentence may support several records (a list of re-licensed products)
    for q in record["quotes"]:
        where = " ".join(x for x in (q["product"], q["jurisdiction"]) if x)
        uses.setdefault(q["text"], []).append(f"{where}: {', '.join(q['supports'])}")
    return "\n".join(f"“{text}” ({'; '.join(used)})" for text, used in uses.items())
