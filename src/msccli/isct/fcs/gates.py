"""Gates on FCS events, as --gate gives them: conditions on a channel's (compensated) value, such as
FSC-A>20000."""

from __future__ import annotations

import re
from dataclasses import dataclass

from msccli.text.errors import InputError
from msccli.text.i18n import N_

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_CONDITION = re.compile(rf"^\s*(?P<channel>.+?)\s*(?P<op>>=|<=|>|<)\s*(?P<value>{_NUMBER})\s*$")


@dataclass(frozen=True)
class Condition:
    """One gate condition on a channel's (compensated) value: FSC-A>20000."""

    channel: str
    op: str
    value: float

    def __str__(self) -> str:
        return f"{self.channel}{self.op}{self.value:g}"


def parse_gates(items: list[str]) -> list[Condition]:
    """--gate values, each one or more conditions joined by commas or ' and '."""
    conditions = []
    for item in items:
        for part in re.split(r",|\band\b", item):
            if not part.strip():
                continue
            match = _CONDITION.match(part)
            if match is None:
                raise InputError(
                    N_("{part!r} is not a gate condition", part=part.strip()),
                    field="--gate",
                    hint="write CHANNEL>VALUE, e.g. FSC-A>20000",
                )
            conditions.append(Condition(match["channel"], match["op"], float(match["value"])))
    return conditions
