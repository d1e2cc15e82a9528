"""Where msc keeps what it worked out from the data files: the validated catalogue (catalog.py), keyed by the data
files' identities and by msc's own code, so an edit of either (an editable checkout included) is never answered
from an old cache.

Each file is private to its user (0600 in a 0700 folder) and starts with a checksum of its body, so a damaged or
edited file is ignored, never trusted.
"""

from __future__ import annotations

import contextlib
import os
from itertools import chain
from operator import attrgetter

CACHE_ENV = "MSC_CACHE_DIR"
NO_CACHE_ENV = "MSC_NO_CACHE"

# bytes: far more than the cache of a data directory of 10,000 products
MAX_CACHE = 1024 * 1024 * 1024


def bundled_folder() -> str | None:
    """The data shipped with msc as a plain folder: inside the installed package, or the repository's data/ for
    an editable install. None for a zipped install (catalog.py then reads it through importlib.resources)."""
    package = _package_folder()
    for folder in (os.path.join(package, "data"), os.path.join(os.path.dirname(os.path.dirname(package)), "data")):
        if os.path.isdir(folder):
            return folder
    return None


def data_key(directories: list[str]) -> str | None:
    """A key for exactly these data files and this code as they are now, or None if caching is off: SCOPE-STATE,
    where the scope names the directories (the bundled one names the installation) and the state their files and
    msc's own modules.

    The state is built from each file's identity (path, inode, size, modification and change times): the change
    time catches an edit that kept the size and restored the modification time (cp -p, rsync -t). Only the
    documented data files are listed: never a scan of the whole directory."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    from msccli import __version__
    from msccli.catalogue.data_files import FILES

    absolute = [os.path.abspath(d) for d in directories]  # however a directory was spelled
    scope = digest("\0".join(absolute).encode(errors="surrogatepass"))
    paths = [__version__]
    numbers: list[int] = []  # five a file, hashed as one array
    code = _package_folder()
    for folder in [code, *sorted(e.path for e in os.scandir(code) if e.is_dir() and e.name.isidentifier())]:
        names, stats = _folder_stats(folder, (".py",))
        paths += (folder, *names)
        numbers.extend(chain.from_iterable(map(_IDENTITY, stats)))
    for directory in absolute:
        for name in (f.name for f in FILES):
            if "*" in name:
                folder = os.path.join(directory, name.split("/", 1)[0])
                names, stats = _folder_stats(folder)
                paths += (folder, *names)
            else:
                path = os.path.join(directory, name)
                try:
                    stats = [os.lstat(path)]
                except OSError:
                    continue
                paths.append(path)
            numbers.extend(chain.from_iterable(map(_IDENTITY, stats)))
    state = digest("\0".join(paths).encode(errors="surrogatepass") + _packed(numbers))
    return f"{scope}-{state}"


# What identifies a file's content as it is now; a folder of 10,000 products is 10,000 of these.
_IDENTITY = attrgetter("st_ino", "st_size", "st_mtime_ns", "st_ctime_ns", "st_mode")


def _package_folder() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _folder_stats(folder: str, suffixes: tuple[str, ...] = (".yaml", ".yml")) -> tuple[list[str], list[os.stat_result]]:
    """The files with these suffixes in a folder, in the folder's own order (another order only makes another key),
    and their lstat results; nothing for a folder that cannot be read, and a file that goes away meanwhile is left out.

    Each file is looked up relative to the open folder where the system allows it, rather than by a path walked
    from the root for each file."""
    relative = os.listdir in os.supports_fd and os.stat in os.supports_dir_fd
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if relative else None
    except OSError:
        return [], []

    def lstat(name: str) -> os.stat_result:
        if handle is None:
            return os.lstat(os.path.join(folder, name))
        return os.stat(name, dir_fd=handle, follow_symlinks=False)

    try:
        names = [n for n in os.listdir(folder if handle is None else handle) if n.endswith(suffixes)]
        try:
            if handle is not None:
                return names, [os.stat(name, dir_fd=handle, follow_symlinks=False) for name in names]
            return names, [lstat(name) for name in names]
        except OSError:  # one went away, or cannot be read: file by file
            kept: list[str] = []
            stats: list[os.stat_result] = []
            for name in names:
                try:
                    stats.append(lstat(name))
                except OSError:
                    continue
                kept.append(name)
            return kept, stats
    except OSError:
        return [], []
    finally:
        if handle is not None:
            os.close(handle)


def _packed(numbers: list[int]) -> bytes:
    """The numbers as bytes, the same in every run: marshal's version 2 writes no back-references (which would
    depend on which int objects happen to be shared) and takes ints of any size."""
    import marshal

    return marshal.dumps(numbers, 2)


def folder() -> str:
    """MSC_CACHE_DIR, else the user's cache folder."""
    return os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "msc"
    )


