"""The YAML loaders msc reads files with: both safe, and both refuse a key given twice in one mapping, which
PyYAML would take silently, keeping the last value and losing the first.

- `data_loader()`: data files and specs, as PyYAML's safe loader reads them (its C parser where it was built
  with one), string scalars taken as written.
- `text_loader()`: lot files, every scalar as text exactly as written (no YAML 1.1 typing: yes, 0123, 1:30 and
  1.10 stay what they are).

PyYAML is imported when a loader is first asked for: only commands that read YAML pay for it.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_MADE: dict[str, Any] = {}
_MERGE = "tag:yaml.org,2002:merge"  # '<<: *base' may be followed by keys that override the merged ones
_STRING = "tag:yaml.org,2002:str"


def data_loader() -> Any:
    """PyYAML's safe loader that takes a string scalar as written.

    PyYAML's constructor makes every value the same way: a memo for aliases, a guard against recursion, a look-up
    of the tag's function. A string needs none of it, and strings are most of a data file. The value is the one
    PyYAML's own constructor gives (a test compares the two)."""
    if "data" not in _MADE:
        import yaml

        class DataLoader(_unique_keys(getattr(yaml, "CSafeLoader", yaml.SafeLoader))):  # type: ignore[misc]
            def construct_object(self, node: Any, deep: bool = False) -> Any:
                if node.__class__ is yaml.ScalarNode and node.tag == _STRING:
                    return node.value
                return super().construct_object(node, deep)

        _MADE["data"] = DataLoader
    return _MADE["data"]


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def text_loader() -> Any:
    """PyYAML's base loader: strings, lists and mappings only, every scalar as written, except that a plain
    (unquoted) null is None, as JSON's null is: `lot: null` is an empty lot id, not a lot named "null"."""
    if "text" not in _MADE:
        import yaml

        class TextLoader(_unique_keys(getattr(yaml, "CBaseLoader", yaml.BaseLoader))):  # type: ignore[misc]
            def construct_scalar(self, node: Any) -> Any:
                if not node.style and node.value in _NULLS:  # plain: None (pure Python) or "" (C)
                    return None
                return super().construct_scalar(node)

        _MADE["text"] = TextLoader
    return _MADE["text"]


def _unique_keys(base: Any) -> Any:
    """A loader class on `base` whose mappings refuse a key given twice, naming it at its second place."""
    from yaml.constructor import ConstructorError

    class UniqueKeys(base):  # type: ignore[misc]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    again = key in seen
                except TypeError:  # unhashable: PyYAML's own error follows
                    break
                if again:
                    problem = f"the key {key!r} appears twice"
                    raise ConstructorError("while reading a mapping", node.start_mark, problem, key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return UniqueKeys


def yaml_problem(exc: Exception, text: str) -> tuple[int | None, str]:
    """The line (1-based, where known) and what is wrong, in one line, of a YAML error: a syntax error's mark, or a
    reader error's position in the text (PyYAML words that as '"<unicode string>", position 10' on a second line)."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return mark.line + 1, str(getattr(exc, "problem", None) or getattr(exc, "context", None) or "")
    position = getattr(exc, "position", None)
    if isinstance(position, int) and hasattr(exc, "reason"):
        character = getattr(exc, "character", "")
        number = ord(character) if isinstance(character, str) and len(character) == 1 else character
        code = f"#x{number:04x}" if isinstance(number, int) else repr(character)
        return text.count("\n", 0, position) + 1, f"character {code}: {exc.reason}"
    return None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__
