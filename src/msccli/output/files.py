"""Files msc reads (lots, a lab's spec) and writes (a timeline picture, a calendar, a data directory).

Reading: regular files, pipes and process substitution, bounded in size; never a device. Writing: never over an
existing file unless asked, never through a symlink, and never half-written: the content goes to a private
temporary file in the same folder, then is renamed into place."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from msccli.output.guard import path_text
from msccli.text.errors import OUTPUT_ERRNOS, InputError, WriteError
from msccli.text.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO

MAX_INPUT = 256 * 1024 * 1024  # bytes: far more than a LIMS export of a million lots, far less than memory


def read_bytes(path: str, limit: int | None = None) -> tuple[bytes, str]:
    """A file's bytes (at most `limit` + 1 of them): regular files, pipes and process substitution; not devices."""
    import os
    import stat

    limit = MAX_INPUT if limit is None else limit
    source = path_text(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a directory, not a file", source=source)
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            raise InputError("is a device, not a file", source=source)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(N_("cannot read the file ({reason})", reason=exc.strerror or exc), source=source) from None
    except ValueError as exc:  # a NUL byte in the name
        raise InputError(N_("not a usable file name ({exc})", exc=exc), source=repr(path)) from None
    return data, source


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


def check_new(path: Path, option: str, force: bool = False) -> None:
    """Whether `path` can take a new file, before the work that makes it: not a link, and new unless `force`."""
    import stat

    try:
        mode: int | None = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, a folder that cannot be read
        raise InputError(
            N_("cannot write there ({reason})", reason=getattr(exc, "strerror", None) or exc),
            source=path_text(str(path)),
            field=option,
        ) from None
    if mode is not None and stat.S_ISLNK(mode):
        raise InputError(
            "is a symbolic link; msc does not write through links", source=path_text(str(path)), field=option
        )
    if mode is not None and not force:
        raise InputError("already exists; add --force to replace it", source=path_text(str(path)), field=option)
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError("is not a regular file", source=path_text(str(path)), field=option)
    if mode is None and not (path.parent if str(path.parent) else Path(".")).is_dir():
        raise InputError(
            N_("cannot write there ({reason})", reason=os.strerror(errno.ENOENT)),
            source=path_text(str(path)),
            field=option,
        )


def write_new(path: Path, data: bytes | Callable[[BinaryIO], None], option: str, force: bool = False) -> None:
    """Write a whole file or nothing: under a private temporary name, then put in place. Without `force` exactly
    one of several msc runs writing the same new file wins (the file is linked into place, which fails if the
    name exists); a symbolic link is never written through; a full disk or Ctrl-C leaves no partial file."""
    check_new(path, option, force)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise InputError(
            N_("cannot write there ({strerror})", strerror=exc.strerror), source=path_text(str(path)), field=option
        ) from None
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # as any new file of the user's, not the temporary file's 0600
        with os.fdopen(handle, "wb") as out:
            if callable(data):  # written as it is made: a big answer is never held whole
                data(out)
            else:
                out.write(data)
        if force:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path, option)
    except BaseException as exc:  # a full disk or Ctrl-C: leave no partial file behind
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _failed(exc, N_("cannot write the file ({strerror})", strerror=exc.strerror), str(path)) from None
        raise


def _failed(exc: OSError, why: str, path: str) -> InputError:
    """What a failed write is: exit 74 on a full disk (or a quota, a device error), else bad input."""
    error = WriteError if exc.errno in OUTPUT_ERRNOS else InputError
    return error(why, source=path_text(path))


def _link_new(temporary: str, path: Path, option: str) -> None:
    """Put the finished file in place only if the name is still free: a link fails when it exists."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise InputError(
            "already exists; add --force to replace it", source=path_text(str(path)), field=option
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # a file system without hard links: create the name exclusively and copy the finished file into it
        with open(path, "xb") as out, open(temporary, "rb") as finished:
            out.write(finished.read())
    finally:
        Path(temporary).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_tree(target: Path, files: dict[str, bytes], force: bool) -> None:
    """A directory of files (relative names with '/'), written whole or not at all: built beside the target under
    a private name and renamed into place. With `force`, into a directory that has files: each file replaced in
    turn. Never through a symbolic link, the target's or a folder's inside it."""
    import shutil
    import stat

    shown = path_text(str(target))
    try:
        mode: int | None = target.lstat().st_mode
        occupied = mode is not None and (not stat.S_ISDIR(mode) or any(target.iterdir()))
    except FileNotFoundError:
        mode, occupied = None, False
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise InputError(N_("cannot be used ({reason})", reason=reason), source=shown) from None
    if mode is not None and stat.S_ISLNK(mode):
        raise InputError("is a symbolic link; msc does not write through links", source=shown)
    if occupied and not force:
        raise InputError("exists and is not an empty directory; add --force to write into it", source=shown)
    if occupied:
        for name, data in files.items():
            _checked_folder(target, name)
            write_new(target / name, data, "TARGET", force=True)
        return
    parent = target.parent if str(target.parent) else Path(".")
    try:
        building = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".part"))
    except OSError as exc:
        raise _failed(exc, N_("cannot write there ({strerror})", strerror=exc.strerror), str(target)) from None
    try:
        building.chmod(0o777 & ~_umask())
        for name, data in files.items():  # a fresh folder of msc's own: nothing to clobber, no link to follow
            (building / name).parent.mkdir(parents=True, exist_ok=True)
            with open(building / name, "xb") as out:
                out.write(data)
        if mode is not None:
            target.rmdir()  # empty, as checked: the finished directory takes its place
        os.rename(building, target)
    except BaseException as exc:
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _failed(exc, N_("cannot write the folder ({strerror})", strerror=exc.strerror), str(target)) from None
        raise


def _checked_folder(target: Path, name: str) -> None:
    """The folders of `name` inside `target` exist as real folders (made if missing), never links."""
    import stat

    folder = target
    for part in name.split("/")[:-1]:
        folder = folder / part
        try:
            if stat.S_ISLNK(folder.lstat().st_mode):
                raise InputError("is a symbolic link; msc does not write through links", source=path_text(str(folder)))
        except FileNotFoundError:
            folder.mkdir()
