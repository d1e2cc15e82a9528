"""The flat rows that listing commands print, and the facets their filters test (filters.py)."""

from __future__ import annotations

from typing import Any

from msccli.catalogue.freshness import status_evidence_old
from msccli.catalogue.model import Approval, Product
from msccli.catalogue.records import Catalogue
from msccli.catalogue.vocab import TermState
from msccli.lookup.filters import ProductFilter, accepted, shown
from msccli.text.i18n import N_


def add_years(date: str, years: int) -> str:
    """An ISO date at any precision, `years` later (29 February becomes 28 February in a common year)."""
    parts = date.split("-")
    year = int(parts[0]) + years
    if len(parts) == 3 and parts[1:] == ["02", "29"] and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        parts[2] = "28"
    return "-".join([f"{year:04d}", *parts[1:]])


def approval_end(approval: Approval) -> tuple[str | None, str | None]:
    """When an approval ends, and how msc knows: "stated" (a registration's validity), "derived" (the start of a
    conditional term plus its length: arithmetic, not a sourced date), or (None, None)."""
    if approval.valid_until is not None:
        return approval.valid_until, "stated"
    term = approval.term
    start = (term.start or approval.date) if term else None
    if term is not None and start is not None:
        return add_years(start, term.years), "derived"
    return None, None


def term_state(approval: Approval, on: str) -> TermState | None:
    """Where an approval's end (stated or derived) stands on a day: running before it, ended from it on, or
    pending-renewal when an application filed inside the term keeps the approval going past it."""
    end, _basis = approval_end(approval)
    if end is None:
        return None
    if not reached(end, on):
        return "running"
    term = approval.term
    if term is not None and term.pending_application is not None and term.pending_application <= on:
        return "pending-renewal"
    return "ended"


def reached(date: str, on: str) -> bool | None:
    """Whether a date at its precision has come by the day `on`: a year or month only once it has wholly passed
    ("2025-12" is reached on 2026-01-01, not on 2025-12-20: msc does not guess the day)."""
    if len(date) == 10:
        return date <= on
    return date < on[: len(date)]


def ends_note(approval: Approval) -> str | None:
    """What a derived end is, in English words (tables translate them): the original term's end, and what keeps
    the approval going past it."""
    end, basis = approval_end(approval)
    term = approval.term
    if end is None or basis != "derived" or term is None:
        return None
    if term.pending_application is not None:
        return N_(
            "original term end; continues while the full-approval application of {filed} is pending",
            filed=term.pending_application,
        )
    return N_("end of the {years}-year term", years=term.years)


def in_force(approval: Approval, on: str) -> bool | None:
    """Whether an approval was in force on a day, or None when msc cannot tell: the approval's date or a
    withdrawal's is not known to the day and `on` falls within it, or its status is unknown or superseded."""
    if approval.date is None:
        return None
    if approval.date[: len(on)] > on[: len(approval.date)]:
        return False  # approved later
    if len(approval.date) < 10 and on.startswith(approval.date):
        return None  # within the approval's month or year
    if approval.status == "withdrawn":
        gone = approval.status_date
        if gone is None or (len(gone) < 10 and on.startswith(gone)):
            return None
        if reached(gone, on):
            return False
    state = term_state(approval, on)
    if state == "ended":
        return False
    if approval.status in ("unknown", "superseded"):
        return None
    return True


def has_orphan(product: Product, jurisdiction: str) -> bool:
    """Whether the product holds an orphan designation for an approved indication where this approval is."""
    return any(
        d.kind == "orphan" and d.jurisdiction == jurisdiction and not d.other_indication for d in product.designations
    )


def approval_year(approval: Approval) -> int | None:
    return int(approval.date[:4]) if approval.date else None


def approval_row(
    catalogue: Catalogue,
    product: Product,
    approval: Approval,
    verified_only: bool,
    with_local: bool = False,
    on: str | None = None,
) -> dict[str, Any]:
    """One approval's row; its term state and standing are reckoned on the day `on` (default: today)."""
    on = on or today_iso()
    source_ok = shown(product.source, verified_only, with_local)
    routes = sorted({c for d in product.dosing if shown(d.route, verified_only, with_local) for c in d.route.codes})
    end, basis = approval_end(approval)
    return {
        "product": product.id,
        "name": product.name,
        "inn": product.inn if accepted(product.inn_mark, verified_only, with_local) else None,
        "jurisdiction": approval.jurisdiction,
        "country": catalogue.jurisdiction(approval.jurisdiction).en,
        "regulator": approval.regulator,
        "date": approval.date,
        "precision": approval.precision,
        "year": approval_year(approval),
        "pathway": approval.pathway,
        "status": approval.status,
        "status_date": approval.status_date,
        "status_as_of": approval.status_as_of,
        "status_old": status_evidence_old(approval.status, approval.status_as_of, on),
        "available_from": approval.available_from,
        "ends": end,
        "ends_basis": basis,
        "ends_note": ends_note(approval),
        "term_state": term_state(approval, on),
        "term_years": approval.term.years if approval.term else None,
        "in_force": in_force(approval, on),
        "in_force_on": on,
        "holder": approval.holder,
        "licence": approval.licence,
        "orphan": has_orphan(product, approval.jurisdiction),
        "indication": approval.indication.en,
        "indication_zh": approval.indication.zh,
        "indication_short": approval.indication.short,
        "developer": product.developer.name if shown(product.developer, verified_only, with_local) else None,
        "tissue": product.source.tissue if source_ok else None,
        "donor": product.source.donor if source_ok else None,
        "routes": routes,
        "mark": approval.mark,
        "refs": approval.refs,
        "as_of": catalogue.meta.as_of,
    }


def today_iso() -> str:
    from msccli.catalogue.freshness import today

    return today().isoformat()


def facets(catalogue: Catalogue, product: Product, approval: Approval, on: str | None = None) -> dict[str, Any]:
    """What the filters test of one approval: its row, every fact shown whatever its mark (--verified filters by
    the approval's mark, then blanks what it prints)."""
    return approval_row(catalogue, product, approval, verified_only=False, with_local=True, on=on)


def approval_rows(catalogue: Catalogue, flt: ProductFilter) -> list[dict[str, Any]]:
    rows = []
    on = flt.on or today_iso()
    for product in catalogue.products:
        for approval in product.approvals:
            row = facets(catalogue, product, approval, on)
            if flt.keeps(row):
                shown_row = (
                    approval_row(catalogue, product, approval, True, flt.with_local, on) if flt.verified_only else row
                )
                rows.append(shown_row)
    rows.sort(key=row_order)
    return rows


def row_order(row: dict[str, Any]) -> tuple[bool, str, str, str]:
    """Date order; approvals with no known date last, then by product and jurisdiction."""
    return (row["date"] is None, row["date"] or "", row["product"], row["jurisdiction"])
