"""Checking many texts: an archive, a folder, JSON Lines; in input order, on as many processes as asked.

`check_texts` yields one `DocumentResult` per text, in input order whatever ``jobs`` is, and holds only a
bounded window of texts and results at a time, so an archive of any size is checked in bounded memory. Every
result pickles, and `Checker` checks one text at a time in any process, so a user can as well run the check
under their own multiprocessing, Dask or Spark. `finding_rows` flattens a result to plain rows with the fixed
`ROW_FIELDS` (what ``equipref check --format jsonl|csv`` writes, through `write_rows`).

`read_jsonl` and `read_folder` read what the command line takes, refusing bad input with the file, the line
and what was expected: records that are not JSON objects, lack a ``"text"`` string or are not UTF-8, folders
with no ``.txt`` or ``.md`` file. A folder is walked from its own descriptor without following any link in it.

With ``jobs`` above 1 the texts go, in chunks, to worker processes forked from this one (they inherit the
catalog and its name index instead of loading them again; where fork is not available they load the
catalog's folders). Workers ignore Ctrl-C, which a terminal sends to the whole process group: the caller sees
``KeyboardInterrupt`` and the workers are ended before it propagates, as they are when the generator is closed.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, Final

from pydantic import BaseModel, ConfigDict

from equipref.check.model import CheckReport
from equipref.check.pipeline import Checker
from equipref.check.quantities import MAX_TEXT
from equipref.errors import EquiprefError, UsageError
from equipref.text_safety import csv_cell, escape_unsafe

if TYPE_CHECKING:
    from concurrent.futures import Future

    from equipref.catalog import Catalog

__all__ = [
    "MAX_FILE_BYTES",
    "ROW_FIELDS",
    "DocumentResult",
    "TextDocument",
    "check_texts",
    "decode_text",
    "finding_rows",
    "read_folder",
    "read_jsonl",
    "usable_cores",
    "write_rows",
]

#: The most bytes of one file `check` reads: UTF-8 needs at most four per character of `MAX_TEXT`.
MAX_FILE_BYTES: Final = 4 * MAX_TEXT
#: The longest JSON Lines record: a text of `MAX_TEXT` characters written as ``\\uXXXX`` escapes, and room
#: for the record's other fields (an archive's title, date, author...).
_MAX_RECORD_BYTES: Final = 6 * MAX_TEXT + 65_536
#: The suffixes of the files read from a folder (compared without regard to case).
TEXT_SUFFIXES: Final = (".txt", ".md")
#: Documents sent to a worker at once, and their most characters: enough to make the cost of sending them
#: small against checking them (about a millisecond per short article), few enough to keep every core busy.
_CHUNK_DOCUMENTS: Final = 32
_CHUNK_CHARACTERS: Final = 512 * 1024
#: Chunks in flight per worker: one being checked, one waiting, so no worker idles while results are taken.
_CHUNKS_PER_JOB: Final = 2


class TextDocument(BaseModel):
    """One text to check, with its address (so that a catalog source never backs itself) and the caller's id."""

    model_config = ConfigDict(frozen=True, strict=True)

    text: str
    url: str | None = None
    id: str | None = None

    def __init__(self, text: str, url: str | None = None, id: str | None = None) -> None:  # noqa: A002
        super().__init__(text=text, url=url, id=id)


class DocumentResult(BaseModel):
    """The report on one document, with its position in the input (from 0) and its url and id."""

    model_config = ConfigDict(frozen=True)

    index: int
    id: str | None
    url: str | None
    report: CheckReport


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says, else all of them)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _documents(texts: Iterable[str | TextDocument]) -> Iterator[tuple[int, TextDocument]]:
    if isinstance(texts, str | bytes | TextDocument):
        raise UsageError("check_texts takes an iterable of texts; for one text use check_text")
    for index, item in enumerate(texts):
        if isinstance(item, str):
            item = TextDocument(item)
        elif not isinstance(item, TextDocument):
            raise UsageError(f"check_texts: item {index} is a {type(item).__name__}; expected str or TextDocument")
        if len(item.text) > MAX_TEXT:
            raise UsageError(
                f"check_texts: item {index}{_named(item)} is longer than {MAX_TEXT:,} characters, the most check reads"
            )
        yield index, item


def _named(doc: TextDocument) -> str:
    shown = doc.id if doc.id is not None else doc.url
    return f" ({escape_unsafe(shown)[:200]})" if shown is not None else ""


