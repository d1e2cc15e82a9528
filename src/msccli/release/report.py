"""Writing a release report (isct-check --report FILE.html): the run's record, its id, and the page made from it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from msccli.text.i18n import N_

if TYPE_CHECKING:
    from msccli.catalogue.model import Profile, Reference
    from msccli.isct.run import Checked, Request
    from msccli.release.record import Context


def check_name(path: Path) -> None:
    """Before any work: a report is an HTML file."""
    from msccli.text.errors import InputError

    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError(N_("a release report is an HTML file: name it {name}.html", name=path.stem), field="--report")


def write(path: Path, checked: Checked, request: Request, context: Context, force: bool) -> str:
    """Write the report; its id."""
    from msccli.output.files import write_new
    from msccli.release import page, record
    from msccli.views.lot_records import lot_records

    check_name(path)
    lots = list(lot_records(checked.lots, checked.checks, request.judged))
    made = record.build(checked, request, context, path, lots)
    report_id = record.report_id(made)
    text = page.html(made, report_id, [lot.figures for lot in checked.lots])
    write_new(path, text.encode("utf-8"), "--report", force)
    return report_id


def cited(profiles: list[Profile], references: list[Reference], folders: list[str]) -> dict[str, str]:
    """Each profile's references, as the report cites them: title and DOI. A reference a data directory of the
    user's gives names its file by the folder: the report names the folder alone, as it names every file."""
    by_id = {r.id: r for r in references}

    def named(text: str) -> str:
        for folder in folders:
            text = text.replace(str(Path(folder).parent) + os.sep, "")
        return text

    return {
        p.id: "; ".join(
            named(by_id[ref].title) + (f" (doi:{by_id[ref].doi})" if by_id[ref].doi else "")
            for ref in p.refs
            if ref in by_id
        )
        for p in profiles
    }
