"""msc products, msc product and msc jurisdictions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msccli.catalogue.checks import cited_refs
from msccli.catalogue.freshness import status_evidence_old
from msccli.catalogue.model import NotApproved, Product
from msccli.catalogue.records import Catalogue
from msccli.lookup.query import approval_end, today_iso
from msccli.output.render import Column, Field, View
from msccli.text.i18n import N_, current, pick, script, tr, tr_value
from msccli.views.common import (
    MARK_STYLE,
    TISSUE_LABEL,
    english_notice,
    mark_cell,
    mark_text,
    marked,
    participants,
    styled,
    to_builtins,
)

if TYPE_CHECKING:
    from rich.console import Console

# -- msc product --------------------------------------------------------------------------------

PRODUCT_FIELDS = (
    Field("product", "string", "Product id (as every command names it)."),
    Field("name", "string", "Brand name."),
    Field(
        "approved", "boolean", "true for an approved MSC product; false for one often listed as approved that is not."
    ),
    Field("verdict", "string", "approved, or why not: not-approved, not-msc, no-approval-found, unverified-claim."),
    Field("reason", "string|null", "For a product that is not approved: the evidence, in short."),
    Field("inn", "string|null", "International nonproprietary name."),
    Field("inn_mark", "string|null", "Verification mark of the INN."),
    Field("inn_refs", "array", "References for the INN."),
    Field("inn_note", "string|null", "A note on the INN."),
    Field("names", "array", "Other names: aliases, Chinese names, earlier brands."),
    Field("developer", "object|null", "Developer, with mark and references."),
    Field("cell_source", "object|null", "Cell source: tissue, donor, detail, mark, refs."),
    Field("approvals", "array", "Approvals: jurisdiction, date, pathway, indication, status, mark, references."),
    Field("dosing", "array", "Labelled dosing: route, amount, schedule, concentration, presentation."),
    Field("evidence", "array", "Clinical evidence notes."),
    Field("notes", "array", "Other notes."),
    Field("not_approved", "array", "What the product is not approved for."),
    Field(
        "trials", "array", "Pivotal and other trials: registry ids and links, phase, participants, endpoint, result."
    ),
    Field("designations", "array", "Orphan designations, expedited programmes, exclusivities, conditions, duties."),
    Field("documents", "array", "Official documents and records: label, SmPC, EPAR, reviews, with URLs."),
    Field("codes", "array", "Codes: ATC, MeSH, DrugBank, UNII, KEGG, national codes."),
    Field("events", "array", "Dated regulatory events: re-licensing, filings, council decisions, withdrawals."),
    Field("families", "array", "Families the product belongs to: same cells or technology under other names."),
    Field("jurisdiction", "string|null", "For a product that is not approved: where it was claimed."),
    Field("jurisdiction_note", "string|null", "A note on where it was claimed."),
    Field("mark", "string", "Verification mark of the record."),
    Field("refs", "array", "Reference ids of the record itself."),
    Field("errata", "array", "Corrections to the source review about this product."),
    Field("cited_references", "array", "Every reference the record cites, in full (refs are their ids)."),
    Field("as_of", "string", "The catalogue's date."),
)


def product_record(catalogue: Catalogue, record: Product | NotApproved) -> dict[str, Any]:
    references = [to_builtins(catalogue.reference(r)) for r in cited_refs(record)]
    base: dict[str, Any] = {f.name: None for f in PRODUCT_FIELDS}
    base.update(product=record.id, name=record.name, mark=record.mark, refs=list(record.refs))
    base.update(cited_references=references, as_of=catalogue.meta.as_of)
    if isinstance(record, NotApproved):
        note = [{"text": record.note, "mark": record.mark, "refs": record.refs}] if record.note else []
        base.update(approved=False, verdict=record.verdict, reason=record.reason, jurisdiction=record.jurisdiction)
        base.update(jurisdiction_note=record.jurisdiction_note)
        base.update(names=[{"name": n} for n in record.names], inn_refs=[], approvals=[], dosing=[], evidence=[])
        base.update(developer={"name": record.developer} if record.developer else None, notes=note)
        base.update(not_approved=[], errata=[], trials=[], designations=[], documents=[], codes=[], events=[])
        base.update(families=[])
        return base
    base.update(approved=True, verdict="approved", inn=record.inn, inn_mark=record.inn_mark)
    base.update(inn_refs=record.inn_refs, inn_note=record.inn_note, developer=to_builtins(record.developer))
    for name in ("names", "approvals", "dosing", "evidence", "notes", "not_approved", "designations", "documents"):
        base[name] = to_builtins(getattr(record, name))
    for name in ("codes", "events"):
        base[name] = to_builtins(getattr(record, name))
    for approval, out in zip(record.approvals, base["approvals"], strict=True):
        out["ends"], out["ends_basis"] = approval_end(approval)
        out["status_old"] = status_evidence_old(approval.status, approval.status_as_of, today_iso())
    for fact in [*base["approvals"], *(d["amount"] for d in base["dosing"])]:
        for key in ("quotes", "partly", "unquoted", "unquoted_note"):  # after the facts they support, in every format
            if key in fact:
                fact[key] = fact.pop(key)
    base["trials"] = [trial_links(t) for t in record.trials]
    base["families"] = [to_builtins(f) for f in catalogue.families if record.id in f.members]
    base["cell_source"] = to_builtins(record.source)
    base["errata"] = [to_builtins(e) for e in catalogue.errata if record.id in e.subjects]
    return base


def product_view(catalogue: Catalogue, query: str, found: list[Product | NotApproved]) -> View:
    def human(con: Console) -> None:
        if len(found) > 1:
            names = ", ".join(f"{r.name} ({r.id})" for r in found)
            con.print(
                tr("{query!r} names {count} records: {names}", query=query, count=len(found), names=names), style="dim"
            )
        for i, record in enumerate(found):
            if i:
                con.rule()
            if isinstance(record, NotApproved):
                _not_approved_human(con, catalogue, record)
            else:
                _product_human(con, catalogue, record)
        con.print(disclaimer(catalogue), style="dim")

    columns = [
        Column("name", "Product", identity=True),
        Column("verdict", "Verdict", show=lambda r: tr_value(r["verdict"])),
        Column("approvals", "Approvals", show=lambda r: ", ".join(a["jurisdiction"] for a in r["approvals"])),
        Column("mark", "Mark", show=mark_cell, identity=True, no_wrap=True),
    ]
    return View(
        fields=PRODUCT_FIELDS,
        records=lambda: [product_record(catalogue, r) for r in found],
        columns=columns,
        human=human,
    )


NOT_APPROVED_VERDICT = {
    "not-approved": N_("No marketing approval."),
    "not-msc": N_("Approved, but not a culture-expanded MSC product."),
    "no-approval-found": N_("Listed as approved in some reviews; no approval was found."),
    "unverified-claim": N_(
        "An approval was reported, but no regulator record confirms it; msc never counts it as one."
    ),
}


def _not_approved_human(con: Console, catalogue: Catalogue, record: NotApproved) -> None:
    title = styled(record.name, "bold")
    verdict = (
        tr("REPORTED APPROVAL, NOT CONFIRMED")
        if record.verdict == "unverified-claim"
        else tr("NOT AN APPROVED MSC PRODUCT")
    )
    title.append(f"  {verdict}", style="bold red")
    con.print(title)
    con.print(tr(NOT_APPROVED_VERDICT[record.verdict]))
    english_notice(con)
    con.print(marked(record.reason, record.mark, record.refs))
    where = " ".join(part for part in (record.jurisdiction, record.jurisdiction_note) if part)
    if where:
        con.print(tr("Where: {where}", where=where))
    if record.developer:
        con.print(tr("Developer: {developer}", developer=record.developer))
    if record.note:
        con.print(tr("Note: {note}", note=record.note))
    _references_human(con, catalogue, cited_refs(record))


def _product_human(con: Console, catalogue: Catalogue, product: Product) -> None:
    title = styled(product.name, "bold")
    title.append(f"  ({product.id})", style="dim")
    con.print(title)
    english_notice(con)
    if product.inn:
        con.print(marked(tr("INN: {inn}", inn=product.inn), product.inn_mark or "", product.inn_refs))
    if product.inn_note:
        con.print(f"  {product.inn_note}", style="dim")
    for name in product.names:
        label = tr("Also: {name} ({lang}, {kind})", name=name.name, lang=name.lang, kind=name.kind)
        con.print(marked(label + (f" - {name.note}" if name.note else ""), name.mark, name.refs))
    con.print(
        marked(tr("Developer: {name}", name=product.developer.name), product.developer.mark, product.developer.refs)
    )
    source = product.source
    cell_source = tr(
        "Cell source: {TISSUE_LABEL}, {donor}. {detail}",
        TISSUE_LABEL=TISSUE_LABEL[source.tissue],
        donor=source.donor,
        detail=source.detail,
    )
    con.print(marked(cell_source, source.mark, source.refs))
    for a in product.approvals:
        status = tr_value(a.status) + (f" {a.status_date}" if a.status_date else "")
        when = (a.date or tr("date not known")) + (f" ({tr_value(a.precision)})" if a.precision else "")
        head = styled(
            tr(
                "Approval {jurisdiction} {when} · pathway: {pathway} · status: ",
                jurisdiction=a.jurisdiction,
                when=when,
                pathway=a.pathway,
            ),
            "bold",
        )
        head.append(status, style="bold red" if a.status == "withdrawn" else "bold")
        head.append("  " + mark_text(a.mark, a.refs), style=MARK_STYLE.get(a.mark, ""))
        con.print(head)
        _approval_details(con, a)
    for dosing in product.dosing:
        con.print(styled(tr("Dosing"), "bold"))
        dose_label(con, dosing, "  ")
        sched = dosing.schedule
        con.print(marked(tr("  Schedule: {text}", text=sched.text), sched.mark, sched.refs))
        if sched.extension:
            con.print(tr("    Then: {extension}", extension=sched.extension))
        for label, note in ((N_("Re-administration"), dosing.re_administration), (N_("Timing"), dosing.timing)):
            if note is not None:
                con.print(marked(f"  {tr(label)}: {note.text}", note.mark, note.refs))
        con.print(tr("  Calculate a dose: msc dose {id}", id=product.id), style="dim")
    groups = (
        (N_("Evidence"), product.evidence),
        (N_("Notes"), product.notes),
        (N_("Not approved"), product.not_approved),
    )
    for label, group in groups:
        if group:
            con.print(styled(tr(label), "bold"))
            for note in group:
                con.print(marked(f"  - {note.text}", note.mark, note.refs))
    _regulatory_human(con, catalogue, product)
    errata = [e for e in catalogue.errata if product.id in e.subjects]
    if errata:
        con.print(styled(tr("Corrections (msc errata)"), "bold"))
        for erratum in errata:
            target = tr("fact sheet") if erratum.corrects == "fact-sheet" else tr("source review")
            con.print(f"  {erratum.id} ({target}): {erratum.correction}")
    _references_human(con, catalogue, cited_refs(product))
    con.print(tr("Catalogue as of {as_of}.", as_of=catalogue.meta.as_of), style="dim")


def _approval_details(con: Console, a: Any) -> None:
    """The lines under an approval's heading: regulator, indication, status evidence, dates, holder, term."""
    con.print(tr("  Regulator: {regulator}", regulator=a.regulator or N_("not recorded in the sheets")))
    con.print(tr("  Indication: {en}", en=pick(a.indication.en, a.indication.zh)))
    line = tr("  Status as of {status_as_of} (latest evidence)", status_as_of=a.status_as_of)
    if status_evidence_old(a.status, a.status_as_of, today_iso()):
        line += " · " + tr("over three years old: the status may have changed since")
    con.print(marked(line, a.status_mark, a.status_refs) if a.status_mark is not None else line)
    if a.available_from:
        con.print(
            tr(
                "  Available from {available_from}: {available_note}",
                available_from=a.available_from,
                available_note=a.available_note or N_("market availability"),
            )
        )
    if a.holder or a.licence:
        holder = "; ".join(
            p for p in (a.holder, tr("licence {licence}", licence=a.licence) if a.licence else None) if p
        )
        con.print(marked(tr("  Holder: {holder}", holder=holder), a.holder_mark or a.mark, a.holder_refs))
    end, basis = approval_end(a)
    if a.valid_until:
        con.print(tr("  Valid until {valid_until}", valid_until=a.valid_until))
    if a.term is not None:
        term = tr("  Term: {years} years", years=a.term.years)
        if basis == "derived":
            start = a.term.start or tr("approval date")
            term += ", " + tr(
                "ending {end} (derived: {start} + {years} years)", end=end, start=start, years=a.term.years
            )
        con.print(marked(term + (f". {a.term.conditions}" if a.term.conditions else ""), a.term.mark, a.term.refs))
    for detail in (a.date_note, a.pathway_detail, a.status_note):
        if detail:
            con.print(f"  {detail}", style="dim")


