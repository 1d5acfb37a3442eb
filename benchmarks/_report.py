"""The Markdown report: one table per section, each followed by its targets."""

from __future__ import annotations


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list | dict):
        return "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value).replace("|", "\\|")


def table(rows: list[dict], columns: list[tuple[str, str]]) -> list[str]:
    """A Markdown table of ``rows`` with ``(key, heading)`` columns."""
    lines = [
        "| " + " | ".join(h for _, h in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(k)) for k, _ in columns) + " |")
    return lines


def targets(section: dict) -> list[str]:
    found = section.get("targets") or []
    if not found:
        return []
    rows = [
        {**t, "met": {True: "met", False: "**missed**", None: "not measured"}[t["met"]]}
        for t in found
    ]
    return ["", "Targets:", "", *table(rows, [("target", "target"), ("value", "value"),
                                             ("met", "met?")])]  # fmt: skip


SECTION_TITLES = {
    "embedding": "Embedding throughput (all-MiniLM-L6-v2, CPU)",
    "topics": "Topic stage: fit_topics vs plain BERTopic (same cached embeddings)",
    "compare": "`analysis compare` (run_compare) at the same sizes",
    "make": "`make all` on the demo study",
    "quality": "Quality against human labels: the demo study, MTS-Dialog, OCTIS BBC News",
    "assisted": "Assisted coding: suggestions against a held-out coder, beside prototypes "
    "and the second coder",
    "octis": "OCTIS BBC News: the BERTopic paper's protocol beside its published figures",
}


