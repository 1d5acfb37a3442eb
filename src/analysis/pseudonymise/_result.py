"""What pseudonymising one text returns: the new text and where it changed."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from analysis.errors import InputError

__all__ = ["Pseudonymised", "Replacement"]


class Replacement(NamedTuple):
    """One replaced region: ``[start, end)`` in the original text became
    ``[new_start, new_end)`` in the new text; ``kind`` is the key's kind for a name
    (``participant``, ``staff``, ...) or the detector (``email``, ``phone``, ...)."""

    start: int
    end: int
    new_start: int
    new_end: int
    kind: str


@dataclass(frozen=True)
class Pseudonymised:
    """A pseudonymised text and the replacements that made it.

    Attributes
    ----------
    text : str
        The new text.
    replacements : tuple of Replacement
        Sorted, non-overlapping, offsets in the original and in the new text.
    counts : dict
        Kind -> number of replacements, sorted by kind. Never the values.

    Examples
    --------
    >>> from analysis.pseudonymise import Pseudonymiser
    >>> import pandas as pd
    >>> key = pd.DataFrame({"real_name": ["Margaret Hill"], "pseudonym": ["LW03"],
    ...                     "kind": ["participant"]})
    >>> result = Pseudonymiser(key).apply("I asked Margaret Hill twice.")
    >>> result.text
    'I asked LW03 twice.'
    >>> result.replacements
    (Replacement(start=8, end=21, new_start=8, new_end=12, kind='participant'),)
    >>> result.counts
    {'participant': 1}
    >>> result.map_span(22, 27)  # "twice" moves left by nine characters
    (13, 18)
    >>> result.map_span(0, 17)  # ends inside the name: snaps out to cover the pseudonym
    (0, 12)
    """

    text: str
    replacements: tuple[Replacement, ...] = ()
    counts: dict[str, int] = field(default_factory=dict, hash=False)

    @property
    def original_length(self) -> int:
        """Length of the text that was pseudonymised."""
        return len(self.text) - sum(
            (r.new_end - r.new_start) - (r.end - r.start) for r in self.replacements
        )

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Translate a span of the original text to the new text.

        Parameters
        ----------
        start, end : int
            Character offsets in the original text, ``0 <= start <= end <= len(original)``,
            end exclusive (as CAQDAS coded ranges and turn offsets are).

        Returns
        -------
        (int, int)
            The span in the new text. A boundary inside a replaced region snaps outward so the
            whole replacement is covered; elsewhere offsets shift by the length change of the
            replacements before them. Both ends are monotone in their argument.

        Raises
        ------
        InputError
            When the span is reversed or outside the original text.
        """
        return self._translate(start, end, forward=True)

    def original_span(self, new_start: int, new_end: int) -> tuple[int, int]:
        """Translate a span of the new text back to the original (the inverse of
        :meth:`map_span`, snapping outward in the same way)."""
        return self._translate(new_start, new_end, forward=False)

    def _translate(self, start: int, end: int, *, forward: bool) -> tuple[int, int]:
        length = self.original_length if forward else len(self.text)
        if not (0 <= start <= end <= length):
            raise InputError(
                f"span {start}-{end} does not fit in a text of {length} characters",
                location=f"span {start}-{end}",
                expected=f"0 <= start <= end <= {length}",
            )
        regions, starts = self._forward if forward else self._backward
        return (
            _move(regions, starts, start, snap_end=False),
            _move(regions, starts, end, snap_end=True),
        )

    @cached_property
    def _forward(self) -> tuple[list[tuple[int, int, int, int]], list[int]]:
        regions = [(r.start, r.end, r.new_start, r.new_end) for r in self.replacements]
        return regions, [region[0] for region in regions]

    @cached_property
    def _backward(self) -> tuple[list[tuple[int, int, int, int]], list[int]]:
        regions = [(r.new_start, r.new_end, r.start, r.end) for r in self.replacements]
        return regions, [region[0] for region in regions]


def _move(
    regions: list[tuple[int, int, int, int]], starts: list[int], position: int, *, snap_end: bool
) -> int:
    """Map one boundary through sorted regions ``(from_start, from_end, to_start, to_end)``."""
    # The last region starting at or before the position decides: inside it the boundary
    # snaps to the region's start (a span's start) or end (a span's end); after it the offset
    # shifts with that region's end.
    index = bisect_right(starts, position) - 1
    if index < 0:
        return position
    from_start, from_end, to_start, to_end = regions[index]
    if position == from_start:
        # A span ending exactly where a replacement begins stays clear of it.
        return to_start
    if position < from_end:
        return to_end if snap_end else to_start
    return to_end + (position - from_end)
