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
# # 5. A blog post
#
# Writes `reports/<study>/blog/post.md`: a short post for the study's website, built from what
# the study has. A study with events gets a post about the most recent one (or the one
# `event_id` names): the demo's holding and discretion exercises and feedback where the event
# has them, and every other table of the event as notebook 4 reports it. A study without
# events gets a post about its interviews so far: who was interviewed, the topics that come
# back again and again (stable topics only, chatter left out) and, where the team has coded,
# the most common codes and the topics the codebook may not cover yet. Figures and tables of
# notebooks 2 to 4 are embedded by relative path.
#
# Every number in the post is computed here from the processed data, so the post is
# regenerated with everything else and never goes stale. The prose around the numbers is a
# draft for the team to edit in this notebook, not in the output. Run notebooks 2 to 4 first
# (`make all` does).

# %% tags=["parameters"]
from analysis.config import load_config

config = load_config()
seed = config.seed
study = config.study
processed = config.processed_path
reports = config.reports_path
event_id = None  # None: the most recent event
n_topics = 5  # topics a post about the interviews quotes

# %%
import json

import pandas as pd
from IPython.display import Markdown, display

from analysis.codebook import codable_codes
from analysis.events import describe_event
from analysis.pipeline import load_processed
from analysis.reports import (
    ReportRegistry,
    and_join,
    event_table_output,
    markdown_image,
    markdown_table,
)

processed_dir = config.root / processed
reports_dir = config.root / reports
events_dir = processed_dir / "events"
topics_dir = processed_dir / "topics"
blog_dir = reports_dir / "blog"
registry = ReportRegistry(reports_dir, "05_blog_post", root=config.root)
figures_dir = reports_dir / "figures"
tables_dir = reports_dir / "tables"
# A study without events gets a post about its interviews instead (the last sections).
has_events = registry.needs(
    events_dir / "events.parquet", section="Blog post about the latest event", what="event outputs"
)
if has_events:
    tables = load_processed(processed_dir).events
    events = tables["events"].sort_values(["date", "event_id"], kind="stable")
    event = events.iloc[-1] if event_id is None else events.set_index("event_id").loc[event_id]
    event_id = event["event_id"] if event_id is None else event_id
    where = describe_event(event)
    print(f"Study {study!r}: a post about event {event_id} ({where})")
else:
    print(f"Study {study!r}: a post about its interviews so far")
post_inputs = []  # every file the post quotes, for the manifest

# %% [markdown]
# ## The event: what it was, and its tables beyond the demo's exercises
#
# The facts `events.csv` gives about the event (where, when, how many came), and a section for
# every table notebook 4 reports in "The event's other tables": its scales (figure and table)
# and a seeded selection of its free text.

