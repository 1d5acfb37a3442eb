"""The pipeline's settings: one ``params.yaml`` read into typed, validated dataclasses.

Paths live here and nowhere else. Unknown keys and values of the wrong type raise
:class:`~analysis.errors.InputError` naming the file and the key, so a typo in ``params.yaml``
never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from analysis.errors import InputError

__all__ = [
    "PARAMS_VARIABLE",
    "PROJ_ROOT",
    "Config",
    "CompareConfig",
    "EmbeddingConfig",
    "EvaluationConfig",
    "IngestConfig",
    "PathsConfig",
    "TopicsConfig",
    "find_params",
    "load_config",
    "parse_override",
]

PROJ_ROOT = Path(__file__).resolve().parents[2]


#: An environment variable naming the parameters file to use instead of the project's
#: ``params.yaml``: ``make PARAMS=...`` sets it for every command and notebook it runs, and the
#: test suite sets it to a demo study of its own.
PARAMS_VARIABLE = "ANALYSIS_PARAMS"


def find_params(start: str | Path | None = None) -> Path:
    """The ``params.yaml`` that governs ``start`` (default: the working directory).

    ``$ANALYSIS_PARAMS``, when set, names it. Otherwise walks up from ``start`` so that
    notebooks run from ``notebooks/`` find the project's file; falls back to the one beside the
    installed source tree.
    """
    named = os.environ.get(PARAMS_VARIABLE)
    if named:
        return Path(named)
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "params.yaml"
        if candidate.is_file():
            return candidate
    return PROJ_ROOT / "params.yaml"


def _ranged(default, *, low=None, high=None):
    """A setting's default and the closed range its numbers must lie in (None: unbounded)."""
    return field(default=default, metadata={"range": (low, high)})


def _in_range(value, bounds) -> str | None:
    """What a number outside ``bounds`` should have been, or None when it is inside."""
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None  # None, "auto" and the like: the type check has passed them
    if (low is None or value >= low) and (high is None or value <= high):
        return None
    if high is None:
        return f"a number of at least {low}"
    if low is None:
        return f"a number of at most {high}"
    return f"a number from {low} to {high}"


@dataclass(frozen=True)
class PathsConfig:
    """Where the pipeline reads and writes, relative to the project root unless absolute."""

    raw: str = "data/raw"
    processed: str = "data/processed"
    reports: str = "reports"


@dataclass(frozen=True)
class EmbeddingConfig:
    """The sentence-transformers model and how it is run."""

    model: str | None = None
    batch_size: int = _ranged(64, low=1)
    device: Literal["cpu", "cuda", "auto"] = "cpu"
    cache: bool = True


@dataclass(frozen=True)
class IngestConfig:
    """How raw study files become segments."""

    window_words: int = _ranged(120, low=1)
    on_error: Literal["stop", "skip"] = "stop"
    codebook: str | None = None
    pseudonymise: Literal["key", "detectors_only"] = "key"
    qdpx_positions: Literal["auto", "unicode", "utf16"] = "auto"
    qdpx_newlines: Literal["auto", "two", "one"] = "auto"


@dataclass(frozen=True)
class TopicsConfig:
    """How topics are modelled (see :func:`analysis.topics.fit_topics`)."""

    method: Literal["bertopic", "lda", "nmf"] = "bertopic"
    backend: Literal["stable", "umap", "cuml"] = "stable"
    min_topic_size: int | None = _ranged(None, low=2)
    min_samples: int | None = _ranged(1, low=1)
    min_content_words: int = _ranged(2, low=0)
    nr_topics: int | Literal["auto"] | None = _ranged(None, low=2)
    reduce_outliers: bool | Literal["embeddings", "c-tf-idf"] = False
    representation: Literal["ctfidf", "mmr", "keybert"] = "ctfidf"
    guided: bool = False
    zero_shot: bool = False
    zero_shot_min_similarity: float = _ranged(0.5, low=0.0, high=1.0)
    top_n_words: int = _ranged(10, low=1)
    stability_resamples: int = _ranged(20, low=0)


