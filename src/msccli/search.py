"""msc search: one query across products, trials, history, criteria, errata, terms and jurisdictions.

Ranked by how well the query fits: a whole name first, then the start of a name, then a word anywhere, then a
near spelling (difflib's ratio, so 'ryoncl' finds RYONCIL and 'cartistim' CARTISTEM). Chinese is matched in either
script. Every hit says what it is and the command that shows it in full.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from .catalog import Catalogue, names_of
from .match import normalise

NEAR = 0.75  # difflib ratio from which a spelling counts as a near match
NAME, TEXT = 1.0, 0.6  # weight of a hit in a name (title, id, alias) against one in running text
OWN_NAME = 0.05  # a hit on the record's own name or id ranks above the same fit on an alias


@dataclass
class Document:
    kind: str
    id: str
    title: str
    names: list[str]  # short fields: ids, names, aliases, codes
    texts: list[str]  # running text: indications, descriptions
    command: str


@dataclass
class Hit:
    document: Document
    score: float
    matched: str  # the field the query fitted best


def documents(catalogue: Catalogue) -> list[Document]:
    docs: list[Document] = []
    for product in catalogue.products:
        texts = [product.developer.name]
        for approval in product.approvals:
            texts += [approval.indication.en, approval.indication.zh or "", approval.indication.short or ""]
        docs.append(
            Document("product", product.id, product.name, names_of(product), texts, f"msc product {product.id}")
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
            )
        )
    return docs


def shell_word(text: str) -> str:
    """Text as one shell word, quoted only as much as needed: Crohn's -> "Crohn's"."""
    if re.fullmatch(r"[\w./:-]+", text):
        return text
    if not re.search(r'["$`\\!]', text):
        return f'"{text}"'
    return shlex.quote(text)


def _words(text: str) -> list[str]:
    return [key for w in re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", text) if (key := normalise(w))]


def _fit(query: str, text: str) -> float:
    """How well a normalised query fits one field: 1 whole, 0.9 its start, 0.8 a word's start, else a near
    spelling of the field or of one of its words."""
    key = normalise(text)
    if not key:
        return 0.0
    if key == query:
        return 1.0
    if key.startswith(query):
        return 0.9
    words = _words(text)
    if any(w.startswith(query) for w in words) or (not query.isascii() and query in key):
        return 0.8
    if len(query) >= 4 and query in key:
        return 0.7
    best = 0.0
    for candidate in [key, *words] if len(query) >= 3 else []:
        matcher = SequenceMatcher(None, query, candidate)
        if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR:
            best = max(best, matcher.ratio())
    return 0.6 * best if best >= NEAR else 0.0


def search(catalogue: Catalogue, text: str, limit: int = 20) -> list[Hit]:
    query = normalise(text)
    if not query:
        return []
    hits = []
    for doc in documents(catalogue):
        scored = [(NAME * _fit(query, name), name) for name in doc.names if name]
        scored += [(TEXT * _fit(query, t), t) for t in doc.texts if t]
        score, matched = max(scored, default=(0.0, ""))
        if score > 0:
            own = normalise(matched) in (normalise(doc.title), normalise(doc.id))
            hits.append(Hit(doc, round(score + (OWN_NAME if own else 0.0), 3), matched))
    hits.sort(key=lambda h: (-h.score, KIND_ORDER.get(h.document.kind, 9), h.document.title))
    return hits[:limit]


KIND_ORDER = {"product": 0, "not an approved product": 1, "indication term": 2, "trial": 3, "jurisdiction": 4}


def hit_record(hit: Hit) -> dict[str, Any]:
    doc = hit.document
    return {
        "kind": doc.kind,
        "id": doc.id,
        "title": doc.title,
        "matched": hit.matched,
        "score": hit.score,
        "command": doc.command,
    }