def check_texts(
    texts: Iterable[str | TextDocument], catalog: Catalog | None = None, jobs: int = 1
) -> Generator[DocumentResult, None, None]:
    """Check each text (a ``str`` or a `TextDocument`) against ``catalog``; one `DocumentResult` per text.

    Results come in input order, the same whatever ``jobs`` is: 1 (the default) checks in this process, N
    in N worker processes, 0 in one per usable core. The input is read only a bounded window ahead of the
    results taken, so a generator over a large archive is never held whole.

    >>> [r.report.findings[0].verdict for r in check_texts(["The PHL-03 fires 300 mm rockets."])]
    ['supported']
    """
    from equipref.catalog import catalog_or_default

    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise UsageError(f"jobs must be a whole number of processes, 0 for one per core; got {jobs!r}")
    checker = Checker(catalog_or_default(catalog))
    docs = _documents(texts)
    jobs = jobs or usable_cores()
    return _here(docs, checker) if jobs == 1 else _in_workers(docs, checker, jobs)


def _result(index: int, doc: TextDocument, report: CheckReport) -> DocumentResult:
    return DocumentResult.model_construct(index=index, id=doc.id, url=doc.url, report=report)


def _here(docs: Iterator[tuple[int, TextDocument]], checker: Checker) -> Generator[DocumentResult, None, None]:
    for index, doc in docs:
        yield _result(index, doc, checker.check(doc.text, source_url=doc.url))


# -- worker processes --------------------------------------------------------------------------------------

_worker_checker: Checker | None = None


def _start_worker(catalog: Catalog | tuple[str, ...]) -> None:
    """Set a worker up: its checker, and the signals the parent decides about."""
    import signal

    # Ctrl-C reaches every process of the terminal's group: the parent hears it and ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the command line's handler, which would turn the parent's terminate() into an
    # exception inside the pool's machinery: it simply ends instead.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    global _worker_checker
    if isinstance(catalog, tuple):
        from equipref.catalog import load_catalog

        catalog = load_catalog(*catalog, builtin=False)
    _worker_checker = Checker(catalog)


def _check_chunk(chunk: list[tuple[str, str | None]]) -> list[CheckReport]:
    checker = _worker_checker
    assert checker is not None, "the worker was not set up"
    return [checker.check(text, source_url=url) for text, url in chunk]


def _chunks(docs: Iterator[tuple[int, TextDocument]]) -> Iterator[list[tuple[int, TextDocument]]]:
    chunk: list[tuple[int, TextDocument]] = []
    size = 0
    for item in docs:
        chunk.append(item)
        size += len(item[1].text)
        if len(chunk) >= _CHUNK_DOCUMENTS or size >= _CHUNK_CHARACTERS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _pool(checker: Checker, jobs: int) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if sys.platform.startswith("linux"):
        # Forked workers share the catalog and its name index, built here once (below), instead of spending a
        # catalog load each; they are all started at the first submit, before the pool starts its threads.
        checker.check("Type 99 125 mm")
        return ProcessPoolExecutor(
            jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker, initargs=(checker.catalog,)
        )
    roots = checker.catalog.roots
    if not roots:
        raise UsageError("jobs above 1 needs fork, or a catalog loaded from folders that workers can load again")
    return ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(tuple(roots),)
    )


def _end_workers(pool: Any) -> None:
    """End the workers now (a pool's shutdown would let them finish their chunks first)."""
    known = getattr(pool, "_processes", None)  # no public way to reach them before Python 3.14
    processes = list(known.values()) if isinstance(known, dict) else []
    for process in processes:
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    # A worker told to stop before its initializer ran still has the parent's SIGTERM handler, and one blocked
    # writing a result nobody reads any more never returns to Python to run it: both would hang the pool's
    # shutdown for ever. SIGKILL cannot be caught or deferred.
    for process in processes:
        try:
            process.join(2)
            if process.is_alive():
                process.kill()
                process.join(10)
        except (OSError, ValueError, AttributeError):
            pass


def _in_workers(
    docs: Iterator[tuple[int, TextDocument]], checker: Checker, jobs: int
) -> Generator[DocumentResult, None, None]:
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(checker, jobs)
    pending: deque[tuple[list[tuple[int, TextDocument]], Future[list[CheckReport]]]] = deque()
    finished = False

    def taken() -> Iterator[DocumentResult]:
        chunk, future = pending.popleft()
        try:
            reports = future.result()
        except BrokenProcessPool:
            raise EquiprefError("a worker process died (killed, or out of memory) before it finished") from None
        for (index, doc), report in zip(chunk, reports, strict=True):
            yield _result(index, doc, report)

    try:
        for chunk in _chunks(docs):
            pending.append((chunk, pool.submit(_check_chunk, [(d.text, d.url) for _, d in chunk])))
            while len(pending) >= jobs * _CHUNKS_PER_JOB:
                yield from taken()
        while pending:
            yield from taken()
        finished = True
    finally:
        if not finished:  # interrupted, an error, or the caller stopped early: nothing more is wanted
            _end_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


# -- plain rows --------------------------------------------------------------------------------------------

