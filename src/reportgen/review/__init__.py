"""Reviewed reports read back, carried forward and compared.

read.py reads a reviewed DOCX into a `Review`; worklist.py turns it into the worklist the secretariat works
through (by committee, by template, everything); carry.py carries it into the next draft; compare.py writes a
redline of two drafts and lists the figures that changed.
"""

from __future__ import annotations

from .read import Anchor, Change, Review, ReviewComment, block_id, read_review

__all__ = ["Anchor", "Change", "Review", "ReviewComment", "block_id", "read_review"]
