"""The index of quick answers: what `msc products`, `msc product` and `msc search` need, as plain values.

Written beside the catalogue's cache (cache.py, the same key) the first time a command reads the catalogue, and
read by quick.py, which answers those commands without Typer, msgspec or the catalogue's model. It holds:

    approvals   by jurisdiction: every approval's place in the order msc products prints, its facets (what the
                filters test), its row, and the row's JSON texts (compact and pretty: render.encoded)
    records     every product and not-approved record: id, name, every name, and the record msc product prints,
                with its JSON texts; none for a catalogue of over MAX_RECORDS records
    documents   what msc search searches, its fields folded once (search.prepare); none over MAX_RECORDS
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

from . import cache

TYPE_CHECKING = False  # typing's import costs a quick answer more than its work (quick.py)
if TYPE_CHECKING:
    from typing import Any

    from .catalog import Catalogue

KIND = "answers"
FORMAT = 7  # the layout below; a file of another layout is ignored
# records. Over this the index keeps the approvals only: for a 10,000-product data directory the product records
# and their texts came to 218 MB and took 3.5 s to build (and reading them, longer than the catalogue's cache).
MAX_RECORDS = 2000


def index_file(catalogue_file: str) -> str:
    """Beside the catalogue's cache file, with its key; marshal's format belongs to one Python version."""
    key = os.path.basename(catalogue_file).removeprefix("catalogue-").removesuffix(".json")
    return os.path.join(
        os.path.dirname(catalogue_file), f"answers-{key}-py{sys.version_info[0]}{sys.version_info[1]}.bin"
    )


def remember(catalogue: Catalogue) -> None:
    """Write the index for this catalogue unless one is there (a file of another layout, or with a damaged head,
    is replaced) or the catalogue is not cached."""
    if catalogue.cache_file is None or not os.path.exists(catalogue.cache_file):
        return  # no cache, or a folder msc cannot write to: building an index there would be wasted
    index = load(catalogue.cache_file)  # its head only: a damaged segment is removed by the answer that meets it
    if index is not None:
        index.close()
        return
    from .bulk import paused_gc

    with paused_gc():  # a big catalogue's records are many small objects
        head, segments = build(catalogue)
    cache.write(index_file(catalogue.cache_file), KIND, _layout(head, segments))


# The file's body: the head's length (10 digits) and checksum (16), the head (marshal: the small values and a
# table of segments: name -> offset, length, checksum), then the segments. A quick answer reads the head and the
# segments it needs, each checked on its own. (The first line's checksum of the whole body is cache.write's.)
PREFIX = 26


def _layout(head: dict[str, Any], segments: dict[str, bytes]) -> bytes:
    table, offset = {}, 0
    for name, data in segments.items():
        table[name] = (offset, len(data), cache.digest(data))
        offset += len(data)
    packed = marshal.dumps({**head, "segments": table})
    return f"{len(packed):010d}{cache.digest(packed)}".encode() + packed + b"".join(segments.values())


class Index:
    """An open index: its head's values by key, and its segments read on demand."""

    def __init__(self, path: str, handle: int, start: int, head: dict[str, Any]) -> None:
        self.path, self.handle, self.start, self.head = path, handle, start, head

    def __getitem__(self, key: str) -> Any:
        return self.head[key]

    def segment(self, name: str) -> Any:
        """A segment's values, or None when the index has no such segment or it is damaged (then the file is
        removed, so the next full run writes it again)."""
        if name not in self.head["segments"]:
            return None
        offset, length, checksum = self.head["segments"][name]
        try:
            data = os.pread(self.handle, length, self.start + offset)
            if cache.digest(data) == checksum:
                # Our own file (0600, this user's), and checked: marshal builds values and runs no code.
                return marshal.loads(data)  # noqa: S302
        except (OSError, ValueError, EOFError, TypeError):
            pass
        import contextlib

        with contextlib.suppress(OSError):
            os.unlink(self.path)  # damaged: the next full run writes it again
        return None

    def close(self) -> None:
        os.close(self.handle)


def load(catalogue_file: str) -> Index | None:
    """The index beside this catalogue cache file, its head checked, or None: missing, damaged or of another
    layout. Close it after use."""
    path = index_file(catalogue_file)
    handle = cache.open_private(path)
    if handle is None:
        return None
    base = cache.header_length(KIND)
    try:
        prefix = os.pread(handle, base + PREFIX, 0)
        if not prefix.startswith(f"msc-{KIND}-cache crc=".encode()):
            raise ValueError(KIND)
        length, checksum = int(prefix[base : base + 10]), prefix[base + 10 : base + PREFIX].decode()
        packed = os.pread(handle, length, base + PREFIX)
        if cache.digest(packed) != checksum:
            raise ValueError(checksum)
        head = marshal.loads(packed)  # noqa: S302 - our own file, checked
        if not isinstance(head, dict) or head.get("format") != FORMAT:
            raise ValueError(FORMAT)
    except (OSError, ValueError, EOFError, TypeError, UnicodeDecodeError):
        os.close(handle)
        return None
    return Index(path, handle, base + PREFIX + length, head)


def build(catalogue: Catalogue) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The index's head (small values) and segments (marshalled each on its own)."""
    from .match import normalise
    from .query import approval_row, facets, row_order
    from .render import encoded
    from .views.approvals import APPROVAL_FIELDS
    from .views.products import PRODUCT_FIELDS
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
    by_jurisdiction: dict[str, list[Any]] = {}
    for position, ((f, row), c, p) in enumerate(zip(pairs, compact, pretty, strict=True)):
        by_jurisdiction.setdefault(f["jurisdiction"], []).append((position, f, row, c, p))
    countries: dict[str, str] = {}
    for jur in catalogue.jurisdictions:  # the first jurisdiction a name fits wins, as in Catalogue.jurisdiction
        for name in (jur.code, jur.en, *jur.aliases, *jur.zh):
            countries.setdefault(normalise(name), jur.code)
    whole = len(catalogue.products) + len(catalogue.not_approved) <= MAX_RECORDS
    head = {
        "format": FORMAT,
        "as_of": catalogue.meta.as_of,
        "disclaimer": (catalogue.meta.disclaimer.en, catalogue.meta.disclaimer.zh),
        "fields": {
            "products": keys,
            "product": [f.name for f in PRODUCT_FIELDS],
            "search": [f.name for f in SEARCH_FIELDS],
        },
        "countries": countries,
    }
    # each jurisdiction's approvals apart, so msc products -c KR reads only Korea's
    segments = {f"approvals:{code}": marshal.dumps(entries) for code, entries in by_jurisdiction.items()}
    if whole:
        segments["records"] = marshal.dumps(_records(catalogue))  # read only by msc product
        segments["documents"] = marshal.dumps(_documents(catalogue))  # read only by msc search
    return head, segments


def _records(catalogue: Catalogue) -> list[tuple[Any, ...]]:
    """Every record: id, name, every name, the record msc product prints, and its compact and pretty JSON."""
    from .catalog import names_of
    from .render import encoded
    from .views.products import PRODUCT_FIELDS, product_record

    found = list(catalogue.records())
    records = [product_record(catalogue, r) for r in found]
    keys = [f.name for f in PRODUCT_FIELDS]
    texts = zip(encoded(records, keys, pretty=False), encoded(records, keys, pretty=True), strict=True)
    return [(r.id, r.name, names_of(r), rec, *text) for r, rec, text in zip(found, records, texts, strict=True)]


def _documents(catalogue: Catalogue) -> list[Any]:
    from .search import documents, prepare

    return prepare(documents(catalogue))
