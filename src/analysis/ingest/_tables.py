"""A study's declared tables (surveys, feedback forms): segments, documents and their codings."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.ingest._common import SEGMENT_COLUMNS

__all__ = ["read_declared_tables", "table_codings"]

#: The codebook a study gets when its only codes are those written in its tables.
DERIVED_CODEBOOK = "codes_in_tables"


def _doc_ids(spec, rows: pd.DataFrame) -> dict[str, str]:
    files = list(dict.fromkeys(rows["file"]))
    if len(spec.files) == 1 and "*" not in spec.files[0]:
        return dict.fromkeys(files, spec.name)
    return {file: f"{spec.name}-{Path(file).stem}" for file in files}


def read_declared_tables(study_dir, study_file, participants, pseudonymiser, report, on_error):
    """Every table ``study.yaml`` declares, read, pseudonymised and turned into segments.

    Returns
    -------
    tables : dict of str to DataFrame
        Each table's rows with their ``segment_id`` (pseudonymised).
    segments : DataFrame
        One segment per row (per answered question) with free text.
    documents : dict of str to str
        Each document (a table's file): its rows' texts joined by newlines.
    codings : DataFrame
        ``segment_id, code, parent, coder, file, location``: codes written in the tables.
    """
    from analysis.sources import read_source_table

    tables, documents, parts, codings = {}, {}, [], []
    known = dict(zip(participants["participant_id"], participants.index, strict=True))
    for name, spec in study_file.tables.items():
        table = read_source_table(study_dir, spec, on_error=on_error)
        rows = table.rows.copy()
        doc_of = _doc_ids(spec, rows)
        rows.insert(0, "doc_id", rows["file"].map(doc_of))
        ids = []
        for doc_id, row, question in zip(
            rows["doc_id"], rows["row"], rows["question"], strict=True
        ):
            ids.append(
                f"{doc_id}-{row:04d}"
                + ("" if pd.isna(question) else f"-q{_question_number(spec, question)}")
            )
        rows.insert(0, "segment_id", ids)
        _pseudonymise(rows, pseudonymiser, report)
        if spec.participant is not None:
            _check_participants(rows, spec, known, study_dir)
        segments = _segments(rows, spec, participants)
        for doc_id, part in segments.groupby("doc_id", sort=False):
            documents[doc_id] = "\n".join(part["text"])
        parts.append(segments)
        tables[name] = rows
        for entry in table.skipped.itertuples(index=False):
            report.aside("table row", entry.file, f"row {entry.row}", entry.reason)
        # Every file read, a file whose rows were all set aside included (with no document).
        for file in [*doc_of, *sorted(set(table.skipped["file"]) - set(doc_of))]:
            doc_id = doc_of.get(file, "")
            n_kept = int(rows.loc[rows["file"] == file, "row"].nunique())
            n_skipped = int((table.skipped["file"] == file).sum())
            report.documents.append(
                {
                    "doc_id": doc_id,
                    "source": spec.source,
                    "file": file,
                    "format": "table",
                    "encoding": "",
                    "units_read": n_kept + n_skipped,
                    "units_kept": n_kept,
                    "segments": int((segments["doc_id"] == doc_id).sum()) if doc_id else 0,
                    "interviewer_turns": 0,
                    "header_chars": 0,
                }
            )
        if len(table.codings):
            key = rows.set_index(["file", "row", "question"], drop=False)["segment_id"]
            coded = table.codings.assign(
                segment_id=[
                    key.get((file, row, question)) if kept else None
                    for file, row, question, kept in zip(
                        table.codings["file"],
                        table.codings["row"],
                        table.codings["question"],
                        table.codings["kept"],
                        strict=True,
                    )
                ]
            )
            codings.append(coded.assign(doc_id=coded["file"].map(doc_of)))
    segments = (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=SEGMENT_COLUMNS)
    )
    codings = (
        pd.concat(codings, ignore_index=True)
        if codings
        else pd.DataFrame(
            columns=["segment_id", "doc_id", "code", "parent", "coder", "file", "location"]
        )
    )
    return tables, segments[SEGMENT_COLUMNS], documents, codings


def _question_number(spec, question: str) -> int:
    from analysis.sources import column_key

    return spec.questions.index(column_key(question)) + 1


def _pseudonymise(rows: pd.DataFrame, pseudonymiser, report) -> None:
    """Free text and every text attribute pseudonymised (a respondent column can hold names)."""
    counts: dict[tuple[str, str], int] = {}
    for column in rows.columns:
        if column in ("segment_id", "doc_id", "table", "file", "row", "question"):
            continue
        if isinstance(rows[column].dtype, pd.CategoricalDtype):
            continue
        values = []
        for doc_id, value in zip(rows["doc_id"], rows[column], strict=True):
            if isinstance(value, str):
                result = pseudonymiser.apply(value)
                for kind, n in result.counts.items():
                    counts[(doc_id, kind)] = counts.get((doc_id, kind), 0) + int(n)
                value = result.text
            values.append(value)
        rows[column] = values
    for (doc_id, kind), n in sorted(counts.items()):
        report.pseudonymisation.append({"doc_id": doc_id, "kind": kind, "n": n})


def _check_participants(rows, spec, known, study_dir) -> None:
    for file, row, value in zip(rows["file"], rows["row"], rows[spec.participant], strict=True):
        if isinstance(value, str) and value not in known:
            raise InputError(
                f"participant '{value}' is not in participants.csv",
                path=Path(study_dir) / file,
                location=f"row {row}, column '{spec.participant}'",
                expected="a participant_id of participants.csv, or an empty cell",
            )


def _segments(rows: pd.DataFrame, spec, participants: pd.DataFrame) -> pd.DataFrame:
    by_id = participants.set_index("participant_id")
    out = []
    for doc_id, part in rows.groupby("doc_id", sort=False):
        offset = 0
        for record in part.to_dict("records"):
            text = record["text"]
            if not isinstance(text, str):
                continue  # a row kept for its other values (``data:``) has no text to analyse
            label = record.get(spec.speaker) if spec.speaker else None
            if isinstance(label, str) and label.isdigit() and spec.speaker_prefix:
                label = f"{spec.speaker_prefix} {label}"
            participant = record.get(spec.participant) if spec.participant else None
            participant = participant if isinstance(participant, str) else None
            role = by_id.at[participant, "role"] if participant else spec.role
            site = by_id.at[participant, "site"] if participant else None
            out.append(
                {
                    "segment_id": record["segment_id"],
                    "doc_id": doc_id,
                    "source": spec.source,
                    "speaker": label if isinstance(label, str) else participant,
                    "participant_id": participant,
                    "role": role,
                    "site": site,
                    "event_id": None,
                    "turn": int(record["row"]),
                    "window": 1,
                    "char_start": offset,
                    "char_end": offset + len(text),
                    "text": text,
                    "is_interviewer": False,
                }
            )
            offset += len(text) + 1
    return pd.DataFrame(out, columns=SEGMENT_COLUMNS)


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "_", name.strip().casefold()).strip("_") or "code"


def table_codings(raw: pd.DataFrame, codebook: pd.DataFrame | None, report, bad):
    """Codes written in the tables as ``segment_id, code_id, coder`` rows, and the codebook.

    A code is matched to the codebook's ``code_id`` or ``name`` (ignoring case); its written
    parent (``parent->child``) must be the codebook's parent. Without a codebook the codes used
    become one (``code_id`` from the path: ``Access->Transport`` is ``access_transport`` under
    ``access``), and the report says so.
    """
    columns = ["segment_id", "code_id", "coder", "doc_id", "source_line"]
    if not len(raw):
        return pd.DataFrame(columns=columns), codebook
    derived = codebook is None
    if derived:
        codebook = _derived_codebook(raw)
        report.notes.append(
            f"No codebook: the {codebook.shape[0]} codes written in the study's tables became "
            f"its codebook ({DERIVED_CODEBOOK}); add a codebook file to give them definitions."
        )
    by_key: dict[str, str] = {}
    for code_id, name in zip(codebook["code_id"], codebook["name"], strict=True):
        by_key.setdefault(str(name).casefold(), code_id)
    for code_id in codebook["code_id"]:
        by_key[str(code_id).casefold()] = code_id
    parent_of = dict(zip(codebook["code_id"], codebook["parent"], strict=True))
    names = dict(zip(codebook["code_id"], codebook["name"], strict=True))
    out = []
    counts: dict[str, list[int]] = {}
    for entry in raw.itertuples(index=False):
        where = {"path": entry.file, "location": entry.location}
        parents = entry.parent.split("->") if isinstance(entry.parent, str) else []
        code_id = _derived_id(entry.code, parents) if derived else by_key.get(entry.code.casefold())
        problem = None
        if not isinstance(entry.segment_id, str):
            problem = InputError(
                "the code's row was set aside (see the table row's reason)",
                expected="codes on rows that are read",
                **where,
            )
        elif code_id is None:
            problem = InputError(
                f"unknown code '{entry.code}'",
                expected="a code_id or name of the codebook",
                **where,
            )
        elif not derived and parents:
            parent = parent_of.get(code_id)
            if not isinstance(parent, str) or parents[-1].casefold() not in (
                parent.casefold(),
                str(names.get(parent, "")).casefold(),
            ):
                problem = InputError(
                    f"code '{entry.code}' is written under '{parents[-1]}', but the codebook "
                    f"puts it under '{parent if isinstance(parent, str) else 'no parent'}'",
                    expected="parent->child as in the codebook",
                    **where,
                )
        tally = counts.setdefault(entry.file, [0, 0])
        tally[0] += 1
        if problem is not None and not isinstance(entry.segment_id, str):
            # Its row was set aside (and listed) already: its codes go with it, listed too.
            report.aside("coding", problem.path, problem.location, problem.message)
            continue
        if problem is not None:
            bad(problem, item="coding")
            continue
        tally[1] += 1
        out.append((entry.segment_id, code_id, entry.coder, entry.doc_id, entry.location))
    for file, (n_read, n_kept) in counts.items():
        report.codings.append(
            {
                "file": file,
                "kind": "code columns",
                "rows_read": n_read,
                "rows_kept": n_kept,
                "segment_codings": n_kept,
            }
        )
    return pd.DataFrame(out, columns=columns), codebook


def _derived_id(code: str, parents: list[str]) -> str:
    return "_".join(_slug(name) for name in [*parents, code])


def _derived_codebook(raw: pd.DataFrame) -> pd.DataFrame:
    from analysis.codebook import CODEBOOK_COLUMNS

    rows: dict[str, dict] = {}
    for code, parent in zip(raw["code"], raw["parent"], strict=True):
        path = [*(parent.split("->") if isinstance(parent, str) else []), code]
        for depth in range(1, len(path) + 1):
            code_id = _derived_id(path[depth - 1], path[: depth - 1])
            above = _derived_id(path[depth - 2], path[: depth - 2]) if depth > 1 else None
            rows.setdefault(code_id, {"code_id": code_id, "name": path[depth - 1], "parent": above})
    book = pd.DataFrame(sorted(rows.values(), key=lambda row: row["code_id"]))
    for column in CODEBOOK_COLUMNS:
        if column not in book:
            book[column] = ""
    return book[list(CODEBOOK_COLUMNS)]
