"""Reviewed reports read back, carried forward and compared."""
