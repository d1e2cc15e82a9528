"""Load, validate and query the catalogue: bundled YAML, optionally overlaid by a user's data directory."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from . import cache, workers
from .errors import DataError, NotFound
from .i18n import N_
from .match import close_matches, find_named, normalise
from .model import (
    ISO_DATE,
    Concept,
    Erratum,
    Family,
    HistoryEvent,
    Jurisdiction,
    Mechanism,
    Meta,
    NotApproved,
    Passage,
    Product,
    Profile,
    Reference,
    TissueSource,
)
from .registry import FILES, DataFile

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

T = TypeVar("T")

DATA_DIR_ENV = "MSC_DATA_DIR"


def bundled_data_dir() -> Traversable:
    """The data shipped with msc: inside the wheel, or the repository's data/ for an editable install. A plain
    folder is found without importlib.resources (which imports zipfile); a zipped install still works."""
    folder = cache.bundled_folder()
    if folder is not None:
        return Path(folder)
    from importlib import resources

    return resources.files("msccli") / "data"


def load_yaml(text: str, source: str) -> Any:
    import yaml  # deferred: only commands that read data pay for it

    from .yaml_loaders import data_loader

    try:
        return yaml.load(text, Loader=data_loader())  # noqa: S506 - a safe loader, C or pure Python
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(f"{line}not valid YAML ({problem})", source=source) from None
    except ValueError as exc:  # an integer of thousands of digits, a date out of range
        raise DataError(f"a value cannot be read ({exc})", source=source) from None
    except RecursionError:
        raise DataError("nested too deeply", source=source) from None


def _record_id(raw: Any) -> str:
    if isinstance(raw, dict):
        for key in ("id", "code"):
            if isinstance(raw.get(key), str):
                return str(raw[key])
    return ""


def convert(raw: Any, kind: type[T], source: str, index: int | None = None, line: int | None = None) -> T:
    """Validate one record; errors name the file, the line, the record id and the field path."""
    try:
        return msgspec.convert(raw, kind)
    except msgspec.ValidationError as exc:
        message = str(exc)
        path = ""
        found = re.search(r" - at `\$(.*)`$", message)
        if found:
            path = found.group(1).lstrip(".")
            message = message[: found.start()]
        record = _record_id(raw) or (f"record {index + 1}" if index is not None else "")
        raise DataError(message, source=source, record=record, field=path, line=line) from None


def convert_list(
    raw: Any, kind: type[T], source: str, text: str = "", problems: list[DataError] | None = None
) -> list[T]:
    """Validate a file's records; with `problems`, every bad record is collected instead of the first raised."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise DataError("expected a list of records at the top level", source=source)
    records = []
    lines: list[int] | None = None
    for i, item in enumerate(raw):
        try:
            records.append(convert(item, kind, source, i))
        except DataError as exc:
            lines = lines if lines is not None else record_lines(text)
            located = DataError(exc.why, source=source, record=exc.record, field=exc.field, line=_at(lines, i))
            if problems is None:
                raise located from None
            problems.append(located)
    return records


def record_lines(text: str) -> list[int]:
    """The line on which each record of a YAML list starts (for error messages; parsed again only then)."""
    import yaml

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def _at(lines: list[int], index: int) -> int | None:
    return lines[index] if index < len(lines) else None