def _regulatory_human(con: Console, catalogue: Catalogue, product: Product) -> None:
    """Family, trials, designations, documents, codes and dated events, each with its mark."""
    from msccli.catalogue.trial_registries import registry_links

    for family in (f for f in catalogue.families if product.id in f.members):
        others = [catalogue.product(m).name + f" ({m})" for m in family.members if m != product.id]
        same = ", ".join(others)
        head = tr("Family: {name}, {relation}", name=family.name, relation=family.relation) + (
            "; " + tr("same as {same}", same=same) if others else ""
        )
        con.print(marked(head, family.mark, family.refs))
        con.print(f"  {family.lineage}")
        if family.note:
            con.print(f"  {family.note}", style="dim")
    if product.trials:
        con.print(styled(tr("Trials"), "bold"))
        for t in product.trials:
            ids = ", ".join(t.registry) or tr("no registry id")
            enrolled = participants(t.participants, t.participants_note)
            facts = [
                tr("phase {phase}", phase=t.phase) if t.phase else None,
                tr("participants: {enrolled}", enrolled=enrolled) if enrolled else None,
            ]
            head = f"  - {t.name} [{tr_value(t.role)}; {ids}]" + "".join(f"; {f}" for f in facts if f)
            con.print(marked(head, t.mark, t.refs))
            for label, text in ((N_("Design"), t.design), (N_("Endpoint"), t.endpoint), (N_("Result"), t.result)):
                if text:
                    con.print(f"      {tr(label)}: {text}")
            if t.note:
                con.print(f"      {t.note}", style="dim")
            for url in registry_links(t.registry):
                con.print(f"      {url}", style="dim")
    if product.designations:
        con.print(styled(tr("Designations and conditions"), "bold"))
        for d in product.designations:
            where = " ".join(x for x in (d.jurisdiction, d.number, d.date) if x)
            kind = tr_value(d.kind)
            con.print(marked(f"  - {kind}" + (f" ({where})" if where else "") + f": {d.text}", d.mark, d.refs))
    if product.documents:
        con.print(styled(tr("Documents (msc links {id})", id=product.id), "bold"))
        for doc in product.documents:
            where = " ".join(x for x in (doc.jurisdiction, doc.date) if x)
            con.print(
                marked(
                    f"  - {tr_value(doc.kind)}" + (f" ({where})" if where else "") + f": {doc.title}",
                    doc.mark,
                    doc.refs,
                )
            )
            if doc.url:
                con.print(f"      {doc.url}", style="dim")
            if doc.note:
                con.print(f"      {doc.note}", style="dim")
    if product.codes:
        con.print(styled(tr("Codes"), "bold"))
        for code in product.codes:
            text = f"  - {code.scheme} {code.code}" + (f" ({code.label})" if code.label else "")
            con.print(marked(text + (f". {code.note}" if code.note else ""), code.mark, code.refs))
    if product.events:
        con.print(styled(tr("Regulatory events"), "bold"))
        for e in product.events:  # in the data's order: chronological, and a year-only date stays in its place
            con.print(marked(f"  - {e.date} {e.jurisdiction} {tr_value(e.kind)}: {e.text}", e.mark, e.refs))


