"""The formats a file of lots comes in: which one a file is (by its name, else its first line), and a CSV file's
delimiter."""

import re

FORMATS = ("csv", "tsv", "yaml", "json", "flowjo")


def sniff(text: str, name: str) -> str:
    lower = name.lower()
    for suffix, fmt in (
        (".csv", "csv"),
        (".tsv", "tsv"),
        (".tab", "tsv"),
        (".yaml", "yaml"),
        (".yml", "yaml"),
        (".json", "json"),
    ):
        if lower.endswith(suffix):
            return fmt
    stripped = text.lstrip()
    if stripped[:1] in ("[", "{"):
        return "json"
    first = stripped.split("\n", 1)[0]
    if first.startswith("- ") or first.startswith("lots:"):
        return "yaml"
    return "tsv" if "\t" in first else "csv"


DELIMITERS = {",": ",", ";": ";", "tab": "\t", "|": "|"}  # what --delimiter takes -> the character


def parse_choice(text: str | None, choices: tuple[str, ...], option: str) -> str | None:
    """An option's value among fixed choices, in any case (a literal tab is 'tab'); None when not given."""
    if text is None:
        return None
    wanted = "tab" if text == "\t" else text.strip().casefold()
    for choice in choices:
        if choice.casefold() == wanted:
            return choice
    from msccli.text.errors import unknown_choice

    raise unknown_choice(text, list(choices), option)


def sniff_delimiter(header: str) -> str:
    """The header line's delimiter: the most frequent of , ; and tab outside quotes (European exports use ;)."""
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
