"""The checks of a loaded catalogue across its records: dates as precise as they claim, every fact marked and
its references resolving, regulatory facts consistent, no key given twice."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from msccli.catalogue.data_files import FILES
from msccli.catalogue.model import ISO_DATE, NotApproved, Product
from msccli.catalogue.records import Catalogue
from msccli.text.errors import DataError
from msccli.text.i18n import N_

# -- cross-record checks -------------------------------------------------------------------------

_DATE = re.compile(ISO_DATE)


def date_problems(
    value: str | None, precision: str | None, source: str, path: str, record: str = ""
) -> Iterator[DataError]:
    import datetime

    if value is None:
        return
    if not _DATE.match(value):
        yield DataError(
            N_("{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", value=value),
            source=source,
            record=record,
            field=path,
        )
        return
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        yield DataError(
            N_("{value!r} is not a real date ({exc})", value=value, exc=exc), source=source, record=record, field=path
        )
        return
    expected = {1: "year", 2: "month", 3: "day"}[len(parts)]
    if precision is not None and precision != expected:
        yield DataError(
            N_(
                "{value!r} has {expected} precision, not {precision!r}",
                value=value,
                expected=expected,
                precision=precision,
            ),
            source=source,
            record=record,
            field=path,
        )


def cited_items(product: Product) -> Iterator[tuple[str, Any]]:
    """Every fact group of a product that carries a mark and references, with its path."""
    yield "", product
    yield "developer", product.developer
    yield "source", product.source
    for i, name in enumerate(product.names):
        yield f"names[{i}]", name
    for i, approval in enumerate(product.approvals):
        yield f"approvals[{i}]", approval
        if approval.term is not None:
            yield f"approvals[{i}].term", approval.term
    for i, dosing in enumerate(product.dosing):
        for attr in ("route", "amount", "schedule", "concentration", "presentation", "re_administration", "timing"):
            value = getattr(dosing, attr)
            if value is not None:
                yield f"dosing[{i}].{attr}", value
    for group in ("evidence", "notes", "not_approved", "trials", "designations", "documents", "codes", "events"):
        for i, note in enumerate(getattr(product, group)):
            yield f"{group}[{i}]", note


def cited_refs(record: Product | NotApproved) -> list[str]:
    """Every reference a record cites, in id order."""
    if isinstance(record, NotApproved):
        return sorted(set(record.refs))
    refs = set(record.inn_refs)
    for _path, item in cited_items(record):
        refs.update(item.refs)
        refs.update(quote.ref for quote in getattr(item, "quotes", ()))
    for approval in record.approvals:
        refs.update(approval.status_refs, approval.holder_refs)
    return sorted(refs)


# The facts each kind of record can quote for: an approval its date and status, a labelled dose the dose.
QUOTABLE = {"approvals": {"date", "status"}, "dosing": {"dose"}}


def quotable_facts(path: str) -> set[str]:
    """The facts the item at `path` can quote for: an approval's date and status, a dosing's amount its dose."""
    if path.startswith("dosing") and not path.endswith(".amount"):
        return set()
    return QUOTABLE.get(path.split("[")[0], set())


def _quote_problems(path: str, item: Any, ref_ids: set[str], source: str, rid: str) -> Iterator[DataError]:
    """A quotation cites a known reference, supports a fact this record has, and a fact is either quoted or marked
    as looked for and not found, never both."""
    quotable = quotable_facts(path)
    quoted: set[str] = set()
    for j, quote in enumerate(item.quotes):
        where = f"{path}.quotes[{j}]"
        yield from _ref_problems([quote.ref], ref_ids, source, rid, f"{where}.ref")
        if quote.read is not None:
            yield from date_problems(quote.read, None, source, f"{where}.read", rid)
        for fact in quote.supports:
            if fact not in quotable:
                yield DataError(
                    N_("a quotation here cannot support {fact!r}", fact=fact),
                    source=source,
                    record=rid,
                    field=f"{where}.supports",
                )
        if not quote.text.strip():
            yield DataError("a quotation needs its text", source=source, record=rid, field=f"{where}.text")
        quoted.update(quote.supports)
    for k, gap in enumerate(item.partly):
        if gap.fact not in quoted:
            yield DataError(
                N_("{fact!r} is marked partly quoted, but no quotation supports it", fact=gap.fact),
                source=source,
                record=rid,
                field=f"{path}.partly[{k}]",
            )
    for fact in item.unquoted:
        if fact in quoted:
            yield DataError(
                N_("{fact!r} is both quoted and marked as not found", fact=fact),
                source=source,
                record=rid,
                field=f"{path}.unquoted",
            )


def check(catalogue: Catalogue) -> None:
    """Raise the first problem that spans records (see problems)."""
    for problem in problems(catalogue):
        raise problem


def problems(catalogue: Catalogue) -> Iterator[DataError]:
    """Every problem that spans records: unique ids, references and errata that resolve, real dates."""
    ref_ids = {r.id for r in catalogue.references}
    erratum_ids = catalogue.erratum_ids()
    codes = {j.code for j in catalogue.jurisdictions}
    yield from _duplicate_keys(catalogue)
    for jur in catalogue.jurisdictions:
        yield from _ref_problems(jur.refs, ref_ids, "jurisdictions.yaml", jur.code)
        if jur.member_of is not None and jur.member_of not in codes:
            yield DataError(
                N_("member_of {code!r} is not a jurisdiction of the catalogue", code=jur.member_of),
                source="jurisdictions.yaml",
                record=jur.code,
                field="member_of",
            )
    record_ids = {p.id for p in catalogue.products}
    for na in catalogue.not_approved:  # a product and a not-approved record may not share an id either
        if na.id in record_ids:
            yield DataError("also a product's id", source="not-approved.yaml", record=na.id, field="id")
    record_ids |= {na.id for na in catalogue.not_approved}
    for product in catalogue.products:
        source, rid = f"products/{product.id}.yaml", product.id
        if product.inn is not None and (product.inn_mark is None or not product.inn_refs):
            yield DataError("an INN needs inn_mark and inn_refs", source=source, record=rid, field="inn")
        yield from _ref_problems(product.inn_refs, ref_ids, source, rid, "inn_refs")
        for path, item in cited_items(product):
            if not item.refs:
                yield DataError(
                    "every fact needs at least one reference", source=source, record=rid, field=f"{path}.refs"
                )
            yield from _ref_problems(item.refs, ref_ids, source, rid, f"{path}.refs")
            if getattr(item, "storage", None) is not None and not item.storage_refs:
                yield DataError(
                    "a storage condition needs its references", source=source, record=rid, field=f"{path}.storage"
                )
            yield from _ref_problems(getattr(item, "storage_refs", []), ref_ids, source, rid, f"{path}.storage_refs")
            if hasattr(item, "quotes"):
                yield from _quote_problems(path, item, ref_ids, source, rid)
            for erratum in item.errata:
                if erratum not in erratum_ids:
                    yield DataError(
                        N_("unknown erratum {erratum!r}", erratum=erratum),
                        source=source,
                        record=rid,
                        field=f"{path}.errata",
                    )
        for i, approval in enumerate(product.approvals):
            path = f"approvals[{i}]"
            if approval.jurisdiction not in codes:
                yield DataError(
                    N_("unknown jurisdiction {jurisdiction!r}", jurisdiction=approval.jurisdiction),
                    source=source,
                    record=rid,
                    field=f"{path}.jurisdiction",
                )
            yield from date_problems(approval.date, approval.precision, source, f"{path}.date", rid)
            if approval.date is not None and approval.precision is None:
                yield DataError("a date needs its precision", source=source, record=rid, field=f"{path}.precision")
            for name in ("status_date", "status_as_of", "available_from", "valid_until"):
                yield from date_problems(getattr(approval, name), None, source, f"{path}.{name}", rid)
            if approval.term is not None:
                yield from date_problems(approval.term.start, None, source, f"{path}.term.start", rid)
                yield from date_problems(
                    approval.term.pending_application, None, source, f"{path}.term.pending_application", rid
                )
                if approval.term.start is None and approval.date is None:
                    yield DataError(
                        "a term needs a start or an approval date", source=source, record=rid, field=f"{path}.term"
                    )
            for name in ("status_refs", "holder_refs"):
                yield from _ref_problems(getattr(approval, name), ref_ids, source, rid, f"{path}.{name}")
            if (approval.holder or approval.licence) and not approval.holder_refs:
                yield DataError(
                    "a holder or licence number needs holder_refs",
                    source=source,
                    record=rid,
                    field=f"{path}.holder_refs",
                )
            if approval.status == "withdrawn" and approval.status_date is None:
                yield DataError("a withdrawal needs its date", source=source, record=rid, field=f"{path}.status_date")
        yield from _regulatory_problems(product, codes, source)
    for na in catalogue.not_approved:
        source, rid = "not-approved.yaml", na.id
        if not na.refs:
            yield DataError("every record needs at least one reference", source=source, record=rid, field="refs")
        yield from _ref_problems(na.refs, ref_ids, source, rid)
        if na.jurisdiction is not None and na.jurisdiction not in codes:
            yield DataError(
                N_("unknown jurisdiction {jurisdiction!r}", jurisdiction=na.jurisdiction),
                source=source,
                record=rid,
                field="jurisdiction",
            )
    event_ids: set[str] = set()
    for event in catalogue.history:
        source, rid = "timeline.yaml", event.id
        event_ids.add(event.id)
        yield from date_problems(
            event.date, None if event.precision == "approx" else event.precision, source, "date", rid
        )
        yield from date_problems(event.date_end, None, source, "date_end", rid)
        for erratum in event.errata:
            if erratum not in erratum_ids:
                yield DataError(
                    N_("unknown erratum {erratum!r}", erratum=erratum), source=source, record=rid, field="errata"
                )
    for product in catalogue.products:
        for approval in product.approvals:
            for event_id in (approval.event, approval.withdrawal_event):
                if event_id is not None:
                    if event_id in event_ids:
                        yield DataError(
                            "an approval's event id is also in timeline.yaml",
                            source=f"products/{product.id}.yaml",
                            record=product.id,
                            field="event",
                        )
                    event_ids.add(event_id)
    for erratum in catalogue.errata:
        source, rid = "errata.yaml", erratum.id
        yield from _ref_problems(erratum.refs, ref_ids, source, rid)
        for subject in erratum.subjects:
            if subject not in record_ids and subject not in event_ids:
                yield DataError(
                    N_("unknown subject {subject!r}", subject=subject), source=source, record=rid, field="subjects"
                )
    for group, name in (("about", "about.yaml"), ("tissue_sources", "sources.yaml"), ("mechanisms", "mechanisms.yaml")):
        for passage in getattr(catalogue, group):
            yield from _ref_problems(passage.refs, ref_ids, name, passage.id)
    for concept in catalogue.vocabulary:
        if concept.mesh is not None:
            yield from _ref_problems(concept.mesh.refs, ref_ids, "vocabulary.yaml", concept.id, "mesh.refs")
    product_ids = {p.id for p in catalogue.products}
    for family in catalogue.families:
        source, rid = "families.yaml", family.id
        yield from _ref_problems(family.refs, ref_ids, source, rid)
        for member in family.members:
            if member not in product_ids:
                yield DataError(
                    N_("unknown product {member!r}", member=member), source=source, record=rid, field="members"
                )


def _duplicate_keys(catalogue: Catalogue) -> Iterator[DataError]:
    """Within each data file's records, every key once (a product per file: its id across products/)."""
    for data_file in FILES:
        if data_file.key is None:
            continue
        seen: set[str] = set()
        for record in getattr(catalogue, data_file.attribute):
            key = getattr(record, data_file.key)
            if key in seen:
                yield DataError(
                    N_("duplicate {key}", key=data_file.key), source=data_file.name, record=key, field=data_file.key
                )
            seen.add(key)


