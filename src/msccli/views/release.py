"""msc verify and msc qualify: what a release report's check found, and how an installed msc did on its reference
cases, for people and in every data format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msccli.output.render import Column, Field, View
from msccli.text.i18n import tr, tr_value
from msccli.views.common import styled

if TYPE_CHECKING:
    from rich.console import Console

VERIFY_FIELDS = (
    Field("report", "string", "The report checked."),
    Field("report_id", "string", "The SHA-256 of its run record: the id printed on every page."),
    Field("verified", "boolean", "Inputs, results and pages all as the report records them."),
    Field("made_with", "string", "The msc version that wrote the report."),
    Field("checked_with", "string", "The msc version that checked it."),
    Field("inputs", "integer", "Input files found and checked by SHA-256."),
    Field("differences", "array", "One line per difference: a changed file, a result, a value on a page."),
)

CASE_FIELDS = (
    Field("case", "string", "The reference case's id (docs/qualification.md traces it to a requirement and a test)."),
    Field("requirement", "string", "What msc must do that the case shows."),
    Field("command", "string", "The command the case runs, from msc's qualification folder."),
    Field("expected", "array", "Each value the case expects: what, and the value."),
    Field("actual", "array", "The same values as this msc gave them."),
    Field("passed", "boolean", "Every expected value given."),
)
QUALIFY_FIELDS = (
    Field("verdict", "string", "PASS when every case passed, else FAIL."),
    Field("passed", "integer", "Cases passed."),
    Field("failed", "integer", "Cases failed."),
    Field("run_at", "string", "When the qualification ran (ISO 8601, with its UTC offset)."),
    Field("environment", "object", "msc, Python, the platform, numpy and flowio, and the SHA-256 of msc's files."),
    Field("cases", "array", "Each case: id, requirement, command, expected and actual values, passed."),
)


def verify_view(found: dict[str, Any]) -> View:
    found = {field.name: found[field.name] for field in VERIFY_FIELDS}

    def human(con: Console) -> None:
        if found["verified"]:
            con.print(styled(tr("verified: {report}", report=found["report"]), "bold green"))
            con.print(found["report_id"])
            con.print(tr("{inputs} input files as recorded; every result and every page value as recorded (msc "
                         "{made_with}, checked with msc {checked_with}).", **found), style="dim")  # fmt: skip
            return
        con.print(styled(tr("NOT VERIFIED: {report}", report=found["report"]), "bold red"))
        for line in found["differences"]:
            con.print(tr(line))

    return View(fields=VERIFY_FIELDS, records=[found], human=human)


def qualify_view(run: dict[str, Any]) -> View:
    columns = [
        Column("case", "Case", identity=True),
        Column("requirement", "Requirement"),
        Column("expected", "Expected", show=lambda r: "; ".join(r["expected"])),
        Column("actual", "Actual", show=lambda r: "; ".join(r["actual"])),
        Column("passed", "Result", show=lambda r: styled(tr("pass") if r["passed"] else tr("FAIL"),
                                                          "green" if r["passed"] else "bold red")),
    ]  # fmt: skip

    def human(con: Console) -> None:
        from msccli.output.render import grid

        grid(con, columns, run["cases"])
        con.print(f"run_at: {run['run_at']}", style="dim")
        for key, value in run["environment"].items():
            con.print(f"{key}: {value}", style="dim")
        verdict = tr_value(run["verdict"])
        con.print(styled(tr("Operational qualification: {verdict} ({passed} of {count} cases passed)",
                            verdict=verdict, passed=run["passed"], count=len(run["cases"])),
                         "bold green" if run["verdict"] == "PASS" else "bold red"))  # fmt: skip

    return View(fields=QUALIFY_FIELDS, records=[run], human=human)
