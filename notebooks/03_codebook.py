# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. The codebook against the coders, the topics and the data
#
# `analysis compare` set the team's deductive codebook (holding, discretion and their
# sub-codes) against four things. The **coders**: how far two people applying the same codebook
# agree, code by code. The **topics** found inductively: which codes a topic matches, and which
# topics no code covers (candidate emergent themes). The **data sources**: whether a code is
# applied as often to event outputs as to interviews. And the codebook's **next version**: which
# codes were renamed, merged, split or added. It also tried **assisted coding**: a classifier
# trained on one coder's codings, scored against the other coder on segments it never saw. Last,
# the codings are charted as a **framework matrix**: participants by codes, cell by cell, and
# codes and topics are followed **across waves** for the participants interviewed twice.

# %% tags=["parameters"]
from analysis.config import load_config

config = load_config()
seed = config.seed
study = config.study
processed = config.processed_path
reports = config.reports_path

# %%
# %matplotlib inline
import json

import pandas as pd
from IPython.display import display

from analysis.figures import (
    agreement_forest,
    code_prevalence_by_source,
    codes_topics_heatmap,
    cooccurrence_heatmap,
    learning_curve,
    set_house_style,
    wave_change_forest,
)
from analysis.framework import (
    count_tables,
    framework_matrix,
    write_framework_docx,
    write_framework_xlsx,
)
from analysis.pipeline import load_processed
from analysis.reports import (
    ReportRegistry,
    assisted_evaluation_table,
    differences_table,
    exemplar_quotes,
    next_to_code_table,
)
from analysis.tables import agreement_summary
from analysis.waves import (
    code_waves,
    paired_participants,
    study_waves,
    topic_waves,
    wave_change_table,
    wave_prevalence_table,
    wave_trajectories,
    wave_trajectories_table,
)

set_house_style()
processed_dir = config.root / processed
reports_dir = config.root / reports
compare_dir = processed_dir / "compare"
registry = ReportRegistry(reports_dir, "03_codebook", root=config.root)
codebook = load_processed(processed_dir).codebook
codebook_file = processed_dir / "codebook.parquet"
code_names = (
    {} if codebook is None else dict(zip(codebook["code_id"], codebook["name"], strict=True))
)
summary = json.loads((compare_dir / "summary.json").read_text(encoding="utf-8"))
if "agreement_pooled_alpha" in summary:
    print(
        f"Study {study!r}: {len(codebook)} codes; pooled Krippendorff's alpha "
        f"{summary['agreement_pooled_alpha']:.2f}"
    )
else:
    print(f"Study {study!r}: {summary.get('note', 'no comparison of codes')}")

# %% [markdown]
# ## Agreement between coders, code by code
#
# Each code's agreement is computed on segments both coders coded (a segment left uncoded by
# both is an agreed absence), with 95% intervals from a bootstrap that resamples whole
# documents. The dashed lines are Krippendorff's conventions: rely on a code from 0.8; draw
# tentative conclusions from 0.667. Rare codes have wide intervals whatever the coders do.

# %%
agreement_file = compare_dir / "agreement.csv"
if registry.needs(
    agreement_file,
    section="Agreement between coders",
    what="codings of the same documents by two or more coders",
):
    agreement = pd.read_csv(agreement_file)
    fig = agreement_forest(agreement, labels=code_names)
    registry.figure(
        fig,
        "agreement_forest",
        caption="Krippendorff's alpha per code with 95% cluster-bootstrap intervals, all codes "
        "pooled below.",
        inputs=[agreement_file, codebook_file],
    )

# %%
if registry.needs(
    agreement_file,
    section="Agreement table",
    what="codings of the same documents by two or more coders",
):
    agreement_table = agreement_summary(agreement, labels=code_names)
    unit = agreement["unit_of_agreement"].dropna().iloc[0]
    registry.table(
        agreement_table,
        "agreement",
        caption=f"Inter-coder agreement per code (unit: {unit}): estimate and 95% cluster-bootstrap "
        "interval.",
        inputs=[agreement_file, codebook_file],
    )
    display(agreement_table)

# %% [markdown]
# ## Codes against topics
#
# How many segments carry each code and fall in each topic. A code concentrated in one or two
# topics is something the topic model also sees; a code spread thinly across many is one it does
# not separate.

