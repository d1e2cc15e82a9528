"""msc product NAME --evidence: each fact of a product with the sentences of its sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msccli.lookup.evidence import fact_records
from msccli.output.render import Column, Field, View
from msccli.text.i18n import N_, tr, tr_value
from msccli.views.common import MARK_STYLE, mark_cell, mark_text, styled

if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console

    from msccli.catalogue.model import NotApproved, Product

EVIDENCE_FIELDS = (
    Field("product", "string", "Product id."),
    Field("name", "string", "Brand name."),
    Field("jurisdiction", "string|null", "The approval's jurisdiction; null for a dose."),
    Field("fact", "string", "date (of approval), status (of the approval), or dose (labelled)."),
    Field("value", "string", "The fact as msc states it."),
    Field("mark", "string", "Verification mark of the fact."),
    Field("refs", "array", "Reference ids of the fact (msc refs ID)."),
    Field(
        "quotation",
        "string",
        "quoted; partly-quoted (the quotations state part of the fact: quotation_note says which); none-found "
        "(looked for, not found: quotation_note says where); not-sought (not yet looked for).",
    ),
    Field("quotation_note", "string|null", "What partly quoted leaves out, or what was searched for none found."),
    Field(
        "quotes",
        "array",
        "The sentences from the sources, exactly, in their own language: text, lang, translation (English, not "
        "the source's words) and translation_by (who made it: msc for msc's editors), ref, url, read (when msc's "
        "editors read it at url), via (the document it was taken from instead), where (in the source), "
        "form (sentence, or cell: a table cell or field quoted whole).",
    ),
)
FACT_LABEL = {"date": N_("approval date"), "status": N_("status"), "dose": N_("labelled dose")}
QUOTATION_LABEL = {
    "partly-quoted": N_("partly quoted"),
    "none-found": N_("no quotation found"),
    "not-sought": N_("quotation not yet looked for"),
}


def evidence_view(found: list[Product | NotApproved]) -> View:
    from msccli.catalogue.model import Product

    records = [r for p in found if isinstance(p, Product) for r in fact_records(p)]

    def human(con: Console) -> None:
        for record in records:
            _fact_block(con, record)
        if not records:
            con.print(tr("No approved product: nothing to quote."))

    columns = [
        Column("name", "Product", identity=True),
        Column("jurisdiction", "In", identity=True),
        Column("fact", "Fact", show=lambda r: tr(FACT_LABEL[r["fact"]]), identity=True),
        Column("value", "Value"),
        Column("quotes", "Quotations", show=_quotes_cell),
        Column("mark", "Mark", show=mark_cell, no_wrap=True),
    ]
    return View(fields=EVIDENCE_FIELDS, records=records, columns=columns, human=human)


def translation_line(quote: dict[str, Any]) -> str:
    """A quotation's translation, marked as whose it is: never to be taken for the source's words."""
    return tr("[translation by {by}] {text}", by=quote["translation_by"], text=quote["translation"])


def _state_line(record: dict[str, Any]) -> str:
    label = tr(QUOTATION_LABEL[record["quotation"]])
    return label + (": " + record["quotation_note"] if record["quotation_note"] else "")


def _quotes_cell(record: dict[str, Any]) -> str:
    lines = []
    for q in record["quotes"]:
        lines.append(f"“{q['text']}” ({q['ref']})")
        if q["translation"]:
            lines.append(translation_line(q))
    if record["quotation"] != "quoted":
        lines.append(_state_line(record))
    return "\n".join(lines)


def _source_line(quote: dict[str, Any]) -> str:
    """Where a quotation comes from: reference, address, and whether msc's editors read it there."""
    source = [quote["ref"], quote["url"] or tr("no address")]
    if quote["read"]:
        source.append(tr("read {read}", read=quote["read"]))
    if quote["via"]:
        source.append(tr("taken from {via}, not read at its source", via=quote["via"]))
    if quote["where"]:
        source.append(quote["where"])
    return "    — " + ", ".join(source) + f" ({quote['lang']})"


def _fact_block(con: Console, record: dict[str, Any]) -> None:
    where = f" {record['jurisdiction']}" if record["jurisdiction"] else ""
    head = styled(f"{record['name']}{where} · {tr(FACT_LABEL[record['fact']])}: {tr_value(record['value'])}", "bold")
    head.append("  " + mark_text(record["mark"], record["refs"]), style=MARK_STYLE.get(record["mark"], ""))
    con.print(head)
    for quote in record["quotes"]:
        con.print(styled(f"  “{quote['text']}”"))
        if quote["translation"]:
            con.print(styled("    " + translation_line(quote), "italic"))
        con.print(styled(_source_line(quote), "dim"))
    if record["quotation"] != "quoted":
        style = "yellow" if record["quotation"] == "partly-quoted" else "dim"
        con.print(styled("  " + _state_line(record), style))
