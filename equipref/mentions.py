"""Kept for code that imported it: finding names in text lives in `equipref.check.mentions`."""

from equipref.check.mentions import Mention, find_mentions

__all__ = ["Mention", "find_mentions"]
