"""The argument checks every public function uses, and their one message template."""

from __future__ import annotations

import pickle
import re
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError, InputTypeError
from analysis.validation import check_option, check_scalar, check_type, parameter_error, plain


def message(name: str, func: str, what: str, got: str) -> str:
    return f"The {name!r} parameter of {func} must be {what}. Got {got} instead."


def raises_exactly(error: type[Exception], text: str):
    return pytest.raises(error, match="^" + re.escape(text) + "$")


# --- the template ---------------------------------------------------------------------------------


def test_parameter_error_writes_the_template_with_the_value_repr():
    error = parameter_error("R9", "rule", "code_prevalence", "'any', 'all' or a coder")
    assert type(error) is InputError
    assert str(error) == message("rule", "code_prevalence", "'any', 'all' or a coder", "'R9'")


def test_parameter_error_shows_numpy_scalars_as_python_ones():
    error = parameter_error(np.int64(4), "q", "brennan_prediger", "an int >= 5")
    assert str(error).endswith("Got 4 instead.")
    assert plain(np.float64(0.5)) == 0.5 and type(plain(np.float64(0.5))) is float


def test_parameter_error_can_be_a_type_error_and_carry_a_location():
    what = "one of 'stable'"
    error = parameter_error(
        "x", "backend", "fit_topics", what, type_error=True, location="topics.backend"
    )
    assert type(error) is InputTypeError and isinstance(error, TypeError)
    assert str(error) == "topics.backend: " + message(
        "backend", "fit_topics", "one of 'stable'", "'x'"
    )


def test_an_input_type_error_is_caught_as_input_value_and_type_error():
    for caught in (InputError, ValueError, TypeError):
        with pytest.raises(caught):
            raise InputTypeError("bad")


def test_an_input_type_error_survives_pickling_as_itself():
    error = InputTypeError("bad", path="a.csv", location="line 2", expected="good")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is InputTypeError and str(again) == str(error)
    assert type(pickle.loads(pickle.dumps(InputError("bad")))) is InputError


# --- check_option ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["stop", "skip"])
def test_check_option_returns_an_allowed_value(value):
    assert check_option(value, "on_error", "read_qdpx", ("stop", "skip")) == value


@pytest.mark.parametrize(
    ("allowed", "listed"),
    [
        (("stop", "skip"), "'stop' or 'skip'"),
        ((None, "mean", "min"), "None, 'mean' or 'min'"),
        (("holm", "fdr_bh", None), "'holm', 'fdr_bh' or None"),
        (("only",), "'only'"),
    ],
)
def test_check_option_lists_the_allowed_values_in_order(allowed, listed):
    with raises_exactly(InputError, message("on_error", "read_qdpx", listed, "'x'")):
        check_option("x", "on_error", "read_qdpx", allowed)


def test_check_option_accepts_any_iterable_and_an_own_wording():
    assert check_option("kind", "k", "f", {"kind": 1, "other": 2}) == "kind"
    what = "a str among {'kappa', 'f1'}"
    with raises_exactly(InputError, message("criterion", "fit", what, "'accuracy'")):
        check_option("accuracy", "criterion", "fit", ("kappa", "f1"), what=what)


def test_check_option_refusal_is_a_value_error_not_a_type_error():
    with pytest.raises(InputError) as caught:
        check_option(3, "layout", "write_docx", ("bold", "table"))
    assert not isinstance(caught.value, TypeError)


# --- check_scalar ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 5, np.int64(3), np.uint8(2)])
def test_check_scalar_accepts_ints_and_returns_python_ints(value):
    result = check_scalar(value, "n_boot", "prevalence", low=1)
    assert result == value and type(result) is int


@pytest.mark.parametrize("value", [0.5, 1, np.float32(0.25), Fraction(1, 3)])
def test_check_scalar_accepts_real_numbers_as_floats(value):
    result = check_scalar(value, "ci", "prevalence", kind=float, low=0, high=1)
    assert result == float(value) and type(result) is float


@pytest.mark.parametrize("value", [True, False, np.bool_(True)])
@pytest.mark.parametrize("kind", [int, float])
def test_check_scalar_refuses_bools_as_numbers(value, kind):
    with pytest.raises(InputTypeError, match=r"Got (True|False) instead\.$"):
        check_scalar(value, "n", "f", kind=kind)


