"""The conda environment and the Makefile's virtual environment install the same pins."""

import tomllib

import yaml
from packaging.requirements import Requirement

from analysis.config import PROJ_ROOT


def pinned(requirements):
    out = {}
    for text in requirements:
        req = Requirement(text)
        (spec,) = req.specifier
        out[req.name.lower()] = (spec.operator, spec.version)
    return out


def project():
    return tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]


def test_every_dependency_is_pinned_to_one_version():
    meta = project()
    for text in meta["dependencies"] + meta["optional-dependencies"]["dev"]:
        (spec,) = Requirement(text).specifier
        assert spec.operator == "==", text


def test_environment_yml_pins_the_same_versions_as_pyproject():
    env = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    conda_pins = pinned(line for line in pip_section if not line.startswith("-"))
    meta = project()
    assert conda_pins == pinned(meta["dependencies"] + meta["optional-dependencies"]["dev"])
    assert "-e .[dev]" in pip_section  # the pip section installs the package itself
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert python == "python=3.11"
    assert pip_section[0].startswith("torch==")  # torch before anything that depends on it
    assert "-c constraints.txt" in pip_section  # and every transitive package as CI tested it


def constraints():
    lines = (PROJ_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    return pinned(line for line in lines if line and not line.startswith("#"))


def test_constraints_pin_what_pyproject_pins_and_every_package_installed():
    from importlib.metadata import distributions

    from packaging.utils import canonicalize_name

    pins = {canonicalize_name(name): spec for name, spec in constraints().items()}
    meta = project()
    for name, spec in pinned(meta["dependencies"] + meta["optional-dependencies"]["dev"]).items():
        assert pins[canonicalize_name(name)] == spec, name
    # what this environment holds is what make setup installs: a package missing from the
    # file would reach a fresh machine at whatever version is newest there
    for dist in distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name in {"analysis", "pip", "setuptools", "wheel"}:
            continue
        version = dist.version.split("+")[0]
        assert pins.get(name) == ("==", version), (name, version)


def test_torch_is_pinned_to_the_cpu_build_on_disk():
    assert "torch==2.13.0" in project()["dependencies"]