# %%
contingency_file = compare_dir / "contingency.csv"
if registry.needs(
    contingency_file,
    processed_dir / "topics" / "topics.parquet",
    section="Codes against topics",
    what="codings and topics",
):
    topics_file = processed_dir / "topics" / "topics.parquet"
    topics = pd.read_parquet(topics_file)
    fig = codes_topics_heatmap(pd.read_csv(contingency_file), value="n_both", labels=topics)
    registry.figure(
        fig,
        "codes_topics_heatmap",
        caption="Segments carrying each code (columns) in each topic (rows).",
        inputs=[contingency_file, topics_file],
    )

# %% [markdown]
# ## Codes applied together
#
# How often two codes are applied to the same segment (either coder). The diagonal, in grey,
# is the number of segments with the code at all.

# %%
if registry.needs(
    compare_dir / "cooccurrence.csv", section="Codes applied together", what="codings"
):
    cooccurrence_file = compare_dir / "cooccurrence.csv"
    fig = cooccurrence_heatmap(pd.read_csv(cooccurrence_file), value="n_both")
    registry.figure(
        fig,
        "cooccurrence_heatmap",
        caption="Co-occurrence of codes on the same segment; diagonal: segments with the code.",
        inputs=[cooccurrence_file],
    )

# %% [markdown]
# ## Codes in interviews and at events
#
# The share of interview and event segments carrying each code (a parent code counts when any
# of its sub-codes is applied), with 95% intervals resampling documents. Event outputs are
# short notes written by groups, so codes that need a story (prolonged support, say) may be
# rarer there.

# %%
if registry.needs(compare_dir / "code_prevalence.csv", section="Codes by source", what="codings"):
    code_prevalence_file = compare_dir / "code_prevalence.csv"
    code_prevalence = pd.read_csv(code_prevalence_file)
    by_source = code_prevalence[code_prevalence["group_by"] == "source"].rename(
        columns={"group": "source"}
    )
    fig = code_prevalence_by_source(by_source, labels=code_names)
    registry.figure(
        fig,
        "code_prevalence_by_source",
        caption="Share of interview and event segments carrying each code, with 95% "
        "cluster-bootstrap intervals.",
        inputs=[code_prevalence_file, codebook_file],
    )

# %%
code_differences_file = compare_dir / "code_differences.csv"
if registry.needs(
    code_differences_file,
    section="Codes in interviews and at events",
    what="coded interviews and coded events both",
):
    code_differences = differences_table(pd.read_csv(code_differences_file), n=len(codebook))
    code_differences.insert(1, "Name", code_differences["Code"].map(code_names))
    registry.table(
        code_differences,
        "code_differences",
        caption="Code prevalence in interviews and at events: difference in percentage points with "
        "95% cluster-bootstrap interval and Holm-adjusted permutation p, largest first.",
        inputs=[code_differences_file, codebook_file],
        float_format="{:.1f}",
    )
    display(code_differences)

# %% [markdown]
# ## Emergent themes: topics the codebook does not cover
#
# Topics most of whose segments in coded documents carry no code: candidate themes for the
# codebook's next version. Chatter topics (greetings, a dropped video call) are left out; a
# topic that does not come back when the model is refitted to resampled segments is marked
# unstable, and is a lead to check rather than a finding. The quote is the topic's most typical
# segment.

# %%
if registry.needs(
    compare_dir / "emergent.csv", section="Emergent themes", what="codings and topics"
):
    emergent_file = compare_dir / "emergent.csv"
    emergent_quotes_file = compare_dir / "emergent_quotes.csv"
    emergent = pd.read_csv(emergent_file)
    quotes = exemplar_quotes(pd.read_csv(emergent_quotes_file), width=180)
    emergent_table = pd.DataFrame(
        {
            "Topic": emergent["topic"],
            "Label": emergent["label"],
            "Segments": emergent["size"],
            "Coded (%)": (100 * emergent["share_coded"]).round(1),
            "Stable": ["" if pd.isna(v) else "yes" if v else "no" for v in emergent["stable"]],
            "Exemplar quote": emergent["topic"].map(quotes).fillna(""),
        }
    )
    registry.table(
        emergent_table,
        "emergent_themes",
        caption="Candidate emergent themes: topics most of whose segments in coded documents carry "
        "no code, with the share that do, whether the topic is stable under resampling, and a "
        "representative quote.",
        inputs=[emergent_file, emergent_quotes_file],
        float_format="{:.1f}",
    )
    display(emergent_table)

