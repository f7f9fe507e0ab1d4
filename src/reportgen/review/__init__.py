"""Reviewed reports read back: what reviewers wrote (comments, tracked changes) and where it came from.

read.py reads a reviewed DOCX into a `Review`; worklist.py turns it into the worklist the secretariat works
through (by committee, by template, everything).
"""

from __future__ import annotations

from .read import Anchor, Change, Review, ReviewComment, block_id, read_review

__all__ = ["Anchor", "Change", "Review", "ReviewComment", "block_id", "read_review"]
