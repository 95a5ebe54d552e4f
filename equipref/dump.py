"""JSON data from the models, as ``model_dump(mode="json")`` gives it, without building pydantic's serializer.

A model's first ``model_dump`` builds the core schema of its class and of every class it holds, and with it a
validator, whose plugin loader imports ``importlib.metadata``: about a fifth of ``import pint`` before the first
byte of a new answer (``show`` dumps its record to lay out its tables; every ``--format json`` dumps its
results). The models equipref dumps hold only other models, `Measure` (written as its text, as the model's
field serializer does), tuples, lists, dicts and JSON scalars, so one generic walk gives the same data:
every field in declaration order, then the computed fields. `tests/test_dump.py` holds it equal, byte for byte
once encoded, to ``model_dump(mode="json")`` on every result the command line prints.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from equipref.units import Measure

__all__ = ["dump"]


def dump(value: Any) -> Any:
    """``value.model_dump(mode="json")`` for a model (and the same walk for lists and tuples of them)."""
    if isinstance(value, BaseModel):
        cls = type(value)
        found = {name: dump(getattr(value, name)) for name, field in cls.model_fields.items() if not field.exclude}
        for name in cls.model_computed_fields:
            found[name] = dump(getattr(value, name))
        return found
    if isinstance(value, str | int | float) or value is None:
        return value
    if isinstance(value, Measure):
        return str(value)
    if isinstance(value, tuple | list):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): dump(v) for k, v in value.items()}
    raise TypeError(f"cannot dump a {type(value).__name__} as JSON data")
