"""Where in a data file a problem is: the line of each record of a list file, and of the key a problem is about.
The file's text is parsed again for this only when there is a problem to place."""

import re

from msccli.text.errors import DataError


def record_lines(text: str) -> list[int]:
    """The line on which each record of a YAML list starts (for error messages; parsed again only then)."""
    import yaml

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def line_at(lines: list[int], index: int) -> int | None:
    return lines[index] if index < len(lines) else None


def problem_key(problem: DataError) -> str:
    """The path of the key a problem is about: its field, and an unknown key the message names."""
    unknown = re.search(r"unknown field `([^`]+)`", problem.why)
    if unknown is None:
        return problem.field
    return f"{problem.field}.{unknown.group(1)}" if problem.field else unknown.group(1)


def key_line(text: str, index: int | None, field: str) -> int | None:
    """The line of the key a problem is about ('approvals[0].status'), in a record of a file (`index`: of a list
    file's records); the line of the nearest enclosing key or record where the path ends early. None when the text
    cannot be read again."""
    import yaml

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    if index is not None:
        if not isinstance(node, yaml.SequenceNode) or index >= len(node.value):
            return None
        node = node.value[index]
    line = node.start_mark.line + 1 if node is not None else None
    for part in re.findall(r"\[\d+\]|[^.\[\]]+", field):
        if part.startswith("[") and isinstance(node, yaml.SequenceNode):
            position = int(part[1:-1])
            if position >= len(node.value):
                break
            node = node.value[position]
            line = node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        else:
            break
    return line
