"""The data contract: every file validates, ids are unique, references resolve, numbers agree."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from msccli.catalogue import catalog, checks
from msccli.catalogue.model import FixedDose, PerAreaDose, PerKgDose, Product, WeightBandDose
from msccli.catalogue.records import Catalogue
from msccli.catalogue.yaml_loaders import data_loader
from msccli.text.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
FACTS = ROOT / "tests" / "fixtures" / "facts" / "products.md"  # a copy of the fact sheet (test_fact_sheet_copies)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return catalog.load()


def test_bundled_data_loads_and_is_dated(cat: Catalogue) -> None:
    assert cat.meta.as_of == "2026-11"
    assert len(cat.products) == 17
    assert len([e for e in cat.errata if e.id.startswith("P-")]) == 28
    assert len([e for e in cat.errata if e.id.startswith("T-")]) == 23


def test_every_yaml_file_is_plain_safe_yaml() -> None:
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        yaml.safe_load(path.read_text(encoding="utf-8"))  # raises on tags a safe loader refuses


def test_ids_unique_and_file_names_match(cat: Catalogue) -> None:
    ids = [r.id for r in cat.records()]
    assert len(ids) == len(set(ids))
    for product in cat.products:
        assert (ROOT / "data" / "products" / f"{product.id}.yaml").is_file()


def test_every_fact_has_a_mark_and_a_resolving_reference(cat: Catalogue) -> None:
    ref_ids = {r.id for r in cat.references}
    count = 0
    for product in cat.products:
        for path, item in checks.cited_items(product):
            assert item.mark in ("VERIFIED", "SEED-ONLY", "CONFLICT"), (product.id, path)
            assert item.refs and set(item.refs) <= ref_ids, (product.id, path)
            count += 1
    assert count > 150


def test_every_date_parses_with_its_precision(cat: Catalogue) -> None:
    import datetime

    for product in cat.products:
        for approval in product.approvals:
            if approval.date is None:
                assert approval.date_note, product.id
                continue
            parts = approval.date.split("-")
            assert {1: "year", 2: "month", 3: "day"}[len(parts)] == approval.precision
            datetime.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)


def _volume_checks(product: Product) -> list[tuple[str, int, Fraction]]:
    """(what, cells, volume × concentration) wherever the data give both."""
    checks = []
    for dosing in product.dosing:
        conc = dosing.concentration.cells_per_ml if dosing.concentration else None
        amount = dosing.amount
        for band in amount.bands if isinstance(amount, WeightBandDose) else []:
            if conc and band.volume_ml is not None:
                checks.append((f"{product.id} band {band.label}", band.cells, Fraction(str(band.volume_ml)) * conc))
        if conc and isinstance(amount, FixedDose) and amount.volume_ml is not None:
            checks.append((f"{product.id} dose", amount.cells, Fraction(str(amount.volume_ml)) * conc))
        if conc and isinstance(amount, PerKgDose) and amount.cells_per_kg and amount.volume_ml_per_kg:
            checks.append((f"{product.id} per kg", amount.cells_per_kg, Fraction(str(amount.volume_ml_per_kg)) * conc))
        if conc and isinstance(amount, PerAreaDose) and amount.volume_ml_per_cm2:
            checks.append(
                (f"{product.id} per cm²", amount.cells_per_cm2, Fraction(str(amount.volume_ml_per_cm2)) * conc)
            )
        p = dosing.presentation
        if conc and p and p.cells is not None and p.volume_ml is not None:
            checks.append((f"{product.id} presentation", p.cells, Fraction(str(p.volume_ml)) * conc))
    return checks


def test_doses_agree_with_volume_and_concentration(cat: Catalogue) -> None:
    checks = [c for p in cat.products for c in _volume_checks(p)]
    assert len(checks) >= 8
    for what, cells, computed in checks:
        assert cells == computed, f"{what}: {cells} cells but volume × concentration = {computed}"


def test_the_consistency_check_catches_the_source_reviews_9e9(cat: Catalogue) -> None:
    product = cat.product("hearticellgram-ami")
    amount = product.dosing[0].amount
    assert isinstance(amount, WeightBandDose)
    bands = amount.bands
    import msgspec

    bad_band = msgspec.structs.replace(bands[2], cells=9 * 10**9)
    bad_amount = msgspec.structs.replace(product.dosing[0].amount, bands=[bands[0], bands[1], bad_band])
    bad = msgspec.structs.replace(product, dosing=[msgspec.structs.replace(product.dosing[0], amount=bad_amount)])
    mismatches = [c for c in _volume_checks(bad) if c[1] != c[2]]
    assert [(w, c) for w, c, _ in mismatches] == [("hearticellgram-ami band 81 kg or more", 9 * 10**9)]


def test_withdrawn_approvals_carry_dates(cat: Catalogue) -> None:
    withdrawn = {
        (p.id, a.jurisdiction): a.status_date for p in cat.products for a in p.approvals if a.status == "withdrawn"
    }
    assert withdrawn == {("alofisel", "EU"): "2024-12-13"}  # Cupistem was re-licensed in 2021 (erratum F-E1)


def test_every_erratum_in_the_fact_sheet_is_in_the_data(cat: Catalogue) -> None:
    text = FACTS.read_text(encoding="utf-8")
    section = text[text.index("## ERRATA") : text.index("## MISSING-PRODUCTS")]
    sheet = {f"P-E{n}" for n in re.findall(r"^E(\d+) ", section, flags=re.M)}
    assert sheet == {e.id for e in cat.errata if e.id.startswith("P-")}


def test_every_product_section_in_the_fact_sheet_is_in_the_data(cat: Catalogue) -> None:
    text = FACTS.read_text(encoding="utf-8")
    sheet_ids = set(re.findall(r"^id: ([\w-]+)", text, flags=re.M))
    assert sheet_ids <= {p.id for p in cat.products}


# -- a user's data directory, and the errors bad data gives ---------------------------------------


def write(directory: Path, name: str, text: str) -> None:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_user_directory_adds_and_replaces_records(tmp_path: Path) -> None:
    original = (ROOT / "data" / "products" / "obnitix.yaml").read_text(encoding="utf-8")
    write(tmp_path, "products/obnitix.yaml", original.replace("name: Obnitix", "name: Obnitix (local copy)"))
    write(tmp_path, "references.yaml", '- {id: LAB1, kind: source, title: "Our own note", urls: []}\n')
    cat = catalog.load([tmp_path])
    assert cat.product("obnitix").name == "Obnitix (local copy)"
    assert cat.reference("LAB1").title == "Our own note"
    assert len(cat.products) == 17


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: obnitix\nname: [unclosed\n", "not valid YAML"),
        ("- not a mapping\n", "Expected `object`, got `array`"),
    ],
)
def test_bad_user_product_file_names_file_and_problem(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, "products/obnitix.yaml", text)
    with pytest.raises(DataError) as info:
        catalog.load([tmp_path])
    assert "obnitix.yaml" in str(info.value)
    assert message in str(info.value)


def test_bad_field_is_named_with_record_and_path(tmp_path: Path) -> None:
    original = (ROOT / "data" / "products" / "obnitix.yaml").read_text(encoding="utf-8")
    write(tmp_path, "products/obnitix.yaml", original.replace("pathway: hospital-exemption", "pathway: fast"))
    with pytest.raises(DataError) as info:
        catalog.load([tmp_path])
    message = str(info.value)
    assert "obnitix.yaml [obnitix]" in message
    assert "field 'approvals[0].pathway'" in message


def test_a_users_erratum_cites_their_file_and_its_subject_must_exist(tmp_path: Path) -> None:
    write(
        tmp_path,
        "errata.yaml",
        "- {id: X1, kind: error, subjects: [obnitix], says: a, correction: b, refs: [S04]}\n",
    )
    assert catalog.load([tmp_path]).errata[-1].refs == ["local:errata.yaml"]  # never the bundled S04
    write(tmp_path, "errata.yaml", "- {id: X1, kind: error, subjects: [nope], says: a, correction: b, refs: []}\n")
    with pytest.raises(DataError, match=re.escape("errata.yaml [X1], field 'subjects': unknown subject 'nope'")):
        catalog.load([tmp_path])


def test_a_bundled_reference_cannot_be_replaced(tmp_path: Path) -> None:
    write(tmp_path, "references.yaml", '- {id: S04, kind: source, title: "My own S04", urls: []}\n')
    with pytest.raises(DataError, match=re.escape("references.yaml [S04], field 'id': a bundled reference cannot")):
        catalog.load([tmp_path])


def test_a_users_records_are_local_facts_citing_their_file(tmp_path: Path) -> None:
    original = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    # a tenfold dose, copied with the bundled record's marks and references
    write(tmp_path, "products/ryoncil.yaml", original.replace("cells_per_kg: 2000000", "cells_per_kg: 20000000"))
    cat = catalog.load([tmp_path])
    ryoncil = cat.product("ryoncil")
    marks = {item.mark for _path, item in checks.cited_items(ryoncil)}
    refs = {ref for _path, item in checks.cited_items(ryoncil) for ref in item.refs}
    assert (marks, refs) == ({"LOCAL"}, {"local:products/ryoncil.yaml"})
    assert ryoncil.inn_mark == "LOCAL" and ryoncil.inn_refs == ["local:products/ryoncil.yaml"]
    quoted = [q.ref for q in ryoncil.approvals[0].quotes] + [q.ref for q in ryoncil.dosing[0].amount.quotes]
    assert quoted == ["local:products/ryoncil.yaml"] * 4  # the copied quotations are the user's, not Q25's
    local = cat.reference("local:products/ryoncil.yaml")
    assert (local.kind, local.urls) == ("local", [(tmp_path / "products" / "ryoncil.yaml").as_uri()])
    assert cat.notes == [f"{tmp_path} replaces bundled products records: ryoncil"]
    assert cat.product("temcell-hs").dosing[0].amount.mark == "VERIFIED"  # bundled records keep their marks


def test_bad_data_dir_through_the_cli(tmp_path: Path) -> None:
    from ..conftest import run

    write(tmp_path, "errata.yaml", "- {id: X1}\n")
    result = run("--data-dir", str(tmp_path), "products")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "errata.yaml [X1]" in result.stderr and "missing required field" in result.stderr
    missing = run("--data-dir", str(tmp_path / "nope"), "products")
    assert missing.exit_code == 2 and "not a directory" in missing.stderr


def test_catalogue_cache_is_used_and_follows_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSC_CACHE_DIR", str(tmp_path / "cache"))
    original = (ROOT / "data" / "products" / "obnitix.yaml").read_text(encoding="utf-8")
    user = tmp_path / "user"
    write(user, "products/obnitix.yaml", original.replace("name: Obnitix", "name: Obnitix v1"))
    assert catalog.load([user]).product("obnitix").name == "Obnitix v1"
    assert len(list((tmp_path / "cache").glob("catalogue-*.json"))) == 1

    def no_yaml(text: str, source: str) -> None:
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(catalog, "load_yaml", no_yaml)
    assert catalog.load([user]).product("obnitix").name == "Obnitix v1"
    monkeypatch.undo()
    monkeypatch.setenv("MSC_CACHE_DIR", str(tmp_path / "cache"))
    write(user, "products/obnitix.yaml", original.replace("name: Obnitix", "name: Obnitix version 2"))
    assert catalog.load([user]).product("obnitix").name == "Obnitix version 2"
    assert len(list((tmp_path / "cache").glob("catalogue-*.json"))) == 1  # the stale entry is gone


def test_data_directories_used_in_turn_keep_their_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache is replaced by a newer state of the same directories, never by another directory's: alternating
    between two used to make every run a first run. Beyond cache.KEPT, the least recently written go."""
    from msccli.catalogue import cache

    folder = tmp_path / "cache"
    monkeypatch.setenv("MSC_CACHE_DIR", str(folder))
    original = (ROOT / "data" / "products" / "obnitix.yaml").read_text(encoding="utf-8")
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    for user in (mine, theirs):
        write(user, "products/obnitix.yaml", original.replace("name: Obnitix", f"name: Obnitix {user.name}"))
    for user in (mine, theirs, mine):
        catalog.load([user])
    assert catalog.load([theirs]).from_cache and catalog.load([mine]).from_cache
    assert catalog.load([]).from_cache is False and len(list(folder.glob("catalogue-*.json"))) == 3
    write(mine, "products/obnitix.yaml", original.replace("name: Obnitix", "name: Obnitix edited"))
    assert catalog.load([mine]).product("obnitix").name == "Obnitix edited"
    assert len(list(folder.glob("catalogue-*.json"))) == 3  # the state before the edit is gone
    assert catalog.load([theirs]).from_cache
    monkeypatch.setattr(cache, "KEPT", 2)
    empty = tmp_path / "empty"
    empty.mkdir()
    catalog.load([empty])  # the newest of the others (mine, just edited) stays with it

    def cache_of(user: Path) -> str:
        return Path(catalog._cache_file([catalog.bundled_data_dir(), user]) or "").name

    assert {p.name for p in folder.glob("catalogue-*.json")} == {cache_of(empty), cache_of(mine)}


