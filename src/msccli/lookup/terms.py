"""Indication terms: a query names a concept by any of its forms (GvHD, graft versus host, 移植物抗宿主病), and an
indication mentions the concept by any of them. Forms come from data/vocabulary.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterable

from msccli.catalogue.model import Concept
from msccli.text.match import close_matches, normalise

SHORT = 4  # ASCII forms this short (GvHD, OA, ALS, CP) match whole words only: "oa" is inside "board"


def concepts_named(vocabulary: Iterable[Concept], query: str) -> list[Concept]:
    """The concepts a query names: a form equal to it, a form whose words start with it ('graft versus host',
    'crohn'), a Chinese form it is part of (克罗恩), or a longer form the query contains."""
    key = normalise(query)
    if not key:
        return []
    words = _words(query)
    found = []
    for concept in vocabulary:
        for form in concept.forms:
            k = normalise(form)
            if (
                k == key
                or (not key.isascii() and len(key) >= 2 and key in k)
                or (key.isascii() and len(key) >= 3 and _words(form).startswith(words))
                or (len(k) > SHORT and k in key)
                or (len(key) > SHORT and re.search(rf"(?<![a-z0-9]){re.escape(words)}", _words(form)) is not None)
            ):
                found.append(concept)
                break
    return found


def _words(text: str) -> str:
    """Lower-case words joined by single spaces: "Crohn's  perianal-fistula" -> "crohn s perianal fistula"."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def forms_for(vocabulary: Iterable[Concept], query: str) -> list[str]:
    """What to look for in an indication: the query itself and every form of the concepts it names."""
    forms = [query]
    for concept in concepts_named(vocabulary, query):
        forms.extend(concept.forms)
    return list(dict.fromkeys(forms))


def mentions(texts: Iterable[str], forms: list[str]) -> bool:
    """Whether any text mentions any form: short ASCII forms as whole words, others anywhere (folded)."""
    texts = [t for t in texts if t]
    keys = [normalise(t) for t in texts]
    lowered = [t.casefold() for t in texts]
    for form in forms:
        key = normalise(form)
        if not key:
            continue
        if key.isascii() and len(key) <= SHORT:
            word = re.compile(rf"(?<![a-z0-9]){re.escape(form.strip().casefold())}(?![a-z0-9])")
            if any(word.search(t) for t in lowered):
                return True
        elif any(key in k for k in keys):
            return True
    return False


def suggestions(vocabulary: Iterable[Concept], query: str, n: int = 3) -> list[str]:
    """The nearest terms to a query that found nothing (English names and Chinese forms)."""
    choices = [form for concept in vocabulary for form in (concept.en, *concept.synonyms, *concept.zh)]
    return close_matches(query, choices, n=n, cutoff=0.4)
