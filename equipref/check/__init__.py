"""Checking an article's numbers against the catalog: which system each is about, and which sources agree.

`check_text` runs a pipeline whose stages are modules of this package, each saying why it decided what it did:

1. **Reading** the text: `sentences` (sentence and paragraph boundaries), `quantities` (lengths, masses,
   counts, years... in the forms articles use, with `numbers` for the number grammar), each language's units,
   number words, hedges and cue words being data (`language`, ``lang/{en,ru,zh}.toml``).
2. **Names** (`mentions`): every catalog system, weapon and munition by any alias, and designations the
   catalog does not hold; `counts` adds the counts written against a name (``18 ZBL-09s``).
3. **Discourse** (`discourse`): each sentence's subject, carried by pronouns, and which names are only
   compared (``an analogue of the T-90``).
4. **Attribution** (`attribution`): the name each quantity is about, or none, or several (``ambiguous``).
5. **Fields** (`fields`): what the number measures, from its dimension and the words around it.
6. **Verdicts** (`verdicts`), from the catalog's claims for that field and their independent origins; a text
   that is itself a catalog source (`source`) never corroborates itself.
7. **Report** (`report`): a table by sentence, Markdown, ClaimReview JSON-LD; the data types are in `model`.

`pipeline` holds the order and `Checker`, which checks one document after another against one catalog.
"""

from __future__ import annotations

from equipref.check.model import FIELD_LABELS, VERDICTS, CheckReport, Finding, Sentence, UsedClaim
from equipref.check.pipeline import Checker, check_text
from equipref.check.source import recognise_source

__all__ = [
    "FIELD_LABELS",
    "VERDICTS",
    "CheckReport",
    "Checker",
    "Finding",
    "Sentence",
    "UsedClaim",
    "check_text",
    "recognise_source",
]
