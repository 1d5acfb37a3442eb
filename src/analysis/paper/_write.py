"""``numbers.tex`` and ``numbers.json``, and a results-section draft in Markdown, Word and LaTeX
written from the same sentences, so the draft and the manuscript quote the same figures."""

from __future__ import annotations

import json
import re
from pathlib import Path

from analysis.labels import pretty
from analysis.office import save_docx
from analysis.paper._numbers import Number, to_dicts
from analysis.tables import escape_latex

_PLACEHOLDER = re.compile(r"\{(\w+)\}")

#: The results section: per part its title, the table and figure it refers to (report stems,
#: used when the report has them) and its sentences; ``{name}`` is a number of
#: :func:`analysis.paper.paper_numbers`. A sentence whose numbers the study lacks is left out.
SECTIONS = (
    ("Corpus", "corpus_description", "corpus_composition", (
        "We analysed {nInterviews} interviews with {nInterviewees} participants "
        "(by role: {roles}), {nParticipantTurns} participant turns in all.",
        "{nEvents} knowledge-exchange events gave {nEventRows} rows of outputs.",
    )),
    ("Agreement between coders", "agreement", "agreement_forest", (
        "{nCoders} coders each coded the same {nCodedUnits} segments. Pooled over codes, "
        "Krippendorff's alpha was {alphaPooled} (95% CI {alphaPooledLow} to {alphaPooledHigh}) "
        "and Cohen's kappa {kappaPooled} (95% CI {kappaPooledLow} to {kappaPooledHigh}); per "
        "code, kappa ranged from {kappaLowest} to {kappaHighest}.",
    )),
    ("Topics", "topics", "topic_overview", (
        "The topic model found {nTopics} topics, {nTopicsStable} of them stable across "
        "resamples; prevalence counts the {nSegmentsCounted} segments with substance outside "
        "chatter topics.",
    )),
    ("Interviews and events", "topic_differences", "topic_prevalence_by_source", (
        "Of the {nTopicsFindings} stable topics that are not chatter, {nDifferences} differed "
        "in prevalence between interviews and events after Holm's adjustment (p < 0.05). The "
        "largest difference (interviews minus events) was for \u201c{differenceFirstLabel}\u201d, "
        "{differenceFirst} (95% CI {differenceFirstLow} to {differenceFirstHigh}; "
        "{differenceFirstP}).",
        "Next came \u201c{differenceSecondLabel}\u201d, {differenceSecond} (95% CI "
        "{differenceSecondLow} to {differenceSecondHigh}; {differenceSecondP}).",
    )),
    ("Codes and topics", "emergent_themes", "codes_topics_heatmap", (
        "{nEmergent} stable topics are not covered by the codebook (candidate emergent "
        "themes), among them \u201c{emergentFirstLabel}\u201d.",
    )),
    ("Codebook changes", "codebook_versions", None, (
        "From one codebook version to the next, codes were renamed ({codesRenamed}), merged "
        "({codesMerged}), split ({codesSplit}), added ({codesAdded}) and removed "
        "({codesRemoved}); {codesUnchanged} stayed as they were.",
    )),
    ("Assisted coding", "assisted_coding", "assisted_learning_curve", (
        "Codes suggested by assisted coding agreed with the held-out coder at a mean kappa of "
        "{assistedKappa}, beside {assistedHumanKappa} for the second human coder on the same "
        "segments.",
    )),
)  # fmt: skip


def _values(numbers: list[Number]) -> dict[str, Number]:
    return {n.name: n for n in numbers}


def _roles(numbers: list[Number], latex: bool) -> Number | None:
    """The interviewees by role as one phrase: ``"GP staff 3, link worker 11"`` (in LaTeX
    with the numbers as their macros)."""
    parts = []
    for n in numbers:
        role = n.source.get("where", {}).get("role") if n.name.startswith("n") else None
        if role is not None and n.description.startswith("participants interviewed"):
            label = pretty(role)
            label = label if label.split(" ")[0].isupper() else label[:1].lower() + label[1:]
            shown = f"{escape_latex(label)} \\{n.name}{{}}" if latex else f"{label} {n.text}"
            parts.append(shown)
    if not parts:
        return None
    return Number("roles", ", ".join(parts), ", ".join(parts), "interviewees by role")


