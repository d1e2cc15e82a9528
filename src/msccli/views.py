"""Build each command's View: the rows, columns and human layout that render.emit prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .catalog import Catalogue
from .model import NotApproved, Product
from .render import Column, View, to_builtins

if TYPE_CHECKING:
    from rich.console import Console

MARK_STYLE = {"VERIFIED": "green", "SEED-ONLY": "yellow", "CONFLICT": "red"}
TISSUE_LABEL = {
    "bone-marrow": "bone marrow",
    "adipose": "adipose",
    "umbilical-cord": "umbilical cord",
    "umbilical-cord-blood": "umbilical cord blood",
}


def mark_text(mark: str, refs: list[str]) -> str:
    return f"[{mark}: {', '.join(refs)}]" if refs else f"[{mark}]"


TISSUE_SHORT = {"bone-marrow": "BM", "adipose": "AD", "umbilical-cord": "UC", "umbilical-cord-blood": "UCB"}
DONOR_SHORT = {"autologous": "auto", "allogeneic": "allo"}


def source_short(row: dict[str, Any]) -> str:
    if row["tissue"] is None:
        return ""
    return f"{TISSUE_SHORT[row['tissue']]} {DONOR_SHORT[row['donor']]}"


def products_view(catalogue: Catalogue, rows: list[dict[str, Any]], verified_only: bool) -> View:
    columns = [
        Column("name", "Product", style="bold"),
        Column("jurisdiction", "Where"),
        Column("date", "Approved"),
        Column("pathway", "Pathway"),
        Column("status", "Status"),
        Column("indication", "Indication"),
        Column("tissue", "Source", show=lambda t: TISSUE_LABEL.get(t, t)),
        Column("donor", "Donor"),
        Column("routes", "Route", show=lambda r: ", ".join(r)),
        Column("mark", "Mark"),
    ]
    products = len({r["product"] for r in rows})
    caption = f"{len(rows)} approvals of {products} products · catalogue as of {catalogue.meta.as_of}" + (
        " · verified facts only" if verified_only else ""
    )

    def human(con: Console) -> None:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        wide = con.width >= 140
        narrow = con.width < 100
        table = Table(box=box.SIMPLE_HEAD, caption=caption, pad_edge=False)
        table.add_column("Product", style="bold", ratio=2, min_width=10, overflow="fold")
        table.add_column("In" if narrow else "Where", no_wrap=True)
        table.add_column("Approved", no_wrap=True)
        if wide:
            table.add_column("Pathway", ratio=1)
        table.add_column("Status", no_wrap=True)
        table.add_column("Source", no_wrap=True)
        if wide:
            table.add_column("Route", ratio=1)
        table.add_column("Indication", ratio=3, min_width=12)
        table.add_column("M" if narrow else "Mark", no_wrap=True)
        for row in rows:
            status = Text(row["status"])
            if row["status"] == "withdrawn":
                status = Text(f"withdrawn\n{row['status_date']}", style="bold red")
            cells: list[Any] = [row["name"], row["jurisdiction"], row["date"] or "not known"]
            if wide:
                cells.append(row["pathway"])
            cells += [status, source_short(row)]
            if wide:
                cells.append(", ".join(row["routes"]))
            cells += [
                row["indication_short"] or row["indication"],
                Text(row["mark"][0] if narrow else row["mark"], style=MARK_STYLE.get(row["mark"], "")),
            ]
            table.add_row(*cells)
        con.print(table)
        if narrow:
            con.print("M (mark): V verified, S seed-only (only the source review says it), C conflict.", style="dim")
        con.print(
            "Source: BM bone marrow, AD adipose, UC umbilical cord, UCB cord blood; auto/allo: autologous/allogeneic."
            " Details: msc product NAME.",
            style="dim",
        )
        con.print(catalogue.meta.disclaimer.en, style="dim")

    return View(rows=rows, columns=columns, caption=caption, human=human)


def product_document(catalogue: Catalogue, record: Product | NotApproved) -> dict[str, Any]:
    data: dict[str, Any] = {"approved": isinstance(record, Product), **to_builtins(record)}
    data["references"] = [to_builtins(catalogue.reference(r)) for r in sorted(record_refs(record))]
    if isinstance(record, Product):
        data["errata"] = [to_builtins(e) for e in catalogue.errata if record.id in e.subjects]
    data["as_of"] = catalogue.meta.as_of
    return data


def record_refs(record: Product | NotApproved) -> set[str]:
    if isinstance(record, NotApproved):
        return set(record.refs)
    from .catalog import cited_items

    refs = set(record.inn_refs)
    for _path, item in cited_items(record):
        refs.update(item.refs)
    return refs


def product_rows(catalogue: Catalogue, record: Product | NotApproved) -> list[dict[str, Any]]:
    """Flat rows for csv/tsv/jsonl/markdown: one per approval (or one stating it is not approved)."""
    from .query import approval_row

    if isinstance(record, NotApproved):
        return [
            {
                "product": record.id,
                "name": record.name,
                "approved": False,
                "verdict": record.verdict,
                "jurisdiction": record.jurisdiction,
                "reason": record.reason,
                "mark": record.mark,
                "refs": record.refs,
            }
        ]
    return [{**approval_row(catalogue, record, approval, False), "approved": True} for approval in record.approvals]


def product_view(catalogue: Catalogue, records: list[Product | NotApproved]) -> View:
    rows = [row for record in records for row in product_rows(catalogue, record)]
    columns = [
        Column("name", "Product"),
        Column("jurisdiction", "Where"),
        Column("date", "Approved"),
        Column("status", "Status"),
        Column("indication", "Indication"),
        Column("mark", "Mark"),
    ]

    def human(con: Console) -> None:
        for i, record in enumerate(records):
            if i:
                con.rule()
            if isinstance(record, NotApproved):
                _not_approved_human(con, catalogue, record)
            else:
                _product_human(con, catalogue, record)
        con.print(catalogue.meta.disclaimer.en, style="dim")

    return View(
        rows=rows,
        columns=columns,
        document=[product_document(catalogue, r) for r in records],
        human=human,
    )


def _marked(text: str, mark: str, refs: list[str]) -> Any:
    from rich.text import Text

    line = Text(text)
    line.append("  ")
    line.append(mark_text(mark, refs), style=MARK_STYLE.get(mark, ""))
    return line


def _not_approved_human(con: Console, catalogue: Catalogue, record: NotApproved) -> None:
    from rich.text import Text

    title = Text(record.name, style="bold")
    title.append("  NOT AN APPROVED MSC PRODUCT", style="bold red")
    con.print(title)
    verdict = {
        "not-approved": "No marketing approval.",
        "not-msc": "Approved, but not a culture-expanded MSC product.",
        "no-approval-found": "Listed as approved in some reviews; no approval was found.",
    }[record.verdict]
    con.print(verdict)
    con.print(_marked(record.reason, record.mark, record.refs))
    if record.developer:
        con.print(f"Developer: {record.developer}")
    if record.note:
        con.print(f"Note: {record.note}")
    _references_human(con, catalogue, sorted(record.refs))


def _product_human(con: Console, catalogue: Catalogue, product: Product) -> None:
    from rich.text import Text

    title = Text(product.name, style="bold")
    title.append(f"  ({product.id})", style="dim")
    con.print(title)
    if product.inn:
        con.print(_marked(f"INN: {product.inn}", product.inn_mark or "", product.inn_refs))
    if product.inn_note:
        con.print(f"  {product.inn_note}", style="dim")
    for name in product.names:
        label = f"Also: {name.name} ({name.lang}, {name.kind})"
        con.print(_marked(label + (f" - {name.note}" if name.note else ""), name.mark, name.refs))
    con.print(_marked(f"Developer: {product.developer.name}", product.developer.mark, product.developer.refs))
    source = product.source
    con.print(
        _marked(
            f"Cell source: {TISSUE_LABEL[source.tissue]}, {source.donor}. {source.detail}",
            source.mark,
            source.refs,
        )
    )
    for a in product.approvals:
        status = a.status + (f" {a.status_date}" if a.status_date else "")
        when = (a.date or "date not known") + (f" ({a.precision})" if a.precision else "")
        head = Text(f"Approval {a.jurisdiction} {when} · pathway: {a.pathway} · status: ", style="bold")
        head.append(status, style="bold red" if a.status == "withdrawn" else "bold")
        head.append("  " + mark_text(a.mark, a.refs), style=MARK_STYLE.get(a.mark, ""))
        con.print(head)
        con.print(f"  Regulator: {a.regulator or 'not recorded in the sheets'}")
        con.print(f"  Indication: {a.indication.en}")
        if a.indication.zh:
            con.print(f"  適應症: {a.indication.zh}")
        for detail in (a.date_note, a.pathway_detail, a.status_note):
            if detail:
                con.print(f"  {detail}", style="dim")
    for dosing in product.dosing:
        con.print(Text("Dosing", style="bold"))
        route = ", ".join(dosing.route.codes)
        con.print(_marked(f"  Route: {route}. {dosing.route.detail}", dosing.route.mark, dosing.route.refs))
        amount = dosing.amount
        con.print(_marked(f"  Dose: {amount.source_text}", amount.mark, amount.refs))
        if amount.note:
            con.print(f"    {amount.note}", style="dim")
        if amount.seed_text:
            con.print(f"    Source review wording: {amount.seed_text}", style="dim")
        sched = dosing.schedule
        con.print(_marked(f"  Schedule: {sched.text}", sched.mark, sched.refs))
        if sched.extension:
            con.print(f"    Then: {sched.extension}")
        for label, note in (("Re-administration", dosing.re_administration), ("Timing", dosing.timing)):
            if note is not None:
                con.print(_marked(f"  {label}: {note.text}", note.mark, note.refs))
        con.print(f"  Calculate a dose: msc dose {product.id}", style="dim")
    groups = (("Evidence", product.evidence), ("Notes", product.notes), ("Not approved", product.not_approved))
    for label, group in groups:
        if group:
            con.print(Text(label, style="bold"))
            for note in group:
                con.print(_marked(f"  - {note.text}", note.mark, note.refs))
    errata = [e for e in catalogue.errata if product.id in e.subjects]
    if errata:
        con.print(Text("Corrections to the source review", style="bold"))
        for erratum in errata:
            con.print(f"  {erratum.id}: {erratum.correction}")
    _references_human(con, catalogue, sorted(record_refs(product)))
    con.print(f"Catalogue as of {catalogue.meta.as_of}.", style="dim")


def _references_human(con: Console, catalogue: Catalogue, ref_ids: list[str]) -> None:
    from rich.text import Text

    con.print(Text("References", style="bold"))
    for ref_id in ref_ids:
        ref = catalogue.reference(ref_id)
        where = f"doi:{ref.doi}" if ref.doi else (ref.urls[0] if ref.urls else "")
        con.print(f"  {ref.id}  {ref.title}" + (f"  {where}" if where else ""))


def errata_view(catalogue: Catalogue, product: str | None) -> View:
    errata = [e for e in catalogue.errata if product is None or product in e.subjects]
    rows = [
        {
            "id": e.id,
            "kind": e.kind,
            "subjects": e.subjects,
            "seed_says": e.seed_says,
            "correction": e.correction,
            "refs": e.refs,
        }
        for e in errata
    ]
    columns = [
        Column("id", "Id", no_wrap=True, style="bold"),
        Column("kind", "Kind", no_wrap=True),
        Column("subjects", "About", show=lambda s: ", ".join(s), max_width=18),
        Column("seed_says", "The source review says", max_width=40),
        Column("correction", "Correction", max_width=60),
        Column("refs", "Evidence", show=lambda r: ", ".join(r), max_width=14),
    ]
    return View(rows=rows, columns=columns, caption=f"{len(rows)} corrections to the source review")


def refs_view(catalogue: Catalogue, ids: list[str]) -> View:
    refs = [catalogue.reference(i) for i in ids] if ids else catalogue.references
    rows = [{"id": r.id, "kind": r.kind, "title": r.title, "doi": r.doi, "urls": r.urls, "note": r.note} for r in refs]
    columns = [
        Column("id", "Id", no_wrap=True, style="bold"),
        Column("title", "Reference", max_width=70),
        Column("doi", "DOI", max_width=30),
        Column("urls", "URL", show=lambda u: u[0] if u else "", max_width=40),
    ]
    return View(rows=rows, columns=columns, caption=f"{len(rows)} references")
