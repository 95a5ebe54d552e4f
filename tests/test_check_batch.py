"""Many texts at once: `equipref check` on several files, folders and JSON Lines, one finding per row, and
`equipref.check_texts` in the library, in input order whatever the number of processes."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import threading
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import equipref
from equipref import TextDocument, check_text, check_texts, finding_rows
from equipref.check.batch import ROW_FIELDS, DocumentResult, read_jsonl, write_rows
from equipref.cli import main
from equipref.errors import UsageError

pytestmark = pytest.mark.usefixtures("private_cache")

TEXTS = (
    "The PHL-03 fires 300 mm rockets up to 130 km.",
    "The Type 99 tank weighs 54 t and carries a 125 mm gun.",
    "Nothing to see here.",
    "The Tornado-S reaches 120 km, and the M1 Abrams weighs 62 t.",
    "Российский «Торнадо-С» стреляет на 120 км.",
)


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: bytes = b""
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(records: Sequence[Mapping[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def expected_rows(texts: list[str], documents: list[tuple[str, int | None]], urls: list[str | None]) -> list[dict]:  # type: ignore[type-arg]
    """The rows a batch must give: each text checked on its own with check_text, flattened here."""
    rows = []
    for index, (text, (document, line), url) in enumerate(zip(texts, documents, urls, strict=True)):
        report = check_text(text, source_url=url)
        result = DocumentResult(index=index, id=None, url=url, report=report)
        rows.extend(finding_rows(result, document, line))
    return rows


def one_line_error(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("equipref: ") and "Traceback" not in err


# -- the library ----------------------------------------------------------------------------------------

_NAMES = ("PHL-03", "Type 99", "Tornado-S", "T-90", "M1 Abrams", "Т-90М", "PHL-16", "2S19")
_UNITS = ("mm", "km", "t", "км", "公里", "miles")
_sentence = st.builds(
    "The {} {} {} {}. ".format,
    st.sampled_from(_NAMES),
    st.sampled_from(("fires", "weighs", "reaches", "has a", "carries")),
    st.integers(1, 999),
    st.sampled_from(_UNITS),
)
_texts = st.lists(
    st.lists(_sentence | st.text(max_size=30), max_size=4).map("".join),
    max_size=6,
)


@settings(max_examples=25)
@given(texts=_texts, urls=st.lists(st.none() | st.sampled_from(("https://example.org/a", "")), min_size=6))
def test_texts_through_json_lines_get_each_the_report_check_text_gives(
    texts: list[str], urls: list[str | None]
) -> None:
    urls = urls[: len(texts)]
    records = [{"text": t, "url": u, "title": "ignored"} for t, u in zip(texts, urls, strict=True)]
    read = list(read_jsonl(io.BytesIO(jsonl(records).encode("utf-8")), "archive.jsonl"))
    assert [number for number, _ in read] == list(range(1, len(texts) + 1))
    results = list(check_texts((doc for _, doc in read), jobs=1))
    assert [r.index for r in results] == list(range(len(texts)))
    assert [r.report for r in results] == [check_text(t, source_url=u) for t, u in zip(texts, urls, strict=True)]


def test_two_processes_give_what_one_gives_in_the_same_order() -> None:
    texts = [f"{TEXTS[i % len(TEXTS)]} The PHL-03 reaches {100 + i} km." for i in range(150)]
    docs = [TextDocument(t, id=str(i)) for i, t in enumerate(texts)]
    one = list(check_texts(docs, jobs=1))
    two = list(check_texts(docs, jobs=2))
    assert one == two
    assert [r.id for r in two] == [str(i) for i in range(150)]
    assert [r.report for r in two] == [check_text(t) for t in texts]
    assert list(check_texts(docs[:40], jobs=0)) == one[:40]  # one process per core


def test_results_and_documents_pickle_for_other_schedulers() -> None:
    result = next(check_texts([TextDocument(TEXTS[0], url="https://example.org/x", id="a")]))
    assert pickle.loads(pickle.dumps(result)) == result
    doc = TextDocument(TEXTS[1], "https://example.org/y")
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert [f.value for f in result.report.findings] == ["300 mm", "130 km"]


def test_the_input_is_read_only_a_bounded_window_ahead() -> None:
    consumed = 0

    def endless() -> Iterator[str]:
        nonlocal consumed
        while True:
            consumed += 1
            yield TEXTS[consumed % len(TEXTS)]

    for jobs in (1, 2):
        consumed = 0
        results = check_texts(endless(), jobs=jobs)
        taken = [next(results) for _ in range(200)]
        results.close()  # an early stop ends the workers
        assert [r.index for r in taken] == list(range(200))
        assert consumed - 200 <= 1000, (jobs, consumed)
    import multiprocessing

    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    ("texts", "jobs", "message"),
    [
        ("one text", 1, "iterable of texts"),
        ([TEXTS[0], 42], 1, "item 1 is a int"),
        ([TEXTS[0]], -1, "jobs must be"),
        ([TEXTS[0]], True, "jobs must be"),
        (["x" * 1_000_001], 2, "item 0 is longer than"),
    ],
)
def test_check_texts_refuses_what_it_cannot_check(texts: object, jobs: object, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        list(check_texts(texts, jobs=jobs))  # type: ignore[arg-type]


def test_a_documents_url_keeps_a_catalog_source_from_backing_itself(catalog) -> None:  # type: ignore[no-untyped-def]
    source = next(s for s in catalog.sources if s.url)
    (result,) = check_texts([TextDocument(TEXTS[0], url=source.url)], catalog)
    assert result.report.source == source.id
    assert {row["text_source"] for row in finding_rows(result)} == {source.id}


def test_rows_have_the_fixed_fields_and_plain_values() -> None:
    results = list(check_texts(TEXTS))
    rows = [row for r in results for row in finding_rows(r, "a.jsonl", 3)]
    assert rows and all(tuple(row) == ROW_FIELDS for row in rows)
    assert all(v is None or isinstance(v, str | int) for row in rows for v in row.values())
    assert {row["index"] for row in rows} == {0, 1, 3, 4}  # the third text has no figure
    assert equipref.ROW_FIELDS == ROW_FIELDS and equipref.check_texts is check_texts


# -- the command line -----------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of articles (one in a subfolder, one in Markdown) and a file that is neither."""
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_text(TEXTS[1], encoding="utf-8")
    (folder / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (folder / "sub" / "c.md").write_text(TEXTS[3], encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF not an article")
    return folder


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_folder_and_json_lines_in_one_or_two_processes_give_the_same_rows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path, fmt: str
) -> None:
    archive = tmp_path / "archive.jsonl"
    archive.write_text(jsonl([{"text": TEXTS[4], "url": "https://example.org/r"}, {"text": TEXTS[2]}]), "utf-8")
    argv = ["check", str(corpus), "--jsonl", str(archive), "--format", fmt]
    one = run(capsys, monkeypatch, *argv)
    two = run(capsys, monkeypatch, *argv, "--jobs", "2")
    assert one == two and one[0] == 0 and one[2] == ""
    # the folder's files in name order (the PDF left out), then the archive's records
    documents = [(str(corpus / name), None) for name in ("a.txt", "b.txt", "sub/c.md")]
    want = expected_rows(
        [TEXTS[0], TEXTS[1], TEXTS[3], TEXTS[4], TEXTS[2]],
        [*documents, (str(archive), 1), (str(archive), 2)],
        [None, None, None, "https://example.org/r", None],
    )
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(one[1])))
        plain = [{k: "" if v is None else str(v) for k, v in w.items()} for w in want]
        assert one[1].startswith(",".join(ROW_FIELDS) + "\n") and rows == plain
    else:
        assert [json.loads(line) for line in one[1].splitlines()] == want


