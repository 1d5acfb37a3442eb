"""Figures: each function returns a Figure with the expected artists; saving is deterministic."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, QuadMesh
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from analysis.demo.events import ASPECTS, POSITIONS
from analysis.errors import InputError
from analysis.figures import (
    KRIPPENDORFF_THRESHOLDS,
    SINGLE_COLUMN,
    SOURCE_COLOURS,
    agreement_forest,
    code_prevalence_by_source,
    codes_topics_heatmap,
    cooccurrence_heatmap,
    corpus_composition,
    discretion_by_aspect,
    learning_curve,
    save_figure,
    scale_bars,
    scale_colours,
    set_house_style,
    topic_overview,
    topic_prevalence,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def segments_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "segment_id": [f"s{i}" for i in range(8)],
            "doc_id": ["LW01"] * 3 + ["PT01"] * 2 + ["LW01", "E1-notes", "E1-notes"],
            "source": ["interview"] * 6 + ["event"] * 2,
            "role": ["link_worker"] * 3 + ["patient"] * 2 + ["interviewer", "attendee", "attendee"],
            "is_interviewer": [False] * 5 + [True, False, False],
            "text": ["a b c", "d e", "f", "g h i j", "k", "question?", "note one", "note two"],
        }
    )


def topics_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "topic": [-1, 0, 1, 2],
            "size": [10, 50, 30, 10],
            "share": [0.1, 0.5, 0.3, 0.1],
            "label": ["Outliers", "debt, benefits", "Holding: prolonged support", "training"],
            "words": [
                "x; y",
                "debt; benefits; housing; forms; bills; council tax; credit; rent; advice",
                "weeks; months; ending; goal; trust",
                "training; modules; course",
            ],
        }
    )


def prevalence_table(item: str = "topic", items=(-1, 0, 1, 2)) -> pd.DataFrame:
    rows = []
    for source in ("event", "interview"):
        for value in items:
            rows.append(
                {
                    "source": source,
                    item: value,
                    "n_clusters": 5,
                    "n_segments": 40,
                    "n_with_item": 8,
                    "prevalence": 0.2,
                    "ci_low": 0.1,
                    "ci_high": 0.3,
                }
            )
    return pd.DataFrame(rows)


def agreement_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code_id": ["DISC", "HOLD", "NEVER", "(all codes, pooled)"],
            "unit_of_agreement": ["segment presence/absence"] * 4,
            "n_units": [50] * 4,
            "krippendorff_alpha": [0.85, 0.6, np.nan, 0.72],
            "krippendorff_alpha_lo": [0.75, 0.45, np.nan, 0.66],
            "krippendorff_alpha_hi": [0.93, 0.74, np.nan, 0.79],
            "cohen_kappa": [0.85, 0.6, np.nan, 0.72],
            "cohen_kappa_lo": [0.75, 0.45, np.nan, 0.66],
            "cohen_kappa_hi": [0.93, 0.74, np.nan, 0.79],
        }
    )


def discretion_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["E1", "E1", "E1", "E2", "E2", "E2"],
            "aspect": ["training", "training", "referrals", "training", "referrals", "referrals"],
            "position": pd.Categorical(
                ["more", "much less", "as now", "more", "less", "more"],
                categories=list(POSITIONS),
                ordered=True,
            ),
            "text": ["a", "b", "c", "d", "e", "f"],
        }
    )


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def all_figures() -> list[Figure]:
    co = pd.DataFrame([[5, 2], [2, 4]], index=["A", "B"], columns=["A", "B"])
    contingency = pd.DataFrame({"code_id": ["A", "A", "B"], "topic": [0, 1, 1], "count": [3, 1, 4]})
    return [
        corpus_composition(segments_table()),
        topic_overview(topics_table()),
        topic_prevalence(prevalence_table(), labels=topics_table()),
        code_prevalence_by_source(prevalence_table("code_id", ["DISC", "HOLD"])),
        codes_topics_heatmap(contingency),
        cooccurrence_heatmap(co),
        agreement_forest(agreement_table()),
        discretion_by_aspect(discretion_table()),
    ]


def test_every_figure_function_returns_a_figure_with_text_no_smaller_than_7pt():
    for fig in all_figures():
        assert isinstance(fig, Figure)
        sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text()]
        assert min(sizes) >= 7


def test_figure_functions_draw_in_house_style_without_changing_global_settings():
    before = dict(mpl.rcParams)
    fig = corpus_composition(segments_table())
    assert mpl.rcParams == before
    assert fig.axes[0].get_yticklabels()[0].get_fontsize() == 7


def test_set_house_style_sets_colour_blind_palette_and_small_print_sizes():
    with mpl.rc_context():
        set_house_style()
        colours = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
        assert colours[:2] == [SOURCE_COLOURS["interview"], SOURCE_COLOURS["event"]]
        assert mpl.rcParams["xtick.labelsize"] == 7


def test_corpus_composition_draws_segments_and_words_per_role_without_interviewer():
    fig = corpus_composition(segments_table())
    segments_ax, words_ax = fig.axes
    widths = {
        t.get_text(): p.get_width()
        for t, p in zip(segments_ax.get_yticklabels(), bars(segments_ax), strict=True)
    }
    assert widths == {"Link worker": 3, "Patient": 2, "Attendee": 2}
    assert sorted(p.get_width() for p in bars(words_ax)) == [4, 5, 6]
    event_bar = bars(segments_ax)[-1]
    assert mpl.colors.to_hex(event_bar.get_facecolor()) == SOURCE_COLOURS["event"].lower()
    with_interviewer = corpus_composition(segments_table(), include_interviewer=True)
    assert "Interviewer" in texts(with_interviewer)


def test_topic_overview_skips_outliers_and_lists_top_words():
    fig = topic_overview(topics_table(), n_words=3)
    bar_ax, words_ax = fig.axes
    assert len(bars(bar_ax)) == 3
    labels = [t.get_text() for t in bar_ax.get_yticklabels()]
    assert labels[0] == "0: debt, benefits" and not any("Outliers" in lab for lab in labels)
    assert "debt, benefits, housing" in texts(fig)
    with pytest.raises(InputError, match="n_words"):
        topic_overview(topics_table(), n_words=0)
    marked = topics_table().assign(stable=pd.array([pd.NA, True, False, pd.NA], dtype="boolean"))
    labels = [t.get_text() for t in topic_overview(marked).axes[0].get_yticklabels()]
    assert [("(unstable)" in lab) for lab in labels] == [False, True, False]


def test_topic_overview_of_many_topics_draws_one_bar_per_group_at_a_readable_height():
    n = 60
    many = pd.DataFrame(
        {
            "topic": range(n),
            "size": [100 - i for i in range(n)],
            "label": [f"theme {i}" for i in range(n)],
            "words": ["a; b; c"] * n,
            "group": pd.array([i % 12 if i < 58 else pd.NA for i in range(n)], dtype="Int64"),
            "group_label": [f"group {i % 12}" if i < 58 else pd.NA for i in range(n)],
        }
    )
    many["share"] = many["size"] / many["size"].sum()
    fig = topic_overview(many, max_rows=20)
    bar_ax, _ = fig.axes
    assert len(bars(bar_ax)) == 13  # twelve groups and one row for the ungrouped topics
    assert fig.get_size_inches()[1] < 9  # fits a journal page at 300 dpi
    assert "group 0" in texts(fig) and "Chatter and other" in texts(fig)
    without_groups = topic_overview(many.drop(columns=["group", "group_label"]), max_rows=20)
    assert len(bars(without_groups.axes[0])) == 20
    assert "40 smaller topics not shown" in without_groups.axes[1].get_title(loc="left")


def test_topic_prevalence_of_many_topics_draws_the_most_common_only():
    table = prevalence_table(items=range(40))
    fig = topic_prevalence(table, max_topics=10)
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == 10
    assert "30 less common not shown" in ax.get_xlabel()


def test_topic_prevalence_draws_an_interval_and_dot_per_group_and_topic():
    fig = topic_prevalence(prevalence_table(), labels=topics_table())
    ax = fig.axes[0]
    intervals = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(intervals) == 2  # one per group
    assert all(len(c.get_segments()) == 3 for c in intervals)  # outlier topic left out
    segment = intervals[0].get_segments()[0]
    assert segment[0][0] == pytest.approx(0.1) and segment[1][0] == pytest.approx(0.3)
    label = ax.get_yticklabels()[1].get_text()
    assert label == "1: Holding: prolonged\nsupport"  # long labels wrap
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Interview", "Event"]


def test_code_prevalence_by_source_colours_interviews_and_events_apart():
    fig = code_prevalence_by_source(prevalence_table("code_id", ["DISC", "HOLD"]))
    intervals = [c for c in fig.axes[0].collections if isinstance(c, LineCollection)]
    colours = {mpl.colors.to_hex(c.get_color()[0]) for c in intervals}
    assert colours == {SOURCE_COLOURS["interview"].lower(), SOURCE_COLOURS["event"].lower()}


def test_codes_topics_heatmap_draws_long_and_wide_tables_alike():
    long = pd.DataFrame(
        {"code_id": ["A", "A", "B", "B"], "topic": [0, -1, 0, 1], "n_segments": [3, 1, 4, 2]}
    )
    wide = long.pivot(index="code_id", columns="topic", values="n_segments").fillna(0)
    from_long = codes_topics_heatmap(long, labels=topics_table())
    from_wide = codes_topics_heatmap(wide, labels=topics_table())
    ax = from_long.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["0: debt, benefits", "1: Holding: prolonged support", "Outliers"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B"]
    mesh = ax.findobj(QuadMesh)[0]
    assert mesh.get_array().reshape(3, 2).tolist() == [[3, 4], [0, 2], [1, 0]]
    assert np.array_equal(mesh.get_array(), from_wide.axes[0].findobj(QuadMesh)[0].get_array())
    assert {"3", "4", "2"} <= set(texts(from_long))


def test_cooccurrence_heatmap_counts_a_pair_given_one_way_once_and_hides_upper_triangle():
    long = pd.DataFrame(
        {
            "code_a": ["A", "A", "B", "A"],
            "code_b": ["A", "B", "B", "C"],
            "count": [5, 2, 4, 1],
        }
    )
    fig = cooccurrence_heatmap(long)
    mesh = fig.axes[0].findobj(QuadMesh)[0]
    values = np.ma.filled(mesh.get_array().reshape(3, 3).astype(float), np.nan)
    # Lower triangle only, diagonal printed outside the colour scale.
    assert values[1, 0] == 2 and values[2, 0] == 1
    assert np.isnan(values[0, 1]) and np.isnan(values[0, 0])
    assert {"5", "4", "2", "1"} <= set(texts(fig))


def test_agreement_forest_sets_pooled_row_apart_with_thresholds_and_na():
    fig = agreement_forest(agreement_table())
    ax = fig.axes[0]
    labels = ax.get_yticklabels()
    assert [t.get_text() for t in labels] == ["DISC", "HOLD", "NEVER", "All codes (pooled)"]
    assert labels[-1].get_fontweight() == "bold"
    positions = [t.get_position()[1] for t in labels]
    assert positions[-1] - positions[-2] > positions[1] - positions[0]  # a gap before pooled
    vertical = sorted(
        line.get_xdata()[0]
        for line in ax.get_lines()
        if line.get_xdata()[0] == line.get_xdata()[-1] and len(line.get_xdata()) == 2
    )
    assert vertical == list(KRIPPENDORFF_THRESHOLDS)
    assert "n/a" in texts(fig)
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    assert (
        "0.667" in legend
        and "0.8" in legend
        and "Krippendorff" in fig.legends[0].get_title().get_text()
    )


def test_agreement_forest_draws_no_thresholds_for_other_coefficients():
    fig = agreement_forest(agreement_table(), coefficient="cohen_kappa")
    assert not fig.legends
    assert "Cohen's κ" in fig.axes[0].get_xlabel()


def test_discretion_by_aspect_draws_a_study_scale_of_even_length_centred_between_its_middle():
    table = pd.DataFrame(
        {
            "aspect": ["waits"] * 4,
            "position": ["strongly disagree", "disagree", "agree", "agree"],
        }
    )
    scale = ["strongly disagree", "disagree", "agree", "strongly agree"]
    fig = discretion_by_aspect(table, by=None, positions=scale, title="Agreement")
    (ax,) = fig.axes
    drawn = sorted((p.get_x(), p.get_width()) for p in bars(ax))
    assert drawn == [(-2.0, 1.0), (-1.0, 1.0), (0.0, 2.0)]  # disagreeing left of zero
    assert [t.get_text() for t in fig.legends[0].get_texts()] == scale
    assert fig.legends[0].get_title().get_text() == "Agreement"
    with pytest.raises(InputError, match="order of the scale"):
        discretion_by_aspect(table, by=None)


def test_discretion_by_aspect_bars_sum_to_counts_and_centre_as_now_on_zero():
    fig = discretion_by_aspect(discretion_table(), labels={"E1": "Bristol"}, aspects=ASPECTS)
    training, referrals = fig.axes  # ASPECTS order: training before referrals
    assert training.get_title(loc="left") == "Training"
    e1_training = [p for p in bars(training) if abs(p.get_y() + p.get_height() / 2) < 1e-9]
    assert sum(p.get_width() for p in e1_training) == 2  # "much less" + "more"
    assert [t.get_text() for t in training.get_yticklabels()] == ["Bristol", "E2"]
    as_now = [
        p
        for p in bars(referrals)
        if p.get_facecolor()[:3] == mpl.colors.to_rgb(scale_colours(POSITIONS)["as now"])
    ]
    assert len(as_now) == 1 and as_now[0].get_x() == pytest.approx(-0.5)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == list(POSITIONS)


def test_discretion_by_aspect_pools_events_into_one_bar_per_aspect():
    fig = discretion_by_aspect(discretion_table(), by=None, aspects=ASPECTS)
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Training", "Referrals"]
    assert sum(p.get_width() for p in bars(ax)) == 6


def test_scale_bars_draws_any_scale_column_in_one_panel_or_one_per_value():
    ratings = pd.DataFrame(
        {
            "event_id": ["W1", "W1", "W2", "W2"],
            "statement": ["waits", "kit", "waits", "waits"],
            "agreement": ["agree", "disagree", "neutral", None],
        }
    )
    scale = ["disagree", "neutral", "agree"]
    fig = scale_bars(ratings, "agreement", by=None, scale=scale, xlabel="Rows of ratings")
    (ax,) = fig.axes
    assert sum(p.get_width() for p in bars(ax)) == 3  # the row without a point is not drawn
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Agreement"]
    assert ax.get_xlabel() == "Rows of ratings"
    assert fig.legends[0].get_title().get_text() == "Agreement"
    fig = scale_bars(ratings, "agreement", within="statement", scale=scale)
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["Kit", "Waits"]
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == ["W1", "W2"]
    with pytest.raises(InputError, match="statement"):
        scale_bars(ratings.drop(columns="statement"), "agreement", within="statement", scale=scale)


@pytest.mark.parametrize(
    ("func", "table"),
    [
        (corpus_composition, pd.DataFrame({"source": ["interview"]})),
        (topic_overview, pd.DataFrame({"topic": [0]})),
        (topic_prevalence, pd.DataFrame({"source": ["event"], "topic": [0]})),
        (agreement_forest, pd.DataFrame({"code_id": ["A"]})),
        (discretion_by_aspect, pd.DataFrame({"aspect": ["training"]})),
    ],
)
def test_figure_functions_name_missing_columns(func, table):
    with pytest.raises(InputError, match="has no column"):
        func(table)


def test_save_figure_writes_identical_png_svg_pdf_bytes_on_every_run(tmp_path):
    def draw_and_save(folder):
        fig = agreement_forest(agreement_table())
        return save_figure(fig, tmp_path / folder / "forest")

    first = draw_and_save("one")
    with mpl.rc_context({"svg.hashsalt": None, "pdf.fonttype": 3}):
        second = draw_and_save("two")
    assert [p.name for p in first] == ["forest.png", "forest.svg", "forest.pdf"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert b"Matplotlib version" not in first[0].read_bytes()
    assert b"<dc:date>" not in first[1].read_bytes()
    assert b"CreationDate" not in first[2].read_bytes()


def test_save_figure_keeps_the_column_width_at_300_dpi(tmp_path):
    fig = corpus_composition(segments_table())
    (png,) = save_figure(fig, tmp_path / "corpus.v2", formats=("png",))
    assert png.name == "corpus.v2.png"
    with png.open("rb") as handle:
        header = handle.read(24)
    width = int.from_bytes(header[16:20], "big")
    assert width == round(SINGLE_COLUMN * 300)


def test_save_figure_refuses_unknown_format(tmp_path):
    fig = corpus_composition(segments_table())
    with pytest.raises(InputError, match="formats"):
        save_figure(fig, tmp_path / "x", formats=("jpg",))


@pytest.fixture(scope="module")
def demo():
    from analysis.ingest import ingest_study

    return ingest_study("data/raw/demo", progress=False)


def test_figures_draw_the_demo_study_segments_and_discretion_exercise(demo):
    corpus = corpus_composition(demo.segments)
    roles = [t.get_text() for t in corpus.axes[0].get_yticklabels()]
    assert "Link worker" in roles and "Attendee" in roles and "Interviewer" not in roles
    drawn = sum(p.get_width() for p in bars(corpus.axes[0]))
    assert drawn == (~demo.segments["is_interviewer"]).sum()

    fig = discretion_by_aspect(demo.events.discretion)
    assert [ax.get_title(loc="left") for ax in fig.axes] == [
        "Length of support",
        "Where patients are seen",
        "Training",
        "Referrals",
    ]
    total = sum(p.get_width() for ax in fig.axes for p in bars(ax))
    assert total == len(demo.events.discretion)


def test_learning_curve_draws_kappa_by_coded_examples_beside_the_second_coder():
    curve = pd.DataFrame({
        "train_share": [0.25, 0.5, 1.0], "n_train_documents": [1, 3, 6],
        "n_examples": [10, 40, 90], "kappa": [0.2, 0.5, 0.7], "human_kappa": [0.65] * 3,
        "n_codes_learnt": [4, 9, 9],
    })  # fmt: skip
    fig = learning_curve(curve)
    ax = fig.axes[0]
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == [10, 40, 90] and list(line.get_ydata()) == [0.2, 0.5, 0.7]
    assert [t.get_text() for t in ax.texts] == ["1 doc", "3 docs", "6 docs"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["suggestions", "second coder"]
    assert fig.get_size_inches()[0] == pytest.approx(SINGLE_COLUMN)
    without = learning_curve(curve.assign(human_kappa=float("nan")))
    assert len(without.axes[0].get_lines()) == 1  # no reference line without a second coder
    with pytest.raises(InputError, match="no share"):
        learning_curve(curve.assign(kappa=float("nan")))