def names_file() -> str:
    """The bundled catalogue's names for the TAB-completion script (msc completion): 'kind<TAB>name' lines."""
    return os.path.join(folder(), "completion-names.tsv")


def write_names(names: dict[str, list[str]]) -> None:
    """Best effort, as every cache file; a name with a tab or a line break is left out (no shell may see it)."""
    lines = [f"{kind}\t{name}\n" for kind, found in names.items() for name in found if name.isprintable()]
    write(names_file(), "names", "".join(lines).encode())


def catalogue_file(key: str) -> str:
    """The validated catalogue's cache file for a data key."""
    return os.path.join(folder(), f"catalogue-{key}.json")


def digest(data: bytes) -> str:
    """A 64-bit checksum (two CRCs): enough to tell one set of data files, or a damaged file, from another. The
    files are private to their user, so this guards against accidents, not attacks."""
    import zlib

    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _magic(kind: str) -> bytes:
    return f"msc-{kind}-cache crc=".encode()


def open_private(path: str) -> int | None:
    """A file descriptor for reading a cache file, or None: a missing, foreign, linked or oversized file."""
    import stat

    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_CACHE and info.st_uid == os.getuid():
            return handle
    except OSError:
        pass
    os.close(handle)
    return None


def read(path: str, kind: str) -> bytes | None:
    """The body of a cache file of this kind, or None: a missing, foreign, linked, oversized or altered file."""
    handle = open_private(path)
    if handle is None:
        return None
    try:
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(MAX_CACHE + 1)
    except OSError:
        return None
    finally:
        os.close(handle)
    header, _, body = data.partition(b"\n")
    return body if header == _magic(kind) + digest(body).encode() else None


def header_length(kind: str) -> int:
    """The length of a cache file's first line: where its body starts."""
    return len(_magic(kind)) + 16 + 1


def write(path: str, kind: str, body: bytes) -> None:
    """Best effort, privately: a folder of our own (0700), a file only we can read (0600), written under a
    random name and renamed into place; the files it makes out of date are removed (_make_room). A read-only
    disk or a foreign folder only costs the next run its speed."""
    import stat
    import tempfile

    parent, name = os.path.split(path)
    prefix = name.partition("-")[0]
    suffix = os.path.splitext(name)[1]
    try:
        os.makedirs(parent, mode=0o700, exist_ok=True)
        info = os.lstat(parent)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
            return  # not a folder of ours, or others can write into it
        handle, partial = tempfile.mkstemp(dir=parent, prefix=f".{prefix}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_magic(kind) + digest(body).encode() + b"\n" + body)
            _make_room(parent, name, prefix, suffix)
            os.replace(partial, path)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
    except OSError:
        pass


# kinds of file msc no longer writes or reads, removed as msc makes room
RETIRED_PREFIXES, RETIRED_SUFFIXES = ("answers-",), (".bin",)
KEPT = 8  # files of a kind, for as many data directories or installations used in turn


def _make_room(parent: str, name: str, prefix: str, suffix: str) -> None:
    """Before `name` is written: remove the files of its kind for an older state of the same directories (same
    scope), and the least recently written others beyond KEPT. A run with another data directory, or another
    installation of msc, does not remove this one's, so alternating between two directories keeps both warm."""
    scope = name.split("-")[:2]
    others: list[tuple[int, str]] = []
    for entry in os.scandir(parent):
        if entry.name.startswith(RETIRED_PREFIXES) and entry.name.endswith(RETIRED_SUFFIXES):
            with contextlib.suppress(OSError):  # a kind of file no msc writes any more: nothing reads it
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
            continue
        if entry.name == name or not (entry.name.startswith(f"{prefix}-") and entry.name.endswith(suffix)):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if entry.name.split("-")[:2] == scope:
                os.unlink(entry.path)
            else:
                others.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
        except OSError:
            continue
    for _, path in sorted(others, reverse=True)[KEPT - 1 :]:
        try:
            os.unlink(path)
        except OSError:
            continue
