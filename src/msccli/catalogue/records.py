"""The Catalogue: every record of the data files, and lookups by id and by the names people type."""

import functools
from collections.abc import Iterator

import msgspec

from msccli.catalogue.model import (
    Concept,
    Erratum,
    Family,
    HistoryEvent,
    Jurisdiction,
    Mechanism,
    Meta,
    NotApproved,
    Passage,
    Product,
    Profile,
    Reference,
    TissueSource,
)
from msccli.text.errors import NotFound
from msccli.text.i18n import N_
from msccli.text.match import close_matches, normalise
from msccli.text.names import find_named


class Catalogue(msgspec.Struct, kw_only=True, dict=True):  # dict: room for cached lookups
    """The whole catalogue, as loaded (a msgspec Struct: it is cached and read back with msgspec)."""

    meta: Meta
    products: list[Product]
    not_approved: list[NotApproved]
    jurisdictions: list[Jurisdiction]
    references: list[Reference]
    errata: list[Erratum]
    history: list[HistoryEvent] = msgspec.field(default_factory=list)
    profiles: list[Profile] = msgspec.field(default_factory=list)
    families: list[Family] = msgspec.field(default_factory=list)
    vocabulary: list[Concept] = msgspec.field(default_factory=list)
    about: list[Passage] = msgspec.field(default_factory=list)
    tissue_sources: list[TissueSource] = msgspec.field(default_factory=list)
    mechanisms: list[Mechanism] = msgspec.field(default_factory=list)
    sources: list[str] = msgspec.field(default_factory=list)
    notes: list[str] = msgspec.field(default_factory=list)  # what a user's data directory changed, said when first read
    from_cache: bool = False
    cache_file: str | None = None  # where it is cached

    # -- lookups -------------------------------------------------------------------------------

    @functools.cached_property
    def _references_by_id(self) -> dict[str, Reference]:
        """Folded id to reference, the first of a folded id winning: a record of a big data directory cites
        dozens, and a scan of every reference for each was quadratic."""
        found: dict[str, Reference] = {}
        for ref in self.references:
            found.setdefault(ref.id.casefold(), ref)
        return found

    def product(self, product_id: str) -> Product:
        for product in self.products:
            if product.id == product_id:
                return product
        raise NotFound("product", product_id, [])

    def reference(self, ref_id: str) -> Reference:
        """By id, case-insensitively: 's07' is S07."""
        found = self._references_by_id.get(ref_id.casefold())
        if found is not None:
            return found
        raise NotFound(
            "reference", ref_id, close_matches(ref_id, [r.id for r in self.references]), "list them with: msc refs"
        )

    def jurisdiction(self, query: str) -> Jurisdiction:
        """By ISO code, English name, alias or Chinese name, case-insensitive."""
        code = query.strip().upper()
        for jur in self.jurisdictions:  # the common case, without folding every name
            if jur.code == code:
                return jur
        wanted = normalise(query)
        for jur in self.jurisdictions:
            if wanted in {normalise(n) for n in (jur.code, jur.en, *jur.aliases, *jur.zh)}:
                return jur
        choices = [n for j in self.jurisdictions for n in (j.code, j.en, *j.aliases, *j.zh)]
        raise NotFound(
            "jurisdiction",
            query,
            close_matches(query, choices),
            N_("codes: {codes} (msc jurisdictions)", codes=", ".join(j.code for j in self.jurisdictions)),
        )

    def find(self, query: str) -> list[Product | NotApproved]:
        """Every record a name refers to: an id, exact names (name, alias, INN, Chinese name in either script)
        with the brand's other records, or an unambiguous start (names.find_named)."""
        records = list(self.records())
        return [records[i] for i in find_named([(r.id, r.name, names_of(r)) for r in records], query)]

    def records(self) -> Iterator[Product | NotApproved]:
        yield from self.products
        yield from self.not_approved

    def erratum_ids(self) -> set[str]:
        return {e.id for e in self.errata}


def names_of(record: Product | NotApproved) -> list[str]:
    if isinstance(record, Product):
        extra = [record.inn] if record.inn else []
        return [record.id, record.name, *extra, *(n.name for n in record.names)]
    return [record.id, record.name, *record.names]
