"""Files msc writes (a timeline picture, a calendar): never over an existing file unless asked, never through a
symlink, and never half-written: the content goes to a private temporary file in the same folder, then is
renamed into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError


def write_new(path: Path, data: bytes, option: str, force: bool = False) -> None:
    import stat

    try:
        mode: int | None = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, a folder that cannot be read
        raise InputError(
            f"cannot write there ({getattr(exc, 'strerror', None) or exc})", source=str(path), field=option
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
        raise InputError(f"cannot write there ({exc.strerror})", source=str(path), field=option) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException as exc:  # a full disk or Ctrl-C: leave no partial file behind
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write the file ({exc.strerror})", source=str(path), field=option) from None
        raise
