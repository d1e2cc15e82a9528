"""The sentences behind the facts: each approval's date and status and each labelled dose, with the quotations the
data gives for it, and the quotations taken from one source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from msccli.catalogue.model import Product, Quote, Quoted
    from msccli.catalogue.records import Catalogue


def quotation_state(item: Quoted, fact: str) -> tuple[list[Quote], str, str | None]:
    """A fact's quotations, where its search stands and the note that says so: quoted; partly-quoted (the quotes
    state part of it: the note says which); none-found (looked for: the note says where); not-sought."""
    quotes = [q for q in item.quotes if fact in q.supports]
    gap = next((g.note for g in item.partly if g.fact == fact), None)
    if quotes:
        return quotes, "partly-quoted" if gap else "quoted", gap
    if fact in item.unquoted:
        return [], "none-found", item.unquoted_note
    return [], "not-sought", None


def quote_record(quote: Quote) -> dict[str, Any]:
    translation = quote.translation
    return {
        "text": quote.text,
        "lang": quote.lang,
        "translation": translation.text if translation else None,
        "translation_by": translation.by if translation else None,
        "ref": quote.ref,
        "url": quote.url,
        "read": quote.read,
        "via": quote.via,
        "where": quote.where,
        "form": quote.form,
    }


def fact_records(product: Product) -> list[dict[str, Any]]:
    """One record per quotable fact of a product: approval date and status per approval, then each dose."""
    records: list[dict[str, Any]] = []

    def add(item: Quoted, jurisdiction: str | None, fact: str, value: str, mark: str, refs: list[str]) -> None:
        quotes, state, note = quotation_state(item, fact)
        records.append(
            {
                "product": product.id,
                "name": product.name,
                "jurisdiction": jurisdiction,
                "fact": fact,
                "value": value,
                "mark": mark,
                "refs": list(refs),
                "quotation": state,
                "quotation_note": note,
                "quotes": [quote_record(q) for q in quotes],
            }
        )

    for approval in product.approvals:
        if approval.date:  # an approval date no source gives: nothing to quote
            add(approval, approval.jurisdiction, "date", approval.date, approval.mark, approval.refs)
        status = approval.status + (f" {approval.status_date}" if approval.status_date else "")
        status_refs = approval.status_refs or approval.refs
        add(approval, approval.jurisdiction, "status", status, approval.status_mark or approval.mark, status_refs)
    for dosing in product.dosing:
        amount = dosing.amount
        add(amount, None, "dose", amount.source_text, amount.mark, amount.refs)
    return records


def quotes_from(catalogue: Catalogue, ref_id: str) -> list[dict[str, Any]]:
    """Every quotation taken from one source, with the product, jurisdiction and facts it supports."""
    found = []
    for product in catalogue.products:
        items: list[tuple[str | None, Quoted]] = [(a.jurisdiction, a) for a in product.approvals]
        items += [(None, d.amount) for d in product.dosing]
        for jurisdiction, item in items:
            for quote in item.quotes:
                if quote.ref == ref_id:
                    record = quote_record(quote)
                    del record["ref"]
                    found.append(
                        {"product": product.id, "jurisdiction": jurisdiction, "supports": list(quote.supports)} | record
                    )
    return found
