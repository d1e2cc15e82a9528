"""Filters over the catalogue and the flat rows that listing commands print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, get_args

from .catalog import Catalogue
from .errors import InputError, unknown_choice
from .match import choose
from .model import Approval, Product
from .vocab import Donor, Route, Status, Tissue
from .zh import fold

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


@dataclass
class ProductFilter:
    countries: set[str] = field(default_factory=set)
    since: int | None = None
    until: int | None = None
    indication: str | None = None
    tissues: set[Tissue] = field(default_factory=set)
    donors: set[Donor] = field(default_factory=set)
    routes: set[Route] = field(default_factory=set)
    statuses: set[Status] = field(default_factory=set)
    verified_only: bool = False
    with_local: bool = False  # with verified_only: keep facts from the user's own data directory too

    def __post_init__(self) -> None:
        check_years(self.since, self.until)

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
            wanted = fold(self.indication.casefold())
            texts = [approval.indication.en, approval.indication.zh or ""]
            if not any(wanted in fold(t.casefold()) for t in texts):
                return False
        if self.tissues and product.source.tissue not in self.tissues:
            return False
        if self.donors and product.source.donor not in self.donors:
            return False
        if self.routes and not any(self.routes & set(d.route.codes) for d in product.dosing):
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
        "indication": approval.indication.en,
        "indication_zh": approval.indication.zh,
        "indication_short": approval.indication.short,
        "developer": product.developer.name if shown(product.developer, verified_only, with_local) else None,
        "tissue": product.source.tissue if source_ok else None,
        "donor": product.source.donor if source_ok else None,
        "routes": routes,
        "mark": approval.mark,
        "refs": approval.refs,
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
