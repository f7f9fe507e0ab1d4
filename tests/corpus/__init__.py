"""Broken and hostile inputs, made in code (see cases.py); `python -m corpus OUT` writes them out to look at."""
