"""A big file of lots is checked as it is read, chunk by chunk, and says exactly what a small one says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from msccli.isct.lots import batch as lots
from msccli.isct.lots import stream as lot_stream

from ..conftest import run

HEADER = "lot,CD73,CD90,CD105,CD45,CD34,CD14,CD19,HLA-DR,adherent,osteogenic,adipogenic,chondrogenic\n"
GOOD = "{lot},98,99,97,0.5,0.4,0.3,0.2,0.6,yes,pass,pass,pass\n"
FILES = {
    "every lot passes": HEADER + "".join(GOOD.format(lot=f"L{i}") for i in range(7)),
    "a lot fails and one lacks data": HEADER
    + GOOD.format(lot="L1")
    + "L2,90,99,97,0.5,0.4,0.3,0.2,0.6,yes,pass,pass,pass\n"
    + "L3,98,99,,0.5,0.4,0.3,0.2,0.6,yes,pass,pass,pass\n"
    + GOOD.format(lot="L4"),
    "blank lines and a quoted id over two lines": HEADER
    + GOOD.format(lot="L1")
    + "\n\n"
    + GOOD.format(lot='"L\n2"')
    + "\n"
    + GOOD.format(lot="L3"),
    "bad cells, an empty id and ids repeated across chunks": HEADER
    + GOOD.format(lot="A")
    + GOOD.format(lot="B")
    + "C,98,x,97,0.5,0.4,0.3,0.2,0.6,yes,pass,pass,pass\n"
    + GOOD.format(lot="A")
    + GOOD.format(lot="")
    + "B,98,99,97,0.5,0.4,0.3,0.2,0.6,maybe,pass,pass,pass\n"
    + GOOD.format(lot="A"),
    "rows of the wrong width": HEADER + GOOD.format(lot="A") + "B,98\n" + GOOD.format(lot="C") + "D,1,2\n",
    "only a header": HEADER + "\n\n",
    "an unclosed quote": HEADER + GOOD.format(lot="A") + '"B,98,99\n',
}


def _both(path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch, spooled: bool = True) -> tuple[object, object]:
    if not spooled:
        monkeypatch.setenv("MSC_NO_CACHE", "1")  # no spool: the file is read and parsed again
    monkeypatch.setattr(lot_stream, "STREAM_ABOVE", 10**12)
    whole = run("isct-check", str(path), *args)
    monkeypatch.setattr(lot_stream, "STREAM_ABOVE", 0)
    monkeypatch.setattr(lot_stream, "CHUNK", 2)
    streamed = run("isct-check", str(path), *args)
    return (whole.exit_code, whole.stdout, whole.stderr), (streamed.exit_code, streamed.stdout, streamed.stderr)


@pytest.mark.parametrize("spooled", [True, False], ids=["spooled", "read again"])
@pytest.mark.parametrize("args", [["-f", "json"], ["-f", "csv"], ["-f", "jsonl", "--detail"], ["-f", "markdown"]])
@pytest.mark.parametrize("name", list(FILES))
def test_a_streamed_file_says_what_a_whole_one_says(
    name: str, args: list[str], spooled: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lots.csv"
    path.write_text(FILES[name], encoding="utf-8")
    whole, streamed = _both(path, args, monkeypatch, spooled)
    assert streamed == whole


def test_every_repeated_id_is_named_with_its_first_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lots.csv"
    path.write_text(FILES["bad cells, an empty id and ids repeated across chunks"], encoding="utf-8")
    _, (code, stdout, stderr) = _both(path, ["-f", "json"], monkeypatch)
    assert (code, stdout) == (2, "")
    assert stderr.splitlines() == [
        f"msc: error: {path}, row 4, field 'CD90': 'x' is not valid: not a number; expected a percentage from 0 to 100",
        f"msc: error: {path}, row 5, field 'lot': duplicate lot id 'A' (first on row 2)",
        f"msc: error: {path}, row 6, field 'lot': empty lot id",
        f"msc: error: {path}, row 7, field 'lot': duplicate lot id 'B' (first on row 3)",
        f"msc: error: {path}, row 7, field 'adherent': 'maybe' is not valid: expected pass/fail, yes/no or true/false",
        f"msc: error: {path}, row 8, field 'lot': duplicate lot id 'A' (first on row 2)",
    ]


def test_a_million_lots_in_bounded_memory(tmp_path: Path) -> None:
    """The report of 300,000 lots (17 MB of CSV) is written as it is made: peak memory well under the file's
    report size. (bench/startup.py measures 1,000,000 lots.)"""
    path = tmp_path / "lots.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(300_000):
            out.write(GOOD.format(lot=f"L{i:07d}"))
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'msccli', 'isct-check', sys.argv[1], '-f', 'jsonl'],"
        " stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True)
    code, megabytes = map(int, out.stdout.split())
    assert code == 0
    assert megabytes < 200, megabytes


def test_a_big_file_that_is_not_utf8_is_reported_as_a_small_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lots.csv"
    path.write_bytes((HEADER + GOOD.format(lot="A")).encode() + b"B\xff,98\n" + GOOD.format(lot="C").encode())
    whole, streamed = _both(path, ["-f", "json"], monkeypatch)
    assert streamed == whole
    assert "not UTF-8 text" in str(whole)


def _ids(stream: lot_stream.Stream | None) -> list[str]:
    assert stream is not None
    return [lot_id for batch in stream.chunks() for lot_id in batch.ids]


def test_the_report_is_of_the_lots_that_were_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The chunks come back from the spool of what the validation parsed: a file changed after it was checked
    changes nothing, and the file is not read again."""
    path = tmp_path / "lots.csv"
    path.write_text(FILES["every lot passes"], encoding="utf-8")
    monkeypatch.setattr(lot_stream, "STREAM_ABOVE", 0)
    monkeypatch.setattr(lot_stream, "CHUNK", 3)
    stream = lot_stream.stream_batch(str(path), None, {}, None, False)
    path.write_bytes(HEADER.encode() + b"A\xff,98\n")
    assert _ids(stream) == [f"L{i}" for i in range(7)]


