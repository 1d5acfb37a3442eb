"""The unit whose segments a bootstrap or permutation moves together: one rule for every stage."""

from __future__ import annotations

import pandas as pd

from analysis.io import require_columns
from analysis.validation import check_option

#: Sources whose documents are conversations or group work: their segments depend on each other
#: within the document. Any other source (a survey, a table of answers) is one respondent per row.
CONVERSATION_SOURCES = ("interview", "event")


def dependence_units(segments: pd.DataFrame, by: str = "document") -> pd.Series:
    """The cluster of each segment: the unit a cluster bootstrap resamples whole.

    Parameters
    ----------
    segments : DataFrame
        ``doc_id``; ``source``, ``participant_id``, ``speaker`` and ``turn`` used when present.
    by : {"document", "participant"}, default "document"
        ``"document"``: an interview, or one event's table (``E1-notes``), is one cluster; in a
        table of answers (any other source, such as a survey) each respondent is one: the
        participant the row names, else its speaker label, else its row. ``"participant"``:
        all of a participant's segments (every interview) are one cluster, and segments
        without a participant are clustered by document as above.

    Returns
    -------
    Series
        A label per segment, aligned with ``segments``: ``doc:<doc_id>``,
        ``doc:<doc_id>/respondent:<label>``, ``doc:<doc_id>/row:<turn>`` or
        ``participant:<participant_id>``.

    Notes
    -----
    Segments of one interview are not independent draws (a participant returns to a concern
    again and again), nor are one event's notes, which share the conversation they came from.
    The answers in a survey are another matter: respondents answered on their own, and only one
    respondent's answers to several questions depend on each other. Clustering a survey by its
    file would make it one cluster, and its interval would collapse to the estimate.

    Examples
    --------
    >>> segments = pd.DataFrame({
    ...     "doc_id": ["PT01", "PT01", "survey", "survey", "survey"],
    ...     "source": ["interview", "interview", "survey", "survey", "survey"],
    ...     "participant_id": ["PT01", "PT01", None, None, "PA02"],
    ...     "speaker": ["PT01", "PT01", None, "R7", None],
    ...     "turn": [1, 3, 1, 2, 3],
    ... })
    >>> dependence_units(segments).tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['doc:PT01', 'doc:PT01', 'doc:survey/row:1', 'doc:survey/respondent:R7',
     'doc:survey/respondent:PA02']
    >>> dependence_units(segments, by="participant").tolist()[-1]
    'participant:PA02'
    """
    segments = require_columns(segments, ["doc_id"], "segments", "dependence_units")
    check_option(by, "by", "dependence_units", ("document", "participant"))
    units = "doc:" + segments["doc_id"].astype(str)
    if "source" in segments.columns:
        answers = ~segments["source"].isin(CONVERSATION_SOURCES)
        who = pd.Series(pd.NA, index=segments.index, dtype="object")
        for column in ("speaker", "participant_id"):  # the participant, where named, wins
            if column in segments.columns:
                named = segments[column].notna()
                who = who.mask(named, segments[column].astype(str))
        row = "row:" + (
            segments["turn"].astype(str)
            if "turn" in segments.columns
            else segments.index.astype(str)
        )
        respondent = ("respondent:" + who.astype(str)).where(who.notna(), row)
        units = units.where(~answers, units + "/" + respondent)
    if by == "participant" and "participant_id" in segments.columns:
        person = segments["participant_id"]
        units = units.where(person.isna(), "participant:" + person.astype(str))
    return units.rename("cluster")
