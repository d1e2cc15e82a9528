"""msc in English, Simplified and Traditional Chinese: the language chosen, every label translated, data unchanged."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from msccli.catalogue import vocab
from msccli.catalogue.catalog import default
from msccli.text import i18n
from msccli.text.messages_zh import MESSAGES as ZH
from msccli.text.messages_zh_hant import MESSAGES as ZH_HANT
from msccli.views.outputs import OUTPUTS
from msccli.views.schema import names as schema_names
from scripts.i18n_hant import CATALOGUE, source

from ..conftest import run
from ..i18n_keys import keys

DATA = Path(__file__).resolve().parents[2] / "data"
EXAMPLES = DATA / "examples"
FIELD = re.compile(r"\{[^{}]+\}")

# -- the catalogues ------------------------------------------------------------------------------------------------


def test_every_label_in_the_source_has_a_chinese_translation() -> None:
    missing = sorted(set(keys()) - set(ZH))
    assert missing == [], "add them to src/msccli/text/messages_zh.py (python tests/i18n_keys.py lists them)"


def test_translations_use_only_the_fields_of_their_key() -> None:
    wrong = {k: v for k, v in ZH.items() if not set(FIELD.findall(v)) <= set(FIELD.findall(k))}
    assert wrong == {}


def test_the_traditional_catalogue_has_every_key_of_the_simplified_one() -> None:
    assert list(ZH_HANT) == list(ZH)


@pytest.mark.skipif(importlib.util.find_spec("opencc_purepy") is None, reason="OpenCC (opencc-purepy) is not installed")
def test_the_traditional_catalogue_is_what_opencc_gives() -> None:
    assert CATALOGUE.read_text(encoding="utf-8") == source(), "regenerate it: python scripts/refresh.py"


@pytest.mark.parametrize(
    "vocabulary",
    [
        *("Mark", "Tissue", "Donor", "Route", "Pathway", "Status", "Verdict", "Category", "TrialRole"),
        *("DesignationKind", "DocumentKind", "EventKind", "Test", "ErratumKind", "Storage", "Precision"),
    ],
)
def test_every_code_shown_to_people_has_a_translation(vocabulary: str) -> None:
    codes = typing.get_args(getattr(vocab, vocabulary))
    assert [c for c in codes if c not in ZH] == []


# -- choosing the language -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_SG.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh-Hant"),
        ({"LANG": "zh_HK.Big5"}, "zh-Hant"),
        ({"LANG": "zh_MO"}, "zh-Hant"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh-Hant"),
        ({"LANG": "zh_TW.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"),
    ],
)
def test_the_locale_sets_the_default(environ: dict[str, str], lang: str) -> None:
    assert i18n.from_locale(environ) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [("en", "en"), ("ZH", "zh"), ("zh_CN", "zh"), ("zh-Hans", "zh"), ("zh-hant", "zh-Hant"), ("zh_TW", "zh-Hant")],
)
def test_language_names_in_any_case(text: str, lang: str) -> None:
    assert i18n.parse_lang(text) == lang


def test_lang_in_any_place_and_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    footer = "4 个产品的 4 项批准 · 目录截至 2026-11\n"
    assert run("--lang", "zh", "products", "-c", "KR").stdout.endswith(footer.replace("\n", "") + "\n" + _tail("zh"))
    assert run("products", "-c", "KR", "--lang=zh").stdout == run("--lang", "zh", "products", "-c", "KR").stdout
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert "4 個產品的 4 項批准" in run("products", "-c", "KR").stdout
    monkeypatch.setenv("MSC_LANG", "zh")
    assert "4 个产品的 4 项批准" in run("products", "-c", "KR").stdout
    assert "4 approvals of 4 products" in run("products", "-c", "KR", "--lang", "en").stdout


def _tail(lang: str) -> str:
    lines = {
        "zh": "全部字段：-f json 或更宽的终端。详情：msc product 名称。\n"
        "msc 是整理公开资料的参考工具，不构成临床建议或处方。\n",
    }
    return lines[lang]


def test_an_unknown_language_is_an_error_that_lists_them(monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("products", "--lang", "fr")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "msc: error: --lang: unknown value 'fr'\nmsc: hint: choose from: en, zh, zh-Hant\n"
    monkeypatch.setenv("MSC_LANG", "klingon")
    assert run("products").stderr.startswith("msc: error: --lang: unknown value 'klingon'")


# -- what is translated, and what is not -------------------------------------------------------------------------


def test_errors_and_hints_are_translated() -> None:
    result = run("products", "--country", "XX", "--lang", "zh")
    assert result.exit_code == 1
    assert result.stderr.startswith("msc: 错误: 没有与 'XX' 匹配的国家或地区")
    assert run("products", "--sorce", "x", "--lang", "zh-Hant").stderr == (
        "msc: 錯誤: 沒有這個選項：--sorce（可能的選項：--force, --since, --source）\n"
        "msc: 提示: 參見：msc products --help\n"
    )
    bad = run("dose", "ryoncil", "--weight", "700", "--lang", "zh").stderr
    why = "人的体重在此范围内；超出范围几乎一定是笔误或单位错误"
    assert bad == f"msc: 错误: --weight: '700' 超出可接受范围 1-300 kg（{why}）\n"


@pytest.mark.parametrize("fmt", ["json", "csv", "yaml", "markdown"])
@pytest.mark.parametrize("args", [["products"], ["product", "ryoncil"], ["isct-check", "--example"]])
def test_data_formats_are_the_same_in_every_language(args: list[str], fmt: str) -> None:
    """The same fields and values in every language; only the Chinese of the data follows --lang's script."""
    english = run(*args, "-f", fmt).stdout
    assert run(*args, "-f", fmt, "--lang", "zh-Hant").stdout == english  # the data's own script
    simplified = run(*args, "-f", fmt, "--lang", "zh").stdout
    assert simplified.splitlines()[0] == english.splitlines()[0]
    assert len(simplified.splitlines()) == len(english.splitlines())
    if fmt == "json":
        assert json.loads(simplified) == _chinese_folded(json.loads(english))


