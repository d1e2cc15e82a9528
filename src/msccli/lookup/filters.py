"""The options that filter approvals (--country, --source, --status, ...) read into one filter, and the test it
applies to an approval's facets (plain values, query.facets)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msccli.text.errors import InputError, unknown_choice
from msccli.text.i18n import N_
from msccli.text.match import choose

if TYPE_CHECKING:
    from typing import Any

    from msccli.catalogue.vocab import Donor, Pathway, Route, Status, Tissue

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


def choices(values: list[str], vocabulary: str, aliases: dict[str, Any], option: str) -> set[Any]:
    """Each value (already split at commas) as the values of a closed vocabulary (a type of vocab.py) it names; an
    alias may name several."""
    chosen: set[Any] = set()
    if not values:
        return chosen  # vocab.py's Literal types need typing: imported only for an option that is given
    from typing import get_args

    from msccli.catalogue import vocab

    allowed: tuple[str, ...] = get_args(getattr(vocab, vocabulary))
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
    return choices(values, "Tissue", TISSUE_ALIASES, "--source")


def parse_routes(values: list[str]) -> set[Route]:
    return choices(values, "Route", ROUTE_ALIASES, "--route")


def parse_donors(values: list[str]) -> set[Donor]:
    return choices(values, "Donor", DONOR_ALIASES, "--donor")


def parse_statuses(values: list[str]) -> set[Status]:
    return choices(values, "Status", {}, "--status")


def parse_pathways(values: list[str]) -> set[Pathway]:
    return choices(
        values, "Pathway", {"he": "hospital-exemption", "time-limited": "conditional-time-limited"}, "--pathway"
    )


def parse_before(value: str) -> str:
    """--expires-before: a year (2032) or a date (2032-01-01); returned as the first day it excludes."""
    import re

    text = value.strip()
    if re.fullmatch(r"[0-9]{4}", text):
        return f"{text}-01-01"
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?", text):
        import datetime

        parts = [int(p) for p in text.split("-")]
        try:
            datetime.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
        except ValueError as exc:
            raise InputError(
                N_("{value!r} is not a real date ({exc})", value=value, exc=exc), field="--expires-before"
            ) from None
        return text if len(parts) == 3 else f"{text}-01"
    raise InputError(
        N_("{value!r} is not a year or a date", value=value), field="--expires-before", hint="give a year: 2032"
    )


def parse_day(value: str, option: str) -> str:
    """A day for --active-on: YYYY-MM-DD, or `today` (MSC_TODAY honoured)."""
    import datetime
    import re

    text = value.strip()
    if text.casefold() == "today":
        from msccli.catalogue.freshness import today

        return today().isoformat()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise InputError(
            N_("{value!r} is not a day", value=value), field=option, hint="give a date as YYYY-MM-DD, or today"
        )
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise InputError(N_("{value!r} is not a real date ({exc})", value=value, exc=exc), field=option) from None


def check_years(since: int | None, until: int | None) -> None:
    """--since after --until can match nothing: an error, not an empty answer."""
    if since is not None and until is not None and since > until:
        raise InputError(N_("{since} is after --until {until}", since=since, until=until), field="--since")


def accepted(mark: str | None, verified_only: bool, with_local: bool = False) -> bool:
    """With --verified only VERIFIED facts count; --with-local adds the user's own (LOCAL) facts."""
    return not verified_only or mark == "VERIFIED" or (with_local and mark == "LOCAL")


def shown(fact: Any, verified_only: bool, with_local: bool = False) -> bool:
    """With --verified, facts marked SEED-ONLY or CONFLICT (and LOCAL, unless asked for) are left empty."""
    return accepted(fact.mark, verified_only, with_local)


class ProductFilter:
    """What `msc products` (and `msc dose`) keep."""

    def __init__(
        self,
        countries: set[str] | None = None,
        since: int | None = None,
        until: int | None = None,
        indication: str | None = None,
        indication_forms: list[str] | None = None,  # the query and its synonyms (terms.forms_for)
        tissues: set[Tissue] | None = None,
        donors: set[Donor] | None = None,
        routes: set[Route] | None = None,
        statuses: set[Status] | None = None,
        pathways: set[Pathway] | None = None,  # "conditional" also takes conditional-time-limited
        orphan: bool = False,
        expires_before: str | None = None,  # an ISO date from parse_before
        include_ended: bool = False,  # with expires_before: keep ends already reached on `on`
        active_on: str | None = None,  # an ISO day from parse_day: only approvals in force that day
        verified_only: bool = False,
        with_local: bool = False,  # with verified_only: keep facts from the user's own data directory too
        matching: dict[str, set[str]] | None = None,  # a row's field -> the values it must hold one of
    ) -> None:
        check_years(since, until)
        self.countries = countries or set()
        self.since, self.until = since, until
        self.indication = indication
        self.indication_forms = indication_forms or ([indication] if indication else [])
        chosen = {"tissue": tissues, "donor": donors, "routes": routes, "status": statuses, **(matching or {})}
        self.matching: dict[str, set[Any]] = {name: set(values) for name, values in chosen.items() if values}
        self.pathways: set[Any] = pathways or set()
        self.orphan, self.expires_before, self.include_ended = orphan, expires_before, include_ended
        self.active_on = active_on
        self.on = active_on  # the day term states are reckoned on (None: today)
        self.left_out: dict[str, int] = {"ended": 0, "untold": 0}  # what keeps() dropped that a note should count
        self.verified_only, self.with_local = verified_only, with_local

    def keeps(self, facets: dict[str, Any]) -> bool:
        """Whether an approval passes, from its facets (query.facets: the approval's row)."""
        if not accepted(facets["mark"], self.verified_only, self.with_local):
            return False
        if self.countries and facets["jurisdiction"] not in self.countries:
            return False
        year = facets["year"]
        if self.since is not None and (year is None or year < self.since):
            return False
        if self.until is not None and (year is None or year > self.until):
            return False
        if self.indication:
            from msccli.lookup.terms import mentions

            texts = [facets["indication"], facets["indication_zh"] or "", facets["indication_short"] or ""]
            if not mentions(texts, self.indication_forms):
                return False
        for name, wanted in self.matching.items():
            value = facets[name]
            if not (wanted.intersection(value) if isinstance(value, list) else value in wanted):
                return False
        pathway = facets["pathway"]
        if self.pathways and not (
            pathway in self.pathways or (pathway == "conditional-time-limited" and "conditional" in self.pathways)
        ):
            return False
        if self.orphan and not facets["orphan"]:
            return False
        if self.expires_before is not None:
            end = facets["ends"]
            if end is None or end >= self.expires_before:
                return False
            if facets["term_state"] != "running" and not self.include_ended:
                self.left_out["ended"] += 1
                return False
        if self.active_on is not None and facets["in_force"] is not True:
            if facets["in_force"] is None:
                self.left_out["untold"] += 1
            return False
        return True