def test_a_corrupt_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSC_CACHE_DIR", str(tmp_path))
    catalog.load()
    (cached,) = tmp_path.glob("catalogue-*.json")
    cached.write_bytes(b"{not json")
    assert len(catalog.load().products) == 17


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("cells_per_kg: 2000000", "cells_per_kg_min: 3000000\n      cells_per_kg_max: 2000000", "a per-kg dose needs"),
        ("kind: per-kg", "kind: per-kilo", "Invalid value 'per-kilo'"),
        ("cells_per_kg: 2000000", "cells: 2000000", "Object contains unknown field `cells`"),
    ],
)
def test_a_dose_has_exactly_the_numbers_of_its_kind(tmp_path: Path, old: str, new: str, message: str) -> None:
    original = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    assert old in original
    write(tmp_path, "products/ryoncil.yaml", original.replace(old, new, 1))
    with pytest.raises(DataError) as info:
        catalog.load([tmp_path])
    assert "ryoncil.yaml [ryoncil]" in str(info.value) and message in str(info.value)
    assert "field 'dosing[0].amount" in str(info.value)


def test_a_linked_products_folder_is_cited_where_its_files_are(tmp_path: Path) -> None:
    original = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    write(tmp_path / "real", "products/ryoncil.yaml", original)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "products").symlink_to(tmp_path / "real" / "products")
    local = catalog.load([tmp_path / "data"]).reference("local:products/ryoncil.yaml")
    assert local.urls == [(tmp_path / "real" / "products" / "ryoncil.yaml").as_uri()]


