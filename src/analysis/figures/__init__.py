"""Figures for papers and blog posts, in one house style.

Every figure function takes a tidy table from another stage and returns a matplotlib
:class:`~matplotlib.figure.Figure`, drawn in the house style (:func:`set_house_style`: seaborn's
"ticks" look, the Okabe-Ito colour-blind-safe palette, 7-8 pt text) at a journal column width
(:data:`SINGLE_COLUMN` 3.5 in, :data:`DOUBLE_COLUMN` 7 in). Nothing is written to disk here
except by :func:`save_figure`, the one place that writes PNG (300 dpi), SVG and PDF with fixed
metadata, so ``make`` reruns give identical files.

- Corpus: :func:`corpus_composition`.
- Topics: :func:`topic_overview`, :func:`topic_prevalence`, :func:`codes_topics_heatmap`.
- Codes: :func:`code_prevalence_by_source`, :func:`cooccurrence_heatmap`,
  :func:`agreement_forest`, :func:`learning_curve` (assisted coding).
- Events: :func:`discretion_by_aspect` and :func:`scale_bars` (any ordered scale).
- Waves: :func:`wave_change_forest` (paired change between two waves).
"""

from analysis.figures._agreement import KRIPPENDORFF_THRESHOLDS, agreement_forest, learning_curve
from analysis.figures._corpus import corpus_composition
from analysis.figures._events import discretion_by_aspect, scale_bars, scale_colours
from analysis.figures._heatmaps import codes_topics_heatmap, cooccurrence_heatmap
from analysis.figures._save import save_figure
from analysis.figures._style import (
    DOUBLE_COLUMN,
    OKABE_ITO,
    SINGLE_COLUMN,
    SOURCE_COLOURS,
    house_rc,
    house_style,
    set_house_style,
)
from analysis.figures._topics import code_prevalence_by_source, topic_overview, topic_prevalence
from analysis.figures._waves import wave_change_forest

__all__ = [
    "DOUBLE_COLUMN",
    "KRIPPENDORFF_THRESHOLDS",
    "OKABE_ITO",
    "SINGLE_COLUMN",
    "SOURCE_COLOURS",
    "agreement_forest",
    "code_prevalence_by_source",
    "codes_topics_heatmap",
    "cooccurrence_heatmap",
    "corpus_composition",
    "discretion_by_aspect",
    "house_rc",
    "house_style",
    "learning_curve",
    "save_figure",
    "scale_bars",
    "scale_colours",
    "set_house_style",
    "topic_overview",
    "topic_prevalence",
    "wave_change_forest",
]
