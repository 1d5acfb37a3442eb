"""Topic labels a researcher would put in a paper: the phrases a topic's own segments use."""

from __future__ import annotations

import numpy as np

#: Phrases per label.
LABEL_PHRASES = 3
#: Words a label phrase may not start or end with: particles, time words and common verbs, which
#: stand next to a topic's nouns without forming a phrase with them ("buses away", "rang round",
#: "workers leave", "months ago").
PHRASE_EDGE_WORDS = frozenset(
    """away round around ago apart ahead aside later soon early already still yet again anymore
    instead together alone else today tonight yesterday tomorrow day days week weeks month months
    year years time times ones start started starting stop stopped leave left keep kept put took
    take taking give gave given saw seen seeing felt feel feeling need needs needed happen
    happened happens having rang ring rings called call ask asked sent send sending turned turn
    stay stayed stays wait waited waiting closed close spoke speak speaking""".split()
)


def phrase_labels(
    texts: list[str], topics: np.ndarray, vectorizer, *, n_phrases: int = LABEL_PHRASES
) -> dict[int, str]:
    """A label per topic (outliers aside) from the words and two-word phrases of its segments.

    Candidates are the topic's terms by class-based TF-IDF (BERTopic's weighting:
    :math:`tf_{t,w} \\cdot \\log(1 + A / f_w)`, with :math:`A` the mean number of terms per topic
    and :math:`f_w` the term's count over all topics), kept only when at least two of the
    topic's segments use them (a phrase one speaker said once, such as "rang round", names no
    topic). A phrase goes before its own words when it accounts for at least half the uses of
    the rarer of them ("food bank" rather than "food", "bank"); terms whose words an earlier
    choice already covers are skipped, counting plurals as their singular ("link workers"
    after "link worker"), and so are phrases that start or end with a particle, time word or
    common verb (:data:`PHRASE_EDGE_WORDS`). Only counts enter, so a label is the same on any
    machine.

    Parameters
    ----------
    texts : list of str
        The fitted segments' texts.
    topics : ndarray of int
        Each text's topic (``-1`` for outliers).
    vectorizer : CountVectorizer-like
        The vectoriser the topic model counted words with (``fit``/``transform`` and
        ``get_feature_names_out``); refitted here on ``texts``.
    n_phrases : int, default 3

    Returns
    -------
    dict of int to str
        Phrases joined with ", ", best first.

    Examples
    --------
    >>> from analysis.topics._bertopic import vectorizer
    >>> texts = ["The food bank gave me a voucher", "Food bank vouchers ran out",
    ...          "We went to the food bank", "The allotment and the garden",
    ...          "Digging in the garden", "Garden beds at the allotment"]
    >>> phrase_labels(texts, np.array([0, 0, 0, 1, 1, 1]), vectorizer())
    {0: 'food bank', 1: 'garden, allotment'}
    """
    terms, ids, score, df, _ = term_scores(texts, topics, vectorizer)
    if not ids or len(terms) == 0:
        return {t: "" for t in ids}
    index = {term: j for j, term in enumerate(terms)}
    labels = {}
    for row, topic in enumerate(ids):
        usable = np.flatnonzero(df[row] >= 2)
        if not len(usable):
            usable = np.flatnonzero(df[row] >= 1)
        # Best first; ties go to the shorter, then alphabetically earlier term.
        ranked = sorted(usable, key=lambda j: (-round(score[row, j], 12), len(terms[j]), terms[j]))
        labels[topic] = ", ".join(
            _choose([terms[j] for j in ranked[:40]], df[row], index, n_phrases)
        )
    return labels


#: A topic's words come from this share of its segments, those closest to its centre...
CORE_SHARE = 0.75
#: ...when it has at least this many (in a smaller one most terms occur once, and every
#: segment's terms are needed to tell them apart).
MIN_CORE_TOPIC = 20
#: A term is listed for at most this many topics: those it weighs most in.
TOPICS_PER_TERM = 2


