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
Verdict = Literal["not-approved", "not-msc", "no-approval-found"]
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
Test = Literal["percent", "adherence", "osteogenic", "adipogenic", "chondrogenic", "viability"]
ErratumKind = Literal["error", "omission", "clarification", "duplicate", "unconfirmed"]
Storage = Literal["cryopreserved", "fresh"]

# Output formats of every command: table for people, the rest for scripts (render.py builds each).
FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv", "tsv", "yaml", "markdown")
FORMAT_HELP = "Output format: table (for people), " + ", ".join(FORMATS[1:]) + "."
