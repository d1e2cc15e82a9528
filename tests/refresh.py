"""Regenerate everything msc's tests compare against: golden outputs, docs/cli.md and the JSON Schemas.

Run from the repository: python tests/refresh.py
Then read the diff: it shows every change of output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from msccli import schema
from tests.completion_index import INDEX
from tests.completion_index import source as index_source
from tests.golden import CASES, CLI_REFERENCE, GOLDEN, ROOT, cli_reference, fixed_environment, golden_text
from tests.i18n_hant import CATALOGUE
from tests.i18n_hant import source as hant_source
from tests.zh_table import TABLE
from tests.zh_table import source as zh_table_source


def main() -> None:
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
    TABLE.write_text(zh_table_source(), encoding="utf-8")
    CATALOGUE.write_text(hant_source(), encoding="utf-8")
    INDEX.write_text(index_source(), encoding="utf-8")
    print(
        f"wrote {len(CASES)} golden files, {CLI_REFERENCE.relative_to(ROOT)}, the schemas, the Chinese table "
        "the Traditional Chinese messages and the completion index"
    )


if __name__ == "__main__":
    main()
