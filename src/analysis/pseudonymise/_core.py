"""The pseudonymiser: key names and detected identifiers replaced in one deterministic pass."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import pandas as pd

from analysis.errors import InputTypeError
from analysis.pseudonymise._detectors import DETECTORS, TOKEN_PATTERN, TOKENS
from analysis.pseudonymise._key import KeyEntry, key_entries, read_key
from analysis.pseudonymise._names import NameMatcher
from analysis.pseudonymise._result import Pseudonymised, Replacement
from analysis.validation import check_type, parameter_error

__all__ = ["DEFAULT_DETECTORS", "Pseudonymiser", "check_no_names", "counts_table"]

#: Every detector, in the order used to break ties between equal spans.
DEFAULT_DETECTORS = ("email", "phone", "nhs_number", "postcode", "date_of_birth")

# A replacement can combine with the text beside it into another real name ("Jo" for "Ann" in
# "Ann Smith" gives "Jo Smith"); each further pass catches that. The key's checks make one
# extra pass the usual worst case; the cap only guards against keys built to cycle.
_MAX_PASSES = 5

# (start, end, priority, new text, kind): priority 0 for names, then detectors in order.
_Span = tuple[int, int, int, str, str]


class Pseudonymiser:
    """Replace key names with pseudonyms and direct identifiers with tokens.

    Parameters
    ----------
    key : DataFrame, optional
        The key (as :func:`read_key` returns it): columns ``real_name, pseudonym, kind``. Every
        real name is replaced by its pseudonym wherever it stands as a whole word: ignoring
        case and accents ("Zoe" matches "Zoë"), with curly or straight apostrophes, hyphen or
        space inside double names, before possessives ("Margaret's" becomes "LW03's") and
        punctuation, the longest name first ("Margaret Hill" before "Margaret"). The
        pseudonym is written as the key spells it. ``None``: detectors only.
    detectors : sequence of str
        Which identifiers to replace, any of ``"email"`` (``[EMAIL]``), ``"phone"`` (UK
        numbers, ``[PHONE]``), ``"nhs_number"`` (valid check digit only, ``[NHS NUMBER]``),
        ``"postcode"`` (full UK postcodes, ``[POSTCODE]``) and ``"date_of_birth"`` (a date
        within four words after "DOB", "date of birth", "born" or "birthday",
        ``[DATE OF BIRTH]``).

    Attributes
    ----------
    entries_ : tuple of KeyEntry
        The key's rows after checking, one per distinct name (set by :meth:`compile`).
    detectors_ : tuple of str
        The detectors in tie-breaking order.

    Notes
    -----
    Names and detectors find candidate spans in the original text; spans that overlap are
    merged into one replacement that takes the text of the candidate starting first (then
    the longer, then names before detectors, then detectors in :data:`DEFAULT_DETECTORS`
    order). Merging rather than dropping the loser means no part of either is left behind.
    Tokens already in the text (``[EMAIL]`` ...) are left alone, so applying the result again
    changes nothing. There is no randomness: the same key and text always give the same
    result, whatever the order of the key's rows.

    The key is checked, and the patterns built, by :meth:`compile`, which :meth:`apply` calls
    the first time; call it again after changing ``key``.

    References
    ----------
    .. [1] NHS England, "NHS Number", NHS Data Model and Dictionary,
       https://www.datadictionary.nhs.uk/attributes/nhs_number.html (ten digits, modulus 11
       check digit; see :func:`nhs_number_is_valid`).
    .. [2] Royal Mail, *Programmers' Guide Edition 7* (Postcode Address File), "Postcode
       format"; UK Government Data Standards Catalogue, "Postcode" (outward code A9, A99,
       A9A, AA9, AA99, AA9A; inward code 9AA without C, I, K, M, O, V).
    .. [3] Ofcom, *National Telephone Numbering Plan*, and "Telephone numbers for use in TV
       and radio drama programmes" (the 07700 900xxx, 0114 496 0xxx, 020 7946 0xxx ranges
       used in the examples and tests).

    Examples
    --------
    >>> import pandas as pd
    >>> key = pd.DataFrame({
    ...     "real_name": ["Margaret Hill", "Margaret", "Zoë O'Neill", "Sheffield"],
    ...     "pseudonym": ["LW03", "LW03", "Dr Patel (pseudonym)", "[City]"],
    ...     "kind": ["participant", "participant", "staff", "place"]})
    >>> pseudonymiser = Pseudonymiser(key)
    >>> result = pseudonymiser.apply(
    ...     "Margaret's GP, Dr Zoe O’Neill in sheffield, rang margaret on 0114 496 0123.")
    >>> result.text
    "LW03's GP, Dr Dr Patel (pseudonym) in [City], rang LW03 on [PHONE]."
    >>> result.counts
    {'participant': 2, 'phone': 1, 'place': 1, 'staff': 1}
    >>> pseudonymiser.apply("DOB 03/05/1958, interviewed 12/06/2023, NHS no. 943 476 5919").text
    'DOB [DATE OF BIRTH], interviewed 12/06/2023, NHS no. [NHS NUMBER]'
    """

    def __init__(
        self,
        key: pd.DataFrame | None = None,
        detectors: Iterable[str] = DEFAULT_DETECTORS,
    ) -> None:
        self.key = key
        self.detectors = detectors

    @classmethod
    def from_csv(cls, path, detectors: Iterable[str] = DEFAULT_DETECTORS) -> Pseudonymiser:
        """A pseudonymiser for the key file at ``path`` (read with :func:`read_key`)."""
        return cls(read_key(path), detectors=detectors).compile()

    def compile(self) -> Pseudonymiser:
        """Check the key and the detectors and build the patterns; returns ``self``."""
        detectors = self.detectors
        if isinstance(detectors, str) or not all(isinstance(d, str) for d in detectors):
            what = "a sequence of detector names"
            raise parameter_error(detectors, "detectors", "Pseudonymiser", what, type_error=True)
        detectors = tuple(detectors)
        unknown = [name for name in detectors if name not in DETECTORS]
        if unknown:
            what = f"detector names among {', '.join(DEFAULT_DETECTORS)}"
            raise parameter_error(unknown[0], "detectors", "Pseudonymiser", what)
        what = "a DataFrame (see read_key) or None"
        check_type(self.key, "key", "Pseudonymiser", (pd.DataFrame, type(None)), what)
        entries = [] if self.key is None else key_entries(self.key)
        self.entries_: tuple[KeyEntry, ...] = tuple(entries)
        self.detectors_ = tuple(name for name in DETECTORS if name in detectors)
        self._matcher = NameMatcher([entry.real_name for entry in entries])
        return self

    def _compiled(self) -> Pseudonymiser:
        return self if hasattr(self, "_matcher") else self.compile()

    def apply(self, text: str) -> Pseudonymised:
        """Pseudonymise one text.

        Parameters
        ----------
        text : str
            Any text: a whole transcript, a turn, an event note.

        Returns
        -------
        Pseudonymised
            The new text, the replacements (offsets in both texts) and counts per kind.
        """
        check_type(text, "text", "Pseudonymiser.apply", str, "a str")
        self._compiled()
        spans = self._find(text)
        result = _build(text, spans)
        for _ in range(_MAX_PASSES - 1):
            more = self._find(result.text)
            if not more:
                break
            spans = _compose(result, spans, more)
            result = _build(text, spans)
        return result

    def _find(self, text: str) -> list[_Span]:
        """Candidate spans in ``text``, overlaps merged, in order."""
        tokens = [found.span() for found in TOKEN_PATTERN.finditer(text)]
        candidates: list[_Span] = []
        for match in self._matcher.find(text):
            if any(match.start < end and start < match.end for start, end in tokens):
                continue
            entry = self.entries_[match.entry]
            candidates.append((match.start, match.end, 0, entry.pseudonym, entry.kind))
        for priority, name in enumerate(self.detectors_, start=1):
            for start, end in DETECTORS[name](text):
                candidates.append((start, end, priority, TOKENS[name], name))
        candidates.sort(key=lambda span: (span[0], span[0] - span[1], span[2]))
        merged: list[_Span] = []
        for span in candidates:
            if merged and span[0] < merged[-1][1]:
                start, end, priority, new, kind = merged[-1]
                merged[-1] = (start, max(end, span[1]), priority, new, kind)
            else:
                merged.append(span)
        return merged

    def __repr__(self) -> str:
        rows = "None" if self.key is None else f"<{len(self.key)} key rows>"
        return f"Pseudonymiser(key={rows}, detectors={tuple(self.detectors)!r})"


def _build(text: str, spans: list[_Span]) -> Pseudonymised:
    pieces: list[str] = []
    replacements: list[Replacement] = []
    position = 0
    length = 0
    for start, end, _, new, kind in spans:
        pieces.append(text[position:start])
        length += start - position
        pieces.append(new)
        replacements.append(Replacement(start, end, length, length + len(new), kind))
        length += len(new)
        position = end
    pieces.append(text[position:])
    counts = Counter(replacement.kind for replacement in replacements)
    return Pseudonymised(
        text="".join(pieces),
        replacements=tuple(replacements),
        counts=dict(sorted(counts.items())),
    )


def _compose(previous: Pseudonymised, spans: list[_Span], more: list[_Span]) -> list[_Span]:
    """Spans in the original text equivalent to ``spans`` followed by ``more`` (found in
    ``previous.text``): each new span is taken back to the original, snapping outward over
    whole earlier replacements, which it then absorbs."""
    composed: list[_Span] = []
    for start, end, priority, new, kind in more:
        original_start, original_end = previous.original_span(start, end)
        composed.append((original_start, original_end, priority, new, kind))
    kept = [
        span
        for span in spans
        if not any(start <= span[0] and span[1] <= end for start, end, *_ in composed)
    ]
    return sorted(kept + composed, key=lambda span: span[0])


def counts_table(results: Mapping[str, Pseudonymised]) -> pd.DataFrame:
    """How many replacements of each kind each document had: counts, never values.

    Parameters
    ----------
    results : mapping of str to Pseudonymised
        ``doc_id`` -> the document's result.

    Returns
    -------
    DataFrame
        Columns ``doc_id, kind, n``, one row per document and kind with ``n > 0``, documents
        in the mapping's order and kinds sorted.

    Examples
    --------
    >>> pseudonymiser = Pseudonymiser()
    >>> counts_table({"LW03_w1": pseudonymiser.apply("Ring 07700 900123 or 07700 900456"),
    ...               "PT01_w1": pseudonymiser.apply("me@example.org")})
        doc_id   kind  n
    0  LW03_w1  phone  2
    1  PT01_w1  email  1
    """
    rows = [
        (doc_id, kind, n)
        for doc_id, result in results.items()
        for kind, n in sorted(result.counts.items())
        if n
    ]
    table = pd.DataFrame(rows, columns=["doc_id", "kind", "n"])
    return table.astype({"doc_id": "str", "kind": "str", "n": "int64"})


def check_no_names(
    texts: Iterable[str], key: pd.DataFrame | Pseudonymiser
) -> list[tuple[int, str]]:
    """Find key names still present in texts: the safety net after pseudonymising.

    Parameters
    ----------
    texts : iterable of str
        The texts about to be written (missing values, ``None`` or NaN, are skipped).
    key : DataFrame or Pseudonymiser
        The key, matched exactly as :class:`Pseudonymiser` matches it.

    Returns
    -------
    list of (int, str)
        ``(index of the text, kind of the name)`` for every occurrence, in order; empty when
        the texts are clean. The names themselves are never returned, so the result can go
        into a report or log.

    Examples
    --------
    >>> import pandas as pd
    >>> key = pd.DataFrame({"real_name": ["Margaret Hill"], "pseudonym": ["LW03"],
    ...                     "kind": ["participant"]})
    >>> check_no_names(["LW03 said so", "as MARGARET HILL said"], key)
    [(1, 'participant')]
    """
    pseudonymiser = key if isinstance(key, Pseudonymiser) else Pseudonymiser(key, detectors=())
    pseudonymiser._compiled()
    found: list[tuple[int, str]] = []
    for index, text in enumerate(texts):
        if text is None or (isinstance(text, float) and text != text):
            continue
        if not isinstance(text, str):
            raise InputTypeError(
                "The 'texts' parameter of check_no_names must hold str. "
                f"Got {type(text).__name__} at index {index} instead."
            )
        tokens = [match.span() for match in TOKEN_PATTERN.finditer(text)]
        for match in pseudonymiser._matcher.find(text):
            if any(match.start < end and start < match.end for start, end in tokens):
                continue
            found.append((index, pseudonymiser.entries_[match.entry].kind))
    return found
