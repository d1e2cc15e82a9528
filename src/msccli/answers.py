"""The index of quick answers: what `msc products`, `msc product` and `msc search` need, as plain values.

Written beside the catalogue's cache (cache.py, the same key) the first time a command reads the catalogue, and
read by quick.py, which answers those commands without Typer, msgspec or the catalogue's model. It holds:

    approvals   every approval's facets (what the filters test) and its row, in the order msc products prints,
                with the row's JSON texts (compact and pretty: render.encoded)
    records     every product and not-approved record: id, name, every name, and the record msc product prints,
                with its JSON texts (marshalled on their own, so msc products does not read them)
    documents   what msc search searches, its fields folded once (search.prepare)
    fields      the field names of each command, in order
    countries   every jurisdiction name, folded (match.normalise), and its code
    as_of       the catalogue's date, for the staleness note and the table's footer
    disclaimer  the catalogue's disclaimer, in English and Chinese

The rows and records are made by the same functions the full commands use (query.approval_row,
views.products.product_record), so an answer from the index is the full command's, byte for byte (tested).
"""

from __future__ import annotations

import marshal
import os
import sys
from typing import TYPE_CHECKING, Any

from . import cache

if TYPE_CHECKING:
    from .catalog import Catalogue

KIND = "answers"
FORMAT = 5  # the layout below; a file of another layout is ignored
# records. Over this the index costs more than it saves: for a 10,000-product data directory it took 11 s to
# build and, at 1.9 s, longer to read than the catalogue's cache (1.4 s). Such a catalogue is answered in full.
MAX_RECORDS = 2000


def index_file(catalogue_file: str) -> str:
    """Beside the catalogue's cache file, with its key; marshal's format belongs to one Python version."""
    key = os.path.basename(catalogue_file).removeprefix("catalogue-").removesuffix(".json")
    return os.path.join(
        os.path.dirname(catalogue_file), f"answers-{key}-py{sys.version_info[0]}{sys.version_info[1]}.bin"
    )


def remember(catalogue: Catalogue) -> None:
    """Write the index for this catalogue unless a sound one is there (a damaged file, or one of another layout,
    is replaced), the catalogue is not cached, or it is too big to gain from one."""
    if catalogue.cache_file is None or len(catalogue.products) + len(catalogue.not_approved) > MAX_RECORDS:
        return
    if load(catalogue.cache_file) is None:
        cache.write(index_file(catalogue.cache_file), KIND, marshal.dumps(build(catalogue)))


def build(catalogue: Catalogue) -> dict[str, Any]:
    from .catalog import names_of
    from .match import normalise
    from .query import approval_row, facets, row_order
    from .render import encoded
    from .search import documents, prepare
    from .views.approvals import APPROVAL_FIELDS
    from .views.products import PRODUCT_FIELDS, product_record
    from .views.search import SEARCH_FIELDS

    pairs = [
        (facets(product, approval), approval_row(catalogue, product, approval, verified_only=False))
        for product in catalogue.products
        for approval in product.approvals
    ]
    pairs.sort(key=lambda pair: row_order(pair[1]))
    rows = [row for _, row in pairs]
    keys = [f.name for f in APPROVAL_FIELDS]
    compact, pretty = encoded(rows, keys, pretty=False), encoded(rows, keys, pretty=True)
    approvals = [(f, row, c, p) for (f, row), c, p in zip(pairs, compact, pretty, strict=True)]
    found = list(catalogue.records())
    records = [product_record(catalogue, r) for r in found]
    keys = [f.name for f in PRODUCT_FIELDS]
    texts = zip(encoded(records, keys, pretty=False), encoded(records, keys, pretty=True), strict=True)
    countries: dict[str, str] = {}
    for jur in catalogue.jurisdictions:  # the first jurisdiction a name fits wins, as in Catalogue.jurisdiction
        for name in (jur.code, jur.en, *jur.aliases, *jur.zh):
            countries.setdefault(normalise(name), jur.code)
    return {
        "format": FORMAT,
        "as_of": catalogue.meta.as_of,
        "disclaimer": (catalogue.meta.disclaimer.en, catalogue.meta.disclaimer.zh),
        "approvals": approvals,
        # marshalled apart: read only by msc product, it is ten times the rest
        "records": marshal.dumps(
            [(r.id, r.name, names_of(r), rec, *text) for r, rec, text in zip(found, records, texts, strict=True)]
        ),
        "documents": marshal.dumps(prepare(documents(catalogue))),  # read only by msc search
        "fields": {
            "products": [f.name for f in APPROVAL_FIELDS],
            "product": [f.name for f in PRODUCT_FIELDS],
            "search": [f.name for f in SEARCH_FIELDS],
        },
        "countries": countries,
    }


def load(catalogue_file: str) -> dict[str, Any] | None:
    """The index for this catalogue cache file, or None: missing, damaged, or of another layout."""
    body = cache.read(index_file(catalogue_file), KIND)
    if body is None:
        return None
    try:
        # Our own file (0600, this user's, checksummed: cache.read); marshal builds values and runs no code.
        index = marshal.loads(body)  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    return index if isinstance(index, dict) and index.get("format") == FORMAT else None
