"""The write side of analytics: the incremental rollup job (job.py, aggregating in numpy with
aggregate.py) and its bulk SQL (store.py). Dashboards never call it; they read what it wrote
(analytics.service, analytics.tables)."""

from coffeemug.analytics.rollup.job import (
    LIFE_TOTALS_BUILT,
    LIVES_BUILT,
    REACH_WEEKS_BUILT,
    SETTLE_SECONDS,
    WATERMARK,
    WEEKS_BUILT,
    RollupResult,
    purge,
    rebuild,
    run_rollup,
    watermark,
)

__all__ = [
    "LIFE_TOTALS_BUILT",
    "LIVES_BUILT",
    "REACH_WEEKS_BUILT",
    "SETTLE_SECONDS",
    "WATERMARK",
    "WEEKS_BUILT",
    "RollupResult",
    "purge",
    "rebuild",
    "run_rollup",
    "watermark",
]
