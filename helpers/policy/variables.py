"""Policy variables (Version 2012-10-17 only): `${key}`, `${key, 'default'}`, `${*}` `${?}` `${$}`.

A template is parsed once, at Policy construction; resolving it against a request gives chunks
for patterns.py. Following the IAM User Guide ("Policy variables with no value"), a variable whose
key is absent (or multivalued: those can't be variables) and that has no default resolves to
None, and the caller treats that value as matching nothing. Substituted values are literal: a `*`
inside a tag value is not a wildcard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import as_text
from .errors import PolicyError
from .patterns import Chunk

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_REFERENCE = re.compile(r"\s*([^\s,']+)\s*(?:,\s*'([^']*)'\s*)?")
_ESCAPES = frozenset("*?$")


@dataclass(frozen=True)
class Variable:
    key: str  # lower-cased: key names are case-insensitive
    default: str | None


@dataclass(frozen=True)
class Template:
    """Policy text with its variables located; `static` is the resolved form when it has none."""

    parts: tuple[Chunk | Variable, ...]
    static: tuple[Chunk, ...] | None

    def resolve(self, context: dict[str, object]) -> tuple[Chunk, ...] | None:
        if self.static is not None:
            return self.static
        chunks: list[Chunk] = []
        for part in self.parts:
            if isinstance(part, Variable):
                value = as_text(context.get(part.key))
                if value is None:
                    value = part.default
                if value is None:
                    return None
                chunks.append((value, False))
            else:
                chunks.append(part)
        return tuple(chunks)


def parse_template(text: str, substitute: bool) -> Template:
    """Locate variables in `text`; with `substitute` False (Version 2008-10-17) it is all literal policy text."""
    if not substitute or "${" not in text:
        chunks = ((text, True),)
        return Template(chunks, chunks)
    parts: list[Chunk | Variable] = []
    position = 0
    for match in _VARIABLE.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], True))
        inner = match.group(1)
        if inner in _ESCAPES:
            parts.append((inner, False))
        else:
            reference = _REFERENCE.fullmatch(inner)
            if reference is None:
                raise PolicyError(f"malformed policy variable {match.group(0)!r} in {text!r}")
            parts.append(Variable(reference.group(1).lower(), reference.group(2)))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], True))
    has_variables = any(isinstance(part, Variable) for part in parts)
    return Template(tuple(parts), None if has_variables else tuple(parts))  # type: ignore[arg-type]
