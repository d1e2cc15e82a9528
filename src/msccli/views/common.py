"""What several views share: marks with their references, tissue words, the structured-record conversion."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console
    from rich.text import Text

MARK_STYLE = {"VERIFIED": "green", "SEED-ONLY": "yellow", "CONFLICT": "red", "LOCAL": "magenta"}
TISSUE_LABEL = {
    "bone-marrow": "bone marrow",
    "adipose": "adipose",
    "umbilical-cord": "umbilical cord",
    "umbilical-cord-blood": "umbilical cord blood",
}


def to_builtins(value: Any) -> Any:
    import msgspec

    return msgspec.to_builtins(value)


def mark_text(mark: str, refs: list[str]) -> str:
    from msccli.text.i18n import tr_value

    shown = tr_value(mark)
    return f"[{shown}: {', '.join(refs)}]" if refs else f"[{shown}]"


def styled(text: str, style: str = "") -> Text:
    from rich.text import Text

    from msccli.output.guard import visible
    from msccli.output.render import readable

    return Text(visible(readable(text)), style=style)  # Rich would drop some control characters silently


def mark_cell(record: dict[str, Any]) -> Text:
    from msccli.text.i18n import tr_value

    return styled(tr_value(record["mark"]), MARK_STYLE.get(record["mark"], ""))


def marked(text: str, mark: str, refs: list[str]) -> Text:
    """A fact followed by its mark and references: 'Dose: 2×10⁶ MSC/kg.  [VERIFIED: S89, S91]'."""
    line = styled(text)
    line.append("  ")
    line.append(mark_text(mark, refs), style=MARK_STYLE.get(mark, ""))
    return line


def participants(count: int | None, note: str | None) -> str:
    """A trial's size for people: '55 (enrolled; 54 analysed)', or '' when not known."""
    if count is None:
        return ""
    return f"{count} ({note})" if note else str(count)


def english_notice(con: Console) -> None:
    """The English-notes line (english_note) under a layout of its own."""
    for line in english_note():
        con.print(line, style="dim")


def english_note() -> list[str]:
    """In Chinese, a line saying that the records' notes and descriptions are in English, as their sources give
    them (the data has Chinese only for names, indications, history and the passages); nothing in English."""
    from msccli.text.i18n import chinese, tr

    return [tr("Notes, evidence and details are in English, as the sources give them.")] if chinese() else []