class Catalogue(msgspec.Struct, kw_only=True, dict=True):  # dict: room for cached lookups
    """The whole catalogue. (A msgspec Struct, not a dataclass: dataclasses and inspect cost 10 ms to import,
    paid by a quick answer that lays out a product's table.)"""

    meta: Meta
    products: list[Product]
    not_approved: list[NotApproved]
    jurisdictions: list[Jurisdiction]
    references: list[Reference]
    errata: list[Erratum]
    history: list[HistoryEvent] = msgspec.field(default_factory=list)
    profiles: list[Profile] = msgspec.field(default_factory=list)
    families: list[Family] = msgspec.field(default_factory=list)
    vocabulary: list[Concept] = msgspec.field(default_factory=list)
    about: list[Passage] = msgspec.field(default_factory=list)
    tissue_sources: list[TissueSource] = msgspec.field(default_factory=list)
    mechanisms: list[Mechanism] = msgspec.field(default_factory=list)
    sources: list[str] = msgspec.field(default_factory=list)
    notes: list[str] = msgspec.field(default_factory=list)  # what a user's data directory changed, said when first read
    from_cache: bool = False
    cache_file: str | None = None  # where it is cached: the quick-answer index (answers.py) goes beside it

    # -- lookups -------------------------------------------------------------------------------

    @functools.cached_property
    def _references_by_id(self) -> dict[str, Reference]:
        """Folded id to reference, the first of a folded id winning: a record of a big data directory cites
        dozens, and a scan of every reference for each was quadratic."""
        found: dict[str, Reference] = {}
        for ref in self.references:
            found.setdefault(ref.id.casefold(), ref)
        return found

    def product(self, product_id: str) -> Product:
        for product in self.products:
            if product.id == product_id:
                return product
        raise NotFound("product", product_id, [])

    def reference(self, ref_id: str) -> Reference:
        """By id, case-insensitively: 's07' is S07."""
        found = self._references_by_id.get(ref_id.casefold())
        if found is not None:
            return found
        raise NotFound(
            "reference", ref_id, close_matches(ref_id, [r.id for r in self.references]), "list them with: msc refs"
        )

    def jurisdiction(self, query: str) -> Jurisdiction:
        """By ISO code, English name, alias or Chinese name, case-insensitive."""
        wanted = normalise(query)
        for jur in self.jurisdictions:
            if wanted in {normalise(n) for n in (jur.code, jur.en, *jur.aliases, *jur.zh)}:
                return jur
        choices = [n for j in self.jurisdictions for n in (j.code, j.en, *j.aliases, *j.zh)]
        raise NotFound(
            "jurisdiction",
            query,
            close_matches(query, choices),
            N_(f"codes: {', '.join(j.code for j in self.jurisdictions)} (msc jurisdictions)"),
        )

    def find(self, query: str) -> list[Product | NotApproved]:
        """Every record a name refers to: an id, exact names (name, alias, INN, Chinese name in either script)
        with the brand's other records, or an unambiguous start (match.find_named)."""
        records = list(self.records())
        return [records[i] for i in find_named([(r.id, r.name, names_of(r)) for r in records], query)]

    def records(self) -> Iterator[Product | NotApproved]:
        yield from self.products
        yield from self.not_approved

    def erratum_ids(self) -> set[str]:
        return {e.id for e in self.errata}


def names_of(record: Product | NotApproved) -> list[str]:
    if isinstance(record, Product):
        extra = [record.inn] if record.inn else []
        return [record.id, record.name, *extra, *(n.name for n in record.names)]
    return [record.id, record.name, *record.names]


# -- loading -------------------------------------------------------------------------------------


MAX_DATA_FILE = 32 * 1024 * 1024  # bytes; the whole bundled catalogue is well under 1 MiB


def _read(directory: Traversable, name: str) -> tuple[Any, str, str] | None:
    """A data file's parsed YAML, its path and its text; None when it is absent.

    In a directory on disk only regular files are read: a symbolic link (a loop, a dangling one, or one to a
    device), a FIFO or a device is an error, never something to follow, block on or read without end."""
    entry = directory / name
    source = str(entry)
    if isinstance(entry, Path):
        import stat

        try:
            mode = entry.lstat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise DataError(f"cannot read the file ({exc.strerror})", source=source) from None
        if stat.S_ISLNK(mode.st_mode):
            raise DataError("is a symbolic link; a data directory holds regular files only", source=source)
        if stat.S_ISDIR(mode.st_mode):
            raise DataError("is a folder, not a data file", source=source)
        if not stat.S_ISREG(mode.st_mode):
            raise DataError("is not a regular file (a FIFO or a device)", source=source)
        if mode.st_size > MAX_DATA_FILE:
            raise DataError(f"larger than {MAX_DATA_FILE // 2**20} MiB, too large for a data file", source=source)
    elif not entry.is_file():
        return None
    try:
        text = entry.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read the file ({exc})", source=source) from None
    return load_yaml(text, source), source, text


def _parse(folder: str, name: str) -> Any:
    """A data file's parsed YAML, in a worker process (workers.py); an absent file is handed back too."""
    found = _read(Path(folder), name)
    if found is None:
        raise FileNotFoundError(name)
    return found[0]


def _merge(base: list[T], extra: list[T], key: str) -> list[T]:
    """Records in a user's directory replace bundled ones with the same id and add new ones."""
    merged = {getattr(item, key): item for item in base}
    for item in extra:
        merged[getattr(item, key)] = item
    return list(merged.values())