def test_a_spool_that_cannot_be_written_or_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import tempfile

    path = tmp_path / "lots.csv"
    path.write_text(FILES["every lot passes"], encoding="utf-8")
    monkeypatch.setattr(lot_stream, "STREAM_ABOVE", 0)
    monkeypatch.setattr(lot_stream, "CHUNK", 3)
    made = tempfile.TemporaryFile

    class Full:  # a disk that fills up after the first chunk
        def __init__(self, **kwargs: object) -> None:
            self.file, self.left = made(**kwargs), 2

        def write(self, data: bytes) -> int:
            self.left -= 1
            if self.left < 0:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.file.write(data)

        def flush(self) -> None:
            self.file.flush()

        def close(self) -> None:
            self.file.close()

    class FullOnFlush(Full):  # the writes went to a buffer; the disk is found full when it is written out
        def write(self, data: bytes) -> int:
            return self.file.write(data)

        def flush(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    for spool in (Full, FullOnFlush):
        monkeypatch.setattr(tempfile, "TemporaryFile", spool)
        read_again = lot_stream.stream_batch(str(path), None, {}, None, False)
        assert _ids(read_again) == [f"L{i}" for i in range(7)]
    monkeypatch.undo()
    monkeypatch.setattr(lot_stream, "STREAM_ABOVE", 0)
    monkeypatch.setattr(lot_stream, "CHUNK", 3)
    kept = lot_stream._Spool.keep

    def keep_and_lose_a_byte(spool: lot_stream._Spool, batch: lots.Batch) -> None:
        kept(spool, batch)
        spool.file.truncate(spool.file.tell() - 1)
        spool.file.seek(0, 2)

    monkeypatch.setattr(lot_stream._Spool, "keep", keep_and_lose_a_byte)
    stream = lot_stream.stream_batch(str(path), None, {}, None, False)
    with pytest.raises(lots.InputError) as caught:
        _ids(stream)
    assert str(caught.value) == f"{path}: its checked lots could not be read back (ValueError); check it again"


def test_a_file_changed_between_the_two_reads_is_an_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MSC_NO_CACHE", "1")  # no spool: the file is read again
    path = tmp_path / "lots.csv"
    path.write_text(FILES["every lot passes"], encoding="utf-8")
    monkeypatch.setattr(lot_stream, "STREAM_ABOVE", 0)
    stream = lot_stream.stream_batch(str(path), None, {}, None, False)
    assert stream is not None
    path.write_bytes(HEADER.encode() + b"A\xff,98\n")
    with pytest.raises(lots.InputError) as caught:
        list(stream.chunks())
    assert str(caught.value) == f"{path}: changed while it was being checked (UnicodeDecodeError); check it again"
    path.unlink()
    with pytest.raises(lots.InputError, match="changed while it was being checked"):
        list(stream.chunks())
