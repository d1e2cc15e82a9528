"""Clinical-trial registries: which registry an id belongs to, by its shape, and where to read the record."""

from __future__ import annotations

import re

# WHO's search portal shows the record of every primary registry (ChiCTR, CTRI, jRCT, ...) by its id.
ICTRP = "https://trialsearch.who.int/Trial2.aspx?TrialID={id}"


class Registry:
    """A registry: its name, a regular expression for a whole id (compiled, and kept by re, when first used) and
    its record's address with {id}."""

    __slots__ = ("name", "pattern", "url")

    def __init__(self, name: str, pattern: str, url: str) -> None:
        self.name, self.pattern, self.url = name, pattern, url


REGISTRIES: tuple[Registry, ...] = (
    Registry("ClinicalTrials.gov", r"NCT\d{8}", "https://clinicaltrials.gov/study/{id}"),
    Registry(
        "EU Clinical Trials Register (EudraCT)",
        r"\d{4}-\d{6}-\d{2}",
        "https://www.clinicaltrialsregister.eu/ctr-search/search?query={id}",
    ),
    Registry("jRCT (Japan)", r"jRCTs?\d{9,10}", "https://jrct.niph.go.jp/latest-detail/{id}"),
    Registry("ChiCTR (China)", r"ChiCTR\d{10}", ICTRP),
    Registry("CTRI (India)", r"CTRI/\d{4}/\d{2,3}/\d{6}", ICTRP),
)


def registry_of(trial_id: str) -> Registry | None:
    """The registry whose id pattern the whole id matches, or None."""
    for registry in REGISTRIES:
        if re.fullmatch(registry.pattern, trial_id):
            return registry
    return None


def registry_url(trial_id: str) -> str | None:
    registry = registry_of(trial_id)
    return registry.url.format(id=trial_id) if registry else None


def registry_links(trial_ids: list[str]) -> list[str]:
    """The record addresses of the ids whose registry msc knows, in order."""
    return [url for url in map(registry_url, trial_ids) if url]