# %%
if has_events:
    post_inputs.append(events_dir / "events.parquet")
    n_events = len(events)
    number = events["event_id"].tolist().index(event_id) + 1
    dated = pd.notna(event["date"])
    earlier = events.loc[events["date"] < event["date"], "place"].dropna() if dated else []
    and_earlier = f", after {and_join(earlier)}" if len(earlier) else ""
    place = event["place"] if isinstance(event["place"], str) else None
    month = f"{event['date']:%B %Y}" if dated else None
    attendees = int(event["attendees"]) if pd.notna(event["attendees"]) else None
    vocabulary = json.loads((events_dir / "vocabulary.json").read_text(encoding="utf-8"))
    other_sections = ""
    typed_up = []
    for name, table in tables.items():
        rows = table[table["event_id"] == event_id] if name != "events" else table.iloc[:0]
        quotes_stem = tables_dir / event_table_output(name, "quotes")
        scale_stems = [
            (column, tables_dir / event_table_output(name, column))
            for column, entry in vocabulary.get(name, {}).items()
            if entry["ordered"]
        ]
        scale_stems = [(c, stem) for c, stem in scale_stems if stem.with_suffix(".csv").is_file()]
        if rows.empty or not (quotes_stem.with_suffix(".csv").is_file() or scale_stems):
            continue
        typed_up.append(f"{len(rows)} row{'s' * (len(rows) != 1)} of {name.replace('_', ' ')}")
        section = f"## {name.replace('_', ' ').capitalize()}\n\n"
        for column, stem in scale_stems:
            summary = pd.read_csv(stem.with_suffix(".csv"))
            points = [c for c in summary.columns[1:] if c not in ("Rows", "Comments")]
            totals = summary[points].sum()
            top = [point for point in points if totals[point] == totals.max()]
            said = (
                f"{int(totals.max())} of {int(totals.sum())} rows said *{top[0]}*"
                if len(top) == 1
                else "rows were split evenly between " + and_join(f"*{t}*" for t in top)
            )
            section += (
                f"On {column.replace('_', ' ')}, {said}.\n\n"
                + markdown_image(
                    figures_dir / f"{stem.name}.png",
                    f"{column.replace('_', ' ').capitalize()} in {where} (number of rows).",
                    relative_to=blog_dir,
                )
                + "\n"
                + markdown_table(stem, relative_to=blog_dir)
                + "\n"
            )
            post_inputs += [stem.with_suffix(".csv"), figures_dir / f"{stem.name}.png"]
        if quotes_stem.with_suffix(".csv").is_file():
            n_text = int(rows["text"].notna().sum())
            quoted = pd.read_csv(quotes_stem.with_suffix(".csv"))
            with_text = f"{n_text} row{'s' * (n_text != 1)} with free text"
            section += (
                (
                    f"What its {with_text} say{'s' * (n_text == 1)}:"
                    if len(quoted) == n_text
                    else f"Of its {with_text}, here are {len(quoted)}, chosen at random:"
                )
                + "\n\n"
                + markdown_table(quotes_stem, relative_to=blog_dir)
            )
            post_inputs.append(quotes_stem.with_suffix(".csv"))
        other_sections += section + "\n"
    display(pd.Series({"event": f"{event_id}: {where}", "tables": and_join(typed_up) or "none"}))

# %% [markdown]
# ## The demo's exercises: holding, discretion and feedback
#
# The numbers a post about the demo's knowledge-exchange events quotes, from notebook 4's
# holding, discretion and feedback tables.

# %%
has_exercises = has_events and registry.needs(
    tables_dir / "event_holding_consequences.csv",
    tables_dir / "event_discretion.csv",
    tables_dir / "event_feedback.csv",
    section="Blog post: the holding and discretion exercises",
    what="event outputs with the holding and discretion exercises",
)

# %%
if has_exercises:
    notes = tables["notes"][tables["notes"]["event_id"] == event_id]
    discretion = tables["discretion"][tables["discretion"]["event_id"] == event_id]
    feedback = tables["feedback"][tables["feedback"]["event_id"] == event_id]
    place = event["place"]
    month = f"{event['date']:%B %Y}"
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

# %%
if has_exercises:
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
{other_sections}## What people told us about the day

{n_feedback} attendees left written feedback. Here are {len(quoted)} of their comments, chosen
at random:

{markdown_table(tables_dir / "event_feedback", relative_to=blog_dir)}
---

*Every number in this post is computed from the study's data by `notebooks/05_blog_post.py`
(`make all` regenerates it). Quotes are pseudonymised.*
"""
    post_inputs += [
        events_dir / "notes.parquet",
        events_dir / "discretion.parquet",
        events_dir / "feedback.parquet",
        *([code_differences_file] if holding_coded else []),
        tables_dir / "event_holding_consequences.csv",
        tables_dir / "event_discretion.csv",
        tables_dir / "event_feedback.csv",
        figures_dir / "event_discretion_by_aspect.png",
        figures_dir / "discretion_by_aspect_all_events.png",
    ]
    caption = f"Blog post about the knowledge-exchange event in {place}, {month}."

# %% [markdown]
# ## A post about any other event
#
# For an event without the demo's exercises: where and when it was, who came, and a section
# for each of its tables.

# %%
if has_events and not has_exercises:
    when = " in ".join(part for part in (place, month) if part)
    came = f" {attendees} people came." if attendees is not None else ""
    post = f"""# What we heard {f"in {place}" if place else f"at {event_id}"}

