"""Topic diversity: the share of unique words among all topics' top words (OCTIS)."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.errors import InputError
from analysis.evaluate._validation import _check_topics
from analysis.validation import check_scalar


def topic_diversity(topic_words: Sequence[Sequence[str]], top_n: int = 25) -> float:
    r"""Share of unique words among the top ``top_n`` words of all topics (OCTIS ``TopicDiversity``).

    Parameters
    ----------
    topic_words : sequence of sequence of str
        One list of words per topic, best first.
    top_n : int, default 25
        Words per topic to count (OCTIS's default; the BERTopic paper used 10).

    Returns
    -------
    float
        In :math:`(0, 1]`: 1 when no word is shared between topics, :math:`1/K` when all
        :math:`K` topics have the same words.

    Raises
    ------
    InputError
        If there are no topics, or a topic has fewer than ``top_n`` words (OCTIS raises too: the
        denominator assumes ``top_n`` words per topic).

    Notes
    -----
    With :math:`T_k` the set of the first ``top_n`` words of topic :math:`k`:

    .. math::

        \operatorname{TD} = \frac{\left|\bigcup_{k=1}^{K} T_k\right|}{K \cdot \text{top\_n}}

    References
    ----------
    .. [1] Dieng, A. B., Ruiz, F. J. R., & Blei, D. M. (2020). Topic modeling in embedding spaces.
       *Transactions of the ACL*, 8, 439-453. https://doi.org/10.1162/tacl_a_00325
    .. [2] Terragni, S., Fersini, E., Galuzzi, B. G., Tropeano, P., & Candelieri, A. (2021).
       OCTIS: Comparing and optimizing topic models is simple! *EACL 2021: System
       Demonstrations*, 263-270. https://doi.org/10.18653/v1/2021.eacl-demos.31

    Examples
    --------
    Two topics of three words sharing one ("support"): 5 unique words of 6.

    >>> topic_diversity([["support", "holding", "time"], ["support", "referral", "gp"]], top_n=3)
    0.8333333333333334
    """
    topics = _check_topics(topic_words, "topic_diversity")
    check_scalar(top_n, "top_n", "topic_diversity", low=1, what="an int >= 1")
    short = [k for k, topic in enumerate(topics) if len(topic) < top_n]
    if short:
        raise InputError(
            f"topic_diversity: topic {short[0]} has {len(topics[short[0]])} words, fewer than "
            f"top_n={top_n}",
            expected=f"at least {top_n} words per topic, or a smaller top_n",
        )
    unique_words = set().union(*(topic[:top_n] for topic in topics))
    return len(unique_words) / (top_n * len(topics))