def test_one_file_keeps_its_table_and_gives_rows_when_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    article = str(corpus / "a.txt")
    code, out, _ = run(capsys, monkeypatch, "check", article)
    assert code == 0 and "300 mm — PHL-03, caliber: SUPPORTED" in out
    code, out, _ = run(capsys, monkeypatch, "check", article, "-f", "jsonl", "--source-url", "https://example.org/a")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows == expected_rows([TEXTS[0]], [(article, None)], ["https://example.org/a"])
    code, out, _ = run(capsys, monkeypatch, "check", "-", "-f", "csv", stdin=TEXTS[1].encode())
    assert code == 0 and [r["document"] for r in csv.DictReader(io.StringIO(out))] == ["<stdin>", "<stdin>"]


def test_json_lines_from_standard_input_with_a_byte_order_mark_and_blank_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (
        b"\xef\xbb\xbf"
        + jsonl([{"text": TEXTS[0], "id": 7}]).encode()
        + b"\n  \n"
        + jsonl([{"text": TEXTS[1]}]).encode()
    )
    code, out, err = run(capsys, monkeypatch, "check", "--jsonl", "-", stdin=data)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and err == ""
    assert [(r["line"], r["id"], r["value"]) for r in rows] == [
        (1, "7", "300 mm"), (1, "7", "130 km"), (4, None, "54 t"), (4, None, "125 mm")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "line", "expected"),
    [
        (b'{"text": "The PHL-03 fires 300 mm rockets."}\n[1, 2]\n', 2, "expected an object such as"),
        (
            b'{"text": "ok 1 km"}\n\n{"body": "x", "url": "u"}\n',
            3,
            "the object has no \"text\" (its keys: 'body', 'url')",
        ),
        (b'{"text": 12}\n', 1, '"text" must be a string, got a number'),
        (b'{"text": "x", "url": ["a"]}\n', 1, '"url" must be a string or null, got an array'),
        (b'{"text": "caf\xe9 1 km"}\n', 1, "not UTF-8 (byte 13 of the line)"),
        (b'{"text": "x"\n', 1, "not JSON"),
        (b'{"text": "\\ud800"}\n', 1, '"text" holds a lone surrogate'),
        (b"[" * 100_000 + b"\n", 1, "nested too deeply"),
    ],
)
def test_a_bad_json_lines_record_is_refused_with_file_line_and_what_was_expected(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    content: bytes,
    line: int,
    expected: str,
) -> None:
    good = [{"text": t} for t in TEXTS * 20]  # rows already checked are not written either
    (tmp_path / "archive.jsonl").write_bytes(jsonl(good).encode() + content)
    monkeypatch.chdir(tmp_path)
    for jobs in ("1", "2"):
        code, out, err = run(capsys, monkeypatch, "check", "--jsonl", "archive.jsonl", "--jobs", jobs)
        assert code == 2 and out == "" and one_line_error(err), err
        assert f"equipref: archive.jsonl:{len(good) + line}: {expected}" in err, err


