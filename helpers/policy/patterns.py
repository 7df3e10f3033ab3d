"""Wildcard matching as IAM does it, compiled once into regular expressions that cannot backtrack.

A pattern arrives as chunks: (text, wildcards_active). Policy text has active wildcards (`*` any
run of characters, `?` exactly one); text from a policy variable or from the `${*}` `${?}` `${$}`
escapes is matched literally. Compiled patterns are cached, so a pattern whose text depends on the
request (a policy variable) is compiled once per distinct value, not once per request.

A glob compiled naively (`*` as `.*`) backtracks exponentially: `arn:*a*a*a*a*a*a*a*b` against a
64-character name took seconds. Here the text between two stars (fixed-length, as `?` is one
character) is matched at its leftmost place and never reconsidered (an atomic group): the leftmost
place leaves the most text for what follows, so no other choice could succeed where it fails. Each
piece scans the text once: time grows with text length times pattern length, never exponentially.
"""

from __future__ import annotations

import re
from functools import lru_cache

Chunk = tuple[str, bool]

ARN_SEGMENTS = 6
_STAR = object()


def _tokens(chunks) -> list:
    """The pattern as regex pieces for single characters, with `_STAR` for each active `*`."""
    tokens: list = []
    for text, wild in chunks:
        for char in text:
            if wild and char == "*":
                if not tokens or tokens[-1] is not _STAR:  # `**` is `*`
                    tokens.append(_STAR)
            else:
                tokens.append(None if wild and char == "?" else re.escape(char))
    return tokens


def _regex(chunks, anything: str = ".", end: str = r"\Z") -> str:
    """A glob as a regex that matches exactly where the glob does, followed by `end`.

    `anything` is what `*` and `?` may stand for (a character class); `end` is what must come right
    after the glob's text (the end of the text, or the next ARN colon as a lookahead).
    """
    pieces: list[list[str]] = [[]]
    for token in _tokens(chunks):
        if token is _STAR:
            pieces.append([])
        else:
            pieces[-1].append(anything if token is None else token)
    texts = ["".join(piece) for piece in pieces]
    if len(texts) == 1:
        return texts[0] + end
    middle = "".join(f"(?>{anything}*?{text})" for text in texts[1:-1])
    return f"{texts[0]}{middle}(?>{anything}*?{texts[-1]}{end})"


@lru_cache(maxsize=4096)
def compile_glob(chunks: tuple[Chunk, ...], ignore_case: bool = False) -> re.Pattern[str]:
    """Whole-string glob. `*` may span `:` and `/`, as in Resource elements and StringLike."""
    return re.compile(_regex(chunks), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def compile_any_glob(patterns: list[tuple[Chunk, ...]], ignore_case: bool = False) -> re.Pattern[str]:
    """One regex matching any of several globs: a statement's actions or static resources."""
    source = "|".join(f"(?:{_regex(chunks)})" for chunks in patterns) or "(?!)"
    return re.compile(source, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


@lru_cache(maxsize=4096)
def compile_arn(chunks: tuple[Chunk, ...]) -> re.Pattern[str] | None:
    """ARN-operator pattern: six colon-separated segments, each matched on its own.

    Wildcards stay inside their segment, except in the sixth (the resource), which may itself
    contain colons (`...-v1:0`). A value with fewer than six segments is not an ARN and matches
    nothing.
    """
    segments: list[list[Chunk]] = [[]]
    for text, wild in chunks:
        for char in text:
            if char == ":" and len(segments) < ARN_SEGMENTS:
                segments.append([])
            else:
                segments[-1].append((char, wild))
    if len(segments) < ARN_SEGMENTS:
        return None
    parts = [_regex(tuple(segment), "[^:]", "(?=:)") for segment in segments[:-1]]
    parts.append(_regex(tuple(segments[-1])))
    return re.compile(":".join(parts), re.DOTALL)
