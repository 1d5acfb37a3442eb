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
# # 5. A blog post about the latest event
#
# Writes `reports/<study>/blog/post.md`: a short post for the study's website about the most recent
# knowledge-exchange event (or the one `event_id` names), with the figures and tables of
# notebook 4 embedded by relative path. Every number in the post is computed here from the
# processed data, so the post is regenerated with everything else and never goes stale. The
# prose around the numbers is a draft for the team to edit in this notebook, not in the output.
#
# Run notebook 4 first (`make all` does): the post embeds its figures and tables.

# %% tags=["parameters"]
from analysis.config import load_config

config = load_config()
seed = config.seed
study = config.study
processed = config.processed_path
reports = config.reports_path
event_id = None  # None: the most recent event

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis.pipeline import load_processed
from analysis.reports import ReportRegistry, and_join, markdown_image, markdown_table

processed_dir = config.root / processed
reports_dir = config.root / reports
events_dir = processed_dir / "events"
blog_dir = reports_dir / "blog"
registry = ReportRegistry(reports_dir, "05_blog_post", root=config.root)
figures_dir = reports_dir / "figures"
tables_dir = reports_dir / "tables"
# The post reports an event's holding and discretion exercises, from the events notebook's tables.
has_event = registry.needs(
    events_dir / "events.parquet",
    tables_dir / "event_holding_consequences.csv",
    tables_dir / "event_discretion.csv",
    tables_dir / "event_feedback.csv",
    section="Blog post about the latest event",
    what="event outputs with the holding and discretion exercises",
)
if has_event:
    blog_dir.mkdir(parents=True, exist_ok=True)
    tables = load_processed(processed_dir).events
    events = tables["events"].sort_values(["date", "event_id"], kind="stable")
    event = events.iloc[-1] if event_id is None else events.set_index("event_id").loc[event_id]
    event_id = event["event_id"] if event_id is None else event_id
    notes = tables["notes"][tables["notes"]["event_id"] == event_id]
    discretion = tables["discretion"][tables["discretion"]["event_id"] == event_id]
    feedback = tables["feedback"][tables["feedback"]["event_id"] == event_id]

# %% [markdown]
# ## The numbers the post quotes

# %%
if has_event:
    place = event["place"]
    month = f"{event['date']:%B %Y}"
    n_events = len(events)
    number = events["event_id"].tolist().index(event_id) + 1
    earlier_places = events.loc[events["date"] < event["date"], "place"].tolist()
    n_groups = pd.concat([notes["group"], discretion["group"]]).nunique()
    holding_table = pd.read_csv(reports_dir / "tables" / "event_holding_consequences.csv")
    n_positive = int(holding_table["Positive"].fillna("").str.count("\u2022").sum())
    n_negative = int(holding_table["Negative"].fillna("").str.count("\u2022").sum())
    most_negative = holding_table.loc[
        holding_table["Negative"].fillna("").str.count("\u2022").idxmax(), "Stakeholder"
    ]
    discretion_table = pd.read_csv(reports_dir / "tables" / "event_discretion.csv")
    leaning = discretion_table.assign(
        more_votes=discretion_table["more"] + discretion_table["much more"],
        less_votes=discretion_table["less"] + discretion_table["much less"],
    )
    wants_more = leaning.loc[leaning["more_votes"] > leaning["less_votes"], "Aspect"].str.lower()
    wants_less = leaning.loc[leaning["more_votes"] < leaning["less_votes"], "Aspect"].str.lower()
    balanced = leaning.loc[leaning["more_votes"] == leaning["less_votes"], "Aspect"].str.lower()
    n_feedback = len(feedback)
    quoted = pd.read_csv(reports_dir / "tables" / "event_feedback.csv")
    code_differences_file = processed_dir / "compare" / "code_differences.csv"
    holding_events = holding_interviews = None
    if code_differences_file.is_file():
        code_differences = pd.read_csv(code_differences_file).set_index("code_id")
        if "HOLD" in code_differences.index:
            holding_events = code_differences.loc["HOLD", "prevalence_b"]
            holding_interviews = code_differences.loc["HOLD", "prevalence_a"]
    holding_coded = holding_events is not None
    facts = pd.Series(
        {
            "event": f"{event_id}: {place}, {month}",
            "attendees": int(event["attendees"]),
            "groups": n_groups,
            "positive consequences": n_positive,
            "negative consequences": n_negative,
            "aspects leaning to more discretion": and_join(wants_more) or "none",
            "aspects leaning to less discretion": and_join(wants_less) or "none",
            "feedback comments": n_feedback,
            "holding codes, event segments (%)": round(100 * holding_events, 1)
            if holding_coded
            else "no coded interviews and events",
            "holding codes, interview segments (%)": round(100 * holding_interviews, 1)
            if holding_coded
            else "no coded interviews and events",
        }
    )
    display(facts)