#: The columns of `finding_rows`, in order: the document (its position in the input, the file it was read
#: from and the JSON Lines line, its id and url), the catalog source the text was found to be, then the finding.
ROW_FIELDS: Final = (
    "index",
    "document",
    "line",
    "id",
    "url",
    "text_source",
    "sentence",
    "start",
    "end",
    "value",
    "hedge",
    "field",
    "detail",
    "system",
    "system_name",
    "about",
    "named_as",
    "unknown",
    "candidates",
    "verdict",
    "explanation",
    "spread",
    "agreeing_sources",
    "other_sources",
    "reason",
    "quote",
)

Row = dict[str, str | int | None]


def _joined(values: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(values))


def finding_rows(result: DocumentResult, document: str | None = None, line: int | None = None) -> list[Row]:
    """One plain row per finding of ``result`` (keys `ROW_FIELDS`; values str, int or None), for CSV or a
    DataFrame; ``document`` and ``line`` say where the text was read (a path, a JSON Lines line number).

    Lists are joined with ``"; "``: the candidates of an ambiguous figure, and the sources of the claims that
    agree with it and of those that do not. The text's own characters are as they were: `write_rows` escapes.
    """
    report = result.report
    rows: list[Row] = []
    for f in report.findings:
        rows.append(
            {
                "index": result.index,
                "document": document,
                "line": line,
                "id": result.id,
                "url": result.url,
                "text_source": report.source,
                "sentence": f.sentence,
                "start": f.start,
                "end": f.end,
                "value": f.value,
                "hedge": f.hedge,
                "field": f.field,
                "detail": f.detail,
                "system": f.system,
                "system_name": f.system_name,
                "about": f.about,
                "named_as": f.named_as,
                "unknown": f.unknown,
                "candidates": _joined(f.candidates),
                "verdict": f.verdict,
                "explanation": f.explanation,
                "spread": f.spread,
                "agreeing_sources": _joined(s for c in f.claims if c.agrees for s in c.sources),
                "other_sources": _joined(s for c in f.claims if not c.agrees for s in c.sources),
                "reason": f.reason,
                "quote": f.quote,
            }
        )
    return rows


# JSON escapes the C0 controls itself; these are the rest of what must not reach a terminal or close a
# ``<script>`` raw (as the whole-report JSON does), and lone surrogates, which UTF-8 cannot encode.
_JSON_ESCAPES: Final = re.compile("[<>&\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff]")
_SURROGATES: Final = re.compile("[\ud800-\udfff]")


def _json_line(row: Row) -> str:
    text = json.dumps(row, ensure_ascii=False)
    return _JSON_ESCAPES.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"


def _csv_value(value: str | int | None) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    shown = _SURROGATES.sub(lambda m: f"\\u{ord(m[0]):04x}", escape_unsafe(value))
    return csv_cell(shown)


def write_rows(rows: Iterable[Row], out: IO[str], fmt: str, header: bool = True) -> int:
    """Write ``rows`` (from `finding_rows`) to ``out`` as ``jsonl`` (an object a line) or ``csv`` (with a
    header of `ROW_FIELDS` when ``header``); returns how many. Control and bidirectional characters become
    visible escapes, and a CSV cell a spreadsheet would run as a formula starts with ``'``."""
    if fmt not in ("jsonl", "csv"):
        raise UsageError(f"rows are written as jsonl or csv, not {fmt!r}")
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(_json_line(row))
            count += 1
        return count
    import csv

    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(ROW_FIELDS)
    for row in rows:
        writer.writerow([_csv_value(row[name]) for name in ROW_FIELDS])
        count += 1
    return count


# -- reading the inputs ------------------------------------------------------------------------------------