def _section_body(name: str, s: dict) -> list[str]:
    if name == "embedding":
        return table(s["rows"], [
            ("texts", "texts"), ("mean_words", "mean words"),
            ("direct_per_s", "direct (texts/s)"), ("cold_per_s", "ours cold (texts/s)"),
            ("warm_per_s", "ours warm (texts/s)"), ("cold_vs_direct", "cold / direct"),
            ("warm_speedup", "warm speed-up"),
            ("warm_new_embedder_speedup", "warm speed-up, new Embedder"),
            ("tree_peak_rss_mb", "peak MiB"),
        ])  # fmt: skip
    if name == "topics":
        lines = table(s["rows"], [
            ("size", "size"), ("segments", "segments"), ("distinct_texts", "distinct texts"),
            ("n_fitted_ours", "fitted by ours"), ("ours_s", "ours s"),
            ("plain_s", "BERTopic() s"), ("ratio_vs_plain", "ours / BERTopic()"),
            ("plain_seeded_s", "BERTopic(seeded UMAP) s"),
            ("ratio_vs_plain_seeded", "ours / seeded"),
            ("ours_peak_mb", "ours peak MiB"), ("plain_peak_mb", "BERTopic() peak MiB"),
            ("ours_topics", "ours topics"), ("plain_topics", "BERTopic() topics"),
        ])  # fmt: skip
        growth = s.get("growth_exponent", {})
        lines += ["", "Growth (exponent b in time ~ n^b between sizes): " + "; ".join(
            f"{k}: {v}" for k, v in growth.items())]  # fmt: skip
        prep = s.get("prepare", {})
        if prep:
            lines += ["", f"Study: {prep['study']}; embeddings for the largest size: "
                      f"{prep['texts_for_largest']:,} texts ({prep['distinct_texts_for_largest']:,} "
                      f"distinct), taken from the shared cache in {prep['embed_or_load_s']} s "
                      "(not part of either contender's time)."]  # fmt: skip
        for contender, prof in (s.get("profile") or {}).items():
            lines += [
                "",
                f"Profile of {contender} at {prof['segments']:,} segments "
                f"({prof['seconds']} s under cProfile), cumulative seconds by stage:",
                "",
            ]
            lines += table([{"stage": k, "s": v} for k, v in prof.get("phases_s", {}).items()],
                           [("stage", "stage"), ("s", "seconds")])  # fmt: skip
        return lines
    if name == "compare":
        return table(s["rows"], [
            ("size", "size"), ("participant_segments", "participant segments"),
            ("segments", "all segments"), ("documents", "documents"),
            ("coded_documents", "coded documents"), ("codings", "codings"),
            ("seconds", "seconds"), ("peak_mb", "peak MiB"), ("tables_written", "tables"),
        ]) + ["", "Growth exponent: " + "; ".join(
            f"{k}: {v}" for k, v in s.get("growth_exponent", {}).items())]  # fmt: skip
    if name == "make":
        return table(s["rows"], [
            ("clean_and_all_s", "make clean && make all (s)"),
            ("second_all_s", "second make all (s)"), ("second_all_ran", "second run ran"),
            ("peak_of_any_stage_mb", "peak MiB (largest stage)"),
        ])  # fmt: skip
    if name == "quality":
        lines = [
            "Every model is fitted to the same segments of each corpus (ours: the stable "
            "backend, deterministic; BERTopic's defaults with UMAP seeded, LDA and NMF with "
            "as many topics as ours, each over the seeds); ARI and NMI against the human "
            "labels (outliers and segments not fitted count as one group), mean over seeds "
            "with the standard deviation; NPMI and diversity of the top 10 words."
        ]
        for corpus in s.get("corpora", []):
            lines += [
                "",
                f"**{corpus['corpus']}**: {corpus['description']}; "
                f"{corpus['segments']:,} segments, {corpus['labelled_segments']:,} "
                f"labelled ({corpus['labels']} labels), {corpus['n_seeds']} seed(s).",
                "",
            ]
            lines += table(corpus["rows"], [
                ("model", "model"), ("n_topics", "topics"), ("nmi", "NMI"), ("nmi_sd", "sd"),
                ("ari", "ARI"), ("ari_sd", "sd"), ("npmi", "NPMI"),
                ("diversity", "diversity"), ("stability_ari", "stability (ARI)"),
                ("outlier_share", "outlier share"), ("seconds", "seconds (first fit)"),
            ])  # fmt: skip
        return lines + [""] + list(s.get("missing", []))
    if name == "assisted":
        lines = [
            "Each suggester learns from one coder's codings of 70 % of the documents and is "
            "scored on the other 30 % (mean per-code Cohen's kappa, mean over seeds); on the "
            "demo the second human coder's kappa on the same units is beside it. On the "
            "labelled corpora the labels are the one coder. Fine-tuning the sentence model "
            "(finetuned) is scored on seed 0 only: set it beside the first per-seed figure. "
            "Learning curve: seed 0."
        ]
        for corpus in s.get("corpora", []):
            lines += ["", f"**{corpus['corpus']}**: {corpus['description']}; "
                      f"{corpus['n_seeds']} seed(s), {corpus['seconds']} s.", ""]  # fmt: skip
            lines += table(corpus["rows"], [
                ("method", "suggester"), ("kappa", "kappa"), ("kappa_sd", "sd"),
                ("human_kappa", "second coder"), ("per_seed", "per seed"),
                ("seconds_per_fit", "s per fit"),
            ])  # fmt: skip
            lines += ["", "Learning curve (default suggester):", ""]
            lines += table(corpus.get("curve", []), [
                ("train_share", "share of training documents"), ("n_train_documents", "documents"),
                ("n_examples", "coded segments"), ("kappa", "kappa"),
                ("human_kappa", "second coder"),
            ])  # fmt: skip
        return lines
    if name == "octis":
        p = s["protocol"]
        return [f"{s['documents']:,} documents; nr_topics in {p['nr_topics']} x {p['runs']} "
                f"run(s) each; NPMI: {p['npmi']}; top {p['top_words']} words.", ""] + table(
            s["summary"], [
                ("description", "model"), ("npmi", "NPMI (here)"),
                ("published_npmi", "NPMI (paper)"), ("diversity", "diversity (here)"),
                ("published_diversity", "diversity (paper)"), ("mean_topics", "topics (mean)"),
                ("runs", "runs"), ("mean_seconds", "s per fit"),
            ])  # fmt: skip
    return []


def markdown(results: dict) -> str:
    meta = results["meta"]
    lines = [
        "# Benchmarks",
        "",
        f"Command: `{meta['command']}`; {meta['started']}; {meta['machine']}. Times are seconds "
        "on this machine in this run; compare ratios, not absolute figures, across machines.",
    ]
    for name, section in results["sections"].items():
        lines += ["", f"## {SECTION_TITLES.get(name, name)}", ""]
        if section["status"] != "ok":
            lines.append(f"**{section['status']}**: {section.get('why', '')}")
            continue
        if section.get("measured_by"):
            lines += [f"Measured by `{section['measured_by']}` ({section['measured_at']}).", ""]
        lines += _section_body(name, section)
        lines += targets(section)
        if section.get("notes"):
            lines += ["", *section["notes"]]
    lines += ["", f"Total: {meta.get('total_s', 0):.0f} s."]
    return "\n".join(lines) + "\n"