def _load_file(
    directory: Traversable, data_file: DataFile, required: bool, problems: list[DataError] | None = None
) -> Any:
    """One data file's records (a list, or one record for meta.yaml); None when an optional file is absent.

    With `problems`, every bad record is collected and the rest are kept; without, the first is raised."""

    def note(problem: DataError) -> None:
        if problems is None:
            raise problem
        problems.append(problem)

    if data_file.per_file:
        folder = directory / data_file.folder
        if not folder.is_dir():
            return [] if not required else None
        records = []
        entries = [e for e in sorted(folder.iterdir(), key=lambda e: e.name) if e.name.endswith((".yaml", ".yml"))]
        names = [entry.name for entry in entries]
        early = workers.parsed(_parse, str(folder), names) if isinstance(folder, Path) else repeat((False, None))
        for entry, (was_parsed, parsed) in zip(entries, early, strict=isinstance(folder, Path)):
            try:
                if was_parsed:
                    raw, source = parsed, str(entry)
                else:  # not parsed by a worker (a few files, one CPU), or it failed there: its error is raised here
                    raw, source, _text = _read(folder, entry.name) or (None, str(entry), "")
                record = convert(raw, data_file.record, source)
            except DataError as exc:
                note(exc)
                continue
            stem = entry.name.rsplit(".", 1)[0]
            if data_file.key is not None and getattr(record, data_file.key) != stem:
                note(
                    DataError(
                        f"the file name must match the record's {data_file.key} {getattr(record, data_file.key)!r}",
                        source=source,
                        field=data_file.key,
                    )
                )
                continue
            records.append(record)
        return records
    try:
        read = _read(directory, data_file.name)
    except DataError as exc:
        note(exc)
        return None
    if read is None:
        if required:
            note(DataError("missing data file", source=str(directory / data_file.name)))
        return None
    raw, source, text = read
    try:
        if data_file.key is None:
            return convert(raw, data_file.record, source)
        records = convert_list(raw, data_file.record, source, text, problems)
    except DataError as exc:
        note(exc)
        return None
    seen: dict[str, int] = {}
    kept = []
    for index, record in enumerate(records):
        key = getattr(record, data_file.key)
        if key in seen:
            lines = record_lines(text)
            note(
                DataError(
                    f"a second record with {data_file.key} {key!r} (the first is record {seen[key] + 1})",
                    source=source,
                    record=key,
                    line=_at(lines, index),
                    field=data_file.key,
                )
            )
            continue
        seen[key] = index
        kept.append(record)
    if data_file.record is Profile:
        from .isct import check_profile

        checked = []
        for profile in kept:
            try:
                checked.append(check_profile(profile, source))
            except DataError as exc:
                note(exc)
        kept = checked
    return kept


def _load_dir(directory: Traversable, required: bool, problems: list[DataError] | None = None) -> dict[str, Any]:
    loaded = {}
    for data_file in FILES:
        content = _load_file(directory, data_file, required, problems)
        if content is not None:
            loaded[data_file.attribute] = content
    return loaded


def _cache_file(directories: list[Traversable]) -> str | None:
    """Where the validated catalogue for exactly these data files is cached (cache.py), or None."""
    if not all(isinstance(d, Path) for d in directories):
        return None  # data inside a zip archive: nothing to stat, no cache
    key = cache.data_key([str(d) for d in directories])
    return None if key is None else cache.catalogue_file(key)


def _read_cache(path: str) -> Catalogue | None:
    """The cached catalogue, or None (see cache.read); msgspec validates the body's types on decoding."""
    body = cache.read(path, "catalogue")
    if body is None:
        return None
    from .bulk import paused_gc

    try:
        with paused_gc():  # a big data directory's catalogue is millions of objects
            return msgspec.json.decode(body, type=Catalogue)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def cached(directories: list[str]) -> Catalogue | None:
    """The catalogue of the bundled data and these data directories, from the cache only (quick.py), or None."""
    return _from_cache(_cache_file([Path(d) for d in directories]))


def _from_cache(cache_file: str | None) -> Catalogue | None:
    catalogue = _read_cache(cache_file) if cache_file is not None else None
    if catalogue is not None:
        catalogue.from_cache, catalogue.cache_file = True, cache_file
    return catalogue