def _ref_problems(
    refs: Iterable[str], ref_ids: set[str], source: str, record: str, field: str = "refs"
) -> Iterator[DataError]:
    for ref in refs:
        if ref not in ref_ids:
            yield DataError(N_("unknown reference {ref!r}", ref=ref), source=source, record=record, field=field)


def _regulatory_problems(product: Product, codes: set[str], source: str) -> Iterator[DataError]:
    """Trials, designations, documents and events: known places, real dates, registry ids of the right shape."""
    from msccli.catalogue.trial_registries import registry_of

    rid = product.id
    for i, trial in enumerate(product.trials):
        for registry_id in trial.registry:
            if registry_of(registry_id) is None:
                yield DataError(
                    N_("{registry_id!r} is not an id of a known trial registry", registry_id=registry_id),
                    source=source,
                    record=rid,
                    field=f"trials[{i}].registry",
                )
    for group in ("trials", "designations", "documents", "events"):
        for i, item in enumerate(getattr(product, group)):
            if item.jurisdiction is not None and item.jurisdiction not in codes:
                yield DataError(
                    N_("unknown jurisdiction {jurisdiction!r}", jurisdiction=item.jurisdiction),
                    source=source,
                    record=rid,
                    field=f"{group}[{i}].jurisdiction",
                )
            precision = getattr(item, "precision", None)
            yield from date_problems(
                getattr(item, "date", None),
                None if precision == "approx" else precision,
                source,
                f"{group}[{i}].date",
                rid,
            )
    for i, note in enumerate(product.not_approved):
        yield from date_problems(note.date, None, source, f"not_approved[{i}].date", rid)
