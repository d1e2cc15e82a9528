"""msc verify REPORT.html: a release report checked against its inputs and against its own pages.

The report carries its run record (a JSON data block). Verifying it: find each input the record names (in the
report's folder, the working directory or --files DIR), check its SHA-256, run the check again with the recorded
options, and compare every result with the record; then make the page again from the record and compare each
value the page shows (`data-v`) and, for a report of this msc version, the whole page. The answer is the report
id when all agree, or one line per difference: a changed file, a result that differs, a value on the page that
is not its record's.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msccli.release import record as records
from msccli.text.errors import InputError
from msccli.text.i18n import N_

if TYPE_CHECKING:
    from msccli.catalogue.model import Profile
    from msccli.isct.run import Checked, Request

BLOCK = re.compile(r'<script type="application/json" id="msc-run-record">(.*?)</script>', re.DOTALL)
SKIPPED = ("msc_version",)  # of an audit: says which msc made it, compared apart


@dataclass
class Verified:
    report: str
    report_id: str
    made_with: str  # the msc version that wrote the report
    checked_with: str
    inputs: int
    differences: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return not self.differences


def verify(path: str, folders: list[str], profiles: list[Profile], local: bool) -> Verified:
    """Check the report at `path`; `folders`: where else its inputs may be, after the report's own folder;
    `local`: whether a data directory of the user's was given (its criteria, if the run used one)."""
    from msccli import __version__
    from msccli.output.files import decode, read_bytes

    data, source = read_bytes(path)
    page = decode(data, source)
    record = _record(page, source)
    try:
        return _verified(page, path, source, record, folders, profiles, local, __version__)
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as exc:
        # a record msc wrote holds all it reads; one that does not was edited by hand or damaged
        raise InputError(
            N_(
                "its run record does not hold what msc writes ({what}): it was edited or damaged",
                what=f"{type(exc).__name__}: {exc}",
            ),
            source=source,
        ) from None


def _verified(
    page: str,
    path: str,
    source: str,
    record: dict[str, Any],
    folders: list[str],
    profiles: list[Profile],
    local: bool,
    version: str,
) -> Verified:
    report_id = records.report_id(record)
    made_with = record.get("data_directories") or []
    if made_with and not local:  # the bundled criteria alone could judge otherwise than the lab's own did
        raise InputError(N_("its run read the data directory {names} too", names=", ".join(made_with)),
                         source=source, hint="give it: msc verify REPORT.html --data-dir DIR")  # fmt: skip
    found = Verified(source, report_id, record["msc_version"], version, len(record["inputs"]))
    shown = page_values(page)
    if shown.get("report id") != report_id:
        found.differences.append(
            N_("the run record in the page is not the one its pages were made from (its id is {id}, the page shows "
               "{shown})", id=report_id, shown=shown.get("report id", "none"))
        )  # fmt: skip
    where = _located(record, [str(Path(os.path.abspath(path)).parent), *folders], found)
    checked, request = _rerun(record, where, profiles)
    rerun = _rerun_lots(checked, request, record, where, path)
    _compare_results(record, rerun, found)
    _compare_page(record, report_id, page, shown, [lot.figures for lot in checked.lots], found)
    return found


def _record(page: str, source: str) -> dict[str, Any]:
    import json

    match = BLOCK.search(page)
    if match is None:
        raise InputError("not an msc release report: it holds no run record", source=source,
                         hint="msc verify checks a report written by msc isct-check --report")  # fmt: skip
    try:
        record: dict[str, Any] = json.loads(match.group(1))
    except ValueError:
        raise InputError("its run record is not valid JSON: the report was damaged", source=source) from None
    if not isinstance(record, dict) or record.get("format") != records.FORMAT:
        raise InputError(N_("its run record is not of a form this msc reads ({format})", format=records.FORMAT),
                         source=source, hint="check it with the msc version that wrote it")  # fmt: skip
    return record