def load(extra_dirs: Iterable[Path] = ()) -> Catalogue:
    """Bundled data, then each extra directory on top of it; the result is validated as a whole."""
    extra = list(extra_dirs)
    for directory in extra:
        _check_directory(directory)
    cache_file = _cache_file([bundled_data_dir(), *extra])
    if (found := _from_cache(cache_file)) is not None:
        return found
    from .bulk import paused_gc

    with paused_gc():  # a big data directory is millions of small objects: collecting took half its load time
        catalogue = _load_layers(extra)
    if cache_file is not None:
        cache.write(cache_file, "catalogue", msgspec.json.encode(catalogue))
        catalogue.cache_file = cache_file
    return catalogue


def _check_directory(directory: Path) -> None:
    try:
        if directory.is_dir():
            return
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte
        raise DataError(
            f"cannot be used as a data directory ({getattr(exc, 'strerror', None) or exc})", source=str(directory)
        ) from None
    raise DataError("not a directory", source=str(directory))


def _load_layers(extra_dirs: list[Path]) -> Catalogue:
    merged = _load_dir(bundled_data_dir(), required=True)
    sources = ["bundled"]
    notes: list[str] = []
    for directory in extra_dirs:
        layer = _load_dir(directory, required=False)
        said, found = _overlay(merged, layer, directory)
        if found:
            raise found[0]
        notes += said
        sources.append(str(directory))
    catalogue = Catalogue(**merged, sources=sources, notes=notes)
    check(catalogue)
    return catalogue


def _overlay(merged: dict[str, Any], layer: dict[str, Any], directory: Path) -> tuple[list[str], list[DataError]]:
    """Lay a user's directory over the catalogue: its records become LOCAL facts citing their files, then add to
    or replace bundled ones with the same key. Returns what was replaced (for a note) and the problems: a bundled
    reference is never replaced, since bundled facts cite it."""
    bundled_refs = {r.id: r for r in merged["references"]}
    found = [
        DataError(
            "a bundled reference cannot be replaced (bundled facts cite it); give yours a new id",
            source=str(directory / "references.yaml"),
            record=r.id,
            field="id",
        )
        for r in layer.get("references", [])
        if r.id in bundled_refs and r != bundled_refs[r.id]  # the same reference again (an export) is no change
    ]
    if "references" in layer:
        layer["references"] = [r for r in layer["references"] if r.id not in bundled_refs]
    merged["references"] = [*merged["references"], *localise(layer, directory)]
    notes: list[str] = []
    for data_file in FILES:
        if data_file.attribute not in layer:
            continue
        if data_file.key is None:
            merged[data_file.attribute] = layer[data_file.attribute]
            notes.append(N_(f"{directory / data_file.name} replaces the bundled {data_file.name}"))
            continue
        bundled = {getattr(r, data_file.key) for r in merged[data_file.attribute]}
        replaced = [
            getattr(r, data_file.key) for r in layer[data_file.attribute] if getattr(r, data_file.key) in bundled
        ]
        if replaced:
            notes.append(N_(f"{directory} replaces bundled {data_file.folder} records: {', '.join(replaced)}"))
        merged[data_file.attribute] = _merge(merged[data_file.attribute], layer[data_file.attribute], data_file.key)
    return notes, found


LOCAL_PREFIX = "local:"


def local_ref(directory: Path, name: str) -> str:
    """The reference id a record from a user's file cites: 'local:products/ryoncil.yaml'."""
    return LOCAL_PREFIX + name