def _filled(sentence: str, by_name: dict[str, Number], render) -> str | None:
    names = _PLACEHOLDER.findall(sentence)
    if any(name not in by_name for name in names):
        return None
    pieces, last = [], 0
    for match in _PLACEHOLDER.finditer(sentence):
        pieces.append(render(sentence[last : match.start()], None))
        pieces.append(render(None, by_name[match.group(1)]))
        last = match.end()
    pieces.append(render(sentence[last:], None))
    return "".join(pieces)


def results_sections(numbers: list[Number], *, latex: bool = False, available=()):
    """The results draft: ``[(title, [paragraph, ...], table, figure)]`` for the parts the
    numbers support. ``latex``: numbers as their macros (``\\nInterviews{}``) and text escaped;
    otherwise numbers as printed. ``available`` lists the report's table and figure stems;
    others are not referred to (write_results numbers them in order of first mention)."""
    by_name = _values(numbers)
    roles = _roles(numbers, latex)
    if roles is not None:
        by_name["roles"] = roles

    def render(text, number):
        if number is None:
            return escape_latex(text) if latex else text
        if number.name == "roles":  # already written for its output
            return number.text
        return f"\\{number.name}{{}}" if latex else number.text

    parts = []
    for title, table, figure, sentences in SECTIONS:
        filled = [s for s in (_filled(x, by_name, render) for x in sentences) if s]
        if filled:
            parts.append((title, filled, table if table in available else None,
                          figure if figure in available else None))  # fmt: skip
    return parts


def numbers_tex(numbers: list[Number]) -> str:
    """One ``\\newcommand`` per number, its text escaped for LaTeX, with its source."""
    lines = ["% Written by `make all` (analysis.paper): every number the results quote.", ""]
    for n in numbers:
        where = ", ".join(f"{k} = {v}" for k, v in n.source.get("where", {}).items())
        lines.append(f"% {n.description}: {n.source['file']}"
                     f"{' [' + where + ']' if where else ''} {n.source.get('column') or ''}"
                     f" ({n.source.get('aggregate')})")  # fmt: skip
        lines.append(f"\\newcommand{{\\{n.name}}}{{{escape_latex(n.text)}}}")
    return "\n".join(lines) + "\n"


