"""Text cleaning: blank out boilerplate (headlines, 'See also' links, author boxes, share buttons,
link lists) with spaces, so every character offset still points into the original text."""
from __future__ import annotations

import re

from mideast_events.extract import resources

_SENTENCE_END = re.compile(r"[.!?\"'”’)]\s*$")
# a line with a full stop inside it is prose, even when a wire tag ends it ("... the third one. Enditem")
_INNER_SENTENCE = re.compile(r"\w[.!?][\"'”’)]?\s+[A-Z]")
# "Read more" / "Related" on a line of its own: the next short line is the title of the story it links to
_LINK_CUE = re.compile(r"(read more|related|see also|also read|read also)\b\s*:?\s*$", re.I)
_LINK_TITLE = 120
# a paragraph wrapped at a fixed width: a line that goes on in the next line, which starts in lower case
# ("... accused the United States on Wednesday of\nconducting drone strikes ...") or after a comma
_GOES_ON = re.compile(r"^[a-z(]")


def _wrapped(body: str, following: str) -> bool:
    return len(body) >= 30 and bool(following) and (bool(_GOES_ON.match(following)) or body.endswith(","))


def boilerplate_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, why) of each line that is not article prose."""
    spans = []
    pos = 0
    after_link_cue = False
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        body = line.strip()
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if not body:
            continue
        link_title, after_link_cue = after_link_cue and len(body) <= _LINK_TITLE and not _INNER_SENTENCE.search(body), False
        if resources.cues()["boilerplate"].search(body):
            spans.append((start, end, "boilerplate line"))
            after_link_cue = bool(_LINK_CUE.match(body))
        elif link_title:
            spans.append((start, end, "a linked story's title (after 'Read more')"))
        elif not _SENTENCE_END.search(body) and not (len(body) >= 60 and _INNER_SENTENCE.search(body)) \
                and not _wrapped(body, lines[i + 1].strip() if i + 1 < len(lines) else ""):
            spans.append((start, end, "headline or link (no sentence end)"))
    return spans


# typographic single quotes read as the plain apostrophe ("the day’s attacks" is "the day's attacks"):
# one character for one, so offsets still point into the original text
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def clean(text: str) -> str:
    """The text with boilerplate replaced by spaces and curly apostrophes made plain (same length, same offsets)."""
    chars = list(text.translate(_APOSTROPHES))
    for start, end, _ in boilerplate_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)
