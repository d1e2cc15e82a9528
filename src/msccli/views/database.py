"""msc data export --sqlite: the catalogue as a normalised SQLite database, for sqlite-utils, Datasette and SQL.

One table per kind of record (product, name, approval, dose, quote, trial, designation, document, reference,
erratum, erratum_subject, event, jurisdiction, meta), joined by foreign keys; and one view per listing command
(products, trials, timeline, errata, refs) with that command's fields, in its order, under its
names. Lists and objects are JSON text (SQLite's json_each reads them). The rows are the ones the commands print:
they come from the same functions, so a view and `msc COMMAND -f json` say the same thing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msccli.lookup.query import approval_row, approval_year, today_iso
from msccli.views.approvals import APPROVAL_FIELDS
from msccli.views.references import ERRATUM_FIELDS, REFERENCE_FIELDS
from msccli.views.regulatory import TRIAL_FIELDS
from msccli.views.timeline import EVENT_FIELDS

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Iterable, Sequence

    from msccli.catalogue.model import Quote
    from msccli.catalogue.records import Catalogue
    from msccli.output.render import Field

SCHEMA = """
CREATE TABLE meta (as_of TEXT NOT NULL, in_force_on TEXT NOT NULL, title TEXT NOT NULL);
CREATE TABLE jurisdiction (code TEXT PRIMARY KEY, country TEXT NOT NULL, country_zh TEXT NOT NULL,
    aliases TEXT NOT NULL, regulator TEXT, member_of TEXT REFERENCES jurisdiction(code), note TEXT, refs TEXT NOT NULL);
CREATE TABLE reference (id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, doi TEXT, urls TEXT NOT NULL,
    note TEXT);
CREATE TABLE product (id TEXT PRIMARY KEY, name TEXT NOT NULL, inn TEXT, developer TEXT, tissue TEXT, donor TEXT,
    source_detail TEXT, mark TEXT NOT NULL, refs TEXT NOT NULL);
CREATE TABLE name (product TEXT NOT NULL REFERENCES product(id), name TEXT NOT NULL, lang TEXT NOT NULL,
    kind TEXT NOT NULL, mark TEXT NOT NULL);
CREATE TABLE dose (id INTEGER PRIMARY KEY, product TEXT NOT NULL REFERENCES product(id), kind TEXT NOT NULL,
    routes TEXT NOT NULL, source_text TEXT NOT NULL, schedule TEXT NOT NULL, administrations INTEGER,
    mark TEXT NOT NULL, refs TEXT NOT NULL);
CREATE TABLE quote (id INTEGER PRIMARY KEY, approval INTEGER REFERENCES approval(id), dose INTEGER REFERENCES dose(id),
    supports TEXT NOT NULL, text TEXT NOT NULL, lang TEXT NOT NULL, translation TEXT, translation_by TEXT,
    ref TEXT NOT NULL REFERENCES reference(id), url TEXT, read TEXT, via TEXT, "where" TEXT, form TEXT NOT NULL);
CREATE TABLE trial (id INTEGER PRIMARY KEY, product TEXT NOT NULL REFERENCES product(id), row TEXT NOT NULL);
CREATE TABLE designation (id INTEGER PRIMARY KEY, product TEXT NOT NULL REFERENCES product(id), kind TEXT NOT NULL,
    jurisdiction TEXT, text TEXT NOT NULL, number TEXT, date TEXT, mark TEXT NOT NULL, refs TEXT NOT NULL);
CREATE TABLE document (id INTEGER PRIMARY KEY, product TEXT NOT NULL REFERENCES product(id), kind TEXT NOT NULL,
    title TEXT NOT NULL, url TEXT, jurisdiction TEXT, date TEXT, mark TEXT NOT NULL, refs TEXT NOT NULL);
CREATE TABLE erratum (id TEXT PRIMARY KEY, kind TEXT NOT NULL, corrects TEXT NOT NULL, says TEXT NOT NULL,
    correction TEXT NOT NULL, refs TEXT NOT NULL);
