"""msc products: the approval rows' fields and table (views/products.py has the whole record of msc product)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msccli.output.render import Column, Field, View
from msccli.text.i18n import N_, chinese, pick, tr, tr_value
from msccli.text.match import plural
from msccli.views.common import mark_cell, styled

if TYPE_CHECKING:
    from typing import Any

    from msccli.catalogue.records import Catalogue
    from msccli.output.render import Records

APPROVAL_FIELDS = (
    Field("product", "string", "Product id (msc product ID shows the whole record)."),
    Field("name", "string", "Brand name."),
    Field("inn", "string|null", "International nonproprietary name, when there is one."),
    Field("jurisdiction", "string", "Where: ISO 3166 code, or EU."),
    Field("country", "string", "Where, in English."),
    Field("regulator", "string|null", "The authority that approved it."),
    Field("date", "string|null", "Approval date, ISO 8601 at its precision (2012, 2012-01, 2012-01-19)."),
    Field("precision", "string|null", "year, month or day."),
    Field("year", "integer|null", "Year of approval."),
    Field("pathway", "string", "full, standard, conditional, conditional-time-limited, limited, ... or unknown."),
    Field("status", "string", "active, withdrawn, superseded or unknown."),
    Field("status_date", "string|null", "Date of the status (a withdrawal's date)."),
    Field("status_as_of", "string", "Date of the latest evidence for the status; later changes may be missing."),
    Field(
        "status_old",
        "boolean",
        "true when an active or unknown status rests on evidence more than three years before in_force_on.",
    ),
    Field(
        "available_from", "string|null", "Date the product became available (launch), where it differs from approval."
    ),
    Field("ends", "string|null", "When the approval ends: a registration's stated validity, or a derived term end."),
    Field("ends_basis", "string|null", "stated (from a source) or derived (term start + term length, arithmetic)."),
    Field(
        "ends_note",
        "string|null",
        "What a derived end is: a term's end, or an original term end the approval continues past.",
    ),
    Field(
        "term_state",
        "string|null",
        "On in_force_on: running (end ahead), ended (end reached), or pending-renewal (end reached, the approval "
        "continues while an application filed inside the term is decided).",
    ),
    Field("term_years", "integer|null", "Length of a conditional or provisional term, in years."),
    Field(
        "in_force",
        "boolean|null",
        "In force on in_force_on: approved by then, not withdrawn, term not ended; null when msc cannot tell.",
    ),
    Field("in_force_on", "string", "The day term_state and in_force are reckoned on: --active-on, else today."),
    Field("holder", "string|null", "Marketing authorisation or licence holder in this jurisdiction."),
    Field("licence", "string|null", "Licence, approval or registration number."),
    Field("orphan", "boolean", "The product holds an orphan designation in this jurisdiction."),
    Field("indication", "string", "Approved indication, in English."),
    Field("indication_zh", "string|null", "Approved indication, as the source review words it."),
    Field("indication_short", "string|null", "A few words of the indication, for narrow tables."),
    Field("developer", "string|null", "Developer or marketing authorisation holder."),
    Field("tissue", "string|null", "Cell source: bone-marrow, adipose, umbilical-cord, umbilical-cord-blood."),
    Field("donor", "string|null", "autologous or allogeneic."),
    Field("routes", "array", "Routes of administration."),
    Field("mark", "string", "Verification mark of the approval: VERIFIED, SEED-ONLY or CONFLICT."),
    Field("refs", "array", "Reference ids (msc refs ID)."),
    Field("as_of", "string", "The catalogue's date: facts were checked against their sources then."),
)
TISSUE_SHORT = {"bone-marrow": "BM", "adipose": "AD", "umbilical-cord": "UC", "umbilical-cord-blood": "UCB"}
DONOR_SHORT = {"autologous": "auto", "allogeneic": "allo"}


def _source_short(record: dict[str, Any]) -> str:
    if record["tissue"] is None:
        return ""
    return f"{TISSUE_SHORT[record['tissue']]} {DONOR_SHORT[record['donor']]}"


TERM_STATE_LABEL = {"ended": N_("term ended\n{ends}"), "pending-renewal": N_("pending renewal")}


def _status(record: dict[str, Any]) -> Any:
    if record["status"] == "withdrawn":
        return styled(tr("withdrawn\n{status_date}", status_date=record["status_date"]), "bold red")
    text = styled(tr_value(record["status"]))
    if record["status_old"]:
        text.append("\n" + tr("evidence {status_as_of}", status_as_of=record["status_as_of"]), style="yellow")
    state = record["term_state"]
    if state in TERM_STATE_LABEL:
        text.append("\n" + tr(TERM_STATE_LABEL[state], ends=record["ends"]), style="yellow")
    return text


def ends_text(record: dict[str, Any]) -> str:
    """The end for people: the date, whether it is derived, and (past it) what it means now."""
    end = record["ends"]
    if end is None:
        return ""
    text = tr("{end} (derived)", end=end) if record["ends_basis"] == "derived" else end
    if record["term_state"] != "running" and record["ends_note"]:
        text += "\n" + tr(record["ends_note"])
    return text


APPROVAL_COLUMNS = [
    Column("name", "Product", style="bold", identity=True),
    Column("jurisdiction", "In", identity=True),
    Column("date", "Approved", show=lambda r: r["date"] or tr("not known"), no_wrap=True),
    Column("pathway", "Pathway", show=lambda r: tr_value(r["pathway"]), min_terminal=140),
    Column("status", "Status", show=_status, min_width=9),
    Column("status_as_of", "As of", no_wrap=True, min_terminal=100),
    Column(
        "tissue",
        "Source",
        show=_source_short,
        no_wrap=True,
        min_terminal=100,
        legend="Source: BM bone marrow, AD adipose, UC umbilical cord, UCB cord blood; "
        "auto/allo: autologous/allogeneic.",
    ),
    Column("routes", "Route", show=lambda r: ", ".join(tr_value(x) for x in r["routes"]), min_terminal=140),
    Column("indication", "Indication", show=lambda r: indication_text(r)),
    Column("mark", "Mark", show=mark_cell, identity=True, no_wrap=True),
]


ENDS_COLUMN = Column(
    "ends",
    "Ends",
    show=ends_text,
    legend="Ends: a registration's stated validity, or (derived) a conditional term's start plus its length.",
)


def indication_text(record: dict[str, Any]) -> str:
    """The indication for people: in English its short form, in Chinese the source review's words."""
    if chinese():
        return pick(record["indication"], record["indication_zh"])
    return str(record["indication_short"] or record["indication"])


