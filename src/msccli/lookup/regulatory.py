"""Trials and official documents across the catalogue: the flat rows msc trials and msc links print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from msccli.catalogue.model import Product
from msccli.catalogue.records import Catalogue
from msccli.catalogue.trial_registries import registry_links, registry_of, registry_url
from msccli.catalogue.vocab import TrialRole
from msccli.lookup.filters import accepted, choices


def parse_roles(values: list[str]) -> set[TrialRole]:
    return choices(values, "TrialRole", {}, "--role")


@dataclass
class Selection:
    """Which products' facts to list: named products, and products or facts in given jurisdictions."""

    products: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    verified_only: bool = False
    with_local: bool = False

    def keeps(self, product: Product, mark: str, jurisdiction: str | None) -> bool:
        if self.products and product.id not in self.products:
            return False
        if not accepted(mark, self.verified_only, self.with_local):
            return False
        if not self.countries:
            return True
        # A fact tied to one jurisdiction counts there; an untied one counts wherever the product is approved.
        places = {jurisdiction} if jurisdiction else {a.jurisdiction for a in product.approvals}
        return bool(places & self.countries)


def trial_rows(catalogue: Catalogue, selection: Selection, roles: set[TrialRole]) -> list[dict[str, Any]]:
    rows = []
    for product in catalogue.products:
        for trial in product.trials:
            if roles and trial.role not in roles:
                continue
            if not selection.keeps(product, trial.mark, trial.jurisdiction):
                continue
            rows.append(
                {
                    "product": product.id,
                    "name": product.name,
                    "trial": trial.name,
                    "role": trial.role,
                    "registry": list(trial.registry),
                    "links": registry_links(trial.registry),
                    "jurisdiction": trial.jurisdiction,
                    "phase": trial.phase,
                    "participants": trial.participants,
                    "participants_note": trial.participants_note,
                    "design": trial.design,
                    "endpoint": trial.endpoint,
                    "result": trial.result,
                    "note": trial.note,
                    "mark": trial.mark,
                    "refs": list(trial.refs),
                    "as_of": catalogue.meta.as_of,
                }
            )
    return rows


def link_rows(catalogue: Catalogue, selection: Selection) -> list[dict[str, Any]]:
    """Every official document with an address, then every trial registry record, product by product."""
    rows = []
    for product in catalogue.products:
        for doc in product.documents:
            if doc.url and selection.keeps(product, doc.mark, doc.jurisdiction):
                rows.append(_link(catalogue, product, doc.kind, doc.title, doc.jurisdiction, doc.date, doc.url, doc))
        for trial in product.trials:
            if not selection.keeps(product, trial.mark, trial.jurisdiction):
                continue
            for trial_id in trial.registry:
                registry = registry_of(trial_id)
                url = registry_url(trial_id)
                if registry is None or url is None:
                    continue
                title = f"{trial_id} in {registry.name}: {trial.name}"
                rows.append(_link(catalogue, product, "registry", title, trial.jurisdiction, None, url, trial))
    return rows


def _link(
    catalogue: Catalogue,
    product: Product,
    kind: str,
    title: str,
    jurisdiction: str | None,
    date: str | None,
    url: str,
    fact: Any,
) -> dict[str, Any]:
    return {
        "product": product.id,
        "name": product.name,
        "kind": kind,
        "title": title,
        "jurisdiction": jurisdiction,
        "date": date,
        "url": url,
        "note": getattr(fact, "note", None),
        "mark": fact.mark,
        "refs": list(fact.refs),
        "as_of": catalogue.meta.as_of,
    }
