"""Typed errors raised by the library, and the exit codes they map to.

The CLI catches them in one place and prints `msc: error: …` (plus `msc: hint: …` when there is a next step).
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Any

from msccli.text.i18n import N_
from msccli.text.match import did_you_mean

if TYPE_CHECKING:
    from collections.abc import Callable

# Exit codes, documented in `msc --help`, docs/cli.md and the README.
EXIT_OK = 0
EXIT_NOT_FOUND = 1  # also: isct-check found a lot that fails or is incomplete
EXIT_INPUT = 2  # bad usage, bad input file or bad data directory
EXIT_BUG = 70  # an internal error (a bug in msc): EX_SOFTWARE of sysexits.h; --debug shows the traceback
EXIT_OUTPUT = 74  # the output could not be written (a full disk, say); EX_IOERR of sysexits.h
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT
EXIT_CLOSED_PIPE = 141  # the reader closed the pipe (`msc … | head`): 128 + SIGPIPE, as a shell reports it


# what writing fails with on a full disk, a quota, a file size limit or a device error: exit 74, not bad input
OUTPUT_ERRNOS = frozenset(getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO") if hasattr(errno, name))


class MscError(Exception):
    exit_code = EXIT_INPUT
    hint = ""

    def text(self) -> str:
        """The message in the reader's language (str() is the English one)."""
        from msccli.text.i18n import tr

        return tr(str(self))


class NotApplicable(MscError):
    """A real record that cannot answer the question asked (a product that is not approved has no dose)."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, message: str, hint: str = "") -> None:
        self.hint = hint
        super().__init__(message)


class ClosedPipe(MscError):
    """The reader of stdout went away (`msc … | head`): end quietly."""

    exit_code = EXIT_CLOSED_PIPE


class OutputError(MscError):
    """stdout could not be written: a full disk, a device error."""

    exit_code = EXIT_OUTPUT

    def __init__(self, cause: OSError) -> None:
        super().__init__(f"cannot write the output ({cause.strerror or cause})")


class NotFound(MscError):
    exit_code = EXIT_NOT_FOUND

    def __init__(self, what: str, query: str, suggestions: list[str], hint: str = "") -> None:
        self.what = what
        self.query = query
        self.suggestions = suggestions
        self.hint = hint
        super().__init__(f"no {what} matches {query!r}{did_you_mean(suggestions)}")

    def text(self) -> str:
        from msccli.text.i18n import tr

        return tr("no {what} matches {query!r}", what=self.what, query=self.query) + did_you_mean(
            self.suggestions, translated=True
        )


class Ambiguous(MscError):
    """A name that fits several records where one is needed, or that the user may not expect to fit several."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, what: str, query: str, matches: list[str], hint: str = "") -> None:
        self.matches = matches
        self.hint = hint or "give more of the name, or the id"
        super().__init__(f"{query!r} matches {len(matches)} {what}s: {', '.join(matches)}")


class InputError(MscError):
    """A bad value in user input: a flag, a file, a row. Names where, so the user can fix it."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        why: str,
        *,
        source: str = "",
        row: int | None = None,
        field: str = "",
        suggestions: list[str] | None = None,
        hint: str = "",
    ) -> None:
        self.why = why
        self.source = source
        self.row = row
        self.field = field
        self.hint = hint
        self.suggestions = suggestions or []
        super().__init__(self._compose(_same))

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable, so an error found in a worker process (isct-check --sheet) reaches the one boundary whole."""
        return (_input_error, (self.why, self.source, self.row, self.field, self.suggestions, self.hint))

    def _compose(self, tr: Callable[..., str]) -> str:
        row, field = self.row, self.field
        where = ", ".join(
            part
            for part in (
                self._source(tr),
                tr("row {row}", row=row) if row is not None else "",
                (field if field.startswith("-") else tr("field {field!r}", field=field)) if field else "",
            )
            if part
        )
        why = tr(self.why)
        message = f"{where}: {why}" if where else why
        return message + did_you_mean(self.suggestions, translated=tr is not _same)

    def _source(self, tr: Callable[..., str]) -> str:
        return self.source

    def text(self) -> str:
        from msccli.text.i18n import tr

        return self._compose(tr)


def _same(text: str, /, **fields: object) -> str:
    return text.format(**fields) if fields else text


class DataError(InputError):
    """A data file (bundled or from a user data directory) does not match its schema.

    Names the file, the line (where known), the record id and the field."""

    level = "error"

    def __init__(
        self, why: str, *, source: str = "", field: str = "", record: str = "", line: int | None = None
    ) -> None:
        self.file = source
        self.record = record
        self.line = line
        super().__init__(why, source=source, field=field)

    def _source(self, tr: Callable[..., str]) -> str:
        line = self.line
        record = f" [{self.record}]" if self.record else ""
        return self.file + record + (", " + tr("line {line}", line=line) if line is not None else "")


class DataWarning(DataError):
    """A data file that loads but falls short of a rule the bundled data meets (a quotation without its
    translation): msc data validate reports it, and it does not fail the check."""

    level = "warning"


class WriteError(InputError):
    """A file msc was asked to write could not be written (a full disk): exit 74, naming the file."""

    exit_code = EXIT_OUTPUT


def _input_error(why: str, source: str, row: int | None, field: str, suggestions: list[str], hint: str) -> InputError:
    return InputError(why, source=source, row=row, field=field, suggestions=suggestions, hint=hint)


class InputErrors(MscError):
    """Several bad rows in one batch input: every one is reported, not just the first."""

    exit_code = EXIT_INPUT

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def unknown_choice(value: str, choices: list[str], option: str, aliases: list[str] | None = None) -> InputError:
    """`--status witdrawn`: the error names the option, suggests the nearest choice and lists them all."""
    from msccli.text.match import close_matches

    listed = ", ".join(c if c.replace("-", "").isalnum() else repr(c) for c in choices)
    return InputError(
        N_("unknown value {value!r}", value=value),
        field=option,
        suggestions=close_matches(value, [*choices, *(aliases or [])]),
        hint=N_("choose from: {listed}", listed=listed),
    )
