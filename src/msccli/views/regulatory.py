"""msc trials and msc links: the trials behind approvals, and the official documents to open."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msccli.catalogue.records import Catalogue
from msccli.output.render import Column, Field, View
from msccli.text.i18n import tr, tr_value
from msccli.text.match import plural
from msccli.views.common import english_note, mark_cell, participants

if TYPE_CHECKING:
    from msccli.output.render import Records

TRIAL_FIELDS = (
    Field("product", "string", "Product id (msc product ID shows the whole record)."),
    Field("name", "string", "Brand name."),
    Field("trial", "string", "The trial's name or description."),
    Field("role", "string", "pivotal, supporting, confirmatory, follow-up, post-marketing or development."),
    Field("registry", "array", "Registry ids (NCT, EudraCT, jRCT, ChiCTR, CTRI); empty when none is confirmed."),
    Field("links", "array", "The registry records' addresses, one per id."),
    Field("jurisdiction", "string|null", "The approval the trial supports, where it is one jurisdiction's."),
    Field("phase", "string|null", "Phase: 2, 2/3, 3, 4."),
    Field("participants", "integer|null", "Number of participants."),
    Field("participants_note", "string|null", "Whether planned, enrolled, randomised or analysed."),
    Field("design", "string|null", "Design in brief."),
    Field("endpoint", "string|null", "Primary endpoint."),
    Field("result", "string|null", "Result in numbers, where the sources give them."),
    Field("note", "string|null", "A note: doubts, links not confirmed."),
    Field("mark", "string", "Verification mark."),
    Field("refs", "array", "Reference ids (msc refs ID)."),
    Field("as_of", "string", "The catalogue's date."),
)


def trials_view(catalogue: Catalogue, rows: Records) -> View:
    columns = [
        Column("name", "Product", identity=True),
        Column("trial", "Trial"),
        Column("registry", "Registry id", show=lambda r: ", ".join(r["registry"]) or tr("none confirmed")),
        Column("role", "Role", show=lambda r: tr_value(r["role"])),
        Column("phase", "Phase", no_wrap=True),
        Column("participants", "N", show=lambda r: participants(r["participants"], r["participants_note"])),
        Column("endpoint", "Primary endpoint"),
        Column("result", "Result"),
        Column("mark", "Mark", show=mark_cell, identity=True, no_wrap=True),
    ]
    footer = [
        tr("{trials} · catalogue as of {as_of}", trials=plural(len(rows), "trial"), as_of=catalogue.meta.as_of),
        tr("Registry links: -f json, or msc links. Whole record: msc product NAME."),
    ]
    return View(fields=TRIAL_FIELDS, records=rows, columns=columns, footer=footer + english_note(), blocks=True)


LINK_FIELDS = (
    Field("product", "string", "Product id."),
    Field("name", "string", "Brand name."),
    Field(
        "kind", "string", "label, smpc, epar, monograph, review, regulator-record, product-page, release or registry."
    ),
    Field("title", "string", "What the document is."),
    Field("jurisdiction", "string|null", "Where it applies."),
    Field("date", "string|null", "The document's date, where known."),
    Field("url", "string", "Its address."),
    Field("note", "string|null", "A note: a mirror rather than the regulator's own page, a URL not opened."),
    Field("mark", "string", "Verification mark."),
    Field("refs", "array", "Reference ids (msc refs ID)."),
    Field("as_of", "string", "The catalogue's date."),
)


def _url(record: dict[str, Any]) -> Any:
    from msccli.views.common import styled

    return styled(record["url"])


def links_view(catalogue: Catalogue, rows: Records) -> View:
    columns = [
        Column("name", "Product", identity=True),
        Column("jurisdiction", "In", show=lambda r: r["jurisdiction"] or "", identity=True),
        Column("kind", "Kind", show=lambda r: tr_value(r["kind"]), identity=True),
        Column("title", "Document", min_terminal=140),
        Column("url", "URL", show=_url),
    ]
    footer = [
        tr("{links} · catalogue as of {as_of}", links=plural(len(rows), "link"), as_of=catalogue.meta.as_of),
        tr("Only the addresses: msc links -f jsonl | jq -r .url"),
    ]
    return View(fields=LINK_FIELDS, records=rows, columns=columns, footer=footer + english_note(), blocks=True)