# %% [markdown]
# ## The post

# %%
if has_event:
    and_earlier = f", after {and_join(earlier_places)}" if earlier_places else ""
    leaning_sentences = " ".join(
        sentence
        for sentence, aspects in [
            (
                f"On {and_join(wants_more)}, more groups asked for more discretion than for less.",
                wants_more,
            ),
            (f"On {and_join(wants_less)}, more groups wanted firmer limits.", wants_less),
            (f"On {and_join(balanced)}, the groups were evenly split.", balanced),
        ]
        if len(aspects)
    )
    holding_sentence = (
        f"""Holding came up readily, though the exercise itself invited it: across all {n_events} events,
the coders applied a holding code to {100 * holding_events:.0f}% of event segments (group notes,
exercise comments and feedback), against {100 * holding_interviews:.0f}% of interview segments.
"""
        if holding_coded
        else ""
    )
    post = f"""# Holding and discretion: what we heard in {place}

*Knowledge-exchange event {number} of {n_events} of the link worker study, {month}.*

We held knowledge-exchange event {number} of {n_events} in {place} in {month}{and_earlier}.
{int(event["attendees"])} people who deliver, run, commission or research social prescribing
came. After an overview of the study we presented the two ideas that have come out of two years of interviews, **holding** and
**discretion**, and asked {n_groups} small groups to test them against their own experience.

## Holding

By holding we mean the long, open-ended support some link workers give: staying with a person
without a fixed goal, sometimes without referring them on, and carrying a good deal of their
distress. The groups listed what holding means for each of the people and organisations
involved in social prescribing: {n_positive} distinct benefits and {n_negative} distinct costs.
{most_negative} drew the longest list of costs.

{markdown_table(tables_dir / "event_holding_consequences", relative_to=blog_dir)}
{holding_sentence}
## Discretion

Discretion is how much room link workers have to use their own judgement. We asked each group
to say, for four parts of the role, whether link workers should have less or more of it than
they have now. {leaning_sentences}

{markdown_image(figures_dir / "event_discretion_by_aspect.png", f"How much discretion groups in {place} said link workers should have (number of groups).", relative_to=blog_dir)}
{markdown_table(tables_dir / "event_discretion", relative_to=blog_dir)}
The same exercise at every event, side by side:

{markdown_image(figures_dir / "discretion_by_aspect_all_events.png", "Discretion by aspect at each event (number of groups).", relative_to=blog_dir)}
## What people told us about the day

{n_feedback} attendees left written feedback. Here are {len(quoted)} of their comments, chosen
at random:

{markdown_table(tables_dir / "event_feedback", relative_to=blog_dir)}
---

*Every number in this post is computed from the study's data by `notebooks/05_blog_post.py`
(`make all` regenerates it). Quotes are pseudonymised.*
"""
    post_file = blog_dir / "post.md"
    post_file.write_text(post, encoding="utf-8")
    registry.document(
        post_file,
        caption=f"Blog post about the knowledge-exchange event in {place}, {month}.",
        inputs=[
            events_dir / "events.parquet",
            events_dir / "notes.parquet",
            events_dir / "discretion.parquet",
            events_dir / "feedback.parquet",
            *([code_differences_file] if holding_coded else []),
            tables_dir / "event_holding_consequences.csv",
            tables_dir / "event_discretion.csv",
            tables_dir / "event_feedback.csv",
            figures_dir / "event_discretion_by_aspect.png",
            figures_dir / "discretion_by_aspect_all_events.png",
        ],
    )
    display(Markdown(post))
