"""Regenerate everything msc's tests compare against: golden outputs, docs/cli.md and the JSON Schemas.

Run from the repository: python scripts/refresh.py
Then read the diff: it shows every change of output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from msccli.views import schema
from scripts.i18n_hant import CATALOGUE
from scripts.i18n_hant import source as hant_source
from scripts.zh_table import TABLE
from scripts.zh_table import source as zh_table_source
from tests.golden import CASES, CLI_REFERENCE, GOLDEN, ROOT, cli_reference, fixed_environment, golden_text


def main() -> None:
    # the generated Chinese first: the golden outputs show it
    TABLE.write_text(zh_table_source(), encoding="utf-8")
    CATALOGUE.write_text(hant_source(), encoding="utf-8")
    with fixed_environment():
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob("*.txt"):
            old.unlink()
        for name in CASES:
            (GOLDEN / f"{name}.txt").write_text(golden_text(name), encoding="utf-8")
        CLI_REFERENCE.write_text(cli_reference(), encoding="utf-8")
        for name in schema.names():
            path = ROOT / "schema" / schema.schema_path(name)
            path.parent.mkdir(exist_ok=True)
            path.write_text(json.dumps(schema.schema(name), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {len(CASES)} golden files, {CLI_REFERENCE.relative_to(ROOT)}, the schemas, the Chinese table and "
        "the Traditional Chinese messages"
    )


if __name__ == "__main__":
    main()
