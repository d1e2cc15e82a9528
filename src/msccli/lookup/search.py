"""msc search: one query across products, trials, history, criteria, errata, terms and jurisdictions.

Ranked by how well the query fits: a whole name first, then the start of a name, then a word anywhere, then a
near spelling (difflib's ratio, so 'ryoncl' finds RYONCIL and 'cartistim' CARTISTEM). Chinese is matched in either
script. Every hit says what it is and the command that shows it in full.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msccli.text.match import normalise

if TYPE_CHECKING:
    from typing import Any

    from msccli.catalogue.records import Catalogue

NEAR = 0.75  # difflib ratio from which a spelling counts as a near match
NAME, TEXT = 1.0, 0.6  # weight of a hit in a name (title, id, alias) against one in running text
OWN_NAME = 0.05  # a hit on the record's own name or id ranks above the same fit on an alias


class Document:
    """One thing to find."""

    __slots__ = ("command", "id", "kind", "names", "texts", "title", "title_zh")

    def __init__(
        self,
        kind: str,
        id: str,
        title: str,
        names: list[str],
        texts: list[str],
        command: str,
        title_zh: str | None = None,
    ) -> None:
        self.kind, self.id, self.title, self.command = kind, id, title, command
        self.title_zh = title_zh or None  # its Chinese name, where the catalogue has one
        self.names = names  # short fields: ids, names, aliases, codes
        self.texts = texts  # running text: indications, descriptions


def documents(catalogue: Catalogue) -> list[Document]:
    from msccli.catalogue.records import names_of

    docs: list[Document] = []
    for product in catalogue.products:
        texts = [product.developer.name]
        for approval in product.approvals:
            texts += [approval.indication.en, approval.indication.zh or "", approval.indication.short or ""]
        docs.append(
            Document(
                "product",
                product.id,
                product.name,
                names_of(product),
                texts,
                f"msc product {product.id}",
                _chinese_name(product),
            )
        )
        for trial in product.trials:
            docs.append(
                Document(
                    "trial",
                    f"{product.id}: {', '.join(trial.registry) or trial.name}",
                    f"{product.name}: {trial.name}",
                    [*trial.registry, trial.name],
                    [trial.design or "", trial.endpoint or ""],
                    f"msc trials {product.id}",
                )
            )
    for record in catalogue.not_approved:
        texts = [record.reason, record.developer or ""]
        docs.append(
            Document(
                "not an approved product", record.id, record.name, names_of(record), texts, f"msc product {record.id}"
            )
        )
    for event in catalogue.history:
        year = event.date[:4]
        docs.append(
            Document(
                "history",
                event.id,
                f"{event.date} {event.en}",
                [*event.people],
                [event.en, event.zh],
                f"msc timeline --since {year} --until {year}",
                f"{event.date} {event.zh}" if event.zh else None,
            )
        )
    for profile in catalogue.profiles:
        docs.append(Document("criteria", profile.id, profile.title, [profile.id], [profile.note or ""],
                             f"msc criteria {profile.id}"))  # fmt: skip
    product_ids = {r.id for r in catalogue.records()}
    for erratum in catalogue.errata:
        about = next((s for s in erratum.subjects if s in product_ids), None)
        docs.append(
            Document(
                "erratum",
                erratum.id,
                f"{erratum.id}: {erratum.correction}",
                [erratum.id],
                [erratum.says, erratum.correction, *erratum.subjects],
                f"msc errata --product {about}" if about else "msc errata",
            )
        )
    for concept in catalogue.vocabulary:
        docs.append(
            Document(
                "indication term",
                concept.id,
                concept.en,
                concept.forms,
                [],
                "msc products -i " + shell_word(concept.en),
                concept.zh[0] if concept.zh else None,
            )
        )
    for source in catalogue.tissue_sources:
        docs.append(
            Document(
                "tissue source",
                source.id,
                source.title.en,
                [source.id, *source.aliases, source.title.en, source.title.zh or ""],
                [source.text.en, source.text.zh or ""],
                f"msc sources {source.id}",
                source.title.zh,
            )
        )
    for mechanism in catalogue.mechanisms:
        docs.append(
            Document(
                "mechanism",
                mechanism.id,
                mechanism.title.en,
                [mechanism.id, mechanism.title.en, mechanism.title.zh or "", *mechanism.factors],
                [mechanism.text.en, mechanism.text.zh or ""],
                "msc mechanisms",
                mechanism.title.zh,
            )
        )
    for jurisdiction in catalogue.jurisdictions:
        docs.append(
            Document(
                "jurisdiction",
                jurisdiction.code,
                jurisdiction.en,
                [jurisdiction.code, jurisdiction.en, *jurisdiction.aliases, *jurisdiction.zh],
                [jurisdiction.regulator or ""],
                f"msc products --country {jurisdiction.code}",
                jurisdiction.zh[0] if jurisdiction.zh else None,
            )
        )
    return docs


def _chinese_name(product: Any) -> str | None:
    """A product's Chinese name, as the data writes Chinese (Traditional where it has both): its brand first."""
    chinese = [n for n in product.names if n.lang.startswith("zh")]
    ranked = sorted(chinese, key=lambda n: (n.kind != "brand", n.lang != "zh-Hant"))
    return ranked[0].name if ranked else None