def shown_path(name: str) -> str:
    """A file name as text that can be printed: undecodable bytes as ``\\xNN``, controls escaped."""
    return escape_unsafe(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def decode_text(raw: bytes, shown: str) -> str:
    """The text of a file read as ``raw`` (at most `MAX_FILE_BYTES` + 1 bytes), or a one-line `UsageError`
    naming ``shown`` if it is too long or not UTF-8."""
    if len(raw) > MAX_FILE_BYTES:
        raise UsageError(
            f"{shown}: the text is larger than {MAX_FILE_BYTES:,} bytes; check reads at most {MAX_TEXT:,} characters"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{shown}: not UTF-8 text (byte {exc.start}); save the article as UTF-8") from None


_DIRECTORY_FLAGS: Final = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NO_LINK: Final = getattr(os, "O_NOFOLLOW", 0)


def read_folder(folder: str) -> Iterator[tuple[str, str]]:
    """``(path, text)`` for every ``.txt`` and ``.md`` file under ``folder``, at any depth, in name order.

    The folder is walked from its own descriptor, each step opened with ``O_NOFOLLOW``: a link in it (to a file
    or a folder, inside or out) is skipped, never followed, and so is a folder swapped for a link mid-walk;
    names starting with ``.`` (``.git``, editors' files) and anything but regular files are skipped too. Each
    file is held to the size cap and must be UTF-8; a folder with no such file is refused.
    """
    shown = shown_path(folder)
    try:
        fd = os.open(folder, _DIRECTORY_FLAGS)  # the folder named is the user's: a link to it is followed
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read the folder: {exc.strerror or exc}") from None
    found = 0
    try:
        for path, text in _walk(fd, folder):
            found += 1
            yield path, text
    finally:
        os.close(fd)
    if not found:
        raise UsageError(f"{shown}: no {' or '.join(TEXT_SUFFIXES)} file in the folder (links in it are not followed)")


def _walk(fd: int, where: str) -> Iterator[tuple[str, str]]:
    try:
        with os.scandir(fd) as it:
            names = sorted(e.name for e in it if not e.name.startswith("."))
    except OSError as exc:
        raise UsageError(f"{shown_path(where)}: cannot list the folder: {exc.strerror or exc}") from None
    for name in names:
        path = os.path.join(where, name)
        try:
            st = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except OSError:
            continue  # gone since it was listed
        if stat.S_ISDIR(st.st_mode):
            try:
                sub = os.open(name, _DIRECTORY_FLAGS | _NO_LINK, dir_fd=fd)
            except OSError:
                continue  # swapped for a link (or removed) since it was looked at
            try:
                yield from _walk(sub, path)
            finally:
                os.close(sub)
        elif stat.S_ISREG(st.st_mode) and name.lower().endswith(TEXT_SUFFIXES):
            raw = _read_file(name, fd, path)
            if raw is not None:
                yield path, decode_text(raw, shown_path(path))


def _read_file(name: str, folder_fd: int, path: str) -> bytes | None:
    """At most `MAX_FILE_BYTES` + 1 bytes of a regular file, never through a link; None if it is not one."""
    flags = os.O_RDONLY | os.O_NONBLOCK | _NO_LINK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(name, flags, dir_fd=folder_fd)
    except OSError:
        return None  # swapped for a link, or removed, since it was listed
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks: list[bytes] = []
        left = MAX_FILE_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UsageError(f"{shown_path(path)}: cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")


def _record(line: bytes, where: str) -> TextDocument:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where}: not UTF-8 (byte {exc.start} of the line); JSON Lines are UTF-8 text") from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise UsageError(f"{where}: nested too deeply to be a record") from None
    except ValueError as exc:  # JSONDecodeError, and numbers too long to read
        raise UsageError(f"{where}: not JSON ({escape_unsafe(str(exc))[:200]})") from None
    if not isinstance(value, dict):
        raise UsageError(f'{where}: expected an object such as {{"text": "...", "url": "..."}}, got {_kind(value)}')
    if "text" not in value:
        keys = ", ".join(repr(escape_unsafe(k)[:40]) for k in list(value)[:8]) or "none"
        raise UsageError(f'{where}: the object has no "text" (its keys: {keys})')
    fields: dict[str, str | None] = {}
    for key in ("text", "url", "id"):
        item = value.get(key)
        if key == "id" and isinstance(item, int) and not isinstance(item, bool):
            item = str(item)
        if item is None and key != "text":
            fields[key] = None
            continue
        if not isinstance(item, str):
            wanted = "a string" if key == "text" else "a string or null" + (" or a whole number" if key == "id" else "")
            raise UsageError(f'{where}: "{key}" must be {wanted}, got {_kind(item)}')
        if _SURROGATES.search(item):
            raise UsageError(f'{where}: "{key}" holds a lone surrogate escape (\\ud800-\\udfff), which is not text')
        fields[key] = item
    text_value = fields["text"]
    assert text_value is not None
    if len(text_value) > MAX_TEXT:
        raise UsageError(f'{where}: "text" is longer than {MAX_TEXT:,} characters, the most check reads')
    return TextDocument(text_value, fields["url"], fields["id"])


def read_jsonl(stream: IO[bytes], name: str) -> Iterator[tuple[int, TextDocument]]:
    """``(line number, TextDocument)`` for each record of a JSON Lines stream: an object per line with a
    ``"text"`` string and optionally ``"url"`` and ``"id"`` (other keys are ignored); blank lines are skipped.

    Read a line at a time, each held to the size of the longest text check reads; anything else is refused
    with ``name:LINE`` and what was expected.
    """
    shown = shown_path(name)
    number = 0
    while True:
        try:
            line = stream.readline(_MAX_RECORD_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"{shown}: cannot read the file: {exc.strerror or exc}") from None
        if not line:
            return
        number += 1
        where = f"{shown}:{number}"
        if len(line) > _MAX_RECORD_BYTES:
            raise UsageError(f"{where}: the record is longer than {_MAX_RECORD_BYTES:,} bytes")
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if line.strip():
            yield number, _record(line, where)