# %% [markdown]
# ## From one codebook version to the next
#
# Codes are matched between versions by their names and definitions (embedded, compared by
# cosine similarity): the same, renamed, merged, split, added or removed.

# %%
versions_file = compare_dir / "codebook_versions.csv"
if registry.needs(
    versions_file,
    section="Codebook versions",
    what="second codebook version",
):
    versions = pd.read_csv(versions_file)
    versions_table = pd.DataFrame(
        {
            "Change": versions["change"].str.capitalize(),
            "Old code(s)": versions["old_ids"].fillna("").str.replace(";", ", "),
            "New code(s)": versions["new_ids"].fillna("").str.replace(";", ", "),
            "Definition similarity": versions["definition_similarity"],
            "What changed": versions["explanation"],
        }
    )
    registry.table(
        versions_table,
        "codebook_versions",
        caption=f"Codebook changes from {versions['old'].iloc[0]} to {versions['new'].iloc[0]}, "
        "found by comparing code names and definitions.",
        inputs=[versions_file],
    )
    display(versions_table)

# %% [markdown]
# ## Assisted coding
#
# A classifier per code (a logistic regression on the segments' sentence embeddings, the code's
# definition one more example), trained on one coder's codings of some documents, suggests codes
# for the segments of documents it has not seen; its agreement with that coder there (Cohen's
# kappa) is set beside the second coder's agreement with the first on the same segments.
# Suggestions are kept apart from the human codings.

# %%
assisted_file = compare_dir / "assisted_evaluation.csv"
if registry.needs(
    assisted_file,
    section="Assisted coding",
    what="codebook with codings to learn from",
):
    assisted = pd.read_csv(assisted_file)
    assisted_table = assisted_evaluation_table(assisted, code_names)
    registry.table(
        assisted_table,
        "assisted_coding",
        caption="Assisted coding on held-out segments: agreement of the suggested codes with the "
        "held-out coder, beside the two coders' agreement.",
        inputs=[assisted_file, codebook_file],
    )
    display(assisted_table)
    themes_file = compare_dir / "assisted_evaluation_themes.csv"
    if themes_file.is_file():
        themes = pd.read_csv(themes_file)
        themes_table = assisted_evaluation_table(themes, code_names, level="Theme")
        registry.table(
            themes_table,
            "assisted_coding_themes",
            caption="Assisted coding by theme: a segment is suggested a theme when any code "
            "under it is suggested, and carries it when the coder applied the theme or a code "
            "under it.",
            inputs=[themes_file, codebook_file],
        )
        display(themes_table)

# %% [markdown]
# How many segments must be coded by hand before the suggestions are worth reading? The same
# held-out documents, scored by suggesters that learnt from growing shares of the coder's other
# documents, beside the second coder's agreement on the same segments.

# %%
curve_file = compare_dir / "assisted_learning_curve.csv"
if registry.needs(
    curve_file,
    section="Assisted coding: learning curve",
    what="codebook with codings to learn from",
):
    curve = pd.read_csv(curve_file)
    if curve["kappa"].notna().any():
        registry.figure(
            learning_curve(curve),
            "assisted_learning_curve",
            caption="Assisted coding's mean per-code kappa with the coder on held-out documents, "
            "by the number of coded segments it learnt from; dashed: the second coder.",
            inputs=[curve_file],
        )
    curve_table = curve.rename(
        columns={
            "train_share": "Share of training documents",
            "n_train_documents": "Documents",
            "n_examples": "Coded segments",
            "kappa": "Mean kappa with the coder",
            "human_kappa": "Second coder's kappa",
            "n_codes_learnt": "Codes learnt",
        }
    )
    registry.table(
        curve_table,
        "assisted_learning_curve_table",
        caption="Assisted coding's agreement by the share of the coder's training documents "
        "it learnt from (the same held-out documents throughout).",
        inputs=[curve_file],
    )
    display(curve_table)

# %% [markdown]
# What to code next: for each code, the uncoded segments most likely to carry it, with the
# calibrated probability and, as the reason, the coded segment they are most like. Reading
# these first is the quickest way to find more of a code (or to see what the model gets wrong).