*Event {number} of {n_events} of the {study} study{f", {month}" if month else ""}.*

We held event {number} of {n_events}{f" {'in ' if place else ''}{when}" if when else ""}{and_earlier}.{came}
Its organisers typed up {and_join(typed_up) or "nothing that this post can show"}.

{other_sections}---

*Every number in this post is computed from the study's data by `notebooks/05_blog_post.py`
(`make all` regenerates it). Quotes are pseudonymised.*
"""
    caption = f"Blog post about event {event_id} ({where})."

# %% [markdown]
# ## A post about the interviews so far
#
# For a study without events: how many people were interviewed, in which roles; the stable
# topics most common in what participants said (chatter and unstable topics left out, with a
# line saying how many), with a quote each; and, where the interviews are coded, the most
# common codes and the topics the codebook may not cover yet.

# %%
has_interview_post = not has_events and registry.needs(
    topics_dir / "prevalence.csv",
    topics_dir / "topics.parquet",
    tables_dir / "topics.csv",
    section="Blog post about the interviews",
    what="topics of interviews",
)
if has_interview_post:
    data = load_processed(processed_dir)
    spoken = data.segments[
        (data.segments["source"] == "interview") & ~data.segments["is_interviewer"]
    ]
    has_interview_post = registry.needs(
        not spoken.empty, section="Blog post about the interviews", what="interviews"
    )
if has_interview_post:
    n_interviews = spoken["doc_id"].nunique()
    people = spoken.drop_duplicates("participant_id")
    n_people = len(people)
    roles = people["role"].value_counts(sort=False).reindex(people["role"].dropna().unique())
    by_role = and_join(
        f"{role.replace('_', ' ')} {n}"
        for role, n in roles.sort_values(ascending=False, kind="stable").items()
    )
    per_person = spoken.groupby("participant_id")["doc_id"].nunique()
    n_again = int((per_person > 1).sum())
    topics = pd.read_parquet(topics_dir / "topics.parquet")
    prevalence = pd.read_csv(topics_dir / "prevalence.csv")
    in_interviews = prevalence[
        (prevalence["group_by"] == "source") & (prevalence["group"] == "interview")
        & prevalence["finding"]
    ].sort_values(["prevalence", "topic"], ascending=[False, True], kind="stable")  # fmt: skip
    quotes = pd.read_csv(tables_dir / "topics.csv").set_index("Topic")["Exemplar quote"]
    shown = in_interviews.head(n_topics)
    topic_table = pd.DataFrame(
        {
            "Topic": shown["label"].to_numpy(),
            "Share of what participants said (%)": [
                f"{100 * p:.0f} ({100 * lo:.0f}–{100 * hi:.0f})"
                for p, lo, hi in shown[["prevalence", "ci_low", "ci_high"]].to_numpy()
            ],
            "In their words": shown["topic"].map(quotes).fillna("").to_numpy(),
        }
    )
    registry.table(
        topic_table,
        "post_topics",
        caption="The most common stable topics in what interview participants said: share of "
        "their segments, with 95% cluster-bootstrap interval, and a typical quote.",
        inputs=[
            topics_dir / "prevalence.csv",
            topics_dir / "topics.parquet",
            tables_dir / "topics.csv",
        ],
    )
    substantive = topics[topics["topic"] != -1]
    n_chatter = int(substantive["chatter"].sum())
    n_unstable = int((~substantive["chatter"] & (substantive["stable"] == False)).sum())  # noqa: E712
    left_out = and_join(
        [
            *([f"{n_chatter} topic{'s' * (n_chatter != 1)} of small talk"] if n_chatter else []),
            *(
                [f"{n_unstable} topic{'s' * (n_unstable != 1)} that did not come back when the "
                 "model was refitted to part of the data"]
                if n_unstable else []
            ),
        ]
    )  # fmt: skip
    post_inputs += [
        topics_dir / "prevalence.csv",
        topics_dir / "topics.parquet",
        tables_dir / "topics.csv",
    ]
    roles_figure = figures_dir / "topic_prevalence_by_role.png"
    by_role_figure = (
        markdown_image(
            roles_figure,
            "How common each topic is in each role's interviews, with 95% intervals.",
            relative_to=blog_dir,
        )
        if len(roles) > 1 and roles_figure.is_file()
        else ""
    )
    if by_role_figure:
        post_inputs.append(roles_figure)
    codes_part = ""
    code_prevalence_file = processed_dir / "compare" / "code_prevalence.csv"
    if code_prevalence_file.is_file() and data.codebook is not None:
        codes = pd.read_csv(code_prevalence_file)
        codes = codes[(codes["group_by"] == "source") & (codes["group"] == "interview")]
        # a category (a code marked not codable, as CAQDAS projects mark them) is no code applied
        codes = codes[codes["code_id"].isin(codable_codes(data.codebook))]
        if not codes.empty:
            names = dict(zip(data.codebook["code_id"], data.codebook["name"], strict=True))
            top_codes = codes.sort_values(
                ["prevalence", "code_id"], ascending=[False, True], kind="stable"
            ).head(3)
            n_coded = int(
                data.coverage.loc[
                    data.coverage["doc_id"].isin(spoken["doc_id"]), "doc_id"
                ].nunique()
            )
            codes_part = (
                f"\n## What the team's coding says\n\nThe team has coded {n_coded} of the "
                f"{n_interviews} interviews. The codes applied most often are "
                + and_join(
                    f"*{names.get(c, c)}* ({100 * p:.0f}% of coded segments)"
                    for c, p in top_codes[["code_id", "prevalence"]].to_numpy()
                )
                + ".\n"
            )
            post_inputs.append(code_prevalence_file)
            emergent_file = tables_dir / "emergent_themes.csv"
            if emergent_file.is_file():
                emergent = pd.read_csv(emergent_file)
                if not emergent.empty:
                    codes_part += (
                        "\nSome topics are mostly uncoded, and may be themes the codebook does "
                        "not have yet: "
                        + and_join(f"*{label}*" for label in emergent["Label"].head(3))
                        + ".\n"
                    )
                    post_inputs.append(emergent_file)
    post = f"""# What we have heard so far in the {study} study