def localise(layer: dict[str, Any], directory: Path) -> list[Reference]:
    """Records from a user's directory are LOCAL facts citing their own file: they never keep the marks or
    references of the bundled record they may have been copied from."""
    import msgspec

    references: dict[str, Reference] = {}
    folders: dict[str, Path] = {}  # resolved once: the files in them are regular files, never links (_read)

    def cite(name: str) -> str:
        ref_id = local_ref(directory, name)
        parent, _, leaf = name.rpartition("/")
        if parent not in folders:
            folders[parent] = (directory / parent).resolve()
        path = folders[parent] / leaf
        references[ref_id] = Reference(
            id=ref_id, kind="local", title=f"Local data file {path} (not a published source)", urls=[path.as_uri()]
        )
        return ref_id

    def mark(value: dict[str, Any] | list[Any], ref_id: str) -> None:
        """In place, on a record's plain dicts and lists (fresh from msgspec.to_builtins)."""
        if isinstance(value, list):
            for item in value:
                if type(item) is dict or type(item) is list:
                    mark(item, ref_id)
            return
        for item in value.values():
            if type(item) is dict or type(item) is list:
                mark(item, ref_id)
        if "mark" in value:
            value["mark"] = "LOCAL"
            value.pop("errata", None)
            if "refs" in value:
                value["refs"] = [ref_id]
        for key in ("inn_mark", "status_mark", "holder_mark"):
            if value.get(key) is not None:
                value[key] = "LOCAL"
        for key in ("inn_refs", "status_refs", "storage_refs", "holder_refs"):
            if value.get(key):
                value[key] = [ref_id]

    for data_file in FILES:
        records = layer.get(data_file.attribute)
        if not records or data_file.key is None or data_file.record in (Reference, Jurisdiction):
            continue
        localised = []
        for record in records:
            name = f"{data_file.folder}/{getattr(record, data_file.key)}.yaml" if data_file.per_file else data_file.name
            ref_id = cite(name)
            raw = msgspec.to_builtins(record)
            mark(raw, ref_id)
            if data_file.record is Profile:  # a lab's own profile cites its file, never the published statement
                raw["refs"], raw["verified"] = [ref_id], False
            if data_file.record is Erratum:  # a user's correction rests on their file, not on bundled evidence
                raw["refs"] = [ref_id]
            localised.append(msgspec.convert(raw, data_file.record))
        layer[data_file.attribute] = localised
    return list(references.values())


@functools.cache
def default() -> Catalogue:
    """The catalogue for this process: bundled data plus $MSC_DATA_DIR when set."""
    extra = os.environ.get(DATA_DIR_ENV)
    return load([Path(extra)] if extra else [])


# -- age -----------------------------------------------------------------------------------------

# -- cross-record checks -------------------------------------------------------------------------

_DATE = re.compile(ISO_DATE)


def date_problems(
    value: str | None, precision: str | None, source: str, path: str, record: str = ""
) -> Iterator[DataError]:
    import datetime

    if value is None:
        return
    if not _DATE.match(value):
        yield DataError(
            f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", source=source, record=record, field=path
        )
        return
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        yield DataError(f"{value!r} is not a real date ({exc})", source=source, record=record, field=path)
        return
    expected = {1: "year", 2: "month", 3: "day"}[len(parts)]
    if precision is not None and precision != expected:
        yield DataError(
            f"{value!r} has {expected} precision, not {precision!r}", source=source, record=record, field=path
        )


def cited_items(product: Product) -> Iterator[tuple[str, Any]]:
    """Every fact group of a product that carries a mark and references, with its path."""
    yield "", product
    yield "developer", product.developer
    yield "source", product.source
    for i, name in enumerate(product.names):
        yield f"names[{i}]", name
    for i, approval in enumerate(product.approvals):
        yield f"approvals[{i}]", approval
    for i, dosing in enumerate(product.dosing):
        for attr in ("route", "amount", "schedule", "concentration", "presentation", "re_administration", "timing"):
            value = getattr(dosing, attr)
            if value is not None:
                yield f"dosing[{i}].{attr}", value
        if approval.term is not None:
            yield f"approvals[{i}].term", approval.term
    for group in ("evidence", "notes", "not_approved", "trials", "designations", "documents", "codes", "events"):
        for i, note in enumerate(getattr(product, group)):
            yield f"{group}[{i}]", note


def cited_refs(record: Product | NotApproved) -> list[str]:
    """Every reference a record cites, in id order."""
    if isinstance(record, NotApproved):
        return sorted(set(record.refs))
    refs = set(record.inn_refs)
    for _path, item in cited_items(record):
        refs.update(item.refs)
    for approval in record.approvals:
        refs.update(approval.status_refs, approval.holder_refs)
    return sorted(refs)


def check(catalogue: Catalogue) -> None:
    """Raise the first problem that spans records (see problems)."""
    for problem in problems(catalogue):
        raise problem