def _loaded(loader: object, text: str) -> tuple[object, ...]:
    try:
        return ("loaded", yaml.load(text, Loader=loader))  # noqa: S506 - safe loaders
    except (yaml.YAMLError, ValueError) as exc:
        return ("error", type(exc), str(exc))


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(), st.dates(), st.datetimes()
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6) | st.integers(), inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300)
@given(_DATA, st.booleans(), st.sampled_from([None, '"', "'"]))
def test_the_data_loader_reads_what_pyyaml_reads(data: object, flow: bool, style: str | None) -> None:
    """yaml_loaders.data_loader takes string scalars directly; everything it reads equals what PyYAML's safe loader
    reads, in block and flow style, with plain and quoted scalars."""
    text = yaml.safe_dump(data, default_flow_style=flow, default_style=style, allow_unicode=True)
    pyyaml = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert _loaded(data_loader(), text) == _loaded(pyyaml, text)


@pytest.mark.parametrize(
    "text",
    [
        "- !!str 123\n- !!int '7'\n- !!binary aGk=\n- !!set {a, b}\n- yes\n- 0o17\n- 1:20\n- 2024-01-02\n- ~\n",
        "base: &b {x: 1, y: two}\nmine:\n  <<: *b\n  y: 3\n",
        "- =\n",  # a value key, which the safe loader cannot construct
        "? [1, 2]\n: a\n",  # an unhashable key
        "a: !!str {b: c}\n",
        "a: [unclosed\n",
    ],
)
def test_the_data_loader_reads_tags_merges_and_errors_as_pyyaml(text: str) -> None:
    pyyaml = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert _loaded(data_loader(), text) == _loaded(pyyaml, text)