def test_a_folder_without_articles_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    (empty / ".git").mkdir(parents=True)
    (empty / ".git" / "x.txt").write_text(TEXTS[0], encoding="utf-8")
    (empty / "data.csv").write_text("a,b\n", encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "check", str(empty))
    assert code == 2 and out == "" and one_line_error(err)
    assert f"{empty}: no .txt or .md file in the folder" in err


def test_a_bad_file_in_a_folder_is_named_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    (corpus / "sub" / "z.txt").write_bytes(b"\xff\xfe not UTF-8")
    code, out, err = run(capsys, monkeypatch, "check", str(corpus), "--format", "csv")
    assert code == 2 and out == "" and one_line_error(err)
    assert f"{corpus / 'sub' / 'z.txt'}: not UTF-8 text (byte 0)" in err


def test_each_file_is_held_to_the_size_cap(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    monkeypatch.setattr("equipref.check.batch.MAX_FILE_BYTES", 60)
    code, out, err = run(capsys, monkeypatch, "check", str(corpus))
    assert code == 0 and out  # each file is under 60 bytes, all three together are not
    (corpus / "big.txt").write_text(TEXTS[0] * 2, encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "check", str(corpus))
    assert code == 2 and out == "" and f"{corpus / 'big.txt'}: the text is larger than 60 bytes" in err


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="needs POSIX symlinks")
def test_links_in_a_folder_are_not_followed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("The PHL-16 reaches 500 km.", encoding="utf-8")
    (corpus / "link.txt").symlink_to(outside / "secret.txt")
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    (corpus / "inside.txt").symlink_to(corpus / "a.txt")
    os.mkfifo(corpus / "pipe.txt")  # would hang a reader that opened it blocking
    code, out, err = run(capsys, monkeypatch, "check", str(corpus))
    documents = {json.loads(line)["document"] for line in out.splitlines()}
    assert code == 0 and err == ""
    assert documents == {str(corpus / "a.txt"), str(corpus / "b.txt"), str(corpus / "sub" / "c.md")}
    only_links = tmp_path / "only-links"
    only_links.mkdir()
    (only_links / "link.txt").symlink_to(outside / "secret.txt")
    code, out, err = run(capsys, monkeypatch, "check", str(only_links))
    assert code == 2 and out == "" and "no .txt or .md file in the folder (links in it are not followed)" in err


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--format", "table"], "several documents are written one finding per row: use --format jsonl or csv"),
        (["--format", "claimreview"], "(--format claimreview is for one text)"),
        (["--source-url", "https://example.org"], "--source and --source-url name one text"),
        (["--source", "globalsecurity-china-ww3"], "--source and --source-url name one text"),
        (["-", "--jsonl", "-"], "standard input (-) can be read once"),
    ],
)
def test_options_for_one_text_are_refused_for_several(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, corpus: Path, extra: list[str], expected: str
) -> None:
    code, out, err = run(capsys, monkeypatch, "check", str(corpus / "a.txt"), str(corpus / "b.txt"), *extra)
    assert code == 2 and out == "" and one_line_error(err) and expected in err, err


