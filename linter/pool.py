"""Running work over many files in worker processes, results in input order, streamed.

`check`, `baseline create` and the audit all send files to the workers in chunks: small
enough that two workers finish together, large enough that the queues are not the cost,
and only a few in flight per worker, so results do not pile up in memory on a large
library while the caller consumes them one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: items per task sent to a worker
CHUNK_FILES = 16
#: tasks in flight per worker: enough that a worker never waits for the next
IN_FLIGHT_PER_WORKER = 4


def in_processes(
    work: Callable[[list[T]], list[R]],
    items: Sequence[T],
    jobs: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
) -> Iterator[R]:
    """`work(chunk)` for chunks of `items` in `jobs` processes (each set up once with
    `initializer(*initargs)`), yielded in the order of `items`."""
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor  # not paid for by a one-file run
    from itertools import islice

    chunks = iter([list(items[i : i + CHUNK_FILES]) for i in range(0, len(items), CHUNK_FILES)])
    with ProcessPoolExecutor(max_workers=jobs, initializer=initializer,
                             initargs=initargs) as pool:
        pending = deque(pool.submit(work, chunk)
                        for chunk in islice(chunks, jobs * IN_FLIGHT_PER_WORKER))
        while pending:
            done = pending.popleft().result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(work, following))
            yield from done