def _located(record: dict[str, Any], folders: list[str], found: Verified) -> dict[str, str]:
    """Each input's name -> the file found under that name, its SHA-256 checked; missing files stop the check."""
    from msccli.catalogue.catalog import bundled_data_dir
    from msccli.output.files import read_bytes

    folders = [*folders, os.getcwd()]
    if record["options"].get("example"):  # --example or --sheet example: files shipped with msc
        folders += [str(bundled_data_dir() / "examples"), str(bundled_data_dir() / "examples" / "sheet")]
    where: dict[str, str] = {}
    missing = []
    for item in record["inputs"]:
        name = item["name"]
        if name == "-":
            raise InputError("its lots were read from standard input, which cannot be read again",
                             hint="check lots from a file to verify them later")  # fmt: skip
        candidates = [os.path.join(folder, spelled) for spelled in _spellings(name) for folder in folders]
        path = next((c for c in candidates if os.path.isfile(c)), None)
        if path is None:
            missing.append(name)
            continue
        where[name] = path
        digest = hashlib.sha256(read_bytes(path)[0]).hexdigest()  # an unreadable file: one line, as anywhere
        if digest != item["sha256"]:
            found.differences.append(
                N_("{name}: changed since the run (SHA-256 {now}, the report records {then})", name=path,
                   now=digest, then=item["sha256"])
            )  # fmt: skip
    if missing:
        raise InputError(
            N_("cannot find {names}", names=", ".join(missing)),
            hint="give the folder that holds them: msc verify REPORT.html --files DIR",
        )
    return where


def _spellings(name: str) -> list[str]:
    """A recorded name, and the file name it stands for where the name's bytes were not UTF-8 (recorded as \\xff)."""
    if "\\x" not in name:
        return [name]
    import codecs

    return [name, os.fsdecode(codecs.escape_decode(name.encode("utf-8"))[0])]


def _rerun(record: dict[str, Any], where: dict[str, str], profiles: list[Profile]) -> tuple[Checked, Request]:
    """The check run again with the recorded options, on the files found, at the recorded time and analyst."""
    from msccli.isct import criteria, run, specs
    from msccli.isct.fcs.analysis import split_control
    from msccli.isct.fcs.files import split_dataset
    from msccli.release.page import language

    options = record["options"]

    def path(name: str | None) -> str | None:
        if name is None:
            return None
        base, number = split_dataset(name)  # FILE#N, as the record names it
        if number is not None and base in where:
            return f"{where[base]}#{number}"
        return where.get(name, name)

    def control(spec: str) -> str:
        marker, name = split_control(spec)
        return str(path(name)) if marker is None else f"{marker}={path(name)}"

    lot_file, tubes = options["lot_file"], options["tubes"]
    request = run.Request(
        profile=criteria.profile(profiles, options["profile"]),
        spec=specs.load_spec(str(path(options["spec"]))) if options["spec"] else None,
        spec_path=path(options["spec"]),
        mapping=dict(options["mapping"]),
        ci=options["ci"],
        sample=run.Sample(**options["sample"]),
        lot_file=None if lot_file is None else run.LotFile(**{**lot_file, "path": path(lot_file["path"])}),
        selected=options["selected"],
        report=True,
        sheet=path(options["sheet"]),
        example=options.get("example", False),
        stamp=run.Stamp(record["run_at"], record["analyst"], record["clock"]),
    )
    if tubes is not None:
        request.tubes = run.Tubes(
            [str(path(s)) for s in tubes["stained"]], [control(c) for c in tubes["controls"]], list(tubes["gates"]),
            tubes["percentile"], path(tubes["comp"]) if tubes["comp"] not in (None, "tube", "none") else tubes["comp"],
            tubes["singlets"], drawn=True,
        )  # fmt: skip
    with language(record["lang"]):
        return run.run(request), request


def _rerun_lots(
    checked: Checked, request: Request, record: dict[str, Any], where: dict[str, str], report: str
) -> list[dict[str, Any]]:
    """The lots run again, their files named as the report named them."""
    from msccli.views.lot_records import lot_records

    by_path = {os.path.abspath(found): name for name, found in where.items()}
    fallback = records.Names(Path(os.path.abspath(report)).parent)

    def named(path: str) -> str:
        return by_path.get(os.path.abspath(path), fallback(path))

    return [records.named_lot(lot, named) for lot in lot_records(checked.lots, checked.checks, request.judged)]


def _compare_results(record: dict[str, Any], rerun: list[dict[str, Any]], found: Verified) -> None:
    then, now = _flat(record["lots"]), _flat(rerun)
    lots = [lot["lot"] for lot in record["lots"]]
    lines = []
    for key in sorted(set(then) | set(now), key=_natural):
        if key.rsplit(".", 1)[-1] in SKIPPED or then.get(key) == now.get(key):
            continue
        index, _, rest = key.partition(".")
        lot = lots[int(index)] if int(index) < len(lots) else index
        lines.append(N_("lot {lot}: {field} is {then} in the report's record and {now} now", lot=lot, field=rest,
                        then=_shown(then.get(key)), now=_shown(now.get(key))))  # fmt: skip
    if lines and found.made_with != found.checked_with:
        found.differences.append(
            N_("msc {now} decides otherwise than msc {then}, which wrote the report:", now=found.checked_with,
               then=found.made_with)
        )  # fmt: skip
    found.differences.extend(lines)


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(_flat(item, f"{prefix}{key}."))
        return flat
    if isinstance(value, list) and value and isinstance(value[0], (dict, list)):
        flat = {}
        for i, item in enumerate(value):
            flat.update(_flat(item, f"{prefix}{i}."))
        return flat
    return {prefix.rstrip("."): value}


def _natural(key: str) -> list[Any]:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in key.split(".")]


def _shown(value: Any) -> str:
    import json

    return "none" if value is None else json.dumps(value, ensure_ascii=False)


def _compare_page(
    record: dict[str, Any],
    report_id: str,
    page: str,
    shown: dict[str, str],
    figures: list[Any],
    found: Verified,
) -> None:
    """Each value the page shows against the page made again from its record; for a report of this msc version
    whose inputs and results agree, the whole page too (pictures, words, layout)."""
    from msccli.release.page import html

    again = html(record, report_id, figures)
    expected = page_values(again)
    for key in sorted(set(shown) | set(expected), key=str):
        if key == "report id" or shown.get(key) == expected.get(key):
            continue
        if found.made_with == found.checked_with:
            found.differences.append(
                N_("the page shows {shown} for {key}, where its record gives {expected}: it was changed after the "
                   "run", shown=_quoted(shown.get(key)), key=key, expected=_quoted(expected.get(key)))
            )  # fmt: skip
        else:  # another msc may show a value otherwise: say so, not that it was edited
            found.differences.append(
                N_("the page shows {shown} for {key}; msc {now} shows {expected} from its record (the report was "
                   "made with msc {then})", shown=_quoted(shown.get(key)), key=key, now=found.checked_with,
                   expected=_quoted(expected.get(key)), then=found.made_with)
            )  # fmt: skip
    if not found.differences and found.made_with == found.checked_with and again != page:
        ours, theirs = again.splitlines(), page.splitlines()
        line = next((n for n, (a, b) in enumerate(zip(ours, theirs, strict=False), 1) if a != b), len(ours) + 1)
        found.differences.append(N_("the page differs from the one msc makes of its record, from line {line}: it "
                                    "was changed after the run", line=line))  # fmt: skip


def _quoted(text: str | None) -> str:
    import json

    return "nothing" if text is None else json.dumps(text, ensure_ascii=False)


class _Values(HTMLParser):
    """The text of each element that has a data-v attribute, by that attribute's value."""

    VOID = frozenset({"br", "meta", "line", "rect", "polygon", "path", "circle", "img", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.open: list[tuple[str, str | None]] = []  # each open element: its tag and its key, if any
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        key = dict(attrs).get("data-v")
        if key is not None:
            self.text[key] = []
        self.open.append((tag, key))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            opened, key = self.open.pop()
            if key is not None:
                self.values[key] = " ".join("".join(self.text.pop(key)).split())
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, key in self.open:
            if key is not None:
                self.text[key].append(data)


def page_values(page: str) -> dict[str, str]:
    """Each value a report's page shows, by its name (data-v)."""
    parser = _Values()
    parser.feed(BLOCK.sub("", page))
    parser.close()
    return parser.values
