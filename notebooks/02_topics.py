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
# # 2. Topics across interviews and events
#
# `analysis topics` fitted BERTopic to every participant segment with substance, interviews and
# event outputs together. Its parts give the same topics on any machine and for any seed: a
# diffusion map of the segments' embeddings and Ward's clustering in place of UMAP and HDBSCAN,
# spoken-English stop words, topic words by c-TF-IDF. Back-channels ("Yeah, that's fine.") are
# left out; topics made mostly of greetings, thanks and connection trouble are marked
# "(chatter)" and left out of the prevalence tables; each topic's stability (does it come back
# when the model is refitted to 80 % of the segments?) is given, and unstable topics are not
# findings. This notebook shows what it found: each topic's size and words, a quote that
# typifies it, how common each topic is in interviews and at events (and by participant role)
# with cluster-bootstrap intervals, the topics whose prevalence differs most between the two
# sources, and how the model scores against BERTopic's defaults, LDA and NMF. It ends with
# BERTopic's interactive views, saved as standalone web pages.
#
# Topic labels are the phrases a topic's own segments use most distinctively: they say what a
# topic is about, not what it means. Naming themes is the team's job; the quotes are there to
# help.

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

from analysis.embed import Embedder
from analysis.figures import DOUBLE_COLUMN, set_house_style, topic_overview, topic_prevalence
from analysis.pipeline import load_processed
from analysis.reports import ReportRegistry, differences_table, topic_views, topics_with_quotes
from analysis.topics import TopicResult

set_house_style()
processed_dir = config.root / processed
reports_dir = config.root / reports
topics_dir = processed_dir / "topics"
registry = ReportRegistry(reports_dir, "02_topics", root=config.root)
topics_file = topics_dir / "topics.parquet"
topics = pd.read_parquet(topics_file)
counted = json.loads((topics_dir / "counted.json").read_text(encoding="utf-8"))
left_out = ", ".join(f"{n} {why}" for why, n in counted["left_out"].items()) or "none"
print(
    f"Study {study!r}: {int((topics['topic'] != -1).sum())} topics, "
    f"{int(topics['chatter'].sum())} of them chatter and "
    f"{int((topics['stable'] == False).sum())} unstable; "  # noqa: E712 (missing is not False)
    f"{topics.loc[topics['topic'] == -1, 'size'].sum()} fitted segments left as outliers. "
    f"Prevalence counts {counted['counted']} participant segments (left out: {left_out})."
)

# %% [markdown]
# ## Topics at a glance
#
# Each bar is a topic's share of the fitted segments, with its number of segments; the words
# are the topic's top words, best first. With more than 14 topics, similar topics are drawn as
# one bar per group (every topic stays in the table below). The outliers (segments in groups
# too small to be a topic) are left out.

# %%
fig = topic_overview(topics)
registry.figure(
    fig,
    "topic_overview",
    caption="Topics found across interviews and events: share of segments and top words.",
    inputs=[topics_file],
)

# %% [markdown]
# ## The topics, with a quote each
#
# The quote is the segment most typical of the topic (closest to its centre), with the
# speaker's pseudonym and role; event quotes name the event document they come from.

# %%
quotes_file = topics_dir / "quotes.csv"
topic_table = topics_with_quotes(topics, pd.read_csv(quotes_file))
registry.table(
    topic_table,
    "topics",
    caption="Topics: label (top words), size, share of fitted segments and the most "
    "representative quote, with pseudonym and role.",
    inputs=[topics_file, quotes_file],
    float_format="{:.1f}",
)
topic_table

# %% [markdown]
# ## How common each topic is, by data source and by role
#
# Prevalence is the share of a group's segments in the topic; intervals are 95% bootstrap
# intervals resampling whole documents (interviews, event outputs), because segments of one
# document are not independent.

# %%
prevalence_file = topics_dir / "prevalence.csv"
prevalence = pd.read_csv(prevalence_file)
by_source = prevalence[prevalence["group_by"] == "source"]
fig = topic_prevalence(by_source, group="group", labels=topics)
registry.figure(
    fig,
    "topic_prevalence_by_source",
    caption="Share of interview and event segments in each topic, with 95% cluster-bootstrap "
    "intervals.",
    inputs=[prevalence_file, topics_file],
)

