"""Printing keys, responses, messages and tables so that no secret reaches an output and every output
fits a 1280-px-wide JupyterLab.

`mask(text)` keeps what is safe and useful to see, a key's type prefix and its last 4 characters,
and hides the rest. `show(value)` prints a boto3 response, a policy or any JSON-like value as
indented JSON (nested dicts stay readable) with every secret-bearing field masked, `ResponseMetadata`
dropped, and dates to the minute (a notebook's committed output stays the same from run to run).
`wrap(text)` folds a long message to `WIDTH` characters. `table(rows)` shows rows (dicts, or tuples
with their column names) as a table whose cells wrap, JSON cells as JSON, within the page's width.
"""
from __future__ import annotations

import html
import json
import textwrap
from datetime import datetime, timezone

WIDTH = 100  # characters per printed line: a 1280-px JupyterLab shows about 140 of its monospace font

# Type prefixes, longest first: what a reader may see of a key.
PREFIXES = ("bedrock-api-key-", "ABSK", "AKIA", "ASIA")
# Response fields that hold a secret or a credential, wherever they appear.
SECRET_FIELDS = {"ServiceCredentialSecret", "SecretAccessKey", "SessionToken", "AccessKeyId",
                 "ServicePassword", "AWS_BEARER_TOKEN_BEDROCK"}


def mask(text: str | None) -> str:
    """`bedrock-api-key-…Q=`-style: the type prefix, an ellipsis, the last 4 characters.

    Anything shorter than 12 characters is masked entirely: its last 4 would be too much of it.
    """
    if text is None:
        return "None"
    prefix = next((p for p in PREFIXES if text.startswith(p)), "")
    if len(text) < 12:
        return prefix + "…" if prefix else "…"
    return f"{prefix}…{text[-4:]}"


def when(moment: datetime | None) -> str:
    """A date as the course prints it: UTC, to the minute."""
    if moment is None:
        return "never"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def safe(value, field: str = ""):
    """`value` with secrets masked and datetimes made readable, recursively (a new object)."""
    if field in SECRET_FIELDS and isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: safe(v, k) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [safe(v, field) for v in value]
    if isinstance(value, datetime):
        return when(value)
    return value


def show(response) -> None:
    """Print a boto3 response, a policy or any JSON-like value as indented JSON, secrets masked."""
    print(json.dumps(safe(response), indent=2, ensure_ascii=False, default=str))


def wrap(text: str, width: int = WIDTH, indent: str = "") -> str:
    """`text` folded to `width` characters per line (long ARNs and URLs stay whole), each paragraph kept."""
    return "\n".join(textwrap.fill(part, width, initial_indent=indent, subsequent_indent=indent,
                                    break_on_hyphens=False, break_long_words=False) if part else ""
                     for part in str(text).splitlines())


class Table:
    """Rows shown as a table that fits the page: HTML cells wrap (JSON in `<pre>`), text cells fold."""

    def __init__(self, rows: list[dict], columns: list[str], cell_width: int):
        self.rows, self.columns, self.cell_width = rows, columns, cell_width

    def _text(self, value, column: str) -> str:
        value = safe(value, column)
        return json.dumps(value, indent=1, ensure_ascii=False, default=str) if isinstance(value, (dict, list)) \
            else str(value)

    def __repr__(self) -> str:
        folded = [[wrap(self._text(r.get(c, ""), c), self.cell_width).splitlines() or [""] for c in self.columns]
                  for r in self.rows]
        widths = [max([len(c)] + [len(line) for row in folded for line in row[i]]) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        for row in folded:
            for depth in range(max(map(len, row))):
                lines.append("  ".join((cell[depth] if depth < len(cell) else "").ljust(w)
                                       for cell, w in zip(row, widths)).rstrip())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        def cell(value, column: str) -> str:
            text = html.escape(self._text(value, column))
            return f"<pre style='margin:0'>{text}</pre>" if isinstance(value, (dict, list)) else text
        style = "text-align:left;vertical-align:top;white-space:pre-wrap;overflow-wrap:anywhere"
        head = "".join(f"<th style='{style}'>{html.escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td style='{style}'>{cell(r.get(c, ''), c)}</td>" for c in self.columns)
                       + "</tr>" for r in self.rows)
        return (f"<table style='table-layout:auto;max-width:100%;border-collapse:collapse'>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def table(rows, columns: list[str] | None = None, cell_width: int = 40) -> Table:
    """`rows` as a table within 1280 px: the cell in a notebook's last line shows it. A row is a dict,
    or a tuple of values in the order of `columns`; `columns` also picks and orders the dicts' keys
    (all of them, in order of appearance, by default). Text cells fold at `cell_width` characters;
    dict and list cells show as JSON."""
    rows = list(rows)
    if columns is None:
        if not all(isinstance(r, dict) for r in rows):
            raise TypeError("table(): rows of values need their column names: table(rows, columns=[...])")
        columns = list(dict.fromkeys(k for r in rows for k in r))
    rows = [r if isinstance(r, dict) else dict(zip(columns, r)) for r in rows]
    return Table(rows, columns, cell_width)
