"""Figures the trust suites report at the end of the run (pytest's terminal summary)."""

from __future__ import annotations

from collections import Counter

FIGURES: Counter[str] = Counter()
DISTINCT: dict[str, set[str]] = {}


def count(name: str, amount: int = 1) -> None:
    FIGURES[name] += amount


def seen(name: str, item: str) -> None:
    """Count ``item`` once under ``name`` however often it is seen."""
    DISTINCT.setdefault(name, set()).add(item)


def summary() -> list[str]:
    lines = [f"{name}: {value}" for name, value in FIGURES.items()]
    lines += [f"{name}: {len(items)}" for name, items in DISTINCT.items()]
    return sorted(lines)