*{n_interviews} interview{"s" * (n_interviews != 1)} with {n_people} {"people" if n_people != 1 else "person"}.*

We have interviewed {n_people} {"people" if n_people != 1 else "person"} so far (by role: {by_role or "roles not recorded"}){f"; {n_again} of them more than once" if n_again else ""}.

## What people talk about

Read across the interviews, {len(in_interviews)} topic{"s" * (len(in_interviews) != 1)} come back again and again. {f"The {len(shown)} most common" if len(shown) < len(in_interviews) else "Here they are"}, with the share of what participants said that falls in each:

{markdown_table(tables_dir / "post_topics", relative_to=blog_dir)}
{f"We leave out {left_out}." if left_out else ""}

{by_role_figure}{codes_part}
---

*Every number in this post is computed from the study's data by `notebooks/05_blog_post.py`
(`make all` regenerates it). Quotes are pseudonymised.*
"""
    caption = f"Blog post about the interviews of the {study} study so far."

# %% [markdown]
# ## The post

# %%
if has_events or has_interview_post:
    blog_dir.mkdir(parents=True, exist_ok=True)
    post_file = blog_dir / "post.md"
    post_file.write_text(post, encoding="utf-8")
    registry.document(post_file, caption=caption, inputs=post_inputs)
    display(Markdown(post))
