"""The one exception type for bad input.

Every reader and validator raises :class:`InputError` when a file, a cell or a setting is not what
the pipeline expects. It carries the file, the place inside it and what was expected, so the
command line can print it as one readable line and exit non-zero instead of a traceback.
:class:`InputTypeError` is the same error for a value of the wrong type: it is a ``TypeError``
too, as Python's own checks would raise.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "InputTypeError"]


class InputError(ValueError):
    """Bad input: names the file, the location inside it and what was expected.

    Parameters
    ----------
    message : str
        What is wrong, in the researcher's words.
    path : str or Path, optional
        The file (or folder) at fault.
    location : str, optional
        Where inside it: ``"line 12"``, ``"sheet 'Feedback', cell B7"``, ``"key topics.seed"``.
    expected : str, optional
        What would have been accepted.

    Examples
    --------
    >>> str(InputError("unknown code 'HOLDX'", path="codings.csv", location="line 4",
    ...                expected="a code_id from the codebook"))
    "codings.csv, line 4: unknown code 'HOLDX' (expected a code_id from the codebook)"
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        location: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.location = location
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.path, self.location) if part)
        text = f"{where}: {self.message}" if where else self.message
        if self.expected:
            text += f" (expected {self.expected})"
        return text

    def __reduce__(self):
        return (_rebuild, (self.message, self.path, self.location, self.expected, type(self)))


class InputTypeError(InputError, TypeError):
    """Bad input of the wrong type: an :class:`InputError` that is also a ``TypeError``.

    Raised where a ``TypeError`` was the contract, so ``except TypeError`` keeps catching it and
    ``except InputError`` (the command line's) catches it as well.

    >>> issubclass(InputTypeError, InputError) and issubclass(InputTypeError, TypeError)
    True
    """


def _rebuild(message, path, location, expected, cls=InputError):
    return cls(message, path=path, location=location, expected=expected)