def write_numbers(numbers: list[Number], folder: str | Path) -> tuple[Path, Path]:
    """Write ``numbers.tex`` and ``numbers.json`` (name, value, text, description, source)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tex = folder / "numbers.tex"
    tex.write_text(numbers_tex(numbers), encoding="utf-8")
    data = folder / "numbers.json"
    data.write_text(json.dumps(to_dicts(numbers), indent=2, ensure_ascii=False, default=str)
                    + "\n", encoding="utf-8")  # fmt: skip
    return tex, data


def write_results(numbers: list[Number], folder: str | Path, *, available=()) -> list[Path]:
    """``results.md`` and ``results.docx``: the results draft with the numbers as printed,
    each part naming the table and figure it rests on (``available`` report stems)."""
    from docx import Document

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sections = results_sections(numbers, available=available)
    numbered = _numbering(sections)
    lines = ["# Results (draft)", "",
             "Written by `make all` from the study's tables; every figure is in numbers.json "
             "with its source.", ""]  # fmt: skip
    document = Document()
    document.add_heading("Results (draft)", level=1)
    for title, paragraphs, table, figure in sections:
        refs = _refs(table, figure, numbered)
        paragraphs = [_referring(paragraphs[0], refs), *paragraphs[1:]]
        lines += [f"## {title}", "", *paragraphs, ""]
        document.add_heading(title, level=2)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    made = {title for title, *_ in sections}
    missing = [title for title, *_ in SECTIONS if title not in made]
    if missing:  # say what the study could not feed, as every report does
        note = (f"Left out, because the study's tables do not have what they need: "
                f"{', '.join(missing)}.")  # fmt: skip
        lines += [f"*{note}*", ""]
        document.add_paragraph().add_run(note).italic = True
    md = folder / "results.md"
    md.write_text("\n".join(lines), encoding="utf-8")
    docx = folder / "results.docx"
    save_docx(document, docx, title="Results (draft)")
    return [md, docx]


def _numbering(sections) -> dict[tuple[str, str], int]:
    numbered, counts = {}, {"table": 0, "figure": 0}
    for _, _, table, figure in sections:
        for kind, stem in (("table", table), ("figure", figure)):
            if stem and (kind, stem) not in numbered:
                counts[kind] += 1
                numbered[(kind, stem)] = counts[kind]
    return numbered


def _referring(paragraph: str, refs: str) -> str:
    """The paragraph with ``refs`` (`` (Table 1)``) before its closing full stop."""
    cut = len(paragraph) - 1 if paragraph.endswith(".") else len(paragraph)
    return paragraph[:cut] + refs + paragraph[cut:]


def _refs(table, figure, numbered) -> str:
    refs = [f"Table {numbered[('table', table)]}" if table else None,
            f"Figure {numbered[('figure', figure)]}" if figure else None]  # fmt: skip
    refs = [r for r in refs if r]
    return f" ({'; '.join(refs)})" if refs else ""


#: Greek letters the report's tables print (κ, α, ...), as math for any LaTeX engine.
GREEK = {"α": "alpha", "κ": "kappa", "π": "pi", "ρ": "rho", "τ": "tau", "σ": "sigma"}


def paper_tex(numbers: list[Number], *, available=()) -> str:
    """A minimal manuscript: ``\\input{numbers.tex}``, the results with the numbers as macros,
    and the report's LaTeX tables and PDF figures it refers to (paths from ``paper/``)."""
    sections = results_sections(numbers, latex=True, available=available)
    body = []
    for title, paragraphs, table, figure in sections:
        body += [f"\\subsection*{{{escape_latex(title)}}}", ""]
        refs = []
        if table:
            refs.append(f"Table~\\ref{{tab:{table}}}")
        if figure:
            refs.append(f"Figure~\\ref{{fig:{figure}}}")
        first = _referring(paragraphs[0], f" ({'; '.join(refs)})" if refs else "")
        body += [first, *paragraphs[1:], ""]
        if table:  # write_table's LaTeX is a table with its caption and its tab:<stem> label
            body += [f"\\input{{../tables/{table}.tex}}", ""]
        if figure:
            body += ["\\begin{figure}[htbp]\\centering",
                     "\\includegraphics[width=\\linewidth,height=0.8\\textheight,"
                     f"keepaspectratio]{{../figures/{figure}.pdf}}",
                     f"\\caption{{{escape_latex(title)}.}}\\label{{fig:{figure}}}",
                     "\\end{figure}", ""]  # fmt: skip
    greek = [f"\\newunicodechar{{{c}}}{{\\ensuremath{{\\{name}}}}}" for c, name in GREEK.items()]
    return "\n".join([
        "\\documentclass[11pt]{article}",
        "\\usepackage[utf8]{inputenc}", "\\usepackage[T1]{fontenc}",
        "\\usepackage{booktabs,longtable,tabularx,array,graphicx,caption,newunicodechar}",
        *greek,
        "\\usepackage[margin=2.5cm]{geometry}",
        "\\input{numbers.tex}",
        "\\title{Results}", "\\date{}",
        "\\begin{document}", "\\maketitle", "\\section*{Results}", "",
        *body, "\\end{document}", "",
    ])  # fmt: skip
