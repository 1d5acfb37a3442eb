"""Deterministic pseudonymisation, applied to every text before anything reaches
``data/processed``.

Names from the study's key (``key.csv``) become their pseudonyms; e-mail addresses, UK phone
numbers, NHS numbers, UK postcodes and dates of birth become tokens (``[EMAIL]``,
``[PHONE]``, ``[NHS NUMBER]``, ``[POSTCODE]``, ``[DATE OF BIRTH]``). Every result records what
was replaced where, so character offsets in the raw document (coded ranges, turn boundaries)
can be carried to the pseudonymised one with :meth:`Pseudonymised.map_span`.
:func:`check_no_names` is the safety net run over everything ingest writes; reports see
counts (:func:`counts_table`), never values.
"""

from analysis.pseudonymise._core import (
    DEFAULT_DETECTORS,
    Pseudonymiser,
    check_no_names,
    counts_table,
)
from analysis.pseudonymise._detectors import TOKENS, nhs_number_is_valid
from analysis.pseudonymise._key import KINDS, KeyEntry, read_key
from analysis.pseudonymise._result import Pseudonymised, Replacement

__all__ = [
    "DEFAULT_DETECTORS",
    "KINDS",
    "TOKENS",
    "KeyEntry",
    "Pseudonymised",
    "Pseudonymiser",
    "Replacement",
    "check_no_names",
    "counts_table",
    "nhs_number_is_valid",
    "read_key",
]
