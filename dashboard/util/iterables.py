"""Small helpers over iterables."""

from __future__ import annotations

import itertools
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items (the last one shorter), drawn lazily."""
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk
