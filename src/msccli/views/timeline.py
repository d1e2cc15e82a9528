"""msc timeline: the history of the field, grouped by decade, with a marker per category."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msccli.catalogue.records import Catalogue
from msccli.output.render import Column, Field, View
from msccli.text.i18n import pick, tr, tr_value
from msccli.text.match import plural
from msccli.views.common import MARK_STYLE, mark_cell, styled, to_builtins

if TYPE_CHECKING:
    from rich.console import Console

    from msccli.lookup.timeline import Event

CATEGORY_MARKER = {
    "discovery": ("◆", "cyan"),
    "characterisation": ("●", "blue"),
    "clinical": ("✚", "magenta"),
    "trial-result": ("▲", "yellow"),
    "standard": ("■", "bold"),
    "regulatory-approval": ("✔", "green"),
    "regulatory-other": ("◇", ""),
    "withdrawal": ("✖", "bold red"),
    "industry": ("○", ""),
}

EVENT_FIELDS = (
    Field("id", "string", "Event id (the fact sheet's id where it has one)."),
    Field("date", "string", "ISO 8601 at its precision."),
    Field("date_end", "string|null", "End of a period."),
    Field("precision", "string", "year, month, day or approx."),
    Field("year", "integer", "Year of the event."),
    Field(
        "category",
        "string",
        "discovery, characterisation, clinical, trial-result, standard, regulatory-approval, "
        "regulatory-other, withdrawal or industry.",
    ),
    Field("text", "string", "The event, in English."),
    Field("text_zh", "string", "The event, in Chinese."),
    Field("note", "string|null", "A note on the event."),
    Field("mark", "string", "Verification mark."),
    Field("origin", "string", "history (the history file) or catalogue (derived from an approval)."),
    Field("in_seed", "boolean|null", "Whether the source review tells the event (null for derived events)."),
    Field("people", "array", "People named in the event."),
    Field("citations", "array", "Citations: cite, doi."),
    Field("errata", "array", "Corrections to the source review about this event."),
    Field("products", "array", "Product ids of the event."),
    Field("jurisdictions", "array", "Jurisdiction codes of the event."),
)


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "date": event.date,
        "date_end": event.date_end,
        "precision": event.precision,
        "year": event.year,
        "category": event.category,
        "text": event.en,
        "text_zh": event.zh,
        "note": event.note,
        "mark": event.mark,
        "origin": event.origin,
        "in_seed": event.in_seed,
        "people": list(event.people),
        "citations": [to_builtins(c) for c in event.references],
        "errata": list(event.errata),
        "products": list(event.products),
        "jurisdictions": list(event.jurisdictions),
    }


def timeline_view(catalogue: Catalogue, events: list[Event]) -> View:
    columns = [
        Column("date", "Date", identity=True),
        Column("category", "Category", show=lambda r: tr_value(r["category"])),
        Column("text", "Event", show=lambda r: pick(r["text"], r["text_zh"])),
        Column("mark", "Mark", show=mark_cell, identity=True, no_wrap=True),
    ]

    def human(con: Console) -> None:
        from rich.table import Table

        decade = None
        table = None
        for event in events:
            if event.decade != decade:
                if table is not None:
                    con.print(table)
                decade = event.decade
                con.print(styled(tr("{decade}s", decade=decade), "bold underline"))
                table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
                table.add_column("date", no_wrap=True, width=10)
                table.add_column("marker", no_wrap=True, width=1)
                table.add_column("event", ratio=1, overflow="fold")
            assert table is not None
            marker, style = CATEGORY_MARKER[event.category]
            date = event.date + ("~" if event.precision == "approx" else "")
            text = styled(pick(event.en, event.zh))
            text.append(f" [{tr_value(event.mark)}]", style=MARK_STYLE.get(event.mark, ""))
            if event.errata:
                errata = ", ".join(event.errata)
                text.append(" " + tr("errata {errata}", errata=errata), style="dim")
            table.add_row(date, styled(marker, style), text)
        if table is not None:
            con.print(table)
        legend = styled(tr("Markers: "))
        for category, (marker, style) in CATEGORY_MARKER.items():
            legend.append(marker, style=style)
            legend.append(f" {tr_value(category)}  ")
        con.print(legend, style="dim")
        con.print(
            tr(
                "{events} · ~ approximate date · approvals, withdrawals and later regulatory events come from the "
                "catalogue (as of {as_of}) · details: -f json",
                events=plural(len(events), "event"),
                as_of=catalogue.meta.as_of,
            ),
            style="dim",
        )

    return View(fields=EVENT_FIELDS, records=lambda: [event_record(e) for e in events], columns=columns, human=human)
