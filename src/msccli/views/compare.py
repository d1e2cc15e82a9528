"""msc compare: products side by side, one column per product for people, one record per product for scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msccli.catalogue.records import Catalogue
from msccli.lookup.compare import FIELDS
from msccli.output.render import Column, Field, View
from msccli.text.i18n import pick, tr, tr_soft, tr_value
from msccli.views.common import TISSUE_LABEL, english_notice
from msccli.views.products import disclaimer

if TYPE_CHECKING:
    from rich.console import Console

    from msccli.output.render import Records

COMPARE_FIELDS = (
    Field("product", "string", "Product id (as every command names it)."),
    Field("name", "string", "Brand name."),
    Field("approved", "boolean", "false for a product often listed as approved that is not."),
    Field("verdict", "string", "approved, or why not: not-approved, not-msc, no-approval-found, unverified-claim."),
    Field("approvals", "array", "Jurisdiction and date of each approval."),
    Field("indication", "array", "Approved indication per approval, in English: 'US: ...'."),
    Field(
        "indication_zh",
        "array",
        "Approved indication per approval as the source review words it (null where it has none), in the script "
        "of --lang.",
    ),
    Field("pathways", "array", "Pathway per jurisdiction."),
    Field("statuses", "array", "Status per jurisdiction with its evidence date and, where known, its end."),
    Field("tissue", "string|null", "Cell source tissue."),
    Field("donor", "string|null", "autologous or allogeneic."),
    Field("inn", "string|null", "International nonproprietary name."),
    Field("developer", "string|null", "Developer or holder."),
    Field("routes", "array", "Routes of administration."),
    Field("dose", "array", "Labelled dose per dosing record, with its mark."),
    Field("schedule", "array", "Schedule per dosing record, with its mark."),
    Field("pivotal", "array", "Pivotal trials: registry id, phase, participants, result."),
    Field("orphan", "array", "Orphan designations for approved indications: where, number, date."),
    Field("family", "string|null", "The family of the same cells under other names."),
    Field("mark", "string", "Verification mark of the record."),
    Field("refs", "array", "Reference ids of the approvals and the record."),
)


def _cell(name: str, value: Any, record: dict[str, Any]) -> str:
    if value is None or value == []:
        return ""
    if name == "indication":  # in Chinese the source review's words where it has them
        zh = record.get("indication_zh") or [None] * len(value)
        return "\n".join(_indication(en, chinese) for en, chinese in zip(value, zh, strict=True))
    if name == "approved":
        return tr("yes") if value else tr("no")
    if name == "tissue":
        return tr_value(str(TISSUE_LABEL.get(value, value)))
    if name == "pathways":  # 'US conditional'
        return "\n".join(" ".join(tr_value(word) for word in str(v).split(" ")) for v in value)
    if isinstance(value, list):
        return "\n".join(tr_soft(str(v)) for v in value)
    return tr_value(str(value))


def _indication(en: str, zh: str | None) -> str:
    where, _, text = en.partition(": ")
    return f"{where}: {pick(text, zh.partition(': ')[2] if zh else None)}"


def compare_view(catalogue: Catalogue, records: Records) -> View:
    def human(con: Console) -> None:
        from msccli.output.render import grid

        columns = [Column("label", "", style="bold", identity=True, data_header=True, no_wrap=True)]
        columns += [Column(f"p{i}", record["name"], data_header=True) for i, record in enumerate(records)]
        rows = [
            {"label": tr(label), **{f"p{i}": _cell(name, r.get(name), r) for i, r in enumerate(records)}}
            for name, label in FIELDS
        ]
        grid(con, columns, rows)
        con.print(
            tr("Catalogue as of {as_of}. Every fact with its source: msc product NAME.", as_of=catalogue.meta.as_of),
            style="dim",
        )
        english_notice(con)
        con.print(disclaimer(catalogue), style="dim")

    return View(fields=COMPARE_FIELDS, records=records, human=human)
