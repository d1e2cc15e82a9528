"""Fold Traditional Chinese to Simplified for matching, so '骨关节炎' finds '骨關節炎', 间充质干细胞 finds 間充質幹細胞.

The table is the character level of OpenCC's t2s conversion, generated when the project is built
(scripts/zh_table.py, checked by tests/text/test_zh.py), so no converter is imported when msc runs.
"""

from __future__ import annotations

_tables: list[dict[int, str]] = []  # made when first needed


def _table() -> dict[int, str]:
    if not _tables:
        from msccli.text.zh_table import PAIRS

        pairs = "".join(PAIRS)
        _tables.append(str.maketrans(dict(zip(pairs[0::2], pairs[1::2], strict=True))))
    return _tables[0]


def fold(text: str) -> str:
    """Traditional characters become Simplified; everything else is unchanged (ASCII text costs nothing)."""
    if text.isascii():
        return text
    return text.translate(_table())
