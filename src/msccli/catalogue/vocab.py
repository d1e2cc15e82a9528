"""The closed vocabularies of the data (marks, statuses, routes, ...): plain Literal types, importable without the
validation library, so the CLI's help and completion can list them at no start-up cost."""

from __future__ import annotations

from typing import Literal

Mark = Literal["VERIFIED", "SEED-ONLY", "CONFLICT", "LOCAL"]  # LOCAL: from a user's data directory
Precision = Literal["year", "month", "day"]
Tissue = Literal["bone-marrow", "adipose", "umbilical-cord", "umbilical-cord-blood"]
Donor = Literal["autologous", "allogeneic"]
Route = Literal[
    "intravenous",
    "intracoronary",
    "intrathecal",
    "intramuscular",
    "intra-articular",
    "intralesional",
    "intracerebral",
    "local-surgical",
]
Pathway = Literal[
    "full",
    "standard",
    "conditional",
    "conditional-time-limited",
    "limited",
    "provisional",
    "hospital-exemption",
    "unknown",
]
Status = Literal["active", "withdrawn", "superseded", "unknown"]
AmountKind = Literal["fixed", "range", "per-kg", "per-area", "weight-band", "not-stated"]
Verdict = Literal["not-approved", "not-msc", "no-approval-found", "unverified-claim"]
Category = Literal[
    "discovery",
    "characterisation",
    "clinical",
    "trial-result",
    "standard",
    "regulatory-approval",
    "regulatory-other",
    "withdrawal",
    "industry",
]
EventPrecision = Literal["year", "month", "day", "approx"]
Test = Literal["percent", "adherence", "osteogenic", "adipogenic", "chondrogenic", "viability", "phenotype"]
ErratumKind = Literal["error", "omission", "clarification", "duplicate", "unconfirmed"]
# What an erratum corrects: the source review, or an earlier fact sheet that a later one overrides.
Corrects = Literal["source-review", "fact-sheet"]
TrialRole = Literal["pivotal", "supporting", "confirmatory", "follow-up", "post-marketing", "development"]
DesignationKind = Literal[
    "orphan",
    "fast-track",
    "priority-review",
    "rmat",
    "sakigake",
    "rapid-review",
    "atmp-classification",
    "additional-monitoring",
    "exclusivity",
    "post-marketing",
    "approval-condition",
]
DocumentKind = Literal["label", "smpc", "epar", "monograph", "review", "regulator-record", "product-page", "release"]
EventKind = Literal[
    "re-licensed",
    "licence-change",
    "review-step",
    "filing",
    "council",
    "restriction-lifted",
    "filing-withdrawn",
    "development-stopped",
    "enforcement",
    "listing",
    "withdrawal",
]
CodeScheme = Literal["ATC", "MeSH", "DrugBank", "UNII", "KEGG", "YJ", "KR-insurance", "generic-name"]
Storage = Literal["cryopreserved", "fresh"]
# The facts a quotation supports: an approval's date and status, a labelled dose.
QuotedFact = Literal["date", "status", "dose"]
QuoteForm = Literal["sentence", "cell"]
# Where an approval's end stands on a given day: before it, past it, or past it with a decision pending.
TermState = Literal["running", "ended", "pending-renewal"]