@pytest.mark.parametrize(("value", "got"), [(2.0, "2.0"), ("3", "'3'"), (None, "None")])
def test_check_scalar_refuses_other_types_with_a_type_error(value, got):
    text = message("top_n", "topic_diversity", "an int in the range [1, inf)", got)
    with raises_exactly(InputTypeError, text):
        check_scalar(value, "top_n", "topic_diversity", low=1)


def test_check_scalar_refuses_strings_and_complex_for_floats():
    for value in ("0.9", 1j):
        with pytest.raises(InputTypeError):
            check_scalar(value, "ci", "f", kind=float, low=0, high=1)


@pytest.mark.parametrize(
    ("include_low", "include_high", "accepted", "refused", "shown"),
    [
        (True, True, [0, 0.5, 1], [-0.1, 1.1], "[0, 1]"),
        (False, False, [0.5, 1e-9], [0, 1], "(0, 1)"),
        (True, False, [0, 0.999], [1, -0.1], "[0, 1)"),
        (False, True, [1, 0.001], [0, 1.5], "(0, 1]"),
    ],
)
def test_check_scalar_bounds_are_inclusive_or_exclusive(
    include_low, include_high, accepted, refused, shown
):
    bounds = {"low": 0, "high": 1, "include_low": include_low, "include_high": include_high}
    for value in accepted:
        assert check_scalar(value, "ci", "agreement_table", kind=float, **bounds) == value
    for value in refused:
        text = message("ci", "agreement_table", f"a float in the range {shown}", repr(value))
        with raises_exactly(InputError, text) as caught:
            check_scalar(value, "ci", "agreement_table", kind=float, **bounds)
        assert not isinstance(caught.value, TypeError)


def test_check_scalar_an_open_side_is_infinite():
    assert check_scalar(10**9, "n", "f", low=0) == 10**9
    assert check_scalar(-(10**9), "n", "f", high=0) == -(10**9)
    with raises_exactly(InputError, message("n", "f", "an int in the range [0, inf)", "-1")):
        check_scalar(-1, "n", "f", low=0)
    with raises_exactly(InputError, message("n", "f", "an int in the range (-inf, 0)", "0")):
        check_scalar(0, "n", "f", high=0, include_high=False)
    assert check_scalar(7, "seed", "f") == 7


def test_check_scalar_nan_lies_within_no_bound():
    with pytest.raises(InputError, match=r"Got nan instead\.$"):
        check_scalar(float("nan"), "ci", "f", kind=float, low=0, high=1)
    with pytest.raises(InputError, match=r"Got nan instead\.$"):
        check_scalar(np.nan, "x", "f", kind=float, high=1)


def test_check_scalar_own_wording_replaces_the_range_for_both_kinds_of_error():
    what = "an int >= 2"
    with raises_exactly(InputError, message("top_n", "npmi_per_topic", what, "1")):
        check_scalar(1, "top_n", "npmi_per_topic", low=2, what=what)
    with raises_exactly(InputTypeError, message("top_n", "npmi_per_topic", what, "'2'")):
        check_scalar("2", "top_n", "npmi_per_topic", low=2, what=what)


def test_check_scalar_refuses_a_kind_it_does_not_know():
    with pytest.raises(ValueError, match="kind must be int or float"):
        check_scalar(1, "n", "f", kind=str)


# --- check_type -----------------------------------------------------------------------------------


def test_check_type_returns_an_instance_unchanged():
    table = pd.DataFrame({"a": [1]})
    assert check_type(table, "segments", "fit_topics", pd.DataFrame, "a DataFrame") is table
    assert check_type(None, "key", "P", (pd.DataFrame, type(None)), "a DataFrame or None") is None


def test_check_type_names_the_type_given_not_its_value():
    text = message("text", "Pseudonymiser.apply", "a str", "list")
    with raises_exactly(InputTypeError, text):
        check_type(["a", "b"], "text", "Pseudonymiser.apply", str, "a str")


def test_check_type_carries_an_expectation():
    with pytest.raises(InputTypeError) as caught:
        check_type(
            [1],
            "segments",
            "fit_topics",
            pd.DataFrame,
            "a DataFrame",
            expected="the segments table",
        )
    assert caught.value.expected == "the segments table"
    assert str(caught.value) == (
        message("segments", "fit_topics", "a DataFrame", "list") + " (expected the segments table)"
    )