def _chinese_folded(value: object, chinese: bool = False) -> object:
    """What --lang zh makes of a record: the text of `*_zh` and `zh` fields in Simplified, every item kept."""
    from msccli.text.zh import fold

    if isinstance(value, dict):
        return {k: _chinese_folded(v, chinese or k == "zh" or k.endswith("_zh")) for k, v in value.items()}
    if isinstance(value, list):
        return [_chinese_folded(v, chinese) for v in value]
    return fold(value) if chinese and isinstance(value, str) else value


def test_records_show_their_chinese_in_the_readers_script_and_mark_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    simplified = run("products", "-c", "KR", "--lang", "zh").stdout
    traditional = run("products", "-c", "KR", "--lang", "zh-Hant").stdout
    assert "肌萎缩侧索硬化症" in simplified and "肌萎縮側索硬化症" in traditional
    about = run("sources", "umbilical-cord", "--lang", "zh").stdout
    assert "脐带" in about and "Umbilical" not in about
    product = run("product", "ryoncil", "--lang", "zh").stdout
    assert "适应症：2个月及以上儿童（含青少年）类固醇难治性急性移植物抗宿主病" in product
    assert "注释、证据和细节为英文，与资料来源一致。" in product  # the English notes are said to be English


def test_an_english_only_indication_is_marked(tmp_path: Path) -> None:
    text = (DATA / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(("    event:", "      zh:"))]
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "mylocal.yaml").write_text(
        "\n".join(lines).replace("id: ryoncil", "id: mylocal").replace("name: RYONCIL", "name: MyLocalCells"),
        encoding="utf-8",
    )
    shown = run("--data-dir", str(tmp_path), "product", "mylocal", "--lang", "zh").stdout
    assert "  适应症：[EN] Steroid-refractory acute GvHD in paediatric patients 2 months of age and older" in shown
    table = run("--data-dir", str(tmp_path), "products", "-c", "US", "--lang", "zh", "--fields", "name").stdout
    assert "MyLocalCells" in table


