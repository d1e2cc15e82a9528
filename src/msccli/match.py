"""Matching what people type against names: folding case, width, punctuation and Chinese script, and the one
"did you mean" helper every error uses."""

from __future__ import annotations

TYPE_CHECKING = False  # typing's import costs a quick answer more than its work (quick.py)
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

# Left out of a folded name, with white space (str.isspace: what re's \s matches). Not a pattern: importing re
# costs a quick answer as much as its work.
_IGNORED = frozenset("-_.,'’®™()（）")
_folded: dict[str, str] = {}  # not functools.cache, for the same reason; a search folds the same words many times


def normalise(text: str) -> str:
    """Fold case, width, punctuation and Chinese script: 'remestemcel-L' meets 'REMESTEMCEL L', 韓國 meets 韩国."""
    found = _folded.get(text)
    if found is None:
        found = _folded[text] = _fold(text)
    return found


def _fold(text: str) -> str:
    from .zh import fold

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
        from .i18n import tr

        return "; " + tr(f"did you mean {choices}?")
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
    from .i18n import tr

    return tr(f"{count} {noun if count == 1 else (nouns or noun + 's')}")


def find_named(entries: Sequence[tuple[str, str, Sequence[str]]], query: str) -> list[int]:
    """Which records (id, name, every name) a name refers to, as their positions.

    First an id, or else exact names, with the brand's other records ('Stempeucel' is also 'Stempeucel (knee
    osteoarthritis)'); then a start of a name that fits one record only. A start that fits several is ambiguous
    (exit 1, listing them); a miss suggests the nearest names. The catalogue and the quick-answer index share it."""
    from .errors import Ambiguous, InputError, NotFound

    wanted = normalise(query)
    if not wanted:
        raise InputError("the product name is empty", field="NAME")
    by_id = [i for i, (ident, _, _) in enumerate(entries) if normalise(ident) == wanted]
    exact = by_id or [i for i, (_, _, names) in enumerate(entries) if wanted in {normalise(n) for n in names}]
    if exact:
        brands = {entries[i][1].casefold() for i in exact}
        family = [i for i, (_, name, _) in enumerate(entries) if i not in exact and _in_brand(name, brands)]
        return exact + family
    starts = [i for i, (_, _, names) in enumerate(entries) if any(normalise(n).startswith(wanted) for n in names)]
    if len(starts) == 1:
        return starts
    if starts:
        raise Ambiguous("record", query, [f"{entries[i][1]} ({entries[i][0]})" for i in starts])
    by_key = {normalise(name): name for _, _, names in entries for name in names}
    close = close_matches(query, list(by_key.values()), cutoff=0.6)
    partial = [name for key, name in by_key.items() if wanted in key and name not in close]
    raise NotFound("product", query, list(dict.fromkeys([*close, *partial[:3]])), "list them with: msc products")


def _in_brand(name: str, brands: set[str]) -> bool:
    """'Stempeucel (knee osteoarthritis)' belongs to the brand 'Stempeucel': the name, then a space or bracket."""
    folded = name.casefold()
    return any(folded.startswith(brand) and folded[len(brand) : len(brand) + 1] in (" ", "(") for brand in brands)
