"""Score `equipref.check_text` against the labelled corpus in `tests/checker_corpus/`.

    python benchmarks/check_eval.py                 # the dev part (tune on this one only)
    python benchmarks/check_eval.py --split test    # the held-out part
    python benchmarks/check_eval.py --split all --json
    python benchmarks/check_eval.py --misses        # every figure scored wrong, with what the checker said

Each document is checked on its own (with its ``source_url`` when it has one). A finding is matched to a gold
figure when their character spans overlap (preferring the finding with the gold field, then the gold system);
each finding is used at most once. Per language and overall it prints:

- **right**: claim figures (every gold figure that is not a trap) with the right system, field and verdict
  (for ``not in the catalog``, ``ambiguous`` and ``unchecked`` the field is not scored: the verdict and the
  system, or its absence, are);
- **wrong system**: claim figures whose finding names a catalog system other than the gold one (a figure of a
  system the catalog lacks, put on a catalog system, counts here);
- **spurious**: trap figures (``verdict = "none"``: numbers that are no catalog claim) reported against a
  catalog system with a catalog verdict (supported, contested, only this source, new);
- **precision and recall per verdict**, where a true positive has the gold verdict and the gold system, and a
  finding matching no gold figure counts against the precision of its verdict.

Only the standard library and equipref are imported, so the tests can import this module.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "checker_corpus"
SPLITS = ("dev", "test")
LANGS = ("en", "ru", "zh")
JUDGED = ("supported", "contested", "only this source", "new")
VERDICTS = (*JUDGED, "not in the catalog", "ambiguous", "unchecked", "none")
FIELDS = ("caliber", "max_range", "min_range", "weight", "crew", "tubes", "rounds", "numbers", "in_service", "other")
# A figure of these verdicts is scored on verdict and system only: the field a checker gives a figure it does not
# judge against the catalog is its own business.
FIELDLESS = ("not in the catalog", "ambiguous", "unchecked", "none")


class CorpusError(ValueError):
    """A corpus file that does not say what the scorer needs: the file, the record and what was expected."""


@dataclass(frozen=True)
class Figure:
    """One labelled number of a document: where it is, and what a right checker says about it."""

    surface: str
    start: int
    end: int
    system: str | None
    field: str
    value: str
    verdict: str
    bound: str | None = None
    caliber_context: float | None = None
    by_hand: bool = False  # a verdict read by a person where the field-level rule says too little
    note: str = ""

    @property
    def trap(self) -> bool:
        return self.verdict == "none"


@dataclass(frozen=True)
class Document:
    id: str
    lang: str
    split: str
    path: Path
    text: str
    figures: tuple[Figure, ...]
    source_url: str | None = None
    own: tuple[str, ...] = ()  # catalog sources the text is (for labelling; the checker gets only source_url)


def _need(record: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = record.get(key)
    if not isinstance(value, kind):
        raise CorpusError(f"{where}: '{key}' must be {kind.__name__}, got {value!r}")
    return value


def _occurrence(text: str, surface: str, n: int) -> int:
    """Where the ``n``-th occurrence of ``surface`` starts (-1 if none), not counting any inside a longer number
    (``30`` in ``1,130``, ``20公里`` in ``120公里``)."""
    start = -1
    while n > 0:
        start = text.find(surface, start + 1)
        if start < 0:
            return -1
        end = start + len(surface)
        inside = (surface[0].isdigit() and start > 0 and (text[start - 1].isdigit() or text[start - 1] in ",.")) or (
            surface[-1].isdigit() and end < len(text) and text[end].isdigit()
        )
        if not inside:
            n -= 1
    return start


def load_document(path: Path, split: str) -> Document:
    """Read one corpus file; every mistake is a `CorpusError` naming the file and the figure."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from exc
    where = str(path)
    doc_id = _need(data, "id", str, where)
    if doc_id != path.stem:
        raise CorpusError(f"{where}: id {doc_id!r} differs from the file name")
    lang = _need(data, "lang", str, where)
    if lang not in LANGS:
        raise CorpusError(f"{where}: lang {lang!r} is not one of {', '.join(LANGS)}")
    text = _need(data, "text", str, where)
    figures = []
    for i, raw in enumerate(data.get("figure", [])):
        at = f"{where}: figure {i + 1}"
        surface = _need(raw, "surface", str, at)
        occurrence = raw.get("n", 1)
        start = _occurrence(text, surface, occurrence if isinstance(occurrence, int) else 0)
        if start < 0:
            raise CorpusError(f"{at}: surface {surface!r} (occurrence {occurrence}) is not in the text")
        verdict = _need(raw, "verdict", str, at)
        if verdict not in VERDICTS:
            raise CorpusError(f"{at}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        field_name = _need(raw, "field", str, at)
        if field_name not in FIELDS:
            raise CorpusError(f"{at}: field {field_name!r} is not one of {', '.join(FIELDS)}")
        system = raw.get("system")
        if system is not None and not isinstance(system, str):
            raise CorpusError(f"{at}: 'system' must be a catalog id or absent, got {system!r}")
        if verdict in (*JUDGED, "unchecked") and system is None:
            raise CorpusError(f"{at}: a {verdict!r} figure needs the catalog system it is about")
        if verdict in ("not in the catalog", "ambiguous") and system is not None:
            raise CorpusError(f"{at}: a {verdict!r} figure is about no one catalog system; drop 'system'")
        bound = raw.get("bound")
        if bound not in (None, "more than", "less than"):
            raise CorpusError(f"{at}: bound {bound!r} must be 'more than' or 'less than'")
        figures.append(
            Figure(
                surface=surface,
                start=start,
                end=start + len(surface),
                system=system,
                field=field_name,
                value=_need(raw, "value", str, at),
                verdict=verdict,
                bound=bound,
                caliber_context=raw.get("caliber_context"),
                by_hand=raw.get("by_hand", False) is True,
                note=raw.get("note", ""),
            )
        )
    if not figures:
        raise CorpusError(f"{where}: no [[figure]]")
    own = data.get("own_source", [])
    own = (own,) if isinstance(own, str) else tuple(own)
    return Document(doc_id, lang, split, path, text, tuple(figures), data.get("source_url"), own)


def load_corpus(root: Path = CORPUS, split: str = "dev") -> list[Document]:
    """Every document of ``split`` (``dev``, ``test`` or ``all``), in a stable order."""
    if split not in (*SPLITS, "all"):
        raise CorpusError(f"split {split!r} is not dev, test or all")
    docs = []
    for part in SPLITS if split == "all" else (split,):
        for path in sorted((root / part).glob("*.toml")):
            docs.append(load_document(path, part))
    ids = [d.id for d in docs]
    if len(ids) != len(set(ids)):
        raise CorpusError("two documents share an id")
    return docs


# -- scoring ------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """A gold figure with the finding matched to it (if any)."""

    doc: str
    lang: str
    figure: Figure
    found: dict[str, Any] | None

    @property
    def predicted(self) -> str:
        return "none" if self.found is None else str(self.found["verdict"])

    @property
    def system(self) -> str | None:
        return None if self.found is None else self.found.get("system")

    @property
    def right(self) -> bool:
        fig, found = self.figure, self.found
        if fig.trap:
            return not self.spurious
        if found is None or found["verdict"] != fig.verdict or found.get("system") != fig.system:
            return False
        return fig.verdict in FIELDLESS or found["field"] == fig.field

    @property
    def wrong_system(self) -> bool:
        return not self.figure.trap and self.system is not None and self.system != self.figure.system

    @property
    def spurious(self) -> bool:
        return self.figure.trap and self.system is not None and self.predicted in JUDGED


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    unmatched: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # (doc, lang, finding)


def _match(doc: Document, findings: Sequence[dict[str, Any]]) -> tuple[list[Outcome], list[dict[str, Any]]]:
    free = list(range(len(findings)))
    out = []
    for fig in doc.figures:
        over = [i for i in free if findings[i]["start"] < fig.end and fig.start < findings[i]["end"]]

        def rank(i: int, fig: Figure = fig) -> tuple[bool, bool, int]:
            f = findings[i]
            return (f["field"] != fig.field, f.get("system") != fig.system, i)

        chosen = min(over, key=rank) if over else None
        if chosen is not None:
            free.remove(chosen)
        out.append(Outcome(doc.id, doc.lang, fig, findings[chosen] if chosen is not None else None))
    return out, [findings[i] for i in free]


def evaluate(docs: Iterable[Document], catalog: Any = None) -> Run:
    """Check every document and match its findings to its gold figures."""
    from equipref import check_text

    run = Run()
    for doc in docs:
        report = check_text(doc.text, catalog=catalog, source_url=doc.source_url)
        findings = [f.model_dump(include={"start", "end", "field", "system", "verdict", "value", "quote"})
                    for f in report.findings]  # fmt: skip
        outcomes, rest = _match(doc, findings)
        run.outcomes += outcomes
        run.unmatched += [(doc.id, doc.lang, f) for f in rest]
    return run


def _rate(num: int, den: int) -> float | None:
    return None if den == 0 else round(num / den, 4)


def scores(run: Run, lang: str | None = None) -> dict[str, Any]:
    """The figures for one language (or all): counts, rates and precision/recall per verdict."""
    outs = [o for o in run.outcomes if lang is None or o.lang == lang]
    extra = [f for d, lg, f in run.unmatched if lang is None or lg == lang]
    claims = [o for o in outs if not o.figure.trap]
    traps = [o for o in outs if o.figure.trap]
    per: dict[str, dict[str, Any]] = {}
    for v in VERDICTS:
        gold = [o for o in outs if o.figure.verdict == v]
        pred = [o for o in outs if o.predicted == v] if v != "none" else []
        tp = sum(1 for o in gold if o.predicted == v and (v == "none" or o.system == o.figure.system))
        fp = len(pred) - tp + (sum(1 for f in extra if f["verdict"] == v) if v != "none" else 0)
        per[v] = {
            "gold": len(gold),
            "predicted": tp + fp if v != "none" else None,
            "precision": _rate(tp, tp + fp) if v != "none" else None,
            "recall": _rate(tp, len(gold)),
        }
    return {
        "figures": len(outs),
        "claims": len(claims),
        "traps": len(traps),
        "right": _rate(sum(o.right for o in claims), len(claims)),
        "found": _rate(sum(o.found is not None for o in claims), len(claims)),
        "wrong_system": _rate(sum(o.wrong_system for o in claims), len(claims)),
        "spurious": _rate(sum(o.spurious for o in traps), len(traps)),
        "traps_right": _rate(sum(o.right for o in traps), len(traps)),
        "unmatched_findings": len(extra),
        "per_verdict": per,
    }


def summary(run: Run) -> dict[str, Any]:
    langs = sorted({o.lang for o in run.outcomes}, key=LANGS.index)
    return {"overall": scores(run), **{lg: scores(run, lg) for lg in langs}}


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def render(result: dict[str, Any], split: str) -> str:
    heads = list(result)
    lines = [f"split: {split}", ""]
    rows = [
        ("figures (claims + traps)", lambda s: f"{s['claims']}+{s['traps']}"),
        ("right system, field, verdict", lambda s: _pct(s["right"])),
        ("found at all", lambda s: _pct(s["found"])),
        ("wrong system", lambda s: _pct(s["wrong_system"])),
        ("spurious (traps judged)", lambda s: _pct(s["spurious"])),
        ("findings matching no figure", lambda s: str(s["unmatched_findings"])),
    ]
    width = 30
    lines.append(f"{'':<{width}}" + "".join(f"{h:>10}" for h in heads))
    for label, get in rows:
        lines.append(f"{label:<{width}}" + "".join(f"{get(result[h]):>10}" for h in heads))
    lines += ["", "precision / recall per verdict (gold count)"]
    for v in VERDICTS:
        cells = []
        for h in heads:
            p = result[h]["per_verdict"][v]
            cells.append(f"{_pct(p['precision']) if v != 'none' else '':>4}/{_pct(p['recall']):>4} ({p['gold']})")
        lines.append(f"{v:<{width}}" + "".join(f"{c:>16}" for c in cells))
    return "\n".join(lines)


def misses(run: Run) -> str:
    lines = []
    for o in run.outcomes:
        if o.right:
            continue
        fig, f = o.figure, o.found
        said = "nothing" if f is None else f"{f.get('system')} {f['field']} {f['verdict']}"
        lines.append(f"{o.doc}: {fig.surface!r} want {fig.system} {fig.field} {fig.verdict}; got {said}")
    for doc, _, f in run.unmatched:
        lines.append(f"{doc}: unlabelled finding {f['quote']!r} {f.get('system')} {f['field']} {f['verdict']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score equipref check against the labelled corpus.")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="dev", help="which part (default: dev)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--misses", action="store_true", help="list every figure scored wrong")
    args = parser.parse_args(argv)
    try:
        docs = load_corpus(CORPUS, args.split)
    except CorpusError as exc:
        print(f"check_eval: {exc}", file=sys.stderr)
        return 2
    run = evaluate(docs)
    result = summary(run)
    if args.json:
        print(json.dumps({"split": args.split, "documents": len(docs), **result}, indent=2, sort_keys=True))
    else:
        print(render(result, args.split))
    if args.misses:
        print()
        print(misses(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
