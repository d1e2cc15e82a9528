"""msc about, msc sources and msc mechanisms: short passages in English and Chinese, each with its mark."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msccli.catalogue.records import Catalogue
from msccli.output.render import Field, View
from msccli.text.i18n import pick, tr, tr_value
from msccli.views.common import marked, styled
from msccli.views.products import disclaimer

if TYPE_CHECKING:
    from rich.console import Console

    from msccli.output.render import Records

PASSAGE_FIELDS = (
    Field("id", "string", "Id."),
    Field("title", "string", "Title, in English."),
    Field("title_zh", "string|null", "Title, in Chinese."),
    Field("text", "string", "What the sources say, in English (msc's own words)."),
    Field("text_zh", "string|null", "The same, in Chinese."),
    Field("mark", "string", "Verification mark: SEED-ONLY when only the source review says it."),
    Field("refs", "array", "Reference ids (msc refs ID)."),
)
SOURCE_FIELDS = (
    *PASSAGE_FIELDS[:5],
    Field("products", "array", "Approved products made from this tissue, from the catalogue."),
    Field("approvals", "array", "Their approvals: product, jurisdiction, date, status."),
    *PASSAGE_FIELDS[5:],
)
MECHANISM_FIELDS = (
    *PASSAGE_FIELDS[:5],
    Field("factors", "array", "Factors and cells named: VEGF, HGF, IDO, PGE2, IL-10, ..."),
    *PASSAGE_FIELDS[5:],
)


def passages_view(catalogue: Catalogue, rows: Records, fields: tuple[Field, ...], hint: str) -> View:
    def human(con: Console) -> None:
        for row in rows:  # in the reader's language; the data formats carry both
            con.print(styled(pick(row["title"], row["title_zh"]), "bold"))
            con.print(marked(f"  {pick(row['text'], row['text_zh'])}", row["mark"], row["refs"]))
            if row.get("factors"):
                con.print(tr("  Factors: {factors}", factors=", ".join(row["factors"])), style="dim")
            if "products" in row:
                listed = "; ".join(_approvals(catalogue, row["products"])) or tr("none in the catalogue")
                con.print(tr("  Approved products: {listed}", listed=listed), style="dim")
        con.print(tr(hint), style="dim")
        con.print(disclaimer(catalogue), style="dim")

    return View(fields=fields, records=rows, human=human)


def _approvals(catalogue: Catalogue, product_ids: list[str]) -> list[str]:
    """'RYONCIL (US 2024-12-18, active)' for each approval, in the reader's language."""
    found = []
    for product in (catalogue.product(i) for i in product_ids):
        for a in product.approvals:
            found.append(f"{product.name} ({a.jurisdiction} {a.date or tr('date not known')}, {tr_value(a.status)})")
    return found
