"""Grouping and pivoting rows (a list of dicts) for `show.table`, in plain Python.

The notebooks' tables are a few dozen rows; pandas would cost each kernel about 48 MB and 0.4 s of
CPU to import for them, so the two reshapes they need live here instead.
"""
from __future__ import annotations


def _key(row: dict, names: list[str]) -> tuple:
    return tuple(row[name] for name in names)


def grouped(rows: list[dict], by: list[str], joined: str) -> list[dict]:
    """One row per distinct value of the `by` columns, in the order each first appears, with the
    `joined` column's values in that group joined by ", " (as they come)."""
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault(_key(row, by), []).append(str(row[joined]))
    return [dict(zip(by, key)) | {joined: ", ".join(values)} for key, values in groups.items()]


def pivot(rows: list[dict], index: str | list[str], columns: str | list[str], values: str) -> list[dict]:
    """`rows` turned round: one row per distinct `index` value (sorted), one column per distinct
    `columns` value (in the order each first appears; several names are joined by a space), each cell
    the `values` found there, distinct, sorted and joined by ", " ("" where none)."""
    index = [index] if isinstance(index, str) else index
    columns = [columns] if isinstance(columns, str) else columns
    cells: dict[tuple, dict[str, set]] = {}
    headers: dict[str, None] = {}
    for row in rows:
        header = " ".join(map(str, _key(row, columns)))
        headers[header] = None
        cells.setdefault(_key(row, index), {}).setdefault(header, set()).add(str(row[values]))
    return [dict(zip(index, key)) | {h: ", ".join(sorted(cells[key].get(h, ()))) for h in headers}
            for key in sorted(cells)]
