"""CSV that is safe to open in a spreadsheet: no cell runs as a formula.

A title or label such as ``=HYPERLINK("http://evil.example", "Click")`` written into a CSV as
is becomes a live formula in Excel or LibreOffice. As OWASP recommends, a text cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a single quote, which
spreadsheets show as text. Numbers stay numbers (a negative number is not text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> Any:
    """``cell`` as a CSV value: None as empty, formula-like text quoted, anything else as is."""
    if cell is None:
        return ""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV document of ``header`` and ``rows`` with every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