# %%
next_file = compare_dir / "next_to_code.csv"
if registry.needs(
    next_file,
    processed_dir / "segments.parquet",
    section="Assisted coding: what to code next",
    what="codebook with codings to learn from, and uncoded documents",
):
    next_table = next_to_code_table(
        pd.read_csv(next_file),
        pd.read_parquet(processed_dir / "segments.parquet"),
        code_names,
    )
    registry.table(
        next_table,
        "next_to_code",
        caption="Uncoded segments most likely to carry each code (top 3), with the coded segment "
        "each is most like; pseudonymised text.",
        inputs=[next_file, processed_dir / "segments.parquet"],
    )
    display(next_table)

# %% [markdown]
# ## Framework matrix: cases by codes
#
# The Framework Method's charting (Gale et al. 2013, doi:10.1186/1471-2288-13-117): a row per
# participant (grouped by role), a column per code under its theme, each cell that participant's
# coded segments for the code: how many, what share of what they said, and the quotes with
# their source. Read across a row for a case, down a column for a theme. The workbook (one sheet
# per theme, as charting is done) and the Word document hold the quotes; the tables below show
# the counts. With two coders both are charted, each quote marked with who applied it; only
# documents someone coded are charted, so an empty cell means nothing was found there.

# %%
loaded = load_processed(processed_dir)
matrix = None
if loaded.codebook is not None and len(loaded.codings) > 0:
    matrix = framework_matrix(
        loaded.segments,
        loaded.codings,
        loaded.codebook,
        loaded.participants,
        coverage=loaded.coverage,
    )
if registry.needs(
    matrix is not None and not matrix.cases.empty,
    section="Framework matrix",
    what="codebook with codings of participants' documents",
):
    framework_inputs = [
        processed_dir / "segments.parquet",
        processed_dir / "codings.parquet",
        processed_dir / "participants.parquet",
        codebook_file,
    ]
    print(
        f"Framework matrix: {len(matrix.cases)} cases × {len(matrix.codes)} codes under "
        f"{len(matrix.themes)} themes, coder {matrix.coder!r}"
    )
    registry.document(
        write_framework_xlsx(matrix, reports_dir / "tables" / "framework.xlsx"),
        caption="Framework matrix as a workbook: one sheet per theme, cases by codes, each cell "
        "the coded quotes with their source; sheet Quotes lists every charted segment.",
        inputs=framework_inputs,
    )
    registry.document(
        write_framework_docx(matrix, reports_dir / "tables" / "framework.docx"),
        caption="Framework matrix as a Word document (up to three quotes a cell).",
        inputs=framework_inputs,
    )
    for number, (theme_id, theme_table) in enumerate(count_tables(matrix).items(), start=1):
        registry.table(
            theme_table,
            f"framework_theme{number}",
            caption=f"Framework matrix, theme {theme_id}: each participant's segments coded with "
            "each code (share of their segments); – none.",
            inputs=framework_inputs,
        )
        display(theme_table)
    display(matrix.set_aside)

# %% [markdown]
# ## Change across waves
#
# Participants interviewed twice (link workers re-interviewed after 9-12 months) say what
# appears, grows or fades for the same people. For each code and each stable topic: how common
# it is at each wave, and, among the participants seen at both, who holds it at the first wave
# only, the second only or both (McNemar's exact test), and the mean change in the share of
# their segments with an interval from resampling participants and a sign-flip permutation test
# (both Holm-adjusted over the codes or topics). Codes are counted on coded documents only
# (any coder's codings), topics on the substantive segments of every interview. With few
# participants seen twice an interval is wide and no test is significant: the figure says how
# many there are.

# %%
wave_order = study_waves(loaded.interviews)
paired = paired_participants(loaded.interviews)
print(f"Waves: {wave_order}; {len(paired)} participants interviewed at two waves")
waves_inputs = [processed_dir / "segments.parquet", processed_dir / "interviews.parquet"]
codes_by_wave = None
if matrix is not None:
    codes_by_wave = code_waves(
        loaded.segments,
        loaded.interviews,
        loaded.codings,
        loaded.coverage,
        codes=matrix.codes["code_id"].tolist(),
        seed=seed,
    )
code_inputs = [*waves_inputs, processed_dir / "codings.parquet", codebook_file]
if registry.needs(
    codes_by_wave is not None,
    section="Codes by wave",
    what="coded interviews at two waves",
):
    code_prevalence_table = wave_prevalence_table(codes_by_wave.by_wave, code_names)
    registry.table(
        code_prevalence_table,
        "wave_prevalence_codes",
        caption="Codes at each wave, over every coded interview of that wave: participants whose "
        "coded interviews hold the code, and the share of their segments coded with it.",
        inputs=code_inputs,
    )
    display(code_prevalence_table)
