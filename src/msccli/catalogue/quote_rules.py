"""What makes a quotation one a reader can check, beyond its schema: a translation when it is not in English,
`read` only when it was read at its address, no forum, machine translation or copying site as a source, an ellipsis
where a sentence is cut, and every quotable fact looked for. Bundled data meets every rule (a test says so); a
user's data directory is warned of each miss (msc data validate)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msccli.catalogue.checks import cited_items, quotable_facts
from msccli.text.errors import DataWarning
from msccli.text.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Iterator

    from msccli.catalogue.model import Product, Quote, Quoted

# Pages that are never a source: what they are, by a part of their address.
NOT_SOURCES = {
    "libreddit": N_("a forum front-end"),
    "reddit.": N_("a forum"),
    "translate.goog": N_("a machine translation"),
    "saienfu.com": N_("a site that copies other sites' pages word for word"),
}
# How a sentence may end; a quotation of sentences that ends otherwise was cut, and shows it with "…".
SENTENCE_ENDS = ".。!?！？…」』”\"')）"


def not_a_source(url: str | None) -> str | None:
    """Why a page is never a source, or None."""
    if url is None:
        return None
    host = url.split("//", 1)[-1].split("/", 1)[0].casefold()
    return next((why for part, why in NOT_SOURCES.items() if part in host), None)


def cut_unmarked(text: str) -> bool:
    """A quotation of sentences that starts or ends inside a sentence without an ellipsis to say so."""
    text = text.strip()
    if not text:
        return False
    starts_inside = text[0].isalpha() and text[0].islower()
    return starts_inside or text[-1] not in SENTENCE_ENDS


def quote_warnings(quote: Quote) -> Iterator[tuple[str, str]]:
    """(field, what is wrong) for each rule one quotation misses."""
    if quote.lang != "en" and quote.translation is None:
        why = N_("a quotation in {lang!r} needs an English translation, marked as whose", lang=quote.lang)
        yield "translation", why
    if quote.read is not None and quote.url is None:
        yield "read", N_("'read' says it was read at its address, but it has none")
    if quote.read is not None and quote.via is not None:
        yield "via", N_("a quotation is either read at its address ('read') or taken from another document ('via')")
    if quote.read is not None and "quoted in" in (quote.where or ""):
        yield "read", N_("'where' says it was taken from another document: name it in 'via', with no 'read'")
    if quote.read is None and quote.via is None:
        yield "read", N_("say when it was read at its address ('read') or which document it was taken from ('via')")
    banned = not_a_source(quote.url)
    if banned is not None:
        yield "url", N_("{url} is {why}: never a source", url=quote.url, why=banned)
    if quote.form == "sentence" and cut_unmarked(quote.text):
        yield "text", N_("it starts or ends inside a sentence: show the cut with '…' (or say form: cell)")


def facts_to_seek(path: str, item: Quoted) -> list[str]:
    """The facts this item can quote for that it has: an approval without a date has no date to quote."""
    facts = quotable_facts(path)
    if path.startswith("approvals") and getattr(item, "date", None) is None:
        facts = facts - {"date"}
    return sorted(facts)


def product_warnings(product: Product, source: str) -> Iterator[DataWarning]:
    """Every rule a product's quotations and quotable facts miss."""
    for path, item in cited_items(product):
        if ("." in path and not path.endswith(".amount")) or not hasattr(item, "quotes"):
            continue
        for j, quote in enumerate(item.quotes):
            for field, why in quote_warnings(quote):
                yield DataWarning(why, source=source, record=product.id, field=f"{path}.quotes[{j}].{field}")
        quoted = {fact for quote in item.quotes for fact in quote.supports}
        for fact in facts_to_seek(path, item):
            if fact not in quoted and fact not in item.unquoted:
                yield DataWarning(
                    N_(
                        "{fact!r} was not looked for: quote it, or list it in 'unquoted' with what was searched",
                        fact=fact,
                    ),
                    source=source,
                    record=product.id,
                    field=path,
                )
        if item.unquoted and not item.unquoted_note:
            yield DataWarning(
                N_("'unquoted' needs 'unquoted_note': what was searched, and where"),
                source=source,
                record=product.id,
                field=f"{path}.unquoted",
            )
