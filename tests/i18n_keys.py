"""Find every label and message in msc's source that people read, as the translation catalogue's keys.

A key is the text of a string, or a template with named fields given to tr() or N_() ("row {row}", row=...). It
is found where the source hands text to people: tr() and N_() (text translated later), the errors' messages and
hints, table headers and legends, and the nouns given to plural(). tests/text/test_i18n.py checks that every key found
has a Chinese translation; `python tests/i18n_keys.py` prints the ones that have none, ready to fill in.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "msccli"
SKIPPED = {"messages_zh.py", "messages_zh_hant.py", "zh_table.py"}
MESSAGE_ARGS = {"tr": 0, "N_": 0, "InputError": 0, "DataError": 0, "NotApplicable": 0, "MscError": 0}
NOUN_ARGS = {"NotFound": 0, "Ambiguous": 0}
HINT_ARGS = {"NotFound": 3, "Ambiguous": 3, "NotApplicable": 1}  # a hint given by position


def template(node: ast.expr) -> list[str] | None:
    """The texts an expression can be: a string, an f-string as a template, either branch of `a if c else b`,
    or a sum of those; None when the text is only known when msc runs."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append("{" + _field(value) + "}")
        return ["".join(parts)]
    if isinstance(node, ast.Call) and _name(node) == "N_" and node.args:  # N_("template", field=...)
        return template(node.args[0])
    if isinstance(node, ast.IfExp):
        body, orelse = template(node.body), template(node.orelse)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left), template(node.right)
        return None if left is None or right is None else [a + b for a in left for b in right]
    return None


def _field(value: ast.FormattedValue) -> str:
    text = ast.unparse(value.value)
    if value.conversion != -1:
        text += "!" + chr(value.conversion)
    if value.format_spec is not None:
        spec = template(value.format_spec)
        text += ":" + (spec[0] if spec else "")
    return text


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def keys() -> dict[str, list[str]]:
    """Every key, with where it is ('views/products.py:120')."""
    found: dict[str, list[str]] = {}

    def add(texts: list[str] | None, where: str) -> None:
        for text in texts or []:
            body = text.lstrip()
            if body and any(c.isalpha() for c in _literal(body)):
                found.setdefault(body, []).append(where)

    for path in sorted(SOURCE.rglob("*.py")):
        if path.name in SKIPPED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(SOURCE)}:{node.lineno}"
            name = _name(node)
            if name in MESSAGE_ARGS and node.args:
                add(template(node.args[MESSAGE_ARGS[name]]), where)
            if name in NOUN_ARGS and node.args:
                add(template(node.args[NOUN_ARGS[name]]), where)
            if name in HINT_ARGS and len(node.args) > HINT_ARGS[name]:
                add(template(node.args[HINT_ARGS[name]]), where)
            if name == "plural" and len(node.args) >= 2:
                nouns = template(node.args[1]) or []
                many = (template(node.args[2]) or []) if len(node.args) > 2 else [n + "s" for n in nouns]
                add(["{count} " + noun for noun in [*nouns, *many]], where)
            data_header = any(k.arg == "data_header" for k in node.keywords)
            if name == "Column" and len(node.args) >= 2 and not data_header:
                add(template(node.args[1]), where)
            for keyword in node.keywords:
                if keyword.arg in ("hint", "legend") or (name == "Column" and keyword.arg == "header"):
                    add(template(keyword.value), where)
    return found


def _literal(key: str) -> str:
    """A key without its fields: what has to be translated."""
    import re

    return re.sub(r"\{[^{}]+\}", "", key)


def main() -> int:
    sys.path.insert(0, str(SOURCE.parent))
    from msccli.text.messages_zh import MESSAGES

    missing = {k: v for k, v in keys().items() if k not in MESSAGES}
    for key, where in missing.items():
        print(f"    {key!r}: '',  # {where[0]}")
    print(f"# {len(missing)} missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