def test_the_data_loader_reads_the_bundled_data_as_pyyaml() -> None:
    pyyaml = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = sorted((ROOT / "data").rglob("*.yaml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert _loaded(data_loader(), text) == _loaded(pyyaml, text), path


def test_the_data_loader_keeps_aliases_and_recursion() -> None:
    shared = yaml.load("a: &x [1, two]\nb: *x\nc: &s text\nd: *s\n", Loader=data_loader())  # noqa: S506
    assert shared["a"] is shared["b"] and shared["c"] == shared["d"] == "text"
    (looped,) = [yaml.load("&r [*r, x]\n", Loader=data_loader())]  # noqa: S506
    assert looped[0] is looped and looped[1] == "x"


def test_a_key_given_twice_in_a_data_file_is_an_error_not_a_lost_value(tmp_path: Path) -> None:
    """PyYAML keeps the last of two equal keys without a word; a data file's first value would be lost."""
    from ..conftest import run

    text = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    write(tmp_path, "products/ryoncil.yaml", text.replace("name: RYONCIL\n", "name: RYONCIL\nname: Ryoncil\n", 1))
    line = text.splitlines().index("name: RYONCIL") + 2
    result = run("data", "validate", str(tmp_path))
    assert (result.exit_code, result.stdout) == (
        1,
        f"{tmp_path / 'products' / 'ryoncil.yaml'}\n"
        "  Level: error\n"
        f"  Problem: line {line}: not valid YAML (the key 'name' appears twice)\n"
        f"1 problem in {tmp_path}\n",
    )
    product = run("--data-dir", str(tmp_path), "product", "ryoncil", "-f", "json")
    assert (product.exit_code, product.stdout) == (2, "")
    assert "not valid YAML (the key 'name' appears twice)" in product.stderr
    merged = "base: &b {x: 1, y: 2}\nmine:\n  <<: *b\n  y: 3\n"  # a merge's keys may be overridden
    assert yaml.load(merged, Loader=data_loader()) == {"base": {"x": 1, "y": 2}, "mine": {"x": 1, "y": 3}}  # noqa: S506
    with pytest.raises(yaml.YAMLError, match=r"the key 1\.0 appears twice"):
        yaml.load("{1: a, 1.0: b}", Loader=data_loader())  # noqa: S506 - equal keys of two types


SHEETS = ROOT.parent / "shared" / "facts"


@pytest.mark.parametrize("name", ["products.md", "timeline.md"])
def test_the_fact_sheet_copies_are_current(name: str) -> None:
    """The tests read copies of the fact sheets, so a clean clone runs them; beside the sheets themselves (the
    project's workspace), the copies must be the sheets as they are now."""
    copy = ROOT / "tests" / "fixtures" / "facts" / name
    assert copy.is_file()
    if (SHEETS / name).is_file():
        assert copy.read_bytes() == (SHEETS / name).read_bytes(), f"copy {SHEETS / name} to {copy}"


def test_no_text_a_user_reads_names_a_file_of_the_project() -> None:
    """Users have no 'shared/facts/products.md': sources are cited by what they are (comments in the data files,
    which users do not see, may name them)."""
    import re

    internal = re.compile(r"shared/|\b(products|regulatory|timeline|isct|updates-2026(-12)?)\.md\b|000_[0-9a-f]+\.txt")
    found = []
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.lstrip().startswith("#") and internal.search(line.split(" #")[0]):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []


def test_data_validate_gives_the_line_of_the_key_for_schema_problems(tmp_path: Path) -> None:
    from ..conftest import run

    (tmp_path / "products").mkdir()
    record = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    broken = record.replace("  status: active", "  status: activ", 1)
    (tmp_path / "products" / "ryoncil.yaml").write_text(broken, encoding="utf-8")
    status_line = broken.splitlines().index("    status: activ") + 1
    errata = (
        "- id: X-1\n  kind: error\n  subjects: [ryoncil]\n  says: a\n  correction: b\n  refs: [S01]\n  flavour: x\n"
        "- id: X-2\n  kind: eror\n  subjects: [ryoncil]\n  says: a\n  correction: b\n  refs: [S01]\n"
    )
    (tmp_path / "errata.yaml").write_text(errata, encoding="utf-8")
    result = run("data", "validate", str(tmp_path), "-f", "csv", "--fields", "file,line,field")
    assert result.stdout.splitlines() == [
        "file,line,field",
        f"{tmp_path / 'errata.yaml'},7,",
        f"{tmp_path / 'errata.yaml'},9,kind",
        f"{tmp_path / 'products' / 'ryoncil.yaml'},{status_line},approvals[0].status",
    ]
