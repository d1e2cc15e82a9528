"""A lab's own release specification (--spec): the same format as a criteria profile in data/criteria.yaml, read
with every problem reported at once."""

from typing import Any

from msccli.catalogue.model import Profile
from msccli.catalogue.profiles import criterion_problems, profile_problems
from msccli.text.errors import InputError, InputErrors
from msccli.text.i18n import N_

SPEC_LIMIT = 1024 * 1024  # bytes: a specification is a few lines


def load_spec(path: str) -> Profile:
    """A lab's own release specification: the same format as a profile in data/criteria.yaml."""
    from pathlib import Path

    from msccli.catalogue.catalog import convert, load_yaml
    from msccli.output.files import decode, read_bytes

    file = Path(path)
    data, _ = read_bytes(path, SPEC_LIMIT)
    raw = load_yaml(decode(data, path, SPEC_LIMIT), path)
    if isinstance(raw, dict):
        raw.setdefault("id", file.stem)
        raw.setdefault("title", raw.get("name", file.stem))
        raw.pop("name", None)
        criteria = raw.get("criteria")
        for item in criteria if isinstance(criteria, list) else []:  # other shapes: convert() names the error
            if isinstance(item, dict) and isinstance(item.get("marker"), str):
                item["markers"] = [item.pop("marker")]
            if isinstance(item, dict) and "phenotype" in item:  # {phenotype: combined, min: 90}
                kind = item.pop("phenotype")
                if kind != "combined":
                    raise InputError(
                        N_("phenotype {kind!r} is not known", kind=kind),
                        source=path,
                        field="criteria",
                        hint="use phenotype: combined",
                    )
                item["test"] = "phenotype"
    problems = _criteria_problems(raw, path)
    if problems:
        raise InputErrors(problems)
    profile = convert(raw, Profile, path)
    checked = profile_problems(profile, path)
    if checked:
        raise InputErrors(list(checked))
    return profile


def _criteria_problems(raw: Any, path: str) -> list[InputError]:
    """Every criterion of a spec that cannot be read, each named with its place (criteria[2].test), before the
    whole is: a lab fixes them all at once. A test's name gets a did-you-mean."""
    from typing import get_args

    from msccli.catalogue.catalog import convert
    from msccli.catalogue.model import Criterion
    from msccli.catalogue.vocab import Test
    from msccli.text.errors import DataError
    from msccli.text.match import close_matches

    criteria = raw.get("criteria") if isinstance(raw, dict) else None
    found: list[InputError] = []
    for i, item in enumerate(criteria if isinstance(criteria, list) else []):
        where = f"criteria[{i}]"
        test = item.get("test") if isinstance(item, dict) else None
        if isinstance(test, str) and test not in get_args(Test):
            known = list(get_args(Test))
            found.append(
                DataError(
                    N_("unknown test {test!r}; tests: {known}", test=test, known=", ".join(known)),
                    source=path,
                    field=f"{where}.test",
                )
            )
            found[-1].suggestions = close_matches(test, known)
            continue
        try:
            criterion = convert(item, Criterion, path)
        except DataError as exc:
            found.append(DataError(exc.why, source=path, field=f"{where}.{exc.field}" if exc.field else where))
            continue
        found.extend(criterion_problems(criterion, where, path))
    return found