def test_wide_characters_keep_the_table_aligned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    lines = run("products", "-c", "KR,JP", "--lang", "zh").stdout.splitlines()
    table = [line for line in lines[: lines.index(next(x for x in lines if "个产品的" in x))] if line.strip()]
    assert all(cell_len(line) <= 200 for line in table)
    header, rows = table[0], [line for line in table[2:] if line.startswith(("H", "C", "N", "T", "A", "S"))]
    mark_at = cell_len(header[: header.index("标记")])
    assert rows and all(cell_len(row[: _mark_start(row)]) == mark_at for row in rows)


def _mark_start(row: str) -> int:
    return min(row.index(m) for m in ("已核实", "来源冲突", "仅见原综述") if m in row)


def test_english_never_loads_a_catalogue_and_chinese_never_loads_opencc() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom msccli.app import app\n"
        "CliRunner().invoke(app, ['products', '-c', 'KR'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('msccli.text.messages', 'opencc'))))\n"
        "CliRunner().invoke(app, ['products', '-c', '韓國', '--lang', 'zh-Hant'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('msccli.text.messages', 'opencc'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "['msccli.text.messages_zh_hant']"]


# -- every command, in both scripts: no label left in English ----------------------------------------------------

EVERY_COMMAND = [
    ["products", "-c", "KR,JP"],
    ["products", "--pathway", "conditional", "--expires-before", "2032"],
    ["products", "-i", "graft versus hots"],
    ["product", "ryoncil"],
    ["product", "cupistem"],
    ["product", "艾米迈托赛"],
    ["product", "jointstem"],
    ["product", "whartocell"],
    ["product", "stempeucel"],
    ["compare", "ryoncil", "temcell", "jointstem"],
    ["search", "ryoncl"],
    ["search", "克罗恩"],
    ["search", "zzzzqqq"],
    ["trials", "alofisel"],
    ["links", "ryoncil"],
    ["dose", "ryoncil", "--weight", "32"],
    ["dose", "--weight", "70"],
    ["dose", "--area", "4"],
    ["dose", "alofisel", "--weight", "70"],
    ["dose", "temcell", "--weight", "60", "--start", "2026-12-04", "--skip", "2026-12-11", "--check", "1.2e8"],
    ["dose", "hearticellgram-ami", "--weight", "90", "--check", "9×10^9"],
    ["dose", "stemirac", "--weight", "40", "--check", "1.5e8"],
    ["dose", "neuronata-r", "--weight", "60", "--start", "2026-12-04"],
    ["dose", "cn-ummsc-pleb001", "--weight", "50", "--start", "2026-12-04"],
    ["dose", "cupistem"],
    ["timeline", "--until", "1980"],
    ["timeline", "--since", "2010"],
    ["isct-check", "--example"],
    ["isct-check", "--example", "--detail"],
    ["isct-check", str(EXAMPLES / "lots.csv"), "--spec", str(EXAMPLES / "release-spec.yaml")],
    ["criteria"],
    ["about"],
    ["sources"],
    ["mechanisms"],
    ["errata"],
    ["errata", "--corrects", "fact-sheet"],
    ["refs", "S89", "R1"],
    ["jurisdictions"],
    ["fields", "products"],
    ["products", "--country", "XX"],
    ["product", "ryoncl"],
    ["products", "--sorce", "x"],
    ["dose", "ryoncil", "--weight", "abc"],
    ["isct-check", "--marker", "CD73=98", "--marker", "CD90=99"],
    ["data", "validate", str(DATA.parent / "tests" / "fixtures")],
    ["data", "validate", "no-such-directory"],
    ["schema", "output/nosuch"],
    ["products", "--status", "witdrawn"],
    ["products", "--fields", "nosuch"],
]
UNITS = {"cells", "kg", "mL", "cm", "MiB", "SHA"}


