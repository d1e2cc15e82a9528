"""A value as the text of one cell: CSV, TSV, Markdown, a workbook and the table all write a list joined with
"; " and an object as "key: value, key: value", here and nowhere else."""

from __future__ import annotations

from typing import Any

from msccli.output.guard import visible


def cells(record: dict[str, Any], keys: list[str]) -> list[str]:
    """A record's CSV or TSV row: each field's cell text, shown literally."""
    return [visible(cell_text(record.get(k))) for k in keys]


def cell_text(value: Any) -> str:
    """A value as one cell of text, never a repr: a list joined with '; ', an object as 'key: value, ...' with
    the lists and objects inside it in parentheses: 'jurisdiction: EU, refs: (S55, S56)'. (Dispatched on the
    exact type, with list comprehensions: a big report's CSV spends most of its time here.)"""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is list or kind is tuple:
        return "; ".join([cell_text(v) for v in value])
    if kind is dict:
        return _object(value)
    return _scalar(value)


def _object(value: dict[str, Any]) -> str:
    """'key: value, ...', leaving out empty values (None, [] and {}); the common types written in place, since
    a lot's CSV row flattens hundreds of them."""
    parts = []
    for key, item in value.items():
        kind = type(item)
        if kind is str:
            parts.append(f"{key}: {item}")
        elif item is None:
            continue
        elif kind is bool:
            parts.append(f"{key}: true" if item else f"{key}: false")
        elif kind is int:
            parts.append(f"{key}: {item}")
        elif kind is float:
            parts.append(f"{key}: {int(item)}" if item.is_integer() else f"{key}: {item}")
        elif kind is dict:
            if item:
                parts.append(f"{key}: ({_object(item)})")
        elif kind is list and not item:
            continue
        else:
            parts.append(f"{key}: {nested_text(item)}")
    return ", ".join(parts)


def nested_text(value: Any) -> str:
    """A value inside an object's cell: a list or an object in parentheses."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is list or kind is tuple:
        return "(" + ", ".join([nested_text(v) for v in value]) + ")"
    if kind is dict:
        return "(" + _object(value) + ")"
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple | dict):  # a subclass the fast paths above did not take
        return cell_text(list(value) if not isinstance(value, dict) else dict(value))
    return str(value)
