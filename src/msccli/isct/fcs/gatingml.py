"""The gates and compensation isct-check used, as Gating-ML 2.0 (--gating-ml FILE.xml), the ISAC standard FlowKit
and FlowJo read, so others can replay them on the same files and count the same events.

Gating-ML applies every gate to every file, while msc gates each tube by its own pre-gates (a singlet band from
the tube's own median, thresholds from its control). So each tube gets its own chain of gates, named after the
file (a second tube of the same file name gets `_2`, and so on): `<file>.scatter` (below full scale in the
scatter channels), `<file>.gate1`... (--gate), `<file>.singlets`, each the child of the one before, then one gate
per marker under them, `<file>.CD73.positive` (above the threshold). Replaying the chain named after a file on
that file counts what msc counted: events kept by each pre-gate, positive events (or, on a control, events above
the threshold). Each bound is written where a replay keeps exactly msc's events: halfway between the last event
msc leaves out and the first it keeps (Gating-ML's minimum is inclusive, its maximum exclusive), so that a
replay's own rounding of compensation cannot move an event across it.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from msccli.isct.fcs.measures import Measure, Prepared
    from msccli.isct.fcs.pregates import Pregates

GATING = "http://www.isac-net.org/std/Gating-ML/v2.0/gating"
TRANSFORMS = "http://www.isac-net.org/std/Gating-ML/v2.0/transformations"
DATATYPES = "http://www.isac-net.org/std/Gating-ML/v2.0/datatypes"


def plan(
    tubes: list[Prepared], links: list[tuple[Prepared, Prepared, Measure]], pregates: Pregates
) -> list[dict[str, Any]]:
    """Each tube's gates as plain data (picklable, small): what `document` turns into Gating-ML. A tube's marker
    gates are those it measured (a stained tube) or set the threshold of (a control). Every bound is where a replay
    keeps exactly msc's events (pregates.separating), not msc's own bound, which a replay's rounding could move an
    event across."""
    from msccli.isct.fcs.files import libraries
    from msccli.isct.fcs.pregates import is_scatter, separating

    numpy, _ = libraries()
    planned = []
    for p in tubes:
        tube = p.tube
        scatter = [
            (tube.pnn[i], float(top))
            for i, (r, top) in enumerate(zip(tube.ranges, tube.full_scale, strict=True))
            if is_scatter(tube.pnn[i]) and r and top is not None
        ]
        cuts = list(p.cuts or [])[1:]  # after the scatter step: one per condition, then the singlets

        def own(name: str, tube: Any = tube) -> str:
            """A channel as the file names it ($PnN), however it was typed (fsc-a, a $PnS such as CD73)."""
            i = tube.channel(name)
            return str(tube.pnn[i]) if i is not None else name

        singlets = next((s for s in p.steps if "channels" in s), None)
        markers = []
        for t, c, m in links:
            if p is t or p is c:
                column = p.values[:, p.tube.channel(m.channel)]
                low, _ = separating(numpy, column, column > m.threshold, math.nextafter(m.threshold, math.inf), None)
                markers.append((m.marker, m.channel, low))
        planned.append(
            {
                "file": tube.name,
                "path": tube.path,
                "scatter": scatter,
                "conditions": [(own(c.channel), cut) for c, cut in zip(pregates.conditions, cuts, strict=False)],
                "singlets": ([own(c) for c in singlets["channels"]], *cuts[-1]) if singlets else None,
                "compensated": list(p.compensated) if p.matrix is not None else [],
                "matrix": p.matrix,
                "markers": list(dict.fromkeys(markers)),
            }
        )
    return planned


def prefixes(plans: list[dict[str, Any]]) -> list[str]:
    """Each chain's name: its file's name, with _2, _3 ... where two files' names would make the same gate ids
    (lot-a/tube.fcs and lot-b/tube.fcs; 批次甲.fcs and 批次乙.fcs, whose ids keep ASCII only; 'a b.fcs' and
    'a_b.fcs'), so every gate id in the document is unique."""
    taken: set[str] = set()
    names = []
    for p in plans:
        name, count = p["file"], 1
        while gate_id(name, "") in taken:
            count += 1
            name = f"{p['file']}_{count}"
        taken.add(gate_id(name, ""))
        names.append(name)
    return names


def gate_id(file: str, step: str) -> str:
    """An XML ID (what Gating-ML's schema requires): the file name and the step, other characters as '_'."""
    ident = re.sub(r"[^A-Za-z0-9._-]", "_", f"{file}.{step}")
    return ident if re.match(r"[A-Za-z_]", ident) else "_" + ident


XML_FORBIDS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_names(plans: list[dict[str, Any]]) -> None:
    """Before anything is written: every channel a Gating-ML file names can be written in XML. A name holding a
    character XML 1.0 cannot hold (a control character, U+FFFE) would make the file unreadable, and an escaped
    one would name no channel of the file: such a file is refused, naming the channel."""
    from msccli.output.guard import visible
    from msccli.text.errors import InputError
    from msccli.text.i18n import N_

    for p in plans:
        names = [c for c, _ in p["conditions"]] + [m[1] for m in p["markers"]] + list(p["compensated"])
        names += [name for name, _ in p["scatter"]] + list(p["singlets"][0] if p["singlets"] else [])
        for name in names:
            if XML_FORBIDS.search(name):
                raise InputError(
                    N_("its channel {name} holds a character XML cannot hold, so Gating-ML cannot name it",
                       name=repr(visible(name))),
                    source=p["path"], field="--gating-ml",
                    hint="rename the channel ($PnN) in the acquisition software, or leave out --gating-ml",
                )  # fmt: skip


def document(plans: list[dict[str, Any]]) -> bytes:
    """One Gating-ML 2.0 document with every tube's chain of gates."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("gating", GATING)
    ET.register_namespace("transforms", TRANSFORMS)
    ET.register_namespace("data-type", DATATYPES)
    root = ET.Element(f"{{{GATING}}}Gating-ML")
    seen: dict[str, str] = {}
    for p, prefix in zip(plans, prefixes(plans), strict=True):
        comp = _matrix(ET, root, p, seen) if p["matrix"] is not None else "uncompensated"
        _Chain(ET, root, {**p, "file": prefix}, comp).write()
    ET.indent(root)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + text + b"\n"


Dimension = tuple[dict[str, str], float | None, float | None]  # what it measures, minimum, maximum


class _Chain:
    """One tube's gates, each the child of the one before; the marker gates are siblings under the pre-gates."""

    def __init__(self, ET: Any, root: Any, plan: dict[str, Any], comp: str) -> None:
        self.ET, self.root, self.plan, self.comp = ET, root, plan, comp
        self.parent: str | None = None

    def channel(self, name: str, compensable: bool = True) -> dict[str, str]:
        compensated = compensable and name in self.plan["compensated"]
        return {"name": name, "comp": self.comp if compensated else "uncompensated"}

    def rectangle(self, step: str, dims: list[Dimension]) -> None:
        ET, ident = self.ET, gate_id(self.plan["file"], step)
        gate = ET.SubElement(self.root, f"{{{GATING}}}RectangleGate", {f"{{{GATING}}}id": ident})
        if self.parent is not None:
            gate.set(f"{{{GATING}}}parent_id", self.parent)
        for dimension, low, high in dims:
            attrs = {f"{{{GATING}}}compensation-ref": dimension["comp"]}
            if low is not None:
                attrs[f"{{{GATING}}}min"] = repr(low)
            if high is not None:
                attrs[f"{{{GATING}}}max"] = repr(high)
            element = ET.SubElement(gate, f"{{{GATING}}}dimension", attrs)
            named = {f"{{{DATATYPES}}}{k}": v for k, v in dimension.items() if k != "comp"}
            kind = "new-dimension" if "transformation-ref" in dimension else "fcs-dimension"
            ET.SubElement(element, f"{{{DATATYPES}}}{kind}", named)
        self.parent = ident

    def ratio(self, names: list[str]) -> dict[str, str]:
        """An area-to-height ratio (Gating-ML's fratio: A (x - B) / (y - C), here x / y) as a new dimension."""
        ET, ident = self.ET, gate_id(self.plan["file"], "ratio")
        transform = ET.SubElement(self.root, f"{{{TRANSFORMS}}}transformation", {f"{{{TRANSFORMS}}}id": ident})
        terms = {f"{{{TRANSFORMS}}}A": "1", f"{{{TRANSFORMS}}}B": "0", f"{{{TRANSFORMS}}}C": "0"}
        fratio = ET.SubElement(transform, f"{{{TRANSFORMS}}}fratio", terms)
        for name in names:
            ET.SubElement(fratio, f"{{{DATATYPES}}}fcs-dimension", {f"{{{DATATYPES}}}name": name})
        return {"transformation-ref": ident, "comp": "uncompensated"}

    def write(self) -> None:
        plan = self.plan
        if plan["scatter"]:  # msc tests the stored values: uncompensated
            self.rectangle("scatter", [(self.channel(name, False), None, top) for name, top in plan["scatter"]])
        for k, (name, (low, high)) in enumerate(plan["conditions"], start=1):
            self.rectangle(f"gate{k}", [(self.channel(name), low, high)])
        if plan["singlets"] is not None:
            names, low, high = plan["singlets"]
            dimension = self.ratio(names) if len(names) == 2 else self.channel(names[0])
            self.rectangle("singlets", [(dimension, low, high)])
        pregated = self.parent
        for marker, name, low in plan["markers"]:
            self.parent = pregated
            self.rectangle(f"{marker}.positive", [(self.channel(name), low, None)])


def _matrix(ET: Any, root: Any, p: dict[str, Any], seen: dict[str, str]) -> str:
    """The tube's spillover matrix as a spectrumMatrix (one per distinct matrix); its id."""
    key = repr((p["compensated"], p["matrix"]))
    if key in seen:
        return seen[key]
    ident = f"comp{len(seen) + 1}"
    seen[key] = ident
    element = ET.Element(f"{{{TRANSFORMS}}}spectrumMatrix", {f"{{{TRANSFORMS}}}id": ident})
    for group in ("fluorochromes", "detectors"):
        names = ET.SubElement(element, f"{{{TRANSFORMS}}}{group}")
        for name in p["compensated"]:
            ET.SubElement(names, f"{{{DATATYPES}}}fcs-dimension", {f"{{{DATATYPES}}}name": name})
    for row in p["matrix"]:
        spectrum = ET.SubElement(element, f"{{{TRANSFORMS}}}spectrum")
        for value in row:
            ET.SubElement(spectrum, f"{{{TRANSFORMS}}}coefficient", {f"{{{TRANSFORMS}}}value": repr(float(value))})
    root.insert(len(seen) - 1, element)  # matrices first, before the gates that refer to them
    return ident