CREATE TABLE erratum_subject (erratum TEXT NOT NULL REFERENCES erratum(id), subject TEXT NOT NULL);
CREATE TABLE event (id TEXT PRIMARY KEY, row TEXT NOT NULL);
"""


def build(catalogue: Catalogue, db: sqlite3.Connection) -> dict[str, int]:
    """Fill an empty database; returns the rows written per table."""
    db.executescript(SCHEMA + _approval_table())
    on = today_iso()
    db.execute("INSERT INTO meta VALUES (?, ?, ?)", (catalogue.meta.as_of, on, catalogue.meta.title))
    _insert(
        db,
        "jurisdiction",
        [
            (j.code, j.en, _json(j.zh), _json(j.aliases), j.regulator, j.member_of, j.note, _json(j.refs))
            for j in catalogue.jurisdictions
        ],
    )
    _insert(db, "reference", [(r.id, r.kind, r.title, r.doi, _json(r.urls), r.note) for r in catalogue.references])
    approvals: list[tuple[Any, ...]] = []
    doses: list[tuple[Any, ...]] = []
    quotes: list[tuple[int | None, int | None, Quote]] = []  # (dose, approval, quotation)
    names: list[tuple[Any, ...]] = []
    designations: list[tuple[Any, ...]] = []
    documents: list[tuple[Any, ...]] = []
    for product in catalogue.products:
        source = product.source
        db.execute(
            "INSERT INTO product VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (product.id, product.name, product.inn, product.developer.name, source.tissue, source.donor,
             source.detail, product.mark, _json(product.refs)),
        )  # fmt: skip
        names += [(product.id, n.name, n.lang, n.kind, n.mark) for n in product.names]
        for approval in product.approvals:
            row = approval_row(catalogue, product, approval, verified_only=False, with_local=True, on=on)
            approvals.append(
                (len(approvals) + 1, product.id, *[_cell(row[k]) for k in APPROVAL_COLUMNS], approval_year(approval))
            )
            quotes += [(None, len(approvals), q) for q in approval.quotes]
        for dosing in product.dosing:
            amount = dosing.amount
            doses.append(
                (len(doses) + 1, product.id, amount.kind, _json(dosing.route.codes), amount.source_text,
                 dosing.schedule.text, dosing.schedule.administrations, amount.mark, _json(amount.refs))
            )  # fmt: skip
            quotes += [(len(doses), None, q) for q in amount.quotes]
        designations += [
            (product.id, d.kind, d.jurisdiction, d.text, d.number, d.date, d.mark, _json(d.refs))
            for d in product.designations
        ]
        documents += [
            (product.id, d.kind, d.title, d.url, d.jurisdiction, d.date, d.mark, _json(d.refs))
            for d in product.documents
        ]
    _insert(db, "name", names)
    columns = ", ".join(["id", "product", *APPROVAL_COLUMNS, "year"])
    db.executemany(f"INSERT INTO approval ({columns}) VALUES ({_marks(len(APPROVAL_COLUMNS) + 3)})", approvals)
    _insert(db, "dose", doses)
    _insert(
        db,
        "quote",
        [
            (
                i,
                approval,
                dose,
                _json(q.supports),
                q.text,
                q.lang,
                *_translation(q),
                q.ref,
                q.url,
                q.read,
                q.via,
                q.where,
                q.form,
            )
            for i, (dose, approval, q) in enumerate(quotes, start=1)
        ],
    )
    db.executemany(
        f"INSERT INTO designation (product, kind, jurisdiction, text, number, date, mark, refs) VALUES ({_marks(8)})",
        designations,
    )
    db.executemany(
        f"INSERT INTO document (product, kind, title, url, jurisdiction, date, mark, refs) VALUES ({_marks(8)})",
        documents,
    )
    _listing_rows(catalogue, db)
    for view in VIEWS.values():
        db.execute(view)
    db.commit()
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _listing_rows(catalogue: Catalogue, db: sqlite3.Connection) -> None:
    """Trials, events and errata as their commands list them (the same functions make the rows)."""
    from msccli.lookup.regulatory import Selection, trial_rows
    from msccli.lookup.timeline import events
    from msccli.views.timeline import event_record

    every_role: set[Any] = set()
    _insert(
        db,
        "trial",
        [(i, r["product"], _json(r))
         for i, r in enumerate(trial_rows(catalogue, Selection(with_local=True), every_role), start=1)],
    )  # fmt: skip
    _insert(db, "event", [(e.id, _json(event_record(e))) for e in events(catalogue)])
    _insert(
        db,
        "erratum",
        [(e.id, e.kind, e.corrects, e.says, e.correction, _json(e.refs)) for e in catalogue.errata],
    )
    _insert(db, "erratum_subject", [(e.id, s) for e in catalogue.errata for s in e.subjects])


# The approval table's columns: a products row's fields that are the approval's own (not the product's).
PRODUCT_LEVEL = ("product", "name", "inn", "country", "year", "developer", "tissue", "donor", "in_force_on", "as_of")
APPROVAL_COLUMNS = [f.name for f in APPROVAL_FIELDS if f.name not in PRODUCT_LEVEL]


def _approval_table() -> str:
    """The approval table, declared from the products listing's fields (one list of them, in views.approvals)."""
    types = {f.name: f.type for f in APPROVAL_FIELDS}
    columns = [
        f"{name} {'INTEGER' if types[name].startswith(('integer', 'boolean')) else 'TEXT'}"
        + ("" if "null" in types[name] else " NOT NULL")
        for name in APPROVAL_COLUMNS
        if name != "jurisdiction"
    ]
    return (
        "CREATE TABLE approval (id INTEGER PRIMARY KEY, product TEXT NOT NULL REFERENCES product(id), "
        "jurisdiction TEXT NOT NULL REFERENCES jurisdiction(code), year INTEGER, " + ", ".join(columns) + ");\n"
    )