def shell_word(text: str) -> str:
    """Text as one shell word, quoted only as much as needed: Crohn's -> "Crohn's"."""
    if re.fullmatch(r"[\w./:-]+", text):
        return text
    if not re.search(r'["$`\\!]', text):
        return f'"{text}"'
    import shlex

    return shlex.quote(text)


def _words(text: str) -> list[str]:
    return [key for w in re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", text) if (key := normalise(w))]


# A document as plain values, its fields folded once:
# kind, id, title, its Chinese, command, the title's and id's folded forms, and (weight, text, folded text, folded
# words) a field
Prepared = tuple[str, str, str, str | None, str, str, str, list[tuple[float, str, str, list[str]]]]


def prepare(docs: list[Document]) -> list[Prepared]:
    return [
        (
            doc.kind,
            doc.id,
            doc.title,
            doc.title_zh,
            doc.command,
            normalise(doc.title),
            normalise(doc.id),
            [(NAME, n, normalise(n), _words(n)) for n in doc.names if n]
            + [(TEXT, t, normalise(t), _words(t)) for t in doc.texts if t],
        )
        for doc in docs
    ]


def _fit(query: str, key: str, words: list[str]) -> float:
    """How well a normalised query fits one field (folded, and its folded words): 1 whole, 0.9 its start, 0.8 a
    word's start, else a near spelling of the field or of one of its words."""
    if not key:
        return 0.0
    if key == query:
        return 1.0
    if key.startswith(query):
        return 0.9
    if any(w.startswith(query) for w in words) or (not query.isascii() and query in key):
        return 0.8
    if len(query) >= 4 and query in key:
        return 0.7
    best = max((near(query, candidate) for candidate in [key, *words]), default=0.0) if len(query) >= 3 else 0.0
    return 0.6 * best if best >= NEAR else 0.0


def near(query: str, candidate: str) -> float:
    """difflib's ratio of the two when its cheap upper bounds (real_quick_ratio, quick_ratio) reach NEAR, else 0.

    The bounds are worked out here as difflib works them out, so a SequenceMatcher (whose set-up indexes the
    candidate) is built only for the few candidates that can be near: a search tries thousands."""
    total = len(query) + len(candidate)
    if 2.0 * min(len(query), len(candidate)) / total < NEAR:
        return 0.0
    available: dict[str, int] = {}
    for char in candidate:
        available[char] = available.get(char, 0) + 1
    matches = 0
    for char in query:
        if available.get(char, 0) > 0:
            available[char] -= 1
            matches += 1
    if 2.0 * matches / total < NEAR:
        return 0.0
    from difflib import SequenceMatcher

    return SequenceMatcher(None, query, candidate).ratio()


def search(catalogue: Catalogue, text: str, limit: int = 20) -> list[dict[str, Any]]:
    return rank(prepare(documents(catalogue)), text, limit)


def rank(docs: list[Prepared], text: str, limit: int = 20) -> list[dict[str, Any]]:
    """The hits, best first, as msc search prints them."""
    query = normalise(text)
    if not query:
        return []
    hits: list[dict[str, Any]] = []
    for kind, ident, title, title_zh, command, title_key, id_key, fields in docs:
        scored = [(weight * _fit(query, key, words), field, key) for weight, field, key, words in fields]
        score, matched, matched_key = max(scored, default=(0.0, "", ""))
        if score > 0:
            own = matched_key in (title_key, id_key)
            hit = {"kind": kind, "id": ident, "title": title, "title_zh": title_zh, "matched": matched}
            hits.append({**hit, "score": round(score + (OWN_NAME if own else 0.0), 3), "command": command})
    hits.sort(key=lambda h: (-h["score"], KIND_ORDER.get(h["kind"], 9), h["title"]))
    return hits[:limit]


KIND_ORDER = {"product": 0, "not an approved product": 1, "indication term": 2, "trial": 3, "jurisdiction": 4}