def dose_label(con: Console, dosing: Any, indent: str) -> None:
    """Route and labelled dose with their marks, the note, and the source review's own wording."""
    route, amount = dosing.route, dosing.amount
    codes = ", ".join(tr_value(code) for code in route.codes)
    con.print(marked(indent + tr("Route: {codes}. {detail}", codes=codes, detail=route.detail), route.mark, route.refs))
    con.print(marked(indent + tr("Dose: {source_text}", source_text=amount.source_text), amount.mark, amount.refs))
    if amount.note:
        con.print(f"{indent}  {amount.note}", style="dim")
    if amount.seed_text:
        con.print(f"{indent}  " + tr("Source review wording: {seed_text}", seed_text=amount.seed_text), style="dim")


def _references_human(con: Console, catalogue: Catalogue, ref_ids: list[str]) -> None:
    con.print(styled(tr("References"), "bold"))
    for ref_id in ref_ids:
        ref = catalogue.reference(ref_id)
        where = f"doi:{ref.doi}" if ref.doi else (ref.urls[0] if ref.urls else "")
        con.print(f"  {ref.id}  {ref.title}" + (f"  {where}" if where else ""))


def trial_links(trial: Any) -> dict[str, Any]:
    """A trial as builtins, with the registry record's address beside each id."""
    from msccli.catalogue.trial_registries import registry_links

    out: dict[str, Any] = to_builtins(trial)
    out["links"] = registry_links(trial.registry)
    return out


