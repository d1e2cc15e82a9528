"""Products side by side: one flat record per product with what people compare (msc compare)."""

from __future__ import annotations

from typing import Any

from msccli.catalogue.freshness import status_evidence_old
from msccli.catalogue.model import NotApproved, Product
from msccli.catalogue.records import Catalogue
from msccli.lookup.query import approval_end, today_iso
from msccli.text.i18n import N_

# (field, label for people); the table shows one row per field and one column per product
FIELDS: tuple[tuple[str, str], ...] = (
    ("approved", N_("Approved MSC product")),
    ("approvals", N_("Approvals")),
    ("indication", N_("Indication")),
    ("pathways", N_("Pathway")),
    ("statuses", N_("Status (as of)")),
    ("tissue", N_("Cell source")),
    ("donor", N_("Donor")),
    ("inn", N_("INN")),
    ("developer", N_("Developer")),
    ("routes", N_("Route")),
    ("dose", N_("Labelled dose")),
    ("schedule", N_("Schedule")),
    ("pivotal", N_("Pivotal evidence")),
    ("orphan", N_("Orphan designations")),
    ("family", N_("Family")),
    ("mark", N_("Mark")),
)


def record(catalogue: Catalogue, item: Product | NotApproved) -> dict[str, Any]:
    """What msc compare prints for one product; lists are kept as lists for scripts."""
    if isinstance(item, NotApproved):
        empty: dict[str, Any] = {name: [] for name, _ in FIELDS}
        empty.update(
            product=item.id,
            name=item.name,
            approved=False,
            verdict=item.verdict,
            developer=item.developer,
            tissue=None,
            donor=None,
            inn=None,
            family=None,
            mark=item.mark,
            refs=list(item.refs),
        )
        empty["indication_zh"] = []
        empty["statuses"] = [item.reason]
        return empty
    approvals = []
    statuses = []
    for a in item.approvals:
        approvals.append(
            f"{a.jurisdiction} {a.date}" if a.date else N_("{jurisdiction} date not known", jurisdiction=a.jurisdiction)
        )
        end, basis = approval_end(a)
        ends = (
            (N_(", ends {end} (derived)", end=end) if basis == "derived" else N_(", ends {end}", end=end))
            if end
            else ""
        )
        old = status_evidence_old(a.status, a.status_as_of, today_iso())
        statuses.append(
            N_(
                "{jurisdiction} {status} (as of {status_as_of}{old}){ends}",
                jurisdiction=a.jurisdiction,
                status=a.status,
                status_as_of=a.status_as_of,
                old=N_(": evidence over three years old") if old else "",
                ends=ends,
            )
        )
    families = [f.name for f in catalogue.families if item.id in f.members]
    refs = sorted({r for a in item.approvals for r in a.refs} | set(item.refs))
    return {
        "product": item.id,
        "name": item.name,
        "approved": True,
        "verdict": "approved",
        "approvals": approvals,
        "indication": [f"{a.jurisdiction}: {a.indication.en}" for a in item.approvals],
        "indication_zh": [f"{a.jurisdiction}: {a.indication.zh}" if a.indication.zh else None for a in item.approvals],
        "pathways": list(dict.fromkeys(f"{a.jurisdiction} {a.pathway}" for a in item.approvals)),
        "statuses": statuses,
        "tissue": item.source.tissue,
        "donor": item.source.donor,
        "inn": item.inn,
        "developer": item.developer.name,
        "routes": sorted({code for d in item.dosing for code in d.route.codes}),
        "dose": [f"{d.amount.source_text} [{d.amount.mark}]" for d in item.dosing],
        "schedule": [f"{d.schedule.text} [{d.schedule.mark}]" for d in item.dosing],
        "pivotal": [
            " ".join(
                part
                for part in (
                    ", ".join(t.registry) or t.name,
                    N_("phase {phase}", phase=t.phase) if t.phase else "",
                    f"n={t.participants}" if t.participants is not None else "",
                    f"- {t.result}" if t.result else "",
                )
                if part
            )
            for t in item.trials
            if t.role == "pivotal"
        ],
        "orphan": [
            " ".join(x for x in (d.jurisdiction, d.number, d.date) if x)
            for d in item.designations
            if d.kind == "orphan" and not d.other_indication
        ],
        "family": "; ".join(families) or None,
        "mark": item.mark,
        "refs": refs,
    }
