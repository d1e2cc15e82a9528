"""The history of MSCs: the history file plus approvals and withdrawals derived from the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import get_args

from msccli.catalogue.model import Approval, Citation, Product
from msccli.catalogue.records import Catalogue
from msccli.catalogue.vocab import Category
from msccli.lookup.filters import accepted, check_years
from msccli.text.errors import unknown_choice
from msccli.text.match import normalise
from msccli.text.zh import fold

TISSUE_WORDS = {
    "bone-marrow": "bone-marrow",
    "adipose": "adipose",
    "umbilical-cord": "umbilical-cord",
    "umbilical-cord-blood": "cord-blood",
}
TISSUE_ZH = {"bone-marrow": "骨髓", "adipose": "脂肪", "umbilical-cord": "臍帶", "umbilical-cord-blood": "臍帶血"}
DONOR_ZH = {"autologous": "自體", "allogeneic": "異體"}
PATHWAY_WORDS = {
    "full": "full approval",
    "standard": "marketing approval",
    "conditional": "conditional approval",
    "conditional-time-limited": "conditional, time-limited approval",
    "limited": "limited approval",
    "provisional": "provisional consent",
    "hospital-exemption": "national hospital-exemption authorisation",
    "unknown": "approval (type not known)",
}


@dataclass
class Event:
    id: str
    date: str
    precision: str
    category: str
    en: str
    zh: str
    mark: str
    origin: str  # "history" (timeline.yaml) or "catalogue" (derived from an approval)
    date_end: str | None = None
    note: str | None = None
    people: list[str] = field(default_factory=list)
    references: list[Citation] = field(default_factory=list)
    errata: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    in_seed: bool | None = None  # a history event: whether the source review tells it (None: derived)

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def decade(self) -> int:
        return self.year // 10 * 10


def events(catalogue: Catalogue) -> list[Event]:
    """Every event in date order: the history file, then one per dated approval and withdrawal."""
    found = [
        Event(
            id=e.id,
            date=e.date,
            date_end=e.date_end,
            precision=e.precision,
            category=e.category,
            en=e.en,
            zh=e.zh,
            note=e.note,
            mark=e.mark,
            origin="history",
            people=list(e.people),
            references=list(e.references),
            errata=list(e.errata),
            in_seed=e.in_seed,
        )
        for e in catalogue.history
    ]
    for product in catalogue.products:
        for approval in product.approvals:
            if approval.date is not None:
                found.append(_approval_event(catalogue, product, approval))
            if approval.status == "withdrawn" and approval.status_date is not None:
                found.append(_withdrawal_event(catalogue, product, approval))
        found.extend(_product_event(catalogue, product, i) for i in range(len(product.events)))
    linked: dict[str, list[str]] = {}
    for erratum in catalogue.errata:
        for subject in erratum.subjects:
            linked.setdefault(subject, []).append(erratum.id)
    for event in found:
        event.errata = list(dict.fromkeys([*event.errata, *linked.get(event.id, [])]))
    found.sort(key=lambda e: (e.date, e.origin == "catalogue", e.id))
    return found


def _citations(catalogue: Catalogue, ref_ids: list[str]) -> list[Citation]:
    citations = []
    for ref_id in ref_ids:
        ref = catalogue.reference(ref_id)
        where = f" {ref.urls[0]}" if ref.urls and not ref.doi else ""
        citations.append(Citation(cite=f"{ref.id}: {ref.title}{where}", doi=ref.doi))
    return citations


def _approval_event(catalogue: Catalogue, product: Product, approval: Approval) -> Event:
    jurisdiction = catalogue.jurisdiction(approval.jurisdiction)
    source = product.source
    inn = f" ({product.inn})" if product.inn else ""
    indication = approval.indication.short or approval.indication.en
    en = (
        f"{jurisdiction.en}: {PATHWAY_WORDS[approval.pathway]} of {product.name}{inn} "
        f"({source.donor} {TISSUE_WORDS[source.tissue]} MSCs). Indication: {indication}."
    )
    zh_place = jurisdiction.zh[0] if jurisdiction.zh else jurisdiction.en
    zh_name = next((n.name for n in product.names if n.lang == "zh-Hant"), product.name)
    zh = (
        f"{zh_place}批准{zh_name}（{DONOR_ZH[source.donor]}{TISSUE_ZH[source.tissue]}MSC）"
        f"用於{approval.indication.zh or approval.indication.en}。"
    )
    return Event(
        id=approval.event or f"{(approval.date or '')[:4]}-{product.id}-{approval.jurisdiction.lower()}",
        date=approval.date or "",
        precision=approval.precision or "year",
        category="regulatory-approval",
        en=en,
        zh=zh,
        note=approval.date_note,
        mark=approval.mark,
        origin="catalogue",
        people=[product.developer.name, *([approval.regulator] if approval.regulator else [])],
        references=_citations(catalogue, approval.refs),
        errata=list(approval.errata),
        products=[product.id],
        jurisdictions=[approval.jurisdiction],
    )


def _withdrawal_event(catalogue: Catalogue, product: Product, approval: Approval) -> Event:
    assert approval.status_date is not None
    jurisdiction = catalogue.jurisdiction(approval.jurisdiction)
    zh_place = jurisdiction.zh[0] if jurisdiction.zh else jurisdiction.en
    en = f"{jurisdiction.en}: {product.name}'s approval is withdrawn. {approval.status_note or ''}".strip()
    return Event(
        id=approval.withdrawal_event
        or f"{approval.status_date[:4]}-{product.id}-{approval.jurisdiction.lower()}-withdrawal",
        date=approval.status_date,
        precision={1: "year", 2: "month", 3: "day"}[len(approval.status_date.split("-"))],
        category="withdrawal",
        en=en,
        zh=f"{product.name}在{zh_place}的上市許可撤回。",
        mark=approval.status_mark or approval.mark,
        origin="catalogue",
        people=[product.developer.name],
        references=_citations(catalogue, approval.status_refs or approval.refs),
        errata=list(approval.errata),
        products=[product.id],
        jurisdictions=[approval.jurisdiction],
    )


EVENT_KIND_ZH = {
    "re-licensed": "重新許可",
    "licence-change": "許可變更",
    "review-step": "審查進展",
    "filing": "提出申請",
    "council": "審議會意見",
    "restriction-lifted": "限制解除",
    "filing-withdrawn": "撤回申請",
    "development-stopped": "停止開發",
    "enforcement": "行政處分",
    "listing": "列入藥價表",
    "withdrawal": "撤回",
}


def _product_event(catalogue: Catalogue, product: Product, index: int) -> Event:
    """A product's dated regulatory event (re-licensing, a filing, a council decision) as a history event."""
    event = product.events[index]
    jurisdiction = catalogue.jurisdiction(event.jurisdiction)
    zh_place = jurisdiction.zh[0] if jurisdiction.zh else jurisdiction.en
    return Event(
        id=f"{event.date[:4]}-{product.id}-{event.jurisdiction.lower()}-{event.kind}-{index + 1}",
        date=event.date,
        precision=event.precision,
        category="withdrawal" if event.kind == "withdrawal" else "regulatory-other",
        en=f"{jurisdiction.en}: {product.name}. {event.text}",
        zh=f"{zh_place}：{product.name}{EVENT_KIND_ZH[event.kind]}。",
        mark=event.mark,
        origin="catalogue",
        people=[product.developer.name],
        references=_citations(catalogue, event.refs),
        products=[product.id],
        jurisdictions=[event.jurisdiction],
    )


