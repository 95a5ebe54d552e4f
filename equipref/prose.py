"""Quantities in running text (``160 km``, ``122mm``, ``up to 500 km``, ``a crew of three``, ``300公里以上``).

Kept for code that imported it: the scanner lives in `equipref.check.quantities` and the sentence splitter in
`equipref.check.sentences`, with each language's words as data in ``equipref/check/lang/``.

>>> [q.shown for q in scan("It fires 122mm rockets up to 40 km; a crew of three.")]
['122 mm', '40 km', '3']
"""

from equipref.check.quantities import COUNT_NOUNS, MAX_TEXT, ProseQuantity, scan
from equipref.check.sentences import sentences

__all__ = ["COUNT_NOUNS", "MAX_TEXT", "ProseQuantity", "scan", "sentences"]