def topic_words(
    texts: list[str],
    topics: np.ndarray,
    vectorizer,
    *,
    top_n: int,
    typicality=None,
    core_share: float = CORE_SHARE,
) -> dict[int, list[tuple[str, float]]]:
    """Each topic's ``top_n`` words and phrases with their weights, best first.

    A term's weight in a topic is BERTopic's c-TF-IDF with frequent words damped
    (``reduce_frequent_words``), counted segment by segment (so no phrase runs from the end of
    one segment into the next), times the square root of the share of the topic's segments that
    use the term: a term many of a topic's segments use describes it better than one a single
    segment repeats. Counts come from the ``core_share`` of each topic's segments most typical
    of it (highest ``typicality``, the clusterer's membership strength): every segment belongs
    to a topic, and the fringe of one is often about something else, so the words describe a
    topic's core (topics of fewer than 20 segments keep them all; HDBSCAN leaves such a fringe
    out as outliers, Ward's clustering keeps it in the topic). A term is listed for at most
    :data:`TOPICS_PER_TERM` topics, those it weighs most in, so that a word every topic uses
    ("pain" in a clinic) does not head every list.

    Examples
    --------
    >>> from analysis.topics._bertopic import vectorizer
    >>> texts = ["debt letters", "debt and bills", "debt advice"] * 7 + ["my garden"] * 7
    >>> words = topic_words(texts, np.zeros(28, int), vectorizer(), top_n=5,
    ...                     typicality=np.r_[np.full(21, 0.9), np.full(7, 0.1)])
    >>> [w for w, _ in words[0]]  # "garden" is in the topic's least typical segments only
    ['debt', 'advice', 'bills', 'debt advice', 'debt letters']
    """
    topics = np.asarray(topics)
    core = topics.copy()
    if typicality is not None:
        typical = np.asarray(typicality, dtype=float)
        for topic in np.unique(topics[topics != -1]):
            members = np.flatnonzero((topics == topic) & ~np.isnan(typical))
            if len(members) < MIN_CORE_TOPIC:
                continue
            # The least typical members, by typicality then position (ties stay in).
            order = members[np.lexsort((members, typical[members]))]
            core[order[: int(len(members) * (1 - core_share))]] = -1
    terms, ids, score, df, sizes = term_scores(texts, core, vectorizer, damped=True)
    score = score * np.sqrt(df / np.maximum(sizes, 1)[:, None])
    if len(ids) > TOPICS_PER_TERM:
        # Zero a term's weight outside the topics it weighs most in (ties: the earlier topic).
        ranks = np.argsort(np.argsort(-score, axis=0, kind="stable"), axis=0, kind="stable")
        score = np.where(ranks < TOPICS_PER_TERM, score, 0.0)
    used = df.sum(axis=0)
    out = {}
    for row, topic in enumerate(ids):
        # Ties (common in small topics, where most terms occur once) go to the term more of the
        # topic's segments use, then to the one more segments of the study use.
        ranked = sorted(
            np.flatnonzero(score[row] > 0),
            key=lambda j: (-round(score[row, j], 12), -df[row, j], -used[j], terms[j]),
        )
        out[topic] = [(str(terms[j]), float(score[row, j])) for j in ranked[:top_n]]
    return out


def term_scores(texts: list[str], topics: np.ndarray, vectorizer, *, damped: bool = False):
    r"""Class-based TF-IDF of every term in every topic, and how many of its segments use it.

    Returns ``(terms, topic_ids, score, df, sizes)``: ``score[i, j]`` is term ``j``'s weight in
    topic ``topic_ids[i]`` (BERTopic's c-TF-IDF: the term's share of the topic's terms times
    :math:`\log(1 + A / f_w)`), ``df[i, j]`` the number of the topic's segments using it and
    ``sizes[i]`` the topic's number of segments. Outliers (``-1``) are left out. ``damped``
    takes square roots of the counts first, as BERTopic's ``reduce_frequent_words`` does.
    """
    import scipy.sparse as sp
    from sklearn.base import clone

    topics = np.asarray(topics)
    counter = clone(vectorizer)
    counts = sp.csr_matrix(counter.fit_transform(texts))
    terms = counter.get_feature_names_out()
    ids = [int(t) for t in np.unique(topics) if t != -1]
    kept = np.flatnonzero(topics != -1)
    member = sp.csr_matrix(
        (np.ones(len(kept)), (np.searchsorted(ids, topics[kept]), kept)),
        shape=(len(ids), len(topics)),
    )
    tf = np.asarray((member @ counts).todense(), dtype=np.float64)
    df = np.asarray((member @ (counts > 0).astype(np.float64)).todense())
    average = tf.sum() / max(len(ids), 1)
    idf = np.log1p(average / np.maximum(tf.sum(axis=0), 1.0))
    if damped:
        tf = np.sqrt(tf)
    score = tf / np.maximum(tf.sum(axis=1, keepdims=True), 1e-12) * idf
    sizes = np.asarray(member.sum(axis=1)).ravel()
    return terms, ids, score, df, sizes


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _choose(candidates: list[str], df: np.ndarray, index: dict, n: int) -> list[str]:
    """Up to ``n`` terms: phrases before the words they account for, no term twice."""
    order: list[str] = []
    for term in candidates:
        words = term.split()
        if len(words) == 1:
            order.append(term)
            continue
        if words[0] in PHRASE_EDGE_WORDS or words[-1] in PHRASE_EDGE_WORDS:
            continue
        rarer = min(df[index[w]] for w in words if w in index) if all(
            w in index for w in words
        ) else df[index[term]]  # fmt: skip
        if df[index[term]] >= 0.5 * rarer:
            # Promote the phrase before the first of its words already listed.
            positions = [order.index(w) for w in words if w in order]
            order.insert(min(positions) if positions else len(order), term)
        else:
            order.append(term)
    return uncovered(order, n)


def uncovered(terms: list[str], n: int) -> list[str]:
    """The first ``n`` terms, skipping any whose words (plurals counted as their singular) the
    terms already chosen cover.

    >>> uncovered(["debt advice", "debt", "benefits", "advice", "benefit", "forms"], 3)
    ['debt advice', 'benefits', 'forms']
    """
    chosen: list[str] = []
    covered: set[str] = set()
    for term in terms:
        key = {_singular(w) for w in term.split()}
        if key <= covered:
            continue
        chosen.append(term)
        covered |= key
        if len(chosen) == n:
            break
    return chosen
