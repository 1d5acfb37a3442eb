"""Build ``project.qde``: users, codes, cases and coded selections from the study's tables."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from lxml import etree

from analysis.errors import InputError
from analysis.refiqda._codes import build_codes, check_codebook, code_guids
from analysis.refiqda._common import (
    ASSISTED_BRANCH,
    ASSISTED_ROOT_ID,
    ASSISTED_USER,
    PROJECT_NS,
    TOPICS_BRANCH,
    TOPICS_ROOT_ID,
    TOPICS_USER,
    PositionMap,
    make_guid,
    text_of,
    xml_text,
)
from analysis.segments import interviewer_rows


def _q(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def _require(table: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise InputError(
            f"the {what} table has no column {missing[0]!r}",
            expected="the columns " + ", ".join(columns),
        )


class ProjectBuilder:
    """Collects users, codes, selections and cases, then writes them in the schema's order."""

    def __init__(
        self, *, documents, segments, codebook, project_name, origin, utf16, per_coding=True
    ):
        if not isinstance(documents, Mapping):
            raise InputError(
                "documents must map each doc_id to its text", expected="a dict doc_id -> text"
            )
        _require(segments, ["segment_id", "doc_id", "char_start", "char_end"], "segments")
        self.per_coding = per_coding
        self.documents = {str(doc): str(text) for doc, text in documents.items()}
        self.segments = segments
        self.ranges = {
            str(row.segment_id): (str(row.doc_id), int(row.char_start), int(row.char_end))
            for row in segments.itertuples(index=False)
        }
        self.codebook = codebook
        self.tree = check_codebook(codebook, "write_qdpx")
        self.guids = code_guids(codebook)
        self.name_of = {
            str(code_id): text_of(name) or str(code_id)
            for code_id, name in zip(codebook["code_id"], codebook["name"], strict=True)
        }
        self.project_name, self.origin = project_name, origin
        self.maps = (
            {doc: PositionMap(text) for doc, text in self.documents.items()} if utf16 else {}
        )
        self.users: dict[str, str] = {}
        # doc_id -> selection guid -> [start, end, name, user guid, {coding guid: code guid}]
        self.selections: dict[str, dict[str, list]] = {doc: {} for doc in self.documents}
        self.branches: list[tuple[str, str, list[dict]]] = []
        self.variables: list[str] = []
        self.cases: list[tuple[str, dict[str, str], list[str]]] = []

    def _user(self, coder: str) -> str:
        return self.users.setdefault(coder, make_guid("user", coder))

    def _select(self, segment_id, coder: str, code_guid: str, kind: str, key) -> None:
        if segment_id not in self.ranges:
            raise InputError(
                f"{kind} of segment {segment_id!r}, which is not in the segments table",
                expected="a segment_id of the segments table",
            )
        doc_id, start, end = self.ranges[segment_id]
        if doc_id not in self.documents:
            raise InputError(
                f"segment {segment_id!r} belongs to document {doc_id!r}, which is not in documents",
                expected="the text of every document that has segments",
            )
        if not 0 <= start < end <= len(self.documents[doc_id]):
            raise InputError(
                f"segment {segment_id!r} spans {start}-{end}, outside document {doc_id!r} "
                f"({len(self.documents[doc_id])} characters)",
                expected="0 <= char_start < char_end <= the document's length",
            )
        if self.maps:
            start, end = self.maps[doc_id].to_utf16(start), self.maps[doc_id].to_utf16(end)
        user = self._user(coder)
        # One selection per coding, as the vendors write them; or one per segment and coder.
        per = (segment_id, coder, *key) if self.per_coding else (segment_id, coder)
        guid = make_guid(f"{kind}-selection", *per)
        entry = self.selections[doc_id].setdefault(guid, [start, end, segment_id, user, {}])
        entry[4][make_guid(f"{kind}-coding", segment_id, coder, *key)] = code_guid

    def add_codings(self, codings: pd.DataFrame | None) -> None:
        if codings is None:
            return
        _require(codings, ["segment_id", "code_id", "coder"], "codings")
        for row in codings.itertuples(index=False):
            code_id, coder = text_of(row.code_id), text_of(row.coder)
            if code_id not in self.guids:
                raise InputError(
                    f"coding of segment {row.segment_id!r} uses the unknown code {code_id!r}",
                    expected="a code_id of the codebook",
                )
            if not coder:
                raise InputError(
                    f"coding of segment {row.segment_id!r} has no coder", expected="a coder"
                )
            self._select(str(row.segment_id), coder, self.guids[code_id], "coding", [code_id])

    def add_topics(self, topics: pd.DataFrame | None, assignments: pd.DataFrame | None) -> None:
        if topics is None and assignments is None:
            return
        labels: dict[int, dict] = {}
        if topics is not None:
            _require(topics, ["topic"], "topics")
            for row in topics.to_dict("records"):
                labels[int(row["topic"])] = row
        if assignments is not None:
            _require(assignments, ["segment_id", "topic"], "assignments")
            # Segments a model did not assign (interviewer turns) carry no topic code.
            assignments = assignments.dropna(subset=["topic"])
            for topic in assignments["topic"]:
                labels.setdefault(int(topic), {"topic": int(topic)})
        codes = []
        for topic in sorted(t for t in labels if t != -1):  # -1: BERTopic's outliers
            row = labels[topic]
            words = text_of(row.get("words"))
            size = text_of(row.get("size"))
            definition = f"Topic {topic} of the topic model" + (
                f" ({size} segments)" if size else ""
            )
            codes.append(
                {
                    "code_id": f"TOPIC-{topic}",
                    "guid": make_guid("topic", topic),
                    "name": text_of(row.get("label")) or f"Topic {topic}",
                    "definition": definition + (f". Words: {words}" if words else "."),
                }
            )
        self.branches.append((TOPICS_ROOT_ID, TOPICS_BRANCH, codes))
        if assignments is not None:
            for row in assignments.itertuples(index=False):
                if int(row.topic) == -1:
                    continue
                guid = make_guid("topic", int(row.topic))
                self._select(str(row.segment_id), TOPICS_USER, guid, "topic", [int(row.topic)])

    def add_suggestions(self, suggestions: pd.DataFrame | None) -> None:
        if suggestions is None:
            return
        _require(suggestions, ["segment_id", "code_id"], "suggestions")
        suggested = set(suggestions["code_id"].map(text_of))
        unknown = sorted(suggested - set(self.guids))
        if unknown:
            raise InputError(
                f"a suggestion uses the unknown code {unknown[0]!r}",
                expected="a code_id of the codebook",
            )
        codes = [
            {
                "code_id": f"SUGGESTED:{code_id}",
                "guid": make_guid("suggested-code", code_id),
                "name": self.name_of[code_id],
                "definition": f"Suggested by assisted coding for the code {code_id}; "
                "check each suggestion before coding it.",
            }
            for code_id, _depth in self.tree
            if code_id in suggested
        ]
        self.branches.append((ASSISTED_ROOT_ID, ASSISTED_BRANCH, codes))
        for row in suggestions.itertuples(index=False):
            code_id = text_of(row.code_id)
            guid = make_guid("suggested-code", code_id)
            self._select(str(row.segment_id), ASSISTED_USER, guid, "suggested", [code_id])

    def add_cases(self, participants: pd.DataFrame | None) -> None:
        if participants is None:
            return
        _require(participants, ["participant_id"], "participants")
        self.variables = [column for column in participants.columns if column != "participant_id"]
        segments = self.segments
        if "participant_id" in segments.columns:
            speaking = segments[segments["participant_id"].notna()]
            speaking = speaking[~interviewer_rows(speaking)]
            docs_of = speaking.groupby("participant_id")["doc_id"].unique().to_dict()
        else:
            docs_of = {}
        for row in participants.to_dict("records"):
            participant = text_of(row["participant_id"])
            values = {column: text_of(row[column]) for column in self.variables}
            docs = sorted(str(doc) for doc in docs_of.get(participant, []))
            self.cases.append((participant, values, [d for d in docs if d in self.documents]))

    def finish(self) -> tuple[bytes, list[tuple[str, bytes]]]:
        root = etree.Element(_q("Project"), nsmap={None: PROJECT_NS})
        root.set("name", xml_text(self.project_name))
        root.set("origin", xml_text(self.origin))
        if self.users:
            users = etree.SubElement(root, _q("Users"))
            for coder in sorted(self.users):
                etree.SubElement(
                    users,
                    _q("User"),
                    guid=self.users[coder],
                    name=xml_text(coder),
                    id=xml_text(coder),
                )
        self._codebook(root)
        self._cases(root)
        texts = []
        if self.documents:
            sources = etree.SubElement(root, _q("Sources"))
            for doc_id in sorted(self.documents):
                guid = make_guid("source", doc_id)
                source = etree.SubElement(sources, _q("TextSource"), guid=guid)
                source.set("name", xml_text(doc_id))
                source.set("plainTextPath", f"internal://{guid}.txt")
                texts.append((f"sources/{guid}.txt", self.documents[doc_id].encode("utf-8")))
                self._selections(source, self.selections[doc_id])
        qde = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        return qde, sorted(texts)

    def _codebook(self, root) -> None:
        if not self.tree and not self.branches:
            return
        codes = etree.SubElement(etree.SubElement(root, _q("CodeBook")), _q("Codes"))
        build_codes(codes, self.codebook, self.tree, self.guids, _q)
        for root_id, branch, children in self.branches:
            table = pd.DataFrame(
                [{"code_id": root_id, "name": branch, "parent": None, "definition": ""}]
                + [{**code, "parent": root_id} for code in children]
            )
            guids = {root_id: make_guid("branch", root_id)}
            guids.update({code["code_id"]: code["guid"] for code in children})
            tree = [(root_id, 0)] + [(code["code_id"], 1) for code in children]
            top = build_codes(codes, table.iloc[:1], tree[:1], guids, _q, codable=False)
            build_codes(top[root_id], table.iloc[1:], [(c, 0) for c, _ in tree[1:]], guids, _q)

    def _cases(self, root) -> None:
        if not self.cases:
            return
        if self.variables:
            holder = etree.SubElement(root, _q("Variables"))
            for variable in self.variables:
                etree.SubElement(
                    holder,
                    _q("Variable"),
                    guid=make_guid("variable", variable),
                    name=xml_text(variable),
                    typeOfVariable="Text",
                )
        holder = etree.SubElement(root, _q("Cases"))
        for participant, values, docs in self.cases:
            case = etree.SubElement(holder, _q("Case"), guid=make_guid("case", participant))
            case.set("name", xml_text(participant))
            for variable in self.variables:
                if not values[variable]:
                    continue
                value = etree.SubElement(case, _q("VariableValue"))
                etree.SubElement(
                    value, _q("VariableRef"), targetGUID=make_guid("variable", variable)
                )
                etree.SubElement(value, _q("TextValue")).text = xml_text(values[variable])
            for doc_id in docs:
                etree.SubElement(case, _q("SourceRef"), targetGUID=make_guid("source", doc_id))

    @staticmethod
    def _selections(source, selections: dict[str, list]) -> None:
        for guid, (start, end, name, user, codings) in sorted(
            selections.items(), key=lambda item: (item[1][0], item[1][1], item[0])
        ):
            selection = etree.SubElement(source, _q("PlainTextSelection"), guid=guid)
            selection.set("name", xml_text(name))
            selection.set("startPosition", str(start))
            selection.set("endPosition", str(end))
            selection.set("creatingUser", user)
            for coding_guid, code_guid in sorted(codings.items()):
                coding = etree.SubElement(selection, _q("Coding"), guid=coding_guid)
                coding.set("creatingUser", user)
                etree.SubElement(coding, _q("CodeRef"), targetGUID=code_guid)
