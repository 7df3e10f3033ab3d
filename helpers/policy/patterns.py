"""Wildcard matching as IAM does it, compiled once into regular expressions.

A pattern arrives as chunks: (text, wildcards_active). Policy text has active wildcards (`*` any
run of characters, `?` exactly one); text from a policy variable or from the `${*}` `${?}` `${$}`
escapes is matched literally. Compiled patterns are cached, so a pattern whose text depends on the
request (a policy variable) is compiled once per distinct value, not once per request.
"""

from __future__ import annotations

import re
from functools import lru_cache

Chunk = tuple[str, bool]

ARN_SEGMENTS = 6


def _regex(chunks: tuple[Chunk, ...], star: str = ".*", one: str = ".") -> str:
    return "".join(
        "".join(star if c == "*" else one if c == "?" else re.escape(c) for c in text) if wild else re.escape(text)
        for text, wild in chunks
    )


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
    parts = [_regex(tuple(segment), "[^:]*", "[^:]") for segment in segments[:-1]]
    parts.append(_regex(tuple(segments[-1])))
    return re.compile(":".join(parts), re.DOTALL)
