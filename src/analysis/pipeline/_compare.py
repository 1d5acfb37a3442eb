"""The ``analysis compare`` stage: codebook against coders, topics, groups and versions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.codebook import with_parents
from analysis.io import replace_outputs, write_csv, write_json, write_parquet
from analysis.pipeline._load import load_processed
from analysis.prevalence import by_group
from analysis.segments import coded_units

__all__ = ["run_compare"]


def run_compare(config, *, progress: bool = True) -> dict[str, Path]:
    """Compare the codebook with the coders, the topics, the sources and groups, and its next
    version; suggest codes for uncoded segments. Writes ``<processed>/compare/``."""
    from analysis.agreement import agreement_table, disagreements
    from analysis.compare import (
        code_differences,
        code_prevalence,
        codes_vs_topics,
        compare_codebooks,
        cooccurrence,
        evaluate_suggester,
        fit_code_suggester,
        rank_uncoded,
        suggest_codes,
        suggester_learning_curve,
    )
    from analysis.embed import Embedder

    processed = load_processed(config.processed_dir)
    segments, codings, coverage = processed.segments, processed.codings, processed.coverage
    out = config.processed_dir / "compare"
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    summary: dict[str, object] = {"study": config.study, "seed": config.seed}
    seed = config.seed
    if codings.empty:
        summary["note"] = "the study has no codings: nothing to compare"
        written["summary"] = write_json(summary, out / "summary.json")
        replace_outputs(out, "compare", written.values())
        return written

    units = coded_units(segments, coverage)
    coders = sorted(codings["coder"].unique())
    agreement = None
    if len(coders) >= 2:
        agreement = agreement_table(
            codings, units=units, cluster="cluster", seed=seed, n_boot=config.compare.n_boot
        )
        written["agreement"] = write_csv(agreement, out / "agreement.csv")
        ranges = processed.coded_ranges
        if not ranges.empty and ranges["coder"].nunique() >= 2:
            docs = processed.documents()
            lengths = {d: len(docs[d]) for d in sorted(set(ranges["doc_id"]))}
            by_characters = agreement_table(
                ranges, unit="character", documents=lengths, seed=seed,
                n_boot=config.compare.n_boot,
            )  # fmt: skip
            written["agreement_characters"] = write_csv(
                by_characters, out / "agreement_characters.csv"
            )
        written["disagreements"] = write_csv(
            disagreements(codings, units[["segment_id", "coder"]], segments, context=1),
            out / "disagreements.csv",
        )
    else:
        summary["agreement"] = (
            f"skipped: one coder ({coders[0]}); agreement needs codings by two or more coders"
        )

    rolled = with_parents(codings, processed.codebook)
    by_code = by_group(
        lambda group: code_prevalence(
            rolled,
            segments,
            group=group,
            coverage=coverage,
            n_boot=config.compare.n_boot,
            seed=seed,
        )  # fmt: skip
    )
    written["code_prevalence"] = write_csv(by_code, out / "code_prevalence.csv")
    coded_sources = set(segments.loc[segments["doc_id"].isin(coverage["doc_id"]), "source"])
    if {"interview", "event"} <= coded_sources:
        differences = code_differences(
            rolled, segments, coverage=coverage, n_boot=config.compare.n_boot,
            n_perm=config.compare.n_perm, adjust="holm", seed=seed,
        )  # fmt: skip
        written["code_differences"] = write_csv(differences, out / "code_differences.csv")

    pairs = cooccurrence(codings, segments)
    written["cooccurrence"] = write_csv(pairs, out / "cooccurrence.csv")
    interviews = segments[segments["source"] == "interview"]
    interview_codings = codings[codings["segment_id"].isin(interviews["segment_id"])]
    if len(interview_codings):  # codes in neighbouring turns: interviews only
        written["cooccurrence_window"] = write_csv(
            cooccurrence(interview_codings, interviews, window=1),
            out / "cooccurrence_window1.csv",
        )

    topics_dir = config.processed_dir / "topics"
    if (topics_dir / "assignments.parquet").is_file():
        result = codes_vs_topics(
            codings,
            pd.read_parquet(topics_dir / "assignments.parquet"),
            pd.read_parquet(topics_dir / "topics.parquet"),
            segments=segments,
            coverage=coverage,
            min_f1=config.compare.min_f1,
            emergent_max_coded=config.compare.emergent_max_coded,
        )
        for name in ("contingency", "scores", "best", "matching", "uncaptured", "emergent"):
            written[f"topics_{name}"] = write_csv(getattr(result, name), out / f"{name}.csv")
        written["emergent_quotes"] = write_csv(result.emergent_quotes, out / "emergent_quotes.csv")
        summary["codes_vs_topics"] = result.overall.to_dict(orient="records")[0]
    else:
        summary["codes_vs_topics"] = "skipped: run `analysis topics` first"

    embedder = Embedder.from_config(config, progress=progress)
    books = processed.codebooks
    names = sorted(books)
    if len(names) >= 2:
        changes = [
            compare_codebooks(books[a], books[b], embedder=embedder).assign(old=a, new=b)
            for a, b in zip(names[:-1], names[1:], strict=True)
        ]
        written["codebook_versions"] = write_csv(
            pd.concat(changes, ignore_index=True), out / "codebook_versions.csv"
        )
    if processed.codebook is not None:
        suggester = fit_code_suggester(
            segments, codings, processed.codebook, embedder=embedder, coverage=coverage,
            seed=seed, method=config.compare.assisted_method,
        )  # fmt: skip
        if suggester.method == "finetuned":  # the tuned model is kept beside the outputs
            model_dir = suggester.embedder.save(out / "assisted_model")
            for file in sorted(f for f in model_dir.rglob("*") if f.is_file()):
                written[f"assisted_model/{file.relative_to(model_dir).as_posix()}"] = file
        evaluation = evaluate_suggester(suggester)
        written["assisted_evaluation"] = write_csv(evaluation, out / "assisted_evaluation.csv")
        themes = evaluate_suggester(suggester, level="theme")
        if len(themes):  # the codebook has parent codes: the codes under each rolled up
            written["assisted_evaluation_themes"] = write_csv(
                themes, out / "assisted_evaluation_themes.csv"
            )
        curve = suggester_learning_curve(
            segments, codings, processed.codebook, embedder=embedder, coverage=coverage,
            seed=seed, method=config.compare.assisted_method, fitted=suggester,
        )  # fmt: skip
        written["assisted_learning_curve"] = write_csv(curve, out / "assisted_learning_curve.csv")
        written["suggestions"] = write_parquet(
            suggest_codes(suggester, segments), out / "suggestions.parquet"
        )
        written["next_to_code"] = write_csv(
            rank_uncoded(suggester, segments), out / "next_to_code.csv"
        )
        if evaluation["kappa"].notna().any():
            summary["assisted_mean_kappa"] = float(evaluation["kappa"].mean())
            if evaluation["human_kappa"].notna().any():  # the second coder on the same units
                summary["assisted_human_kappa"] = float(evaluation["human_kappa"].mean())
        else:  # JSON has no NaN: say why there is no figure instead
            summary["assisted"] = (
                "not evaluated: no code has both coded examples to learn from and held-out "
                "units to test on"
            )
    if agreement is not None:
        pooled = agreement[agreement["code_id"] == "(all codes, pooled)"].iloc[0]
        summary["agreement_pooled_alpha"] = float(pooled["krippendorff_alpha"])
    written["summary"] = write_json(summary, out / "summary.json")
    replace_outputs(out, "compare", written.values())
    return written