@dataclass(frozen=True)
class EvaluationConfig:
    """How the topic stage is scored against baselines (``analysis evaluate-topics``)."""

    truth: str | None = None
    n_seeds: int = _ranged(3, low=1)


@dataclass(frozen=True)
class CompareConfig:
    """Resampling for the comparison stage's intervals and tests (``analysis compare``)."""

    n_boot: int = _ranged(1000, low=1)
    n_perm: int = _ranged(1000, low=1)
    min_f1: float = _ranged(0.3, low=0.0, high=1.0)
    emergent_max_coded: float = _ranged(0.5, low=0.0, high=1.0)
    assisted_method: Literal["logistic", "prototype", "finetuned"] = "logistic"


@dataclass(frozen=True)
class Config:
    """All settings of one pipeline run.

    Build it with :func:`load_config`; the attribute names mirror the keys of ``params.yaml``.
    """

    study: str = "demo"
    seed: int = _ranged(20231115, low=0, high=2**32 - 1)
    paths: PathsConfig = field(default_factory=PathsConfig)
    embedding: EmbeddingConfig = field(default_factory=EmbeddingConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)
    topics: TopicsConfig = field(default_factory=TopicsConfig)
    evaluation: EvaluationConfig = field(default_factory=EvaluationConfig)
    compare: CompareConfig = field(default_factory=CompareConfig)
    root: Path = PROJ_ROOT
    source: str = "defaults"

    def _resolve(self, path: str) -> Path:
        p = Path(path)
        return p if p.is_absolute() else self.root / p

    @property
    def raw_dir(self) -> Path:
        """The study's input folder, ``<paths.raw>/<study>``."""
        return self._resolve(self.paths.raw) / self.study

    @property
    def processed_path(self) -> str:
        """The study's derived-data folder as ``params.yaml`` writes it: ``<paths.processed>/<study>``.

        Every study has its own, so two studies' outputs never mix.

        >>> Config(study="physio").processed_path
        'data/processed/physio'
        """
        return f"{self.paths.processed.rstrip('/')}/{self.study}"

    @property
    def reports_path(self) -> str:
        """The study's reports folder as ``params.yaml`` writes it: ``<paths.reports>/<study>``."""
        return f"{self.paths.reports.rstrip('/')}/{self.study}"

    @property
    def processed_dir(self) -> Path:
        """Everything derived from the raw study by code (:attr:`processed_path`)."""
        return self._resolve(self.processed_path)

    @property
    def reports_dir(self) -> Path:
        """The study's figures and tables for papers and blog posts (:attr:`reports_path`)."""
        return self._resolve(self.reports_path)

    @property
    def embedding_cache_dir(self) -> Path:
        """The on-disk embedding cache (inside ``processed``)."""
        return self.processed_dir / "embeddings"

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain data (for recording beside outputs)."""
        out = dataclasses.asdict(self)
        out.pop("root")
        out.pop("source")
        return out


def load_config(
    path: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    root: str | Path | None = None,
) -> Config:
    """Read ``params.yaml`` (or ``path``), apply overrides and validate everything.

    Parameters
    ----------
    path : str or Path, optional
        The parameters file. Defaults to ``params.yaml`` at the project root; a missing default
        file means all defaults.
    overrides : dict, optional
        Dotted keys to values, e.g. ``{"study": "my_study", "embedding.batch_size": 32}``;
        applied after the file, as the command line's ``--set`` does.
    root : str or Path, optional
        What relative paths are relative to. Defaults to the parameters file's folder.

    Returns
    -------
    Config

    Raises
    ------
    InputError
        For YAML that does not parse, unknown keys, or values of the wrong type.
    """
    explicit = path is not None
    path = Path(path) if explicit else find_params()
    data: dict[str, Any] = {}
    if path.exists():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else None
            problem = getattr(exc, "problem", None) or "does not parse"
            raise InputError(
                f"is not valid YAML: {problem}",
                path=path,
                location=where,
                expected="key: value lines",
            ) from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise InputError(
                "must be a mapping of settings", path=path, expected="key: value lines"
            )
        data = loaded
    elif explicit:
        raise InputError("parameters file not found", path=path)
    for key, value in (overrides or {}).items():
        _set_dotted(data, key, value, path)
    if root is None:
        root = path.resolve().parent
    try:
        kwargs = _build(Config, data, path, prefix="")
    except InputError as error:
        # A bad value given on the command line is reported there, not in params.yaml.
        key = (error.location or "").removeprefix("key ")
        if any(key == k or key.startswith(k + ".") for k in (overrides or {})):
            raise InputError(
                error.message, path="command line", location=f"--set {key}", expected=error.expected
            ) from None
        raise
    return Config(**kwargs, root=Path(root), source=str(path))


def parse_override(text: str) -> tuple[str, Any]:
    """Parse a command-line ``key=value`` into a dotted key and a YAML-typed value.

    >>> parse_override("embedding.batch_size=32")
    ('embedding.batch_size', 32)
    >>> parse_override("embedding.model=null")
    ('embedding.model', None)
    """
    if "=" not in text:
        raise InputError(f"setting '{text}' has no value", location="--set", expected="KEY=VALUE")
    key, _, raw = text.partition("=")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return key.strip(), value


def _set_dotted(data: dict[str, Any], key: str, value: Any, path: Path) -> None:
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise InputError(
                f"cannot set '{key}': '{part}' is not a section", path=path, location=f"key {key}"
            )
        node = child
    node[parts[-1]] = value


_INTERNAL = {"root", "source"}


def _build(cls: type, data: dict[str, Any], path: Path, prefix: str) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in _INTERNAL}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        key = prefix + str(unknown[0])
        raise InputError(
            f"unknown setting '{key}'",
            path=path,
            location=f"key {key}",
            expected="one of " + ", ".join(prefix + name for name in fields),
        )
    kwargs = {}
    for name, value in data.items():
        kwargs[name] = _check(hints[name], value, path, prefix + name)
        bounds = fields[name].metadata.get("range")
        expected = _in_range(kwargs[name], bounds) if bounds else None
        if expected:
            key = prefix + name
            raise InputError(
                f"setting '{key}' is {value!r}", path=path, location=f"key {key}", expected=expected
            )
    return kwargs


def _check(hint: Any, value: Any, path: Path, key: str) -> Any:
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise InputError(
                f"setting '{key}' must be a section of settings, got {value!r}",
                path=path,
                location=f"key {key}",
            )
        return hint(**_build(hint, value, path, key + "."))
    origin = typing.get_origin(hint)
    if origin is Literal:
        choices = typing.get_args(hint)
        if value not in choices:
            raise InputError(
                f"setting '{key}' is {value!r}",
                path=path,
                location=f"key {key}",
                expected="one of " + ", ".join(repr(c) for c in choices),
            )
        return value
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return _check(option, value, path, key)
            except InputError:
                continue
        names = " or ".join("null" if o is type(None) else _name(o) for o in options)
        raise InputError(
            f"setting '{key}' is {value!r}", path=path, location=f"key {key}", expected=names
        )
    if origin in (list, tuple):
        (item,) = typing.get_args(hint)[:1]
        if not isinstance(value, list):
            raise InputError(
                f"setting '{key}' is {value!r}",
                path=path,
                location=f"key {key}",
                expected=f"a list of {_name(item)}",
            )
        checked = [_check(item, v, path, f"{key}[{i}]") for i, v in enumerate(value)]
        return tuple(checked) if origin is tuple else checked
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint in (int, float) and isinstance(value, bool):
        ok = False
    else:
        ok = isinstance(value, hint)
    if not ok:
        raise InputError(
            f"setting '{key}' is {value!r}", path=path, location=f"key {key}", expected=_name(hint)
        )
    return value


def _name(hint: Any) -> str:
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false"}.get(
        hint, getattr(hint, "__name__", str(hint))
    )
