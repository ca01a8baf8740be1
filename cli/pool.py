"""An ordered, bounded, crash-tolerant map over a process pool.

`ordered_map` yields `(item, outcome)` in input order. Items are consumed lazily and at most
`window` chunks are in flight, so memory stays flat however many items there are. Items without
a payload (markers, inputs already failed in the parent) pass through with outcome None.

A worker that dies (killed, out of memory, a crash in C code) breaks a ProcessPoolExecutor and
every task in flight with it. Then a fresh pool re-runs the chunks that were in flight one item
at a time, so the item that kills a worker is found and reported as failed, and the others are
cleaned as usual: one bad file never stops the batch.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol


class Item(Protocol):
    """Anything with a payload for `work` (None: pass through untouched)."""
    payload: Any | None


_BROKEN = object()


@dataclass(slots=True)
class _Chunk:
    items: list[Any]
    future: Any | None = None
    single: bool = False        # re-run item by item after a worker crash


def ordered_map(items: Iterable[Item], *, work: Callable[[list[Any]], list[Any]],
                init: Callable[..., None], initargs: tuple, jobs: int, chunk_size: int,
                crashed: Callable[[Any], Any]) -> Iterator[tuple[Any, Any]]:
    """Map `work` over the payloads of `items` in chunks; `crashed(item)` makes the outcome of an
    item whose worker died. jobs <= 1 runs in this process (no pool start-up cost)."""
    if jobs <= 1:
        init(*initargs, in_pool=False)
        for item in items:
            yield item, (work([item.payload])[0] if item.payload is not None else None)
        return
    yield from _Pool(work, init, initargs, jobs, crashed).run(_chunks(items, chunk_size), window=jobs * 4)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _finished(future: Any) -> bool:
    if future is None:
        return True
    return future is not _BROKEN and future.done() and not future.cancelled() and future.exception() is None


class _Pool:
    def __init__(self, work: Callable, init: Callable, initargs: tuple, jobs: int,
                 crashed: Callable[[Any], Any]) -> None:
        self.work, self.init, self.initargs, self.jobs, self.crashed = work, init, initargs, jobs, crashed
        self.executor = self._start()

    def _start(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor
        return ProcessPoolExecutor(self.jobs, initializer=self.init, initargs=self.initargs)

    def _restart(self) -> None:
        self.kill()
        self.executor = self._start()

    def kill(self) -> None:
        """Stop now: used on Ctrl-C, a closed stdout, and after a crash."""
        ex = self.executor
        terminate = getattr(ex, "terminate_workers", None)  # Python 3.14+
        if terminate is not None:
            terminate()
        else:
            for proc in list((getattr(ex, "_processes", None) or {}).values()):
                proc.kill()  # workers hold nothing to clean up; SIGKILL cannot run handlers
        # Never an unbounded wait: the manager thread can wait forever for a result from a killed
        # worker. Give it a moment to end (it usually does at once), then go on; the CLI's abort
        # path leaves with os._exit, so no exit hook joins it later.
        ex.shutdown(wait=False, cancel_futures=True)
        manager = getattr(ex, "_executor_manager_thread", None)
        if manager is not None:
            manager.join(timeout=5)

    def _submit(self, chunk: _Chunk) -> None:
        from concurrent.futures.process import BrokenProcessPool

        payloads = [i.payload for i in chunk.items if i.payload is not None]
        try:
            chunk.future = self.executor.submit(self.work, payloads) if payloads else None
        except BrokenProcessPool:  # a worker died since the last result: found when popped
            chunk.future = _BROKEN

    def run(self, chunks: Iterator[list[Any]], window: int) -> Iterator[tuple[Any, Any]]:
        from concurrent.futures.process import BrokenProcessPool

        pending: deque[_Chunk] = deque()
        done = False
        try:
            while True:
                # Keep the pool busy, but not while isolating a crash (other tasks in flight
                # would be blamed for it).
                while not done and len(pending) < window and not any(c.single for c in pending):
                    items = next(chunks, None)
                    if items is None:
                        done = True
                        break
                    pending.append(_Chunk(items))
                    self._submit(pending[-1])
                if not pending:
                    break
                chunk = pending.popleft()
                if chunk.single:
                    for item in chunk.items:
                        yield item, self._one(item)
                    continue
                try:
                    if chunk.future is _BROKEN:
                        raise BrokenProcessPool("submitted to a broken pool")
                    outcomes = iter(chunk.future.result() if chunk.future else ())
                except BrokenProcessPool:
                    self._restart()
                    chunk.single = True
                    for c in pending:  # chunks that finished before the crash keep their results
                        if not _finished(c.future):
                            c.single, c.future = True, None
                    pending.appendleft(chunk)
                    continue
                for item in chunk.items:
                    yield item, (next(outcomes) if item.payload is not None else None)
            self.executor.shutdown(wait=True)
        finally:
            self.kill()

    def _one(self, item: Any) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        if item.payload is None:
            return None
        try:
            return self.executor.submit(self.work, [item.payload]).result()[0]
        except BrokenProcessPool:
            self._restart()
        try:  # the pool may have been broken by an earlier item: one more try on a fresh one
            return self.executor.submit(self.work, [item.payload]).result()[0]
        except BrokenProcessPool:
            self._restart()
            return self.crashed(item)