def left_out_notes(left_out: dict[str, int], on: str) -> list[str]:
    """What a filter on time left out, and how to see it: the table's footer, or a note on stderr with data."""
    notes = []
    if left_out["ended"]:
        notes.append(
            tr(
                "{approvals} whose end was reached by {on} left out; --include-ended adds them",
                approvals=plural(left_out["ended"], "approval"),
                on=on,
            )
        )
    if left_out["untold"]:
        notes.append(
            tr(
                "{approvals} whose standing on {on} msc cannot tell (status unknown or superseded, or a date known "
                "only to the month or year) left out",
                approvals=plural(left_out["untold"], "approval"),
                on=on,
            )
        )
    return notes


def member_state_notes(catalogue: Catalogue, countries: set[str]) -> list[str]:
    """A union's approvals are its centralised ones: name its member states' national authorisations beside them
    (--country EU: Obnitix in DE, NC1 in ES)."""
    notes = []
    for union in sorted(countries):
        members = {j.code for j in catalogue.jurisdictions if j.member_of == union} - countries
        national = [
            (p.name, a.jurisdiction) for p in catalogue.products for a in p.approvals if a.jurisdiction in members
        ]
        if national:
            codes = sorted({code for _, code in national})
            notes.append(
                tr(
                    "{union} approvals are centralised ones; national authorisations in its member states: "
                    "{national} (msc products --country {codes})",
                    union=union,
                    national=", ".join(f"{name} ({code})" for name, code in national),
                    codes=",".join(codes),
                )
            )
    return notes


def products_view(
    as_of: str,
    disclaimer: str,
    rows: Records,
    verified_only: bool,
    show_ends: bool = False,
    notes: list[str] | None = None,
) -> View:
    """msc products: one row per approval; the catalogue's date and the disclaimer under the table."""
    products = len({r["product"] for r in rows})
    summary = tr(
        "{approvals} of {products} · catalogue as of {as_of}",
        approvals=plural(len(rows), "approval"),
        products=plural(products, "product"),
        as_of=as_of,
    )
    old = sum(bool(r["status_old"]) for r in rows)
    footer = [
        summary + (" · " + tr("verified facts only") if verified_only else ""),
        *(notes or []),
        *(
            [tr("{approvals}: the status rests on evidence over three years old", approvals=plural(old, "approval"))]
            if old
            else []
        ),
        tr("Every field: -f json or a wider terminal. Details: msc product NAME."),
        disclaimer,
    ]
    columns = list(APPROVAL_COLUMNS)
    if show_ends:  # asked about when approvals end: show it at any width, after the status
        columns.insert(columns.index(next(c for c in columns if c.field == "status_as_of")) + 1, ENDS_COLUMN)
    return View(fields=APPROVAL_FIELDS, records=rows, columns=columns, footer=footer, notes=notes)
