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


def text_loader() -> Any:
    """PyYAML's base loader: strings, lists and mappings only, every scalar as written."""
    if "text" not in _MADE:
        import yaml

        _MADE["text"] = _unique_keys(getattr(yaml, "CBaseLoader", yaml.BaseLoader))
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
