"""Group commit: items handed in at the same moment are stored by one worker-thread call.

A request hands its item in and waits; while one batch is being stored, the items arriving
meanwhile gather for the next. The storing function runs one transaction for the batch and
returns one result per item; a request gets its result only once that transaction committed,
so an answer still means stored. A batch that fails is stored again item by item in the same
thread call, so one bad item fails its own request and never the others of its batch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from anyio import to_thread

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_BATCH = 64


class GroupCommit(Generic[Item, Result]):
    """Stores items in batches with ``store(items) -> results`` (blocking, one transaction)."""

    def __init__(
        self, store: Callable[[Sequence[Item]], list[Result]], max_batch: int = MAX_BATCH
    ) -> None:
        self.store = store
        self.max_batch = max_batch
        self.largest_batch = 0
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._drainer: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        """The item's result, once the transaction that stored it committed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Result] = loop.create_future()
        self._waiting.append((item, future))
        if self._drainer is None:
            self._drainer = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        batch: list[tuple[Item, asyncio.Future[Result]]] = []
        try:
            while self._waiting:
                batch = self._waiting[: self.max_batch]
                del self._waiting[: self.max_batch]
                self.largest_batch = max(self.largest_batch, len(batch))
                outcomes = await to_thread.run_sync(self._store_batch, [i for i, _ in batch])
                for (_, future), outcome in zip(batch, outcomes, strict=True):
                    _settle(future, outcome)
                batch = []
        except BaseException as exc:
            # Stopped (shutdown) or broken: nobody may wait for an answer that never comes, and
            # none of them is told "stored".
            failure = exc if isinstance(exc, Exception) else RuntimeError("group commit stopped")
            for _, future in [*batch, *self._waiting]:
                _settle(future, failure)
            self._waiting.clear()
            raise
        finally:
            self._drainer = None

    def _store_batch(self, items: Sequence[Item]) -> list[Result | Exception]:
        try:
            return list(self.store(items))
        except Exception as exc:
            if len(items) == 1:
                return [exc]
        return [self._store_alone(item) for item in items]

    def _store_alone(self, item: Item) -> Result | Exception:
        try:
            return self.store([item])[0]
        except Exception as exc:
            return exc


def _settle(future: asyncio.Future[Result], outcome: Result | Exception) -> None:
    if future.done():  # its request went away: what was stored stays stored
        return
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
