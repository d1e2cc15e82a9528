"""Files msc reads (lots, a lab's spec) and writes (a timeline picture, a calendar, a data directory).

Reading: regular files, pipes and process substitution, bounded in size; never a device. Writing: never over an
existing file unless asked, never through a symlink, and never half-written: the content goes to a private
temporary file in the same folder, then is renamed into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from msccli.text.errors import InputError
from msccli.text.i18n import N_

MAX_INPUT = 256 * 1024 * 1024  # bytes: far more than a LIMS export of a million lots, far less than memory


def read_bytes(path: str, limit: int | None = None) -> tuple[bytes, str]:
    """A file's bytes (at most `limit` + 1 of them): regular files, pipes and process substitution; not devices."""
    import os
    import stat

    limit = MAX_INPUT if limit is None else limit
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a directory, not a file", source=path)
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            raise InputError("is a device, not a file", source=path)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(N_("cannot read the file ({reason})", reason=exc.strerror or exc), source=path) from None
    except ValueError as exc:  # a NUL byte in the name
        raise InputError(N_("not a usable file name ({exc})", exc=exc), source=repr(path)) from None
    return data, path


def decode(data: bytes, source: str, limit: int | None = None) -> str:
    """UTF-8 text (a BOM is dropped); anything else is an error that says where, in a file or on stdin alike."""
    limit = MAX_INPUT if limit is None else limit
    if len(data) > limit:
        size = f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit:,} bytes"
        raise InputError(N_("larger than {size}; split it into smaller files", size=size), source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            N_("not UTF-8 text (byte {start}); save it as UTF-8 CSV", start=exc.start), source=source, row=line
        ) from None


def write_new(path: Path, data: bytes, option: str, force: bool = False) -> None:
    import stat

    try:
        mode: int | None = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, a folder that cannot be read
        raise InputError(
            N_("cannot write there ({reason})", reason=getattr(exc, "strerror", None) or exc),
            source=str(path),
            field=option,
        ) from None
    if mode is not None and stat.S_ISLNK(mode):
        raise InputError("is a symbolic link; msc does not write through links", source=str(path), field=option)
    if mode is not None and not force:
        raise InputError("already exists; add --force to replace it", source=str(path), field=option)
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError("is not a regular file", source=str(path), field=option)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise InputError(
            N_("cannot write there ({strerror})", strerror=exc.strerror), source=str(path), field=option
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException as exc:  # a full disk or Ctrl-C: leave no partial file behind
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(
                N_("cannot write the file ({strerror})", strerror=exc.strerror), source=str(path), field=option
            ) from None
        raise