# -- msc jurisdictions --------------------------------------------------------------------------

JURISDICTION_FIELDS = (
    Field("code", "string", "What --country takes: ISO 3166 code, or EU."),
    Field("country", "string", "Name in English (as msc products names it)."),
    Field("country_zh", "array", "Names in Chinese: in both scripts, or with --lang zh each once in Simplified."),
    Field("aliases", "array", "Other names --country accepts."),
    Field("regulator", "string|null", "The regulator, as the fact sheets name it."),
    Field("member_of", "string|null", "The union a member state belongs to (EU), whose approvals are centralised."),
    Field("approvals", "integer", "Approvals in the catalogue."),
)


def jurisdictions_view(catalogue: Catalogue) -> View:
    rows = [
        {
            "code": j.code,
            "country": j.en,
            "country_zh": _names_in_script(j.zh),  # a name in both scripts once, for the reader
            "aliases": j.aliases,
            "regulator": j.regulator,
            "member_of": j.member_of,
            "approvals": sum(1 for p in catalogue.products for a in p.approvals if a.jurisdiction == j.code),
        }
        for j in catalogue.jurisdictions
    ]
    from rich.cells import cell_len

    widest = max((cell_len(name) for j in catalogue.jurisdictions for name in _names_in_script(j.zh)), default=0)
    columns = [
        Column("code", "Code", identity=True),
        Column("country", "Name", identity=True),
        # a name a line, in the reader's script: a name is never split, and no line starts with a comma
        Column("country_zh", "Chinese", show=lambda r: "\n".join(r["country_zh"]), min_width=widest),
        Column("regulator", "Regulator (as the sheets name it)"),
        Column("member_of", "Member of"),
        Column("approvals", "Approvals"),
    ]
    footer = [tr("Use any code, name or Chinese name with --country.")]
    return View(fields=JURISDICTION_FIELDS, records=rows, columns=columns, footer=footer)


def _names_in_script(names: list[str]) -> list[str]:
    """Chinese names as the reader writes them (a name in both scripts once, in Simplified for zh)."""
    return list(dict.fromkeys(script(name) for name in names)) if current() == "zh" else names


def disclaimer(catalogue: Catalogue) -> str:
    """msc is a reference tool, not clinical advice: in the reader's language."""
    return pick(catalogue.meta.disclaimer.en, catalogue.meta.disclaimer.zh)
