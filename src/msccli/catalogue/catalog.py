"""Load, validate and query the catalogue: bundled YAML, optionally overlaid by a user's data directory."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from msccli.catalogue import cache, workers
from msccli.catalogue.checks import check, problems
from msccli.catalogue.data_files import FILES, DataFile
from msccli.catalogue.model import (
    SLUG,
    Erratum,
    Jurisdiction,
    Profile,
    Reference,
)
from msccli.catalogue.positions import key_line, line_at, problem_key, record_lines
from msccli.catalogue.records import Catalogue
from msccli.text.errors import DataError
from msccli.text.i18n import N_

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

    from msccli.catalogue.yaml_loaders import data_loader, yaml_problem

    try:
        return yaml.load(text, Loader=data_loader())  # noqa: S506 - a safe loader, C or pure Python
    except yaml.YAMLError as exc:
        number, problem = yaml_problem(exc, text)
        line = f"line {number}: " if number is not None else ""
        raise DataError(N_("{line}not valid YAML ({problem})", line=line, problem=problem), source=source) from None
    except ValueError as exc:  # an integer of thousands of digits, a date out of range
        raise DataError(N_("a value cannot be read ({exc})", exc=exc), source=source) from None
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
        if SLUG in message:  # what the regular expression means, for the editor of a data file
            message = N_("{value!r} is not a slug: lower-case letters and digits, words joined by single hyphens "
                         "(e.g. temcell-hs)", value=_record_id(raw))  # fmt: skip
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
            line = key_line(text, i, problem_key(exc)) if text else None
            located = DataError(
                exc.why, source=source, record=exc.record, field=exc.field, line=line or line_at(lines, i)
            )
            if problems is None:
                raise located from None
            problems.append(located)
    return records


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
            raise DataError(N_("cannot read the file ({strerror})", strerror=exc.strerror), source=source) from None
        if stat.S_ISLNK(mode.st_mode):
            raise DataError("is a symbolic link; a data directory holds regular files only", source=source)
        if stat.S_ISDIR(mode.st_mode):
            raise DataError("is a folder, not a data file", source=source)
        if not stat.S_ISREG(mode.st_mode):
            raise DataError("is not a regular file (a FIFO or a device)", source=source)
        if mode.st_size > MAX_DATA_FILE:
            raise DataError(
                N_("larger than {mebibytes} MiB, too large for a data file", mebibytes=MAX_DATA_FILE // 2**20),
                source=source,
            )
    elif not entry.is_file():
        return None
    try:
        text = entry.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(N_("cannot read the file ({exc})", exc=exc), source=source) from None
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
        early = workers.parsed(_parse, str(folder), names) if isinstance(folder, Path) else iter(repeat((False, None)))
        try:
            for entry, (was_parsed, parsed) in zip(entries, early, strict=isinstance(folder, Path)):
                try:
                    if was_parsed:
                        raw, source = parsed, str(entry)
                    else:  # not parsed by a worker (a few files, one CPU), or it failed there: its error is raised here
                        raw, source, _text = _read(folder, entry.name) or (None, str(entry), "")
                    record = convert(raw, data_file.record, source)
                except DataError as exc:
                    note(_with_line(exc, folder, entry.name))
                    continue
                stem = entry.name.rsplit(".", 1)[0]
                if data_file.key is not None and getattr(record, data_file.key) != stem:
                    note(
                        DataError(
                            N_(
                                "the file name must match the record's {key} {record!r}",
                                key=data_file.key,
                                record=getattr(record, data_file.key),
                            ),
                            source=source,
                            field=data_file.key,
                        )
                    )
                    continue
                records.append(record)
        finally:  # the workers are stopped here, even when a file's error ends the loading
            close = getattr(early, "close", None)
            if close is not None:
                close()
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
            try:
                return convert(raw, data_file.record, source)
            except DataError as exc:
                line = key_line(text, None, problem_key(exc)) if exc.line is None else exc.line
                raise DataError(exc.why, source=source, record=exc.record, field=exc.field, line=line) from None
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
                    N_(
                        "a second record with {field} {key!r} (the first is record {first})",
                        field=data_file.key,
                        key=key,
                        first=seen[key] + 1,
                    ),
                    source=source,
                    record=key,
                    line=line_at(lines, index),
                    field=data_file.key,
                )
            )
            continue
        seen[key] = index
        kept.append(record)
    if data_file.record is Profile:
        from msccli.catalogue.profiles import check_profile

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
    from msccli.catalogue.collector import paused_gc

    try:
        with paused_gc():  # a big data directory's catalogue is millions of objects
            return msgspec.json.decode(body, type=Catalogue)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


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
        if not extra and not os.path.exists(cache.names_file()):
            _write_names(found)
        return found
    from msccli.catalogue.collector import paused_gc

    with paused_gc():  # a big data directory is millions of small objects, none in a cycle
        catalogue = _load_layers(extra)
    if cache_file is not None:
        try:
            body = msgspec.json.encode(catalogue)
        except UnicodeEncodeError:  # a data directory's name that is not UTF-8: no cache, the answer is the same
            return catalogue
        cache.write(cache_file, "catalogue", body)
        catalogue.cache_file = cache_file
        if not extra:
            _write_names(catalogue)
    return catalogue


def _write_names(catalogue: Catalogue) -> None:
    """The names the TAB-completion script offers (msc completion), beside the cache they come from."""
    cache.write_names(
        {
            "product": sorted(p.id for p in catalogue.products),
            "country": [j.code for j in catalogue.jurisdictions],
            "ref": [r.id for r in catalogue.references],
            "profile": [p.id for p in catalogue.profiles],
        }
    )


def _with_line(problem: DataError, folder: Traversable, name: str) -> DataError:
    """A record file's problem with the line of its key, the file read again to find it (only on a problem)."""
    if problem.line is not None or not problem_key(problem):
        return problem
    try:
        text = (folder / name).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return problem
    line = key_line(text, None, problem_key(problem))
    return DataError(problem.why, source=problem.file, record=problem.record, field=problem.field, line=line)


def _check_directory(directory: Path) -> None:
    try:
        if directory.is_dir():
            return
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte
        raise DataError(
            N_("cannot be used as a data directory ({reason})", reason=getattr(exc, "strerror", None) or exc),
            source=str(directory),
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
            notes.append(N_("{path} replaces the bundled {name}", path=directory / data_file.name, name=data_file.name))
            continue
        bundled = {getattr(r, data_file.key) for r in merged[data_file.attribute]}
        replaced = [
            getattr(r, data_file.key) for r in layer[data_file.attribute] if getattr(r, data_file.key) in bundled
        ]
        if replaced:
            notes.append(
                N_(
                    "{directory} replaces bundled {folder} records: {replaced}",
                    directory=directory,
                    folder=data_file.folder,
                    replaced=", ".join(replaced),
                )
            )
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
        if "supports" in value and "ref" in value:  # a quotation in the user's file: the user's, like its fact
            value["ref"] = ref_id

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
    from msccli.catalogue.quote_rules import product_warnings

    for product in layer.get("products", []):
        found.extend(product_warnings(product, f"products/{product.id}.yaml"))
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