CATEGORIES: tuple[str, ...] = get_args(Category)


def parse_categories(values: list[str]) -> set[str]:
    """Category names (already split at commas); a prefix such as 'regulatory' takes every category it starts."""
    chosen = set()
    for part in values:
        key = normalise(part)
        exact = [c for c in CATEGORIES if normalise(c) == key]
        matches = exact or [c for c in CATEGORIES if key and normalise(c).startswith(key)]
        if not matches:
            raise unknown_choice(part, list(CATEGORIES), "--category")
        chosen.update(matches)
    return chosen


@dataclass
class EventFilter:
    since: int | None = None
    until: int | None = None
    categories: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    products: set[str] = field(default_factory=set)
    search: str | None = None
    verified_only: bool = False
    with_local: bool = False

    def __post_init__(self) -> None:
        check_years(self.since, self.until)

    def keeps(self, event: Event) -> bool:
        if self.since is not None and event.year < self.since:
            return False
        if self.until is not None and event.year > self.until:
            return False
        if self.categories and event.category not in self.categories:
            return False
        if self.countries and not self.countries & set(event.jurisdictions):
            return False
        if self.products and not self.products & set(event.products):
            return False
        if not accepted(event.mark, self.verified_only, self.with_local):
            return False
        if self.search:
            wanted = fold(self.search.casefold())
            haystack = fold(" ".join([event.en, event.zh, event.note or "", *event.people]).casefold())
            if wanted not in haystack:
                return False
        return True


def select(catalogue: Catalogue, flt: EventFilter) -> list[Event]:
    return [e for e in events(catalogue) if flt.keeps(e)]
