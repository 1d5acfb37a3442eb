"""Checks of a public function's arguments, with one message template.

Every check raises :class:`analysis.errors.InputError` worded as scikit-learn words its own:

    The 'ci' parameter of agreement_table must be a float in the range (0, 1). Got 1.5 instead.

A value of the wrong type raises :class:`analysis.errors.InputTypeError`, which is an
``InputError`` and a ``TypeError`` both, so callers that catch either keep working. Checks are
plain ``if ... raise``, never ``assert`` (stripped by ``python -O``).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np

from analysis.errors import InputError, InputTypeError

__all__ = ["check_option", "check_scalar", "check_type", "parameter_error", "plain"]

_KINDS = {int: (numbers.Integral, "an int"), float: (numbers.Real, "a float")}


def plain(value: object) -> object:
    """``value`` with numpy scalars made Python ones, so a message reads 4 rather than np.int64(4).

    >>> plain(np.int64(4)), plain("x")
    (4, 'x')
    """
    return value.item() if isinstance(value, np.generic) else value


def _message(name: str, func: str, what: str, got: str) -> str:
    return f"The {name!r} parameter of {func} must be {what}. Got {got} instead."


def parameter_error(
    value: object,
    name: str,
    func: str,
    what: str,
    *,
    type_error: bool = False,
    location: str | None = None,
) -> InputError:
    """The error for a parameter whose value is not allowed, for the caller to raise.

    For a rule the ``check_*`` functions cannot state (a choice that depends on the data, a
    value that may be one of several kinds).

    Parameters
    ----------
    value : object
        The value given; the message shows its ``repr``.
    name : str
        The parameter's name.
    func : str
        The public function (or ``Class.method``) the user called.
    what : str
        What would have been accepted, read after "must be": ``"a list of coder names"``.
    type_error : bool, default False
        Return an :class:`~analysis.errors.InputTypeError`: the value is of the wrong type.
    location : str, optional
        Where the value came from, such as a settings key (``"topics.backend"``).

    Returns
    -------
    InputError
        Not raised: ``raise parameter_error(...)`` at the call site keeps the traceback there.

    Examples
    --------
    >>> str(parameter_error("R9", "rule", "compare_coders", "'any', 'all' or a coder"))
    "The 'rule' parameter of compare_coders must be 'any', 'all' or a coder. Got 'R9' instead."
    """
    error = InputTypeError if type_error else InputError
    return error(_message(name, func, what, repr(plain(value))), location=location)


def _listing(allowed: tuple[object, ...]) -> str:
    shown = [repr(option) for option in allowed]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def check_option(
    value: object, name: str, func: str, allowed: Iterable[object], *, what: str | None = None
) -> object:
    """``value`` if it is one of ``allowed``; otherwise raise.

    Parameters
    ----------
    value : object
        The value given.
    name : str
        The parameter's name.
    func : str
        The public function the user called.
    allowed : iterable
        The accepted values, in the order the message should list them. Membership is
        ``value in allowed``, so ``1`` counts as ``True``.
    what : str, optional
        What the message says would have been accepted; by default ``allowed`` listed as
        ``'a', 'b' or 'c'``.

    Returns
    -------
    object
        ``value``, unchanged.

    Raises
    ------
    InputError
        If ``value`` is not among ``allowed``.

    Examples
    --------
    >>> check_option("skip", "on_error", "read_qdpx", ("stop", "skip"))
    'skip'
    >>> check_option("x", "on_error", "read_qdpx", ("stop", "skip"))
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: The 'on_error' parameter of read_qdpx must be 'stop' or 'skip'. Got 'x' instead.
    >>> check_option(["stop"], "on_error", "read_qdpx", ("stop", "skip"))
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: The 'on_error' parameter of read_qdpx must be 'stop' or 'skip'. Got ['stop'] instead.
    """
    allowed = tuple(allowed)
    try:
        hash(value)  # an array or list compares element by element: it is no option
    except TypeError:
        raise parameter_error(
            value, name, func, _listing(allowed) if what is None else what
        ) from None
    if value not in allowed:
        raise parameter_error(value, name, func, _listing(allowed) if what is None else what)
    return value


def _range(low: object, high: object, include_low: bool, include_high: bool) -> str:
    left = "[" if include_low and low is not None else "("
    right = "]" if include_high and high is not None else ")"
    return (
        f"in the range {left}{'-inf' if low is None else low}, "
        f"{'inf' if high is None else high}{right}"
    )


def check_scalar(
    value: object,
    name: str,
    func: str,
    *,
    kind: type = int,
    low: float | None = None,
    high: float | None = None,
    include_low: bool = True,
    include_high: bool = True,
    what: str | None = None,
) -> int | float:
    """``value`` as an int or float if it is one and lies within the bounds; otherwise raise.

    Like :func:`sklearn.utils.check_scalar`: ``True`` and ``False`` are refused as numbers, and
    a value of the wrong type raises a ``TypeError`` as well as an ``InputError``.

    Parameters
    ----------
    value : object
        The value given.
    name : str
        The parameter's name.
    func : str
        The public function the user called.
    kind : {int, float}, default int
        ``int`` accepts any integral number (numpy's too); ``float`` any real number, ints
        included.
    low, high : float, optional
        The bounds; None leaves that side unbounded. NaN lies within no bound.
    include_low, include_high : bool, default True
        Whether the bound itself is accepted.
    what : str, optional
        What the message says would have been accepted; by default the kind and the range
        written as scikit-learn writes it: ``"an int in the range [1, inf)"``.

    Returns
    -------
    int or float
        ``value`` converted to ``kind`` (``np.int64(3)`` comes back as ``3``).

    Raises
    ------
    InputTypeError
        If ``value`` is a bool or not a number of ``kind``.
    InputError
        If ``value`` lies outside the bounds.

    Examples
    --------
    >>> check_scalar(0.9, "ci", "agreement_table", kind=float, low=0, high=1,
    ...              include_low=False, include_high=False)
    0.9
    >>> check_scalar(1.5, "ci", "agreement_table", kind=float, low=0, high=1,
    ...              include_low=False, include_high=False)
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: The 'ci' parameter of agreement_table must be a float in the range (0, 1). Got 1.5 instead.
    >>> check_scalar(True, "n_boot", "prevalence", low=1)
    Traceback (most recent call last):
    ...
    analysis.errors.InputTypeError: The 'n_boot' parameter of prevalence must be an int in the range [1, inf). Got True instead.
    """
    if kind not in _KINDS:
        raise ValueError(f"check_scalar: kind must be int or float, not {kind!r}")
    abstract, article = _KINDS[kind]
    if what is None:
        what = f"{article} {_range(low, high, include_low, include_high)}"
    if isinstance(value, bool) or not isinstance(value, abstract):
        raise parameter_error(value, name, func, what, type_error=True)
    above_low = low is None or (value >= low if include_low else value > low)
    below_high = high is None or (value <= high if include_high else value < high)
    if not (above_low and below_high):
        raise parameter_error(value, name, func, what)
    return kind(value)


def check_type(
    value: object,
    name: str,
    func: str,
    types: type | tuple[type, ...],
    what: str,
    *,
    expected: str | None = None,
) -> object:
    """``value`` if it is an instance of ``types``; otherwise raise.

    The message names the type given rather than showing the value, which may be a whole table.

    Parameters
    ----------
    value : object
        The value given.
    name : str
        The parameter's name.
    func : str
        The public function (or ``Class.method``) the user called.
    types : type or tuple of type
        As for :func:`isinstance`; ``type(None)`` accepts None.
    what : str
        What the message says would have been accepted: ``"a DataFrame"``.
    expected : str, optional
        A hint the error carries as its ``expected`` (shown in brackets after the message).

    Returns
    -------
    object
        ``value``, unchanged.

    Raises
    ------
    InputTypeError
        If ``value`` is not an instance of ``types``.

    Examples
    --------
    >>> check_type(["a", "b"], "text", "Pseudonymiser.apply", str, "a str")
    Traceback (most recent call last):
    ...
    analysis.errors.InputTypeError: The 'text' parameter of Pseudonymiser.apply must be a str. Got list instead.
    """
    if not isinstance(value, types):
        raise InputTypeError(_message(name, func, what, type(value).__name__), expected=expected)
    return value