def problems(catalogue: Catalogue) -> Iterator[DataError]:
    """Every problem that spans records: unique ids, references and errata that resolve, real dates."""
    ref_ids = {r.id for r in catalogue.references}
    erratum_ids = catalogue.erratum_ids()
    codes = {j.code for j in catalogue.jurisdictions}
    yield from _duplicate_keys(catalogue)
    record_ids = {p.id for p in catalogue.products}
    for na in catalogue.not_approved:  # a product and a not-approved record may not share an id either
        if na.id in record_ids:
            yield DataError("also a product's id", source="not-approved.yaml", record=na.id, field="id")
    record_ids |= {na.id for na in catalogue.not_approved}
    for product in catalogue.products:
        source, rid = f"products/{product.id}.yaml", product.id
        if product.inn is not None and (product.inn_mark is None or not product.inn_refs):
            yield DataError("an INN needs inn_mark and inn_refs", source=source, record=rid, field="inn")
        yield from _ref_problems(product.inn_refs, ref_ids, source, rid, "inn_refs")
        for path, item in cited_items(product):
            if not item.refs:
                yield DataError(
                    "every fact needs at least one reference", source=source, record=rid, field=f"{path}.refs"
                )
            yield from _ref_problems(item.refs, ref_ids, source, rid, f"{path}.refs")
            if getattr(item, "storage", None) is not None and not item.storage_refs:
                yield DataError(
                    "a storage condition needs its references", source=source, record=rid, field=f"{path}.storage"
                )
            yield from _ref_problems(getattr(item, "storage_refs", []), ref_ids, source, rid, f"{path}.storage_refs")
            for erratum in item.errata:
                if erratum not in erratum_ids:
                    yield DataError(f"unknown erratum {erratum!r}", source=source, record=rid, field=f"{path}.errata")
        for i, approval in enumerate(product.approvals):
            path = f"approvals[{i}]"
            if approval.jurisdiction not in codes:
                yield DataError(
                    f"unknown jurisdiction {approval.jurisdiction!r}",
                    source=source,
                    record=rid,
                    field=f"{path}.jurisdiction",
                )
            yield from date_problems(approval.date, approval.precision, source, f"{path}.date", rid)
            if approval.date is not None and approval.precision is None:
                yield DataError("a date needs its precision", source=source, record=rid, field=f"{path}.precision")
            for name in ("status_date", "status_as_of", "available_from", "valid_until"):
                yield from date_problems(getattr(approval, name), None, source, f"{path}.{name}", rid)
            if approval.term is not None:
                yield from date_problems(approval.term.start, None, source, f"{path}.term.start", rid)
                if approval.term.start is None and approval.date is None:
                    yield DataError(
                        "a term needs a start or an approval date", source=source, record=rid, field=f"{path}.term"
                    )
            for name in ("status_refs", "holder_refs"):
                yield from _ref_problems(getattr(approval, name), ref_ids, source, rid, f"{path}.{name}")
            if (approval.holder or approval.licence) and not approval.holder_refs:
                yield DataError(
                    "a holder or licence number needs holder_refs",
                    source=source,
                    record=rid,
                    field=f"{path}.holder_refs",
                )
            if approval.status == "withdrawn" and approval.status_date is None:
                yield DataError("a withdrawal needs its date", source=source, record=rid, field=f"{path}.status_date")
        yield from _regulatory_problems(product, codes, source)
    for na in catalogue.not_approved:
        source, rid = "not-approved.yaml", na.id
        if not na.refs:
            yield DataError("every record needs at least one reference", source=source, record=rid, field="refs")
        yield from _ref_problems(na.refs, ref_ids, source, rid)
        if na.jurisdiction is not None and na.jurisdiction not in codes:
            yield DataError(
                f"unknown jurisdiction {na.jurisdiction!r}", source=source, record=rid, field="jurisdiction"
            )
    event_ids: set[str] = set()
    for event in catalogue.history:
        source, rid = "timeline.yaml", event.id
        event_ids.add(event.id)
        yield from date_problems(
            event.date, None if event.precision == "approx" else event.precision, source, "date", rid
        )
        yield from date_problems(event.date_end, None, source, "date_end", rid)
        for erratum in event.errata:
            if erratum not in erratum_ids:
                yield DataError(f"unknown erratum {erratum!r}", source=source, record=rid, field="errata")
    for product in catalogue.products:
        for approval in product.approvals:
            for event_id in (approval.event, approval.withdrawal_event):
                if event_id is not None:
                    if event_id in event_ids:
                        yield DataError(
                            "an approval's event id is also in timeline.yaml",
                            source=f"products/{product.id}.yaml",
                            record=product.id,
                            field="event",
                        )
                    event_ids.add(event_id)
    for erratum in catalogue.errata:
        source, rid = "errata.yaml", erratum.id
        yield from _ref_problems(erratum.refs, ref_ids, source, rid)
        for subject in erratum.subjects:
            if subject not in record_ids and subject not in event_ids:
                yield DataError(f"unknown subject {subject!r}", source=source, record=rid, field="subjects")
    for group, name in (("about", "about.yaml"), ("tissue_sources", "sources.yaml"), ("mechanisms", "mechanisms.yaml")):
        for passage in getattr(catalogue, group):
            yield from _ref_problems(passage.refs, ref_ids, name, passage.id)
    for concept in catalogue.vocabulary:
        if concept.mesh is not None:
            yield from _ref_problems(concept.mesh.refs, ref_ids, "vocabulary.yaml", concept.id, "mesh.refs")
    product_ids = {p.id for p in catalogue.products}
    for family in catalogue.families:
        source, rid = "families.yaml", family.id
        yield from _ref_problems(family.refs, ref_ids, source, rid)
        for member in family.members:
            if member not in product_ids:
                yield DataError(f"unknown product {member!r}", source=source, record=rid, field="members")