def test_usage_errors_of_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for argv, expected in (
        (["check"], "check needs a FILE"),
        (["check", "--jsonl", str(tmp_path / "missing.jsonl")], "missing.jsonl: cannot read the file"),
    ):
        code, out, err = run(capsys, monkeypatch, *argv)
        assert code == 2 and out == "" and expected in err, (argv, err)
    for jobs in ("-1", "two", "1.5"):
        with pytest.raises(SystemExit) as exited:
            main(["check", "x.txt", "--jobs", jobs])
        assert exited.value.code == 2 and "is not a number of processes" in capsys.readouterr().err


def test_untrusted_text_is_escaped_in_every_row_format(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    hostile = '=HYPERLINK("http://evil")\x1b]0;owned\x07\u202e<script>'
    archive = tmp_path / "archive.jsonl"
    archive.write_text(jsonl([{"text": TEXTS[0], "url": hostile, "id": hostile}]), encoding="utf-8")
    code, out, _ = run(capsys, monkeypatch, "check", "--jsonl", str(archive))
    assert code == 0
    for raw in ("\x1b", "\x07", "\u202e", "<", ">"):
        assert raw not in out
    assert json.loads(out.splitlines()[0])["url"] == hostile  # escaped, not altered
    code, out, _ = run(capsys, monkeypatch, "check", "--jsonl", str(archive), "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    assert row["url"].startswith("'=HYPERLINK") and "\\x1b" in row["url"] and "\\u202e" in row["url"]


def test_write_rows_keeps_a_csv_number_a_number_and_refuses_other_formats() -> None:
    out = io.StringIO()
    row = dict.fromkeys(ROW_FIELDS, None) | {"index": 3, "value": "-5 km", "quote": "@x"}
    assert write_rows([row], out, "csv") == 1
    (parsed,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert parsed["index"] == "3" and parsed["value"] == "'-5 km" and parsed["quote"] == "'@x"
    with pytest.raises(UsageError):
        write_rows([row], out, "html")


def test_an_edited_file_in_a_folder_is_never_answered_from_the_cache(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    article = corpus / "sub" / "c.md"
    first = run(capsys, monkeypatch, "check", str(corpus))
    stamp = article.stat()
    article.write_text(TEXTS[3].replace("120 km", "150 km"), encoding="utf-8")  # the same size
    os.utime(article, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # and the same modification time
    second = run(capsys, monkeypatch, "check", str(corpus))

    def values(out: str) -> list[str]:
        return [row["value"] for line in out.splitlines() if (row := json.loads(line))["document"] == str(article)]

    assert values(first[1]) == ["120 km", "62 t"] and values(second[1]) == ["150 km", "62 t"]


# -- interrupted with workers running -------------------------------------------------------------------

PAUSED = """
import os, sys, time
import equipref.check.batch as batch
real = batch._check_chunk
def paused(chunk):
    os.write(1, f"ready {os.getpid()}\\n".encode())  # one write, so two workers' lines never interleave
    time.sleep(120)
    return real(chunk)
batch._check_chunk = paused
from equipref.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _gone(pid: int, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux (fork, process groups, signals)")
@pytest.mark.parametrize(("sig", "code", "group"), [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False)])
def test_a_signal_with_workers_running_ends_them_all_and_writes_nothing(
    tmp_path: Path, sig: signal.Signals, code: int, group: bool
) -> None:
    script = tmp_path / "paused.py"
    script.write_text(PAUSED, encoding="utf-8")
    archive = tmp_path / "archive.jsonl"
    archive.write_text(jsonl([{"text": t} for t in TEXTS * 40]), encoding="utf-8")
    (tmp_path / "tmpdir").mkdir()
    env = {**os.environ, "EQUIPREF_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(tmp_path / "tmpdir")}
    proc = subprocess.Popen(
        [sys.executable, str(script), "check", "--jsonl", str(archive), "--jobs", "2", "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )
    assert proc.stdout is not None
    workers = []
    # readline, not select: a buffered reader may already hold the second line, which select cannot see
    watchdog = threading.Timer(120, os.killpg, (proc.pid, signal.SIGKILL))
    watchdog.start()
    try:
        for _ in range(2):
            line = proc.stdout.readline()
            assert line.startswith("ready "), line
            workers.append(int(line.split()[1]))
        watchdog.cancel()
        if group:
            os.killpg(proc.pid, sig)  # Ctrl-C: the terminal signals every process of the group
        else:
            proc.send_signal(sig)  # SIGTERM to the command alone (timeout, systemd)
        out, err = proc.communicate(timeout=60)
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)
    assert proc.returncode == code and one_line_error(err), err
    assert out == ""  # the rows of the chunks already checked are not written
    assert all(_gone(pid) for pid in workers)
    assert list((tmp_path / "tmpdir").iterdir()) == []