# %%
by_role = prevalence[prevalence["group_by"] == "role"]
fig = topic_prevalence(by_role, group="group", labels=topics, width=DOUBLE_COLUMN)
registry.figure(
    fig,
    "topic_prevalence_by_role",
    caption="Share of each role's segments in each topic, with 95% cluster-bootstrap intervals.",
    inputs=[prevalence_file, topics_file],
)

# %% [markdown]
# ## Where interviews and events differ most
#
# The topics whose prevalence differs most between interviews and events: the difference in
# percentage points with its bootstrap interval, a permutation p-value (permuting documents
# between the sources) adjusted for the number of topics by Holm's method, and whether the topic
# is stable under resampling. Unstable topics are left out (a difference in one is not a
# finding; `differences.csv` keeps them, marked). Prevalence counts the segments with substance
# outside chatter topics.

# %%
differences_file = topics_dir / "differences.csv"
if registry.needs(
    differences_file,
    section="Topics in interviews and at events",
    what="interviews and events both",
):
    differences = pd.read_csv(differences_file)
    n_left_out = int((~differences["finding"]).sum())
    differences = differences_table(differences[differences["finding"]], n=8)
    registry.table(
        differences,
        "topic_differences",
        caption="The eight stable topics whose prevalence differs most between interviews and "
        "events: prevalence in each, difference with 95% cluster-bootstrap interval, "
        f"Holm-adjusted permutation p ({n_left_out} unstable topics left out; every topic is in "
        "topics/differences.csv).",
        inputs=[differences_file],
        float_format="{:.1f}",
    )
    display(differences)

# %% [markdown]
# ## Our settings against BERTopic's defaults, LDA and NMF
#
# Every model is fitted to the same segments. NPMI coherence and topic diversity need no ground
# truth; stability is the agreement (ARI) between fits with different seeds (ours has no random
# part, so its fits agree); where the study has planted or hand-labelled themes (the demo study
# has), ARI and NMI say how well the topics recover them (means over the seeds).

# %%
evaluation_file = topics_dir / "evaluation.csv"
evaluation = pd.read_csv(evaluation_file)
evaluation_table = evaluation.drop(columns=["note"]).rename(
    columns={
        "model": "Model",
        "n_topics": "Topics",
        "n_assigned": "Segments",
        "outlier_share": "Outliers",
        "npmi": "NPMI",
        "diversity": "Diversity",
        "stability_ari": "Stability (ARI)",
        "seconds": "Seconds",
        "ari": "Recovery ARI",
        "nmi": "Recovery NMI",
        "n_truth": "Labelled segments",
    }
)
evaluation_table["Model"] = evaluation_table["Model"].replace(
    {
        "ours": "BERTopic, our settings",
        "bertopic_defaults": "BERTopic, defaults",
        "lda": "LDA",
        "nmf": "NMF",
    }
)
registry.table(
    evaluation_table,
    "topic_evaluation",
    caption="Topic models compared on the same segments: number of topics, outlier share, NPMI "
    "coherence, diversity, stability across seeds, fitting time and recovery of labelled themes.",
    inputs=[evaluation_file],
)
evaluation_table

# %% [markdown]
# ## Interactive views
#
# BERTopic's own views of the fitted model, saved as standalone web pages in
# `reports/<study>/figures/interactive/` (plotly.js is inside each file, so they open offline): the top
# words of every topic, the intertopic distance map, and every fitted segment placed by its
# embedding (hover to read it). In JupyterLab they are live below; in the HTML render of this
# notebook they are framed.

# %%
result = TopicResult.load(topics_dir / "model")
segments = load_processed(processed_dir).segments
embedder = Embedder.from_config(config, progress=False)
views = topic_views(result, segments, embedder=embedder, seed=seed)
model_inputs = [topics_dir / "model" / "settings.json", topics_file]

# %%
registry.interactive(
    views["topic_words"],
    "topic_words",
    caption="Top words of every topic, by c-TF-IDF score (BERTopic visualize_barchart).",
    inputs=model_inputs,
)

# %%
registry.interactive(
    views["topic_map"],
    "topic_map",
    caption="Intertopic distance map: topics placed by their c-TF-IDF similarity, sized by "
    "segments (BERTopic visualize_topics).",
    inputs=model_inputs,
)

# %%
registry.interactive(
    views["document_map"],
    "document_map",
    caption="Every fitted segment placed by its embedding (seeded UMAP to two dimensions), "
    "coloured by topic (BERTopic visualize_documents).",
    inputs=[*model_inputs, processed_dir / "segments.parquet"],
)
