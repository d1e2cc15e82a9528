"""Filters over the catalogue and the flat rows that listing commands print."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, get_args

from .catalog import Catalogue
from .errors import InputError, unknown_choice
from .match import choose
from .model import Approval, Product
from .terms import mentions
from .vocab import Donor, Pathway, Route, Status, Tissue

TISSUE_ALIASES: dict[str, list[str]] = {
    "bm": ["bone-marrow"],
    "marrow": ["bone-marrow"],
    "bonemarrow": ["bone-marrow"],
    "骨髓": ["bone-marrow"],
    "fat": ["adipose"],
    "ad": ["adipose"],
    "adiposetissue": ["adipose"],
    "脂肪": ["adipose"],
    "uc": ["umbilical-cord"],
    "umbilicalcord": ["umbilical-cord"],
    "whartonsjelly": ["umbilical-cord"],
    "臍帶": ["umbilical-cord"],
    "脐带": ["umbilical-cord"],
    "ucb": ["umbilical-cord-blood"],
    "cordblood": ["umbilical-cord-blood"],
    "umbilicalcordblood": ["umbilical-cord-blood"],
    "臍帶血": ["umbilical-cord-blood"],
    "脐带血": ["umbilical-cord-blood"],
    "cord": ["umbilical-cord", "umbilical-cord-blood"],
}
ROUTE_ALIASES: dict[str, str] = {
    "iv": "intravenous",
    "im": "intramuscular",
    "it": "intrathecal",
    "ia": "intra-articular",
    "ic": "intracoronary",
    "intraarticular": "intra-articular",
    "local": "local-surgical",
    "surgical": "local-surgical",
    "靜脈注射": "intravenous",
    "静脉注射": "intravenous",
    "鞘內注射": "intrathecal",
    "鞘内注射": "intrathecal",
    "關節內注射": "intra-articular",
    "关节内注射": "intra-articular",
    "肌肉注射": "intramuscular",
}
DONOR_ALIASES: dict[str, str] = {
    "auto": "autologous",
    "allo": "allogeneic",
    "自體": "autologous",
    "自体": "autologous",
    "同種異體": "allogeneic",
    "同种异体": "allogeneic",
    "異體": "allogeneic",
    "异体": "allogeneic",
}


def _choices(values: list[str], allowed: tuple[str, ...], aliases: dict[str, Any], option: str) -> set[Any]:
    """Each value (already split at commas) as the allowed values it names; an alias may name several."""
    chosen: set[Any] = set()
    for value in values:
        key = choose(value, allowed)
        if key is not None:
            chosen.add(key)
            continue
        alias = choose(value, list(aliases))
        if alias is None:
            raise unknown_choice(value, list(allowed), option, [a for a in aliases if a.isascii()])
        target = aliases[alias]
        chosen.update(target if isinstance(target, list) else [target])
    return chosen


def parse_tissues(values: list[str]) -> set[Tissue]:
    return _choices(values, get_args(Tissue), TISSUE_ALIASES, "--source")


def parse_routes(values: list[str]) -> set[Route]:
    return _choices(values, get_args(Route), ROUTE_ALIASES, "--route")


def parse_donors(values: list[str]) -> set[Donor]:
    return _choices(values, get_args(Donor), DONOR_ALIASES, "--donor")


def parse_statuses(values: list[str]) -> set[Status]:
    return _choices(values, get_args(Status), {}, "--status")


def parse_pathways(values: list[str]) -> set[Pathway]:
    return _choices(
        values, get_args(Pathway), {"he": "hospital-exemption", "time-limited": "conditional-time-limited"}, "--pathway"
    )


def parse_before(value: str) -> str:
    """--expires-before: a year (2032) or a date (2032-01-01); returned as the first day it excludes."""
    text = value.strip()
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text):
        import datetime

        parts = [int(p) for p in text.split("-")]
        try:
            datetime.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
        except ValueError as exc:
            raise InputError(f"{value!r} is not a real date ({exc})", field="--expires-before") from None
        return text if len(parts) == 3 else f"{text}-01"
    raise InputError(f"{value!r} is not a year or a date", field="--expires-before", hint="give a year: 2032")


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


def has_orphan(product: Product, jurisdiction: str) -> bool:
    """Whether the product holds an orphan designation for an approved indication where this approval is."""
    return any(
        d.kind == "orphan" and d.jurisdiction == jurisdiction and not d.other_indication for d in product.designations
    )


@dataclass
class ProductFilter:
    countries: set[str] = field(default_factory=set)
    since: int | None = None
    until: int | None = None
    indication: str | None = None
    indication_forms: list[str] = field(default_factory=list)  # the query and its synonyms (terms.forms_for)
    tissues: set[Tissue] = field(default_factory=set)
    donors: set[Donor] = field(default_factory=set)
    routes: set[Route] = field(default_factory=set)
    statuses: set[Status] = field(default_factory=set)
    pathways: set[Pathway] = field(default_factory=set)  # "conditional" also takes conditional-time-limited
    orphan: bool = False
    expires_before: str | None = None  # an ISO date from parse_before
    verified_only: bool = False
    with_local: bool = False  # with verified_only: keep facts from the user's own data directory too

    def __post_init__(self) -> None:
        check_years(self.since, self.until)
        if self.indication and not self.indication_forms:
            self.indication_forms = [self.indication]

    def keeps(self, product: Product, approval: Approval) -> bool:
        if not accepted(approval.mark, self.verified_only, self.with_local):
            return False
        if self.countries and approval.jurisdiction not in self.countries:
            return False
        year = approval_year(approval)
        if self.since is not None and (year is None or year < self.since):
            return False
        if self.until is not None and (year is None or year > self.until):
            return False
        if self.indication:
            texts = [approval.indication.en, approval.indication.zh or "", approval.indication.short or ""]
            if not mentions(texts, self.indication_forms):
                return False
        if self.tissues and product.source.tissue not in self.tissues:
            return False
        if self.donors and product.source.donor not in self.donors:
            return False
        if self.routes and not any(self.routes & set(d.route.codes) for d in product.dosing):
            return False
        if self.pathways and not (
            approval.pathway in self.pathways
            or (approval.pathway == "conditional-time-limited" and "conditional" in self.pathways)
        ):
            return False
        if self.orphan and not has_orphan(product, approval.jurisdiction):
            return False
        if self.expires_before is not None:
            end, _basis = approval_end(approval)
            if end is None or end >= self.expires_before:
                return False
        return not (self.statuses and approval.status not in self.statuses)


def approval_year(approval: Approval) -> int | None:
    return int(approval.date[:4]) if approval.date else None


def check_years(since: int | None, until: int | None) -> None:
    """--since after --until can match nothing: an error, not an empty answer."""
    if since is not None and until is not None and since > until:
        raise InputError(f"{since} is after --until {until}", field="--since")


def accepted(mark: str | None, verified_only: bool, with_local: bool = False) -> bool:
    """With --verified only VERIFIED facts count; --with-local adds the user's own (LOCAL) facts."""
    return not verified_only or mark == "VERIFIED" or (with_local and mark == "LOCAL")


def shown(fact: Any, verified_only: bool, with_local: bool = False) -> bool:
    """With --verified, facts marked SEED-ONLY or CONFLICT (and LOCAL, unless asked for) are left empty."""
    return accepted(fact.mark, verified_only, with_local)


def approval_row(
    catalogue: Catalogue, product: Product, approval: Approval, verified_only: bool, with_local: bool = False
) -> dict[str, Any]:
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
        "available_from": approval.available_from,
        "ends": end,
        "ends_basis": basis,
        "term_years": approval.term.years if approval.term else None,
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


def approval_rows(catalogue: Catalogue, flt: ProductFilter) -> list[dict[str, Any]]:
    rows = [
        approval_row(catalogue, product, approval, flt.verified_only, flt.with_local)
        for product in catalogue.products
        for approval in product.approvals
        if flt.keeps(product, approval)
    ]
    # Date order; approvals with no known date last, then by product and jurisdiction.
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["product"], r["jurisdiction"]))
    return rows
