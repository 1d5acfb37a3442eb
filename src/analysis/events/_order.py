"""The order tables and figures show a study's declared values in (stakeholders, scale points)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from analysis.errors import InputError


def declared_order(values: Iterable[object], declared: Sequence[str] = ()) -> list[str]:
    """Every declared value in order, then the other values present, alphabetically.

    Parameters
    ----------
    values : iterable
        The column's values (a Series, a list).
    declared : sequence of str, optional
        The study's values in order (``events/vocabulary.json``). By default the categories of
        a categorical Series; without either, the values present, alphabetically.

    Examples
    --------
    >>> declared_order(["gps", "patients", "carers"], ["patients", "gps", "commissioners"])
    ['patients', 'gps', 'commissioners', 'carers']
    """
    if not declared and isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        declared = [str(level) for level in values.cat.categories]
    present = {str(value) for value in values if not pd.isna(value)}
    return [*declared, *sorted(present - set(declared))]


def scale_order(values: object, scale: Sequence[str], name: str, func: str) -> tuple[str, ...]:
    """The points of an ordered scale, least first: ``scale`` if given, else the column's own.

    Raises
    ------
    InputError
        If ``scale`` is empty and ``values`` is not an ordered categorical, or a value is off
        the scale (naming it).
    """
    if not scale:
        dtype = getattr(values, "dtype", None)
        if not (isinstance(dtype, pd.CategoricalDtype) and dtype.ordered):
            raise InputError(
                f"{func} does not know the order of the scale",
                expected=f"the scale in '{name}', least first (the study's "
                "events/vocabulary.json), or the column as an ordered categorical",
            )
        scale = [str(level) for level in dtype.categories]
    scale = tuple(scale)
    off = sorted({str(v) for v in pd.Series(values).dropna().astype(str)} - set(scale))
    if off:
        raise InputError(
            f"{func}: '{off[0]}' is not on the scale",
            expected="one of " + ", ".join(scale),
        )
    return scale


def with_vocabulary(table: pd.DataFrame, columns: Mapping[str, Mapping]) -> pd.DataFrame:
    """``table`` with each declared column a Categorical of its values in declared order.

    ``columns`` is one table's part of ``events/vocabulary.json``: column ->
    ``{"values": [...], "ordered": bool}`` (ordered for a scale). A column holding a value not
    declared is left as it is, so no value turns into a missing one; absent columns are skipped.
    """
    table = table.copy()
    for column, declared in columns.items():
        if column not in table.columns:
            continue
        if set(table[column].dropna().astype(str)) <= set(declared["values"]):
            table[column] = pd.Categorical(
                table[column].astype(object),
                categories=list(declared["values"]),
                ordered=declared["ordered"],
            )
    return table
