"""Matching what people type against names: folding case, width, punctuation and Chinese script, and the one
"did you mean" helper every error uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

# Left out of a folded name, with white space (str.isspace: what re's \s matches).
_IGNORED = frozenset("-_.,'’®™()（）")
_folded: dict[str, str] = {}  # a search folds the same words many times


def normalise(text: str) -> str:
    """Fold case, width, punctuation and Chinese script: 'remestemcel-L' meets 'REMESTEMCEL L', 韓國 meets 韩国."""
    found = _folded.get(text)
    if found is None:
        found = _folded[text] = _fold(text)
    return found


def _fold(text: str) -> str:
    from msccli.text.zh import fold

    if not text.isascii():  # ASCII is its own NFKC form
        import unicodedata  # here, not at the top: --help and completion never fold a name

        text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in fold(text.casefold()) if not (c.isspace() or c in _IGNORED))


def close_matches(query: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.5) -> list[str]:
    """The choices nearest to what was typed, best first, in their own spelling."""
    import difflib

    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(normalise(choice), choice)
    return [by_key[k] for k in difflib.get_close_matches(normalise(query), list(by_key), n=n, cutoff=cutoff)]


def did_you_mean(suggestions: list[str], translated: bool = False) -> str:
    """'; did you mean 'a', 'b'?' or nothing: appended to an error's first line."""
    if not suggestions:
        return ""
    choices = ", ".join(repr(s) for s in suggestions)
    if translated:
        from msccli.text.i18n import tr

        return "; " + tr("did you mean {choices}?", choices=choices)
    return f"; did you mean {choices}?"


def choose(value: str, allowed: Iterable[str]) -> str | None:
    """The allowed value that `value` names, case- and punctuation-insensitively; None when none does."""
    key = normalise(value)
    for choice in allowed:
        if normalise(choice) == key:
            return choice
    return None


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 reference', '2 references' (in Chinese: the count and the noun's translation)."""
    from msccli.text.i18n import tr

    return tr("{count} {noun}", count=count, noun=noun if count == 1 else nouns or noun + "s")
