"""The planted structure of the synthetic demo study: what is true by construction.

The generator writes every turn and event note *for* one theme listed here, codes it with two
coders whose agreement per code is planted, and revises the codebook in planned ways. Tests and
benchmarks read the same constants (and the ground-truth files the generator writes under
``data/raw/demo/truth/``) to check that the pipeline recovers them.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CODEBOOK_CHANGES",
    "CODERS",
    "CODES_V1",
    "EMERGENT_THEMES",
    "FEEDBACK_THEME",
    "NO_THEME",
    "PLANTED_KAPPA",
    "ROLES",
    "THEMES",
    "WAVE_CHANGE",
    "second_coder",
]

#: Leaf codes of codebook version 1 (the version the coders used). Parents: HOLD, DISC.
CODES_V1 = (
    "HOLD-PROLONG",  # prolonged, open-ended support
    "HOLD-CONTAIN",  # the link worker as a container for emotions
    "HOLD-NOGOAL",  # engaging without a particular goal
    "HOLD-NOREFER",  # not necessarily connecting people to services
    "DISC-LENGTH",  # discretion over how long to support someone
    "DISC-PLACE",  # where people are seen: home vs clinic, going out in pairs
    "DISC-TRAIN",  # mandatory vs self-chosen training
    "DISC-REFER",  # referral criteria, co-produced with primary care
    "DISC-SPEC",  # specialist / service-specific link workers have less discretion
)

#: Themes the codebook does not hold: topic modelling should discover them.
EMERGENT_THEMES = (
    "caseload_burnout",
    "funding_commissioning",
    "recording_systems",
    "vcs_capacity",
    "loneliness_isolation",
    "housing_debt",
)

#: Turns written for no theme: greetings, fillers, short acknowledgements, interviewer prompts.
NO_THEME = "none"

#: Attendee feedback on an event itself (event data only).
FEEDBACK_THEME = "event_feedback"

THEMES = (*CODES_V1, *EMERGENT_THEMES, NO_THEME, FEEDBACK_THEME)

#: The planted change between waves: a theme's weight in first- and second-wave interviews is
#: multiplied by these factors. Talk of funding and commissioning grows (contracts were up for
#: renewal by the second wave) and talk of recording systems fades (the new platform was being
#: brought in at the first and had bedded in by the second); the truth folder's
#: ``wave_change.csv`` lists both.
WAVE_CHANGE = {"funding_commissioning": (0.05, 6.0), "recording_systems": (6.0, 0.05)}

ROLES = ("link_worker", "patient", "gp_staff", "lw_manager", "vcse_partner")

#: The two coders of the demo study (pseudonymous initials, as CAQDAS user names).
CODERS = ("R1", "R2")

#: Planted chance-corrected agreement of coder R2 with coder R1, per code: R2 copies R1's
#: decision with this probability and otherwise draws independently at R1's prevalence, so the
#: expected Cohen's kappa equals the value (see :func:`second_coder`).
PLANTED_KAPPA = {
    "HOLD-PROLONG": 0.85,
    "HOLD-CONTAIN": 0.75,
    "HOLD-NOGOAL": 0.40,
    "HOLD-NOREFER": 0.30,
    "DISC-LENGTH": 0.80,
    "DISC-PLACE": 0.90,
    "DISC-TRAIN": 0.60,
    "DISC-REFER": 0.70,
    "DISC-SPEC": 0.50,
}

#: How codebook version 2 revises version 1 (old ids -> new ids).
CODEBOOK_CHANGES = (
    {"change": "renamed", "v1": ("HOLD-CONTAIN",), "v2": ("HOLD-EMOTION",)},
    {"change": "merged", "v1": ("HOLD-NOGOAL", "HOLD-NOREFER"), "v2": ("HOLD-OPEN",)},
    {"change": "split", "v1": ("DISC-PLACE",), "v2": ("DISC-SETTING", "DISC-PAIRS")},
    {"change": "added", "v1": (), "v2": ("CASELOAD",)},
)


def second_coder(first: np.ndarray, kappa: float, rng: np.random.Generator) -> np.ndarray:
    """Plant a second coder's presence/absence decisions with a target agreement.

    Parameters
    ----------
    first : ndarray of bool
        The first coder's decisions for one code over the coded units.
    kappa : float
        Target chance-corrected agreement in [0, 1].
    rng : numpy.random.Generator
        Source of randomness (seeded by the caller).

    Returns
    -------
    ndarray of bool

    Notes
    -----
    With probability ``kappa`` the second coder copies the first; otherwise the decision is an
    independent Bernoulli draw at the first coder's prevalence :math:`p`. Both coders then have
    marginal :math:`p`, observed agreement :math:`p_o = \\kappa + (1-\\kappa)p_e` with
    :math:`p_e = p^2 + (1-p)^2`, so Cohen's :math:`(p_o - p_e)/(1 - p_e) = \\kappa` in expectation.
    """
    first = np.asarray(first, dtype=bool)
    prevalence = first.mean() if first.size else 0.0
    copy = rng.random(first.size) < kappa
    independent = rng.random(first.size) < prevalence
    return np.where(copy, first, independent)
