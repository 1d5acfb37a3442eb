"""Change across waves: codes and topics by wave, and within the participants seen twice.

- :func:`wave_change`: each item's prevalence at each wave (participants' segments, with a
  bootstrap over participants) and, for the participants interviewed at both waves, who holds
  it at the first only, the second only or both (McNemar's exact test) and the mean paired
  change in the share of their segments (interval from resampling participants, sign-flip
  permutation p), both Holm-adjusted over items;
- :func:`wave_trajectories`: each paired participant's trajectory per item with a quote from
  each wave, traceable to its document and turn;
- :func:`code_waves`, :func:`topic_waves`: both for a study's codings (on coded documents)
  and its stable topics (on substantive segments);
- :func:`study_waves`, :func:`paired_participants`: whether a study has the waves to compare;
- :func:`wave_prevalence_table`, :func:`wave_change_table`, :func:`wave_trajectories_table`:
  the three for a reader.
"""

from analysis.waves._change import (
    BY_WAVE_COLUMNS,
    CHANGE_COLUMNS,
    EXACT_PAIRS,
    WaveChange,
    paired_participants,
    study_waves,
    wave_change,
)
from analysis.waves._study import code_waves, topic_waves
from analysis.waves._tables import (
    wave_change_table,
    wave_prevalence_table,
    wave_trajectories_table,
)
from analysis.waves._trajectories import TRAJECTORY_COLUMNS, wave_trajectories

__all__ = [
    "BY_WAVE_COLUMNS",
    "CHANGE_COLUMNS",
    "EXACT_PAIRS",
    "TRAJECTORY_COLUMNS",
    "WaveChange",
    "code_waves",
    "paired_participants",
    "study_waves",
    "topic_waves",
    "wave_change",
    "wave_change_table",
    "wave_prevalence_table",
    "wave_trajectories",
    "wave_trajectories_table",
]
