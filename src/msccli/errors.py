"""Typed errors raised by the library; the CLI maps each to one line on stderr and an exit code."""

from __future__ import annotations

# Exit codes, documented in `msc --help` and the README.
EXIT_OK = 0
EXIT_NOT_FOUND = 1  # also: isct-check found a lot that fails or is incomplete
EXIT_INPUT = 2  # bad usage, bad input file or bad data directory


class MscError(Exception):
    exit_code = EXIT_INPUT


class NotFound(MscError):
    exit_code = EXIT_NOT_FOUND

    def __init__(self, what: str, query: str, suggestions: list[str], hint: str = "") -> None:
        self.what = what
        self.query = query
        self.suggestions = suggestions
        self.hint = hint
        message = f"no {what} matches {query!r}"
        if suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in suggestions) + "?"
        if hint:
            message += f" {hint}"
        super().__init__(message)


class InputError(MscError):
    """A bad value in user input: a flag, a file, a row. Names where, so the user can fix it."""

    exit_code = EXIT_INPUT

    def __init__(self, why: str, *, source: str = "", row: int | None = None, field: str = "") -> None:
        self.why = why
        self.source = source
        self.row = row
        self.field = field
        where = ", ".join(
            part
            for part in (
                source,
                f"row {row}" if row is not None else "",
                (field if field.startswith("-") else f"field {field!r}") if field else "",
            )
            if part
        )
        super().__init__(f"{where}: {why}" if where else why)


class DataError(InputError):
    """A data file (bundled or from a user data directory) does not match its schema."""


class InputErrors(MscError):
    """Several bad rows in one batch input: every one is reported, not just the first."""

    exit_code = EXIT_INPUT

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