@pytest.fixture(scope="module")
def data_words() -> set[str]:
    """Every word the catalogue, the example files and the translations hold: words that may be shown in English."""
    import msgspec

    cat = default()
    texts: list[Any] = [msgspec.to_builtins(getattr(cat, f)) for f in cat.__struct_fields__]
    examples = [p for p in EXAMPLES.rglob("*") if p.is_file()]
    texts += [str(p) for p in examples] + [p.read_bytes().decode("utf-8", "replace") for p in examples]
    texts += list(ZH.values())
    # identifiers, never translated: the data formats' field names and the schemas' names
    texts += [f.name for fields in OUTPUTS.values() for f in fields] + schema_names()
    return set(re.findall(r"[A-Za-z]+", json.dumps(texts, ensure_ascii=False)))


@pytest.fixture
def missing() -> Iterator[set[str]]:
    i18n.MISSING.clear()
    yield i18n.MISSING
    i18n.MISSING.clear()


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
@pytest.mark.parametrize("args", EVERY_COMMAND, ids=" ".join)
def test_no_label_is_left_untranslated(
    args: list[str], lang: str, data_words: set[str], missing: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # no word cut by wrapping
    english = run(*args)
    result = run(*args, "--lang", lang)
    assert result.exit_code == english.exit_code
    assert missing == set(), "translations missing: add them to src/msccli/text/messages_zh.py"
    if args[0] == "fields":  # what each field means is documentation, like --help: English
        return
    shown = re.sub(r"https?://\S+", "", result.stdout + result.stderr)  # addresses are not words
    words = set(re.findall(r"[A-Za-z]+", shown))
    given = set(re.findall(r"[A-Za-z]+", " ".join(args)))
    stray = sorted(w for w in words - data_words - UNITS - given if len(w) > 2)
    assert stray == [], "English words that are not data: a label printed without tr()"


@pytest.mark.parametrize(
    ("args", "key", "expected"),
    [
        (["products", "--country", "韩国"], "jurisdiction", {"KR"}),
        (["products", "--country", "韓國"], "jurisdiction", {"KR"}),
        (["product", "艾米邁托賽"], "product", {"cn-ummsc-pleb001"}),
        (
            ["products", "-i", "graft versus host"],
            "product",
            {"ryoncil", "temcell-hs", "prochymal", "obnitix", "cn-ummsc-pleb001"},
        ),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_chinese_input_answers_in_every_language(args: list[str], key: str, expected: set[str], lang: str) -> None:
    result = run(*args, "--lang", lang, "-f", "json")
    assert result.exit_code == 0
    assert {r[key] for r in json.loads(result.stdout)} == expected


@pytest.mark.parametrize(("query", "first"), [("克罗恩", "crohn-fistula"), ("ryoncl", "ryoncil")])
def test_search_in_chinese_and_with_typos_shows_hits_in_chinese(query: str, first: str) -> None:
    hits = json.loads(run("search", query, "-f", "json").stdout)
    assert hits[0]["id"] == first
    shown = run("search", query, "--lang", "zh").stdout
    assert shown.splitlines()[0].split()[:2] == ["结果", "类别"] and f"'{query}' 的" in shown


NAMED_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(![rsa])?(:[^{}]*)?")


def test_translation_keys_have_named_fields_never_expressions() -> None:
    """A key's fields are names given by the call site (tr("wrote {count} to {path}", count=..., path=...)), so
    renaming a variable or a helper in the code never changes a key and silently loses its translation."""
    in_source = [k for k in keys() if any(not NAMED_FIELD.fullmatch(f) for f in re.findall(r"\{([^{}]+)\}", k))]
    in_catalogue = [k for k in ZH if any(not NAMED_FIELD.fullmatch(f) for f in re.findall(r"\{([^{}]+)\}", k))]
    assert (in_source, in_catalogue) == ([], [])
    assert i18n.N_("wrote {count} to {path}", count=3, path="a.ics") == "wrote 3 to a.ics"


def test_traditional_chinese_uses_taiwans_phrases_with_the_hand_corrections() -> None:
    fields = run("--lang", "zh-Hant", "fields", "products").stdout
    assert "欄位" in fields and "字段" not in fields
    product = run("--lang", "zh-Hant", "product", "cupistem").stdout
    assert "臨床試驗" in product and "文件（msc links cupistem）" in product and "代碼" in product
    assert "程式碼" not in product
