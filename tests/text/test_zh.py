"""Chinese in either script: the folding table is OpenCC's, and both scripts match everywhere."""

from __future__ import annotations

import importlib.util

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msccli.text.match import normalise
from msccli.text.zh import fold
from scripts.zh_table import TABLE, source

from ..conftest import json_list


@pytest.mark.skipif(importlib.util.find_spec("opencc_purepy") is None, reason="OpenCC (opencc-purepy) is not installed")
def test_the_committed_table_is_what_opencc_gives() -> None:
    assert TABLE.read_text(encoding="utf-8") == source(), "regenerate it: python scripts/refresh.py"


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("間充質幹細胞", "间充质干细胞"),  # characters that are nowhere in msc's data
        ("艾米邁托賽", "艾米迈托赛"),
        ("韓國", "韩国"),
        ("骨關節炎", "骨关节炎"),
        ("臍帶血", "脐带血"),
    ],
)
def test_fold_makes_traditional_simplified(traditional: str, simplified: str) -> None:
    assert fold(traditional) == simplified
    assert fold(simplified) == simplified
    assert fold("CD73 ≥95%") == "CD73 ≥95%"


@pytest.mark.parametrize("name", ["艾米邁托賽", "艾米迈托赛"])
def test_a_product_by_its_name_in_either_script(name: str) -> None:
    assert [r["product"] for r in json_list("product", name)] == ["cn-ummsc-pleb001"]


@pytest.mark.parametrize("country", ["韩国", "韓國"])
def test_a_country_in_either_script(country: str) -> None:
    rows = json_list("products", "--country", country)
    assert {r["jurisdiction"] for r in rows} == {"KR"} and len(rows) == 4


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(" \t\u3000\u00a0\u2028-_.,'’®™()（）ＡＢ韓國")))
def test_a_name_folds_as_the_pattern_says(text: str) -> None:
    """match.normalise leaves out white space and the punctuation of names as re's `[\\s\\-_.,'’®™()（）]+` would
    (it is written without re, which a quick answer does not import), after width, case and script folding."""
    import re
    import unicodedata

    expected = re.sub(r"[\s\-_.,'’®™()（）]+", "", fold(unicodedata.normalize("NFKC", text).casefold()))
    assert normalise(text) == expected
