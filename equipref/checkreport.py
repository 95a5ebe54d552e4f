"""Kept for code that imported it: the report formats live in `equipref.check.report`."""

from equipref.check.report import to_claimreview, to_markdown, to_table

__all__ = ["to_claimreview", "to_markdown", "to_table"]