if registry.needs(
    codes_by_wave is not None and codes_by_wave.n_pairs > 0,
    section="Codes across waves",
    what="coded interviews of the same participants at two waves",
):
    code_groups = dict(zip(matrix.codes["code_id"], matrix.codes["theme_name"], strict=True))
    first_wave, second_wave = codes_by_wave.waves
    registry.figure(
        wave_change_forest(
            codes_by_wave.change, labels=code_names, groups=code_groups, waves=codes_by_wave.waves
        ),
        "wave_change_codes",
        caption=f"Change in each code between waves {first_wave} and {second_wave} among the "
        f"{codes_by_wave.n_pairs} participants coded at both: mean change in the share of their "
        "segments, 95% interval from resampling participants.",
        inputs=code_inputs,
    )
    code_change_table = wave_change_table(
        codes_by_wave.change, code_names, waves=codes_by_wave.waves
    )
    registry.table(
        code_change_table,
        "wave_change_codes",
        caption="Codes across waves among participants coded at both: who holds each code at one "
        "wave only or both, and the paired change in share of segments (Holm-adjusted p).",
        inputs=code_inputs,
    )
    display(code_change_table)

# %%
topics_file = processed_dir / "topics" / "topics.parquet"
assignments_file = processed_dir / "topics" / "assignments.parquet"
topics_by_wave = None
if topics_file.is_file() and assignments_file.is_file():
    wave_topics = pd.read_parquet(topics_file)
    topics_by_wave = topic_waves(
        loaded.segments,
        loaded.interviews,
        wave_topics,
        pd.read_parquet(assignments_file),
        seed=seed,
    )
topic_inputs = [*waves_inputs, topics_file, assignments_file]
if registry.needs(
    topics_by_wave is not None,
    section="Topics by wave",
    what="topics of interviews at two waves",
):
    topic_names = dict(zip(wave_topics["topic"], wave_topics["label"], strict=True))
    topic_prevalence_table = wave_prevalence_table(
        topics_by_wave.by_wave, topic_names, item="Topic"
    )
    registry.table(
        topic_prevalence_table,
        "wave_prevalence_topics",
        caption="Stable topics at each wave, over every interview of that wave: participants "
        "whose interviews hold the topic, and the share of their substantive segments in it.",
        inputs=topic_inputs,
    )
    display(topic_prevalence_table)
if registry.needs(
    topics_by_wave is not None and topics_by_wave.n_pairs > 0,
    section="Topics across waves",
    what="topics of the same participants' interviews at two waves",
):
    first_wave, second_wave = topics_by_wave.waves
    registry.figure(
        wave_change_forest(topics_by_wave.change, labels=topic_names, waves=topics_by_wave.waves),
        "wave_change_topics",
        caption=f"Change in each stable topic between waves {first_wave} and {second_wave} among "
        f"the {topics_by_wave.n_pairs} participants interviewed at both: mean change in the share "
        "of their substantive segments, 95% interval from resampling participants.",
        inputs=topic_inputs,
    )
    topic_change_table = wave_change_table(
        topics_by_wave.change, topic_names, waves=topics_by_wave.waves, item="Topic"
    )
    registry.table(
        topic_change_table,
        "wave_change_topics",
        caption="Stable topics across waves among participants interviewed at both: who holds "
        "each topic at one wave only or both, and the paired change in share of segments "
        "(Holm-adjusted p).",
        inputs=topic_inputs,
    )
    display(topic_change_table)
    changed = topics_by_wave.change.sort_values("p_holm", kind="stable")
    changed_topics = changed.loc[changed["direction"] != "no clear change", "item"].tolist()
    trajectory_table = wave_trajectories_table(
        wave_trajectories(topics_by_wave, loaded.segments, loaded.participants),
        topic_names,
        waves=topics_by_wave.waves,
        items=changed_topics or changed["item"].head(2).tolist(),
    )
    registry.table(
        trajectory_table,
        "wave_trajectories",
        caption="Trajectories of the participants interviewed at both waves for the topics that "
        "grow or fade (or, when none does, the two with the most evidence of change), with a "
        "quote from each wave; pseudonymised text.",
        inputs=topic_inputs,
    )
    display(trajectory_table)
