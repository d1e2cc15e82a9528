"""The sentences behind the facts: each approval's date and status and each labelled dose, with the quotations the
data gives for it, and the quotations taken from one source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from msccli.catalogue.model import Product, Quote, Quoted
    from msccli.catalogue.records import Catalogue


def quotation_state(item: Quoted, fact: str) -> tuple[list[Quote], str]:
    """A fact's quotations and where its search stands: quoted, none-found (looked for, not found), or not-sought."""
    quotes = [q for q in item.quotes if fact in q.supports]
    if quotes:
        return quotes, "quoted"
    return [], "none-found" if fact in item.unquoted else "not-sought"


def quote_record(quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "lang": quote.lang,
        "ref": quote.ref,
        "url": quote.url,
        "read": quote.read,
        "where": quote.where,
    }


def fact_records(product: Product) -> list[dict[str, Any]]:
    """One record per quotable fact of a product: approval date and status per approval, then each dose."""
    records: list[dict[str, Any]] = []
    for approval in product.approvals:
        status_value = approval.status + (f" {approval.status_date}" if approval.status_date else "")
        facts = (
            ("date", approval.date or "", approval.mark, approval.refs),
            ("status", status_value, approval.status_mark or approval.mark, approval.status_refs or approval.refs),
        )
        for fact, value, mark, refs in facts:
            if not value:
                continue  # an approval date no source gives: nothing to quote
            quotes, state = quotation_state(approval, fact)
            records.append(
                {
                    "product": product.id,
                    "name": product.name,
                    "jurisdiction": approval.jurisdiction,
                    "fact": fact,
                    "value": value,
                    "mark": mark,
                    "refs": list(refs),
                    "quotation": state,
                    "quotes": [quote_record(q) for q in quotes],
                }
            )
    for dosing in product.dosing:
        amount = dosing.amount
        quotes, state = quotation_state(amount, "dose")
        records.append(
            {
                "product": product.id,
                "name": product.name,
                "jurisdiction": None,
                "fact": "dose",
                "value": amount.source_text,
                "mark": amount.mark,
                "refs": list(amount.refs),
                "quotation": state,
                "quotes": [quote_record(q) for q in quotes],
            }
        )
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