_FROM_APPROVAL = {name: f"a.{name}" for name in APPROVAL_COLUMNS}
_FROM_APPROVAL.update(
    product="p.id",
    name="p.name",
    inn="p.inn",
    country="j.country",
    year="a.year",
    developer="p.developer",
    tissue="p.tissue",
    donor="p.donor",
    in_force_on="m.in_force_on",
    as_of="m.as_of",
)


def _view_from_json(name: str, table: str, fields: Sequence[Field]) -> str:
    """A view whose columns are a listing's fields, read from rows stored as the command's JSON records."""
    cells = ", ".join(f'{_json_cell(f)} AS "{f.name}"' for f in fields)
    return f'CREATE VIEW "{name}" AS SELECT {cells} FROM {table} ORDER BY rowid'


def _json_cell(field: Field) -> str:
    """A field of a stored JSON row: lists and objects stay JSON text, scalars become SQL values."""
    path = f"'$.\"{field.name}\"'"
    if field.type.startswith(("array", "object")):
        return f"json(json_extract(row, {path}))"
    return f"json_extract(row, {path})"


VIEWS = {
    "products": "CREATE VIEW products AS SELECT "
    + ", ".join(f'{source} AS "{name}"' for name, source in ((f.name, _FROM_APPROVAL[f.name]) for f in APPROVAL_FIELDS))
    + " FROM approval a JOIN product p ON p.id = a.product JOIN jurisdiction j ON j.code = a.jurisdiction,"
    " meta m ORDER BY a.date IS NULL, a.date, a.product, a.jurisdiction",
    "trials": _view_from_json("trials", "trial", TRIAL_FIELDS),
    "timeline": _view_from_json("timeline", "event", EVENT_FIELDS),
    "errata": "CREATE VIEW errata AS SELECT e.id, e.kind, e.corrects, "
    "(SELECT json_group_array(subject) FROM erratum_subject s WHERE s.erratum = e.id) AS subjects, "
    "e.says, e.correction, e.refs FROM erratum e ORDER BY e.rowid",
    "refs": "CREATE VIEW refs AS SELECT r.id, r.kind, r.title, r.doi, r.urls, r.note, "
    "(SELECT json_group_array(json_object('product', coalesce(a.product, d.product), 'jurisdiction', a.jurisdiction, "
    "'supports', json(q.supports), 'text', q.text, 'lang', q.lang, 'translation', q.translation, "
    "'translation_by', q.translation_by, 'url', q.url, 'read', q.read, 'via', q.via, 'where', q.\"where\", "
    "'form', q.form))"
    " FROM quote q LEFT JOIN approval a ON a.id = q.approval LEFT JOIN dose d ON d.id = q.dose"
    " WHERE q.ref = r.id) AS quotes FROM reference r ORDER BY r.rowid",
}
# The views carry exactly the fields of these commands, in their order (a test holds them to it).
VIEW_FIELDS: dict[str, Sequence[Field]] = {
    "products": APPROVAL_FIELDS,
    "trials": TRIAL_FIELDS,
    "timeline": EVENT_FIELDS,
    "errata": ERRATUM_FIELDS,
    "refs": REFERENCE_FIELDS,
}


def view_records(db: sqlite3.Connection) -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    """Each view's records as its command gives them (lists and objects decoded, booleans as booleans): the
    sheets of the workbook export."""
    import json

    sheets = []
    for name, fields in VIEW_FIELDS.items():
        keys = [f.name for f in fields]
        kinds = {f.name: f.type.split("|")[0] for f in fields}
        records = []
        for row in db.execute(f'SELECT * FROM "{name}"'):
            record = dict(zip(keys, row, strict=True))
            for key, value in record.items():
                if value is not None and kinds[key] in ("array", "object"):
                    record[key] = json.loads(value)
                elif value is not None and kinds[key] == "boolean":
                    record[key] = bool(value)
            records.append(record)
        sheets.append((name, keys, records))
    return sheets


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[Sequence[Any]]) -> None:
    rows = list(rows)
    if rows:
        db.executemany(f"INSERT INTO {table} VALUES ({_marks(len(rows[0]))})", rows)


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _cell(value: Any) -> Any:
    """A row's value as SQLite stores it: lists and objects as JSON text, booleans as 0 and 1."""
    if isinstance(value, (list, dict)):
        return _json(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _translation(quote: Quote) -> tuple[str | None, str | None]:
    """A quotation's translation and who made it, as two columns."""
    return (quote.translation.text, quote.translation.by) if quote.translation else (None, None)
