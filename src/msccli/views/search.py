"""msc search: ranked hits across the catalogue, each with the command that shows it in full."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msccli.output.render import Column, Field, View
from msccli.text.i18n import chinese, script, tr, tr_value
from msccli.text.match import plural
from msccli.views.common import english_note

if TYPE_CHECKING:
    from typing import Any

    from msccli.output.render import Records

SEARCH_FIELDS = (
    Field("kind", "string", "What the hit is: product, trial, history, erratum, criteria, indication term, ..."),
    Field("id", "string", "Its id."),
    Field("title", "string", "Its name or title."),
    Field("title_zh", "string|null", "Its name in Chinese, where the catalogue has one (in the script of --lang)."),
    Field("matched", "string", "The name or text the query fitted."),
    Field(
        "score", "number", "How well: 1 a whole name, 0.9 a name's start, 0.8 a word's start, lower for near spellings."
    ),
    Field("command", "string", "The msc command that shows it in full."),
)


def _title(record: dict[str, Any]) -> str:
    """In Chinese, a hit's Chinese name where the catalogue has one; else its own (a brand stays as it is)."""
    return script(record["title_zh"]) if chinese() and record["title_zh"] else str(record["title"])


def search_view(query: str, rows: Records) -> View:
    columns = [
        Column("title", "Hit", show=_title, identity=True),
        Column("kind", "Kind", show=lambda r: tr_value(r["kind"]), identity=True),
        Column("matched", "Matched", show=lambda r: script(r["matched"]), min_terminal=140),
        Column("command", "Show it with", no_wrap=True),  # a command to copy whole
    ]
    footer = [tr("{hits} for {query!r}, best first · every field: -f json", hits=plural(len(rows), "hit"), query=query)]
    return View(fields=SEARCH_FIELDS, records=rows, columns=columns, footer=footer + english_note())
