"""NPMI coherence of topics' top words, counted over sliding windows exactly as gensim does."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse

from analysis.errors import InputError
from analysis.evaluate._validation import _check_topics
from analysis.validation import check_option, check_scalar

# gensim.topic_coherence.direct_confirmation_measure.EPSILON: keeps log finite when a pair of
# words never shares a window. Same value, so our NPMI is gensim's to the last bits.
EPSILON = 1e-12


def npmi_per_topic(
    topic_words: Sequence[Sequence[str]],
    documents: Iterable[Sequence[str] | str],
    top_n: int = 10,
    window_size: int = 10,
    *,
    missing: str = "drop",
) -> list[float]:
    r"""NPMI coherence of each topic, as gensim's ``c_npmi`` (and so OCTIS and BERTopic) compute it.

    Parameters
    ----------
    topic_words : sequence of sequence of str
        One list of words per topic, best first (for example ``topics["words"]``).
    documents : iterable of (sequence of str or str)
        The reference corpus, one entry per document: a list of tokens, or a string, which is split
        on whitespace (``str.split()``; no lower-casing or other cleaning, so pass text prepared
        the way the topic model saw it).
    top_n : int, default 10
        Number of words per topic to score, counted after words absent from the corpus are dropped
        (as gensim does).
    window_size : int, default 10
        Width of the boolean sliding window, in tokens (gensim's default for ``c_npmi``).
    missing : {"drop", "raise"}, default "drop"
        What to do with topic words that occur nowhere in ``documents``. ``"drop"`` skips them, as
        gensim does, so the next words move up into the top ``top_n``; ``"raise"`` raises
        :class:`~analysis.errors.InputError` naming them.

    Returns
    -------
    list of float
        One value in :math:`[-1, 1]` per topic, in the order given; NaN for a topic with fewer than
        two words present in the corpus (there is no pair to score; gensim returns NaN for one such
        word and raises for none).

    Raises
    ------
    InputError
        If ``topic_words`` is empty or a topic is a plain string, if ``top_n < 2`` or
        ``window_size < 1``, or if ``missing="raise"`` and a topic word is not in the corpus.

    Notes
    -----
    **Windows.** Each document of :math:`n` tokens gives :math:`\max(1, n - s + 1)` windows for
    window size :math:`s`: the windows of :math:`s` consecutive tokens when :math:`n \ge s`, and the
    whole document as a single window when it is shorter (an empty document is one empty window).
    :math:`N` is the number of windows in the corpus, :math:`N(w)` the number of windows containing
    :math:`w` and :math:`N(w_i, w_j)` the number containing both; :math:`P(w) = N(w)/N`,
    :math:`P(w_i, w_j) = N(w_i, w_j)/N`.

    **Measure** (gensim's ``log_ratio_measure`` with ``normalize=True``; Bouma 2009), with
    :math:`\epsilon = 10^{-12}`:

    .. math::

        \operatorname{NPMI}(w_i, w_j) =
        \frac{\log \dfrac{P(w_i, w_j) + \epsilon}{P(w_i)\,P(w_j)}}{-\log\left(P(w_i, w_j) +
        \epsilon\right)}

    and a topic's coherence is the arithmetic mean over its ordered pairs :math:`i \ne j` of its
    top words (segmentation ``s_one_one``; Röder et al. 2015). NPMI is symmetric, so this equals
    the mean over unordered pairs.

    **gensim's window counting, reproduced on purpose.** gensim's ``WordOccurrenceAccumulator``
    updates the set of words in a window incrementally: moving one step, it removes the token that
    left and adds the one that entered. When the token that left also occurs later inside the new
    window, gensim still removes it, so a word repeated less than :math:`s` tokens apart drops out
    of some windows that contain it. A word :math:`w` counts as present in window :math:`k`
    (tokens :math:`k, \dots, k+s-1`) if and only if, with :math:`p` its last position
    :math:`\le k+s-1` and :math:`q` its last position :math:`\le k-1`,

    .. math::

        p \ge k \quad\text{and}\quad (q \text{ does not exist or } p - q \ge s).

    Published NPMI values (OCTIS, BERTopic, CTM) were all computed this way, so we count the same
    way to be comparable with them; counts of a word never exceed the true window counts.

    **Differences from gensim** (none of which change the value for topics of equal length whose
    words all occur in the corpus): gensim truncates every topic to ``topn`` only when the *first*
    topic is longer than ``topn``; here each topic is truncated to ``top_n``. gensim raises when
    none of a topic's words are in the corpus; here that topic is NaN.

    References
    ----------
    .. [1] Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
       *Proceedings of GSCL*, 31-40.
    .. [2] Röder, M., Both, A., & Hinneburg, A. (2015). Exploring the space of topic coherence
       measures. *WSDM '15*, 399-408. https://doi.org/10.1145/2684822.2685324
    .. [3] Lau, J. H., Newman, D., & Baldwin, T. (2014). Machine reading tea leaves: automatically
       evaluating topic coherence and topic model quality. *EACL 2014*, 530-539.
       https://doi.org/10.3115/v1/E14-1056
    .. [4] Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
       procedure. arXiv:2203.05794. https://doi.org/10.48550/arXiv.2203.05794

    Examples
    --------
    Three documents shorter than the window, so each is one window (:math:`N = 3`); "nurse" and
    "clinic" share one window of the three and occur in two each:
    :math:`\log\frac{1/3}{(2/3)^2} / -\log\frac{1}{3} = -0.2619`.

    >>> docs = ["nurse clinic", "nurse home", "clinic visit"]
    >>> [round(v, 4) for v in npmi_per_topic([["nurse", "clinic"]], docs)]
    [-0.2619]
    """
    topics = _check_topics(topic_words, "npmi_per_topic")
    check_scalar(top_n, "top_n", "npmi_per_topic", low=2, what="an int >= 2")
    check_scalar(window_size, "window_size", "npmi_per_topic", low=1, what="an int >= 1")
    check_option(missing, "missing", "npmi_per_topic", ("drop", "raise"))

    vocabulary = list(dict.fromkeys(word for topic in topics for word in topic))
    word_index = {word: i for i, word in enumerate(vocabulary)}
    presence, n_windows = _window_presence(documents, word_index, window_size)
    co_occurrences = (presence.T @ presence).toarray()
    occurrences = np.diagonal(co_occurrences)

    absent = [word for word in vocabulary if occurrences[word_index[word]] == 0]
    if absent and missing == "raise":
        raise InputError(
            f"npmi_per_topic: {len(absent)} topic word(s) occur in no document: "
            + ", ".join(repr(word) for word in absent[:20])
            + (" ..." if len(absent) > 20 else ""),
            expected="topic words taken from the same corpus, tokenised the same way",
        )

    scores = []
    for topic in topics:
        ids = [word_index[word] for word in topic if occurrences[word_index[word]] > 0][:top_n]
        scores.append(
            _topic_npmi(np.asarray(ids, dtype=np.intp), occurrences, co_occurrences, n_windows)
        )
    return scores


def npmi_coherence(
    topic_words: Sequence[Sequence[str]],
    documents: Iterable[Sequence[str] | str],
    top_n: int = 10,
    window_size: int = 10,
    *,
    missing: str = "drop",
) -> float:
    r"""Mean NPMI coherence over topics: gensim's ``CoherenceModel(coherence="c_npmi")``.

    The number OCTIS's ``Coherence(texts=corpus, topk=10, measure="c_npmi")`` and the BERTopic
    paper report. Parameters, conventions and references are those of :func:`npmi_per_topic`.

    Parameters
    ----------
    topic_words : sequence of sequence of str
        One list of words per topic, best first.
    documents : iterable of (sequence of str or str)
        The reference corpus; strings are split on whitespace.
    top_n : int, default 10
        Number of words per topic to score.
    window_size : int, default 10
        Width of the boolean sliding window, in tokens.
    missing : {"drop", "raise"}, default "drop"
        Topic words absent from the corpus: skip them (as gensim does) or raise.

    Returns
    -------
    float
        :math:`\frac{1}{K}\sum_{k=1}^{K} \operatorname{NPMI}_k` over the :math:`K` topics; NaN if
        any topic has fewer than two words in the corpus (as gensim).

    Examples
    --------
    >>> docs = ["nurse clinic", "nurse home", "clinic visit"]
    >>> round(npmi_coherence([["nurse", "clinic"], ["nurse", "home"]], docs), 4)
    0.0536
    """
    return float(
        np.mean(npmi_per_topic(topic_words, documents, top_n, window_size, missing=missing))
    )


def _window_presence(
    documents: Iterable[Sequence[str] | str], word_index: Mapping[str, int], window_size: int
) -> tuple[sparse.csr_matrix, int]:
    """Windows × words 0/1 matrix of gensim's boolean sliding windows, and the number of windows.

    Vectorised over all occurrences of the words of interest: for each occurrence, the windows in
    which it is the word's last occurrence and gensim still counts the word present form one
    interval (derivation in :func:`npmi_per_topic`'s Notes), so the matrix is built from intervals
    instead of by sliding over every token.
    """
    s = window_size
    doc_lengths: list[int] = []
    word_ids: list[int] = []
    word_docs: list[int] = []
    word_positions: list[int] = []
    for doc_number, document in enumerate(documents):
        tokens = document.split() if isinstance(document, str) else document
        doc_lengths.append(len(tokens))
        for position, token in enumerate(tokens):
            word_id = word_index.get(token)
            if word_id is not None:
                word_ids.append(word_id)
                word_docs.append(doc_number)
                word_positions.append(position)

    lengths = np.asarray(doc_lengths, dtype=np.int64)
    windows_per_doc = np.maximum(1, lengths - s + 1)
    n_windows = int(windows_per_doc.sum())
    first_window = np.concatenate(([0], np.cumsum(windows_per_doc)[:-1])).astype(np.int64)
    n_words = len(word_index)
    if not word_ids:
        return sparse.csr_matrix((n_windows, n_words), dtype=np.int64), n_windows

    word = np.asarray(word_ids, dtype=np.int64)
    doc = np.asarray(word_docs, dtype=np.int64)
    p = np.asarray(word_positions, dtype=np.int64)
    # Occurrences arrive sorted by (doc, position); a stable sort by word makes runs of one word in
    # one document contiguous and in position order.
    order = np.argsort(word, kind="stable")
    word, doc, p = word[order], doc[order], p[order]
    n = lengths[doc]

    run = word * len(lengths) + doc
    same_as_next = np.zeros(len(run), dtype=bool)
    same_as_next[:-1] = run[1:] == run[:-1]
    first_in_run = np.ones(len(run), dtype=bool)
    first_in_run[1:] = run[1:] != run[:-1]
    next_p = np.where(same_as_next, np.roll(p, -1), np.iinfo(np.int64).max // 4)

    # Earliest occurrence of the same word in the same document at most s-1 tokens before this one:
    # gensim forgets the word once that occurrence leaves the window.
    stride = int(lengths.max()) + 1
    key = run * stride + p
    earliest = np.searchsorted(key, run * stride + np.maximum(p - s + 1, 0), side="left")
    p_earliest = p[earliest]

    long_doc = n >= s
    lo = np.where(long_doc, np.maximum(0, p - s + 1), 0)
    hi = np.where(long_doc, np.minimum(np.minimum(p_earliest, next_p - s), n - s), 0)
    # A document shorter than the window is one window holding each of its words once.
    hi = np.where(~long_doc & ~first_in_run, -1, hi)
    span = np.maximum(hi - lo + 1, 0)

    total = int(span.sum())
    starts = np.repeat(first_window[doc] + lo, span)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(span) - span, span)
    rows = starts + offsets
    cols = np.repeat(word, span)
    presence = sparse.csr_matrix(
        (np.ones(total, dtype=np.int64), (rows, cols)), shape=(n_windows, n_words)
    )
    return presence, n_windows


def _topic_npmi(
    ids: np.ndarray, occurrences: np.ndarray, co_occurrences: np.ndarray, n_windows: int
) -> float:
    if len(ids) < 2:
        return float("nan")
    # Same operations in the same order as gensim's log_ratio_measure, so results agree to the bit.
    co_doc_prob = co_occurrences[np.ix_(ids, ids)] / float(n_windows)
    prob = occurrences[ids] / float(n_windows)
    numerator = np.log((co_doc_prob + EPSILON) / (prob[:, None] * prob[None, :]))
    npmi = numerator / (-np.log(co_doc_prob + EPSILON))
    off_diagonal = ~np.eye(len(ids), dtype=bool)
    return float(np.mean(npmi[off_diagonal]))