def _duplicate_keys(catalogue: Catalogue) -> Iterator[DataError]:
    """Within each data file's records, every key once (a product per file: its id across products/)."""
    for data_file in FILES:
        if data_file.key is None:
            continue
        seen: set[str] = set()
        for record in getattr(catalogue, data_file.attribute):
            key = getattr(record, data_file.key)
            if key in seen:
                yield DataError(f"duplicate {data_file.key}", source=data_file.name, record=key, field=data_file.key)
            seen.add(key)


def _ref_problems(
    refs: Iterable[str], ref_ids: set[str], source: str, record: str, field: str = "refs"
) -> Iterator[DataError]:
    for ref in refs:
        if ref not in ref_ids:
            yield DataError(f"unknown reference {ref!r}", source=source, record=record, field=field)


def _regulatory_problems(product: Product, codes: set[str], source: str) -> Iterator[DataError]:
    """Trials, designations, documents and events: known places, real dates, registry ids of the right shape."""
    from .registries import registry_of

    rid = product.id
    for i, trial in enumerate(product.trials):
        for registry_id in trial.registry:
            if registry_of(registry_id) is None:
                yield DataError(
                    f"{registry_id!r} is not an id of a known trial registry",
                    source=source,
                    record=rid,
                    field=f"trials[{i}].registry",
                )
    for group in ("trials", "designations", "documents", "events"):
        for i, item in enumerate(getattr(product, group)):
            if item.jurisdiction is not None and item.jurisdiction not in codes:
                yield DataError(
                    f"unknown jurisdiction {item.jurisdiction!r}",
                    source=source,
                    record=rid,
                    field=f"{group}[{i}].jurisdiction",
                )
            precision = getattr(item, "precision", None)
            yield from date_problems(
                getattr(item, "date", None),
                None if precision == "approx" else precision,
                source,
                f"{group}[{i}].date",
                rid,
            )
    for i, note in enumerate(product.not_approved):
        yield from date_problems(note.date, None, source, f"not_approved[{i}].date", rid)


# -- a user's data directory, checked and exported -------------------------------------------------


def validate(directory: Path) -> list[DataError]:
    """Every problem of a data directory, laid over the bundled data: each file's records, then what spans
    records (references, errata, ids) in the merged catalogue."""
    try:
        _check_directory(directory)
    except DataError as exc:
        return [exc]
    found: list[DataError] = []
    layer = _load_dir(directory, required=False, problems=found)
    merged = _load_dir(bundled_data_dir(), required=True)
    found.extend(_overlay(merged, layer, directory)[1])
    found.extend(problems(Catalogue(**merged)))
    return found


def export(catalogue: Catalogue) -> dict[str, str]:
    """The catalogue as the files of a data directory: relative path -> YAML text."""
    import msgspec
    import yaml

    def dump(value: Any) -> str:
        return yaml.safe_dump(msgspec.to_builtins(value), allow_unicode=True, sort_keys=False, width=120)

    files: dict[str, str] = {}
    for data_file in FILES:
        content = getattr(catalogue, data_file.attribute)
        if data_file.per_file:
            for record in content:
                files[f"{data_file.folder}/{getattr(record, data_file.key or 'id')}.yaml"] = dump(record)
        elif data_file.record is Reference:
            files[data_file.name] = dump([r for r in content if not r.id.startswith(LOCAL_PREFIX)])
        else:
            files[data_file.name] = dump(content)
    return files
