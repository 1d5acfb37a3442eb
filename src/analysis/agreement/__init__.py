"""Inter-coder agreement: coefficients from their published formulas, and tables for codebooks.

Coefficients (ratings in, one number out):

- :func:`percent_agreement`, :func:`cohen_kappa` and :func:`scott_pi` (weighted for ordered
  categories with any of :data:`WEIGHTS` or a matrix): two coders;
- :func:`fleiss_kappa`: a units × categories count table, a fixed number of coders per unit;
- :func:`krippendorff_alpha`: coders × units, any number of coders, missing ratings, nominal to
  ratio;
- :func:`gwet_ac1` and :func:`brennan_prediger`: coders × units, any number of coders, missing
  ratings;
- :func:`conger_kappa`: Cohen's kappa for any number of coders (Conger, 1980);
- :func:`agreement_estimate`: percent agreement, AC1, Brennan-Prediger, Fleiss' and Conger's
  kappa or Krippendorff's alpha with the analytic standard error, interval and p-value of Gwet
  (2008; 2014), as irrCAC reports them, and :func:`benchmark_scale` to read it on the
  Landis-Koch, Altman or Fleiss scale with Gwet's membership probabilities; weighted forms
  (AC2, weighted Fleiss, Conger, Brennan-Prediger, alpha and percent agreement) with
  :func:`agreement_weights` (linear, quadratic, ordinal, radical, ratio, circular, bipolar or a
  matrix);
- :func:`table_estimate`: the same from two coders' contingency table (Cohen's kappa, Scott's
  pi, AC1/AC2, Brennan-Prediger, alpha, percent agreement), as irrCAC's ``*.table`` functions
  report them; :func:`ratings_from_table` turns such a table into ratings for any function;
- :func:`distribution_estimate`: the same from the distribution of coders by unit and category
  (how many coders put each unit in each category, irrCAC's ``*.dist`` layout), and
  :func:`ratings_from_distribution` for the functions that take ratings.

Numeric and ordinal ratings, and two coders' marginals (R's ``irr`` beyond the kappas), each a
:class:`ReliabilityTest` with its test and interval: :func:`icc` (the six intraclass
correlations of McGraw and Wong / Shrout and Fleiss), :func:`kendall_w`,
:func:`mean_correlation` (Pearson or Spearman, on Fisher's scale), :func:`robinson_a`,
:func:`finn_coefficient`, :func:`iota` (several variables at once), :func:`tolerance_agreement`, :func:`light_kappa`,
:func:`maxwell_re`, :func:`fleiss_category_kappas` (Fleiss' kappa per category),
:func:`marginal_homogeneity` (Stuart-Maxwell, Bhapkar) and :func:`rater_bias`.

For a coded corpus, :func:`agreement_table` turns the long codings table into presence/absence of
each code per segment (or per character, as NVivo and QualCoder count), and reports every
coefficient per code and pooled, with bootstrap intervals; :func:`disagreements` lists what the
coders differ on, with the text, for a consensus meeting.

Undefined is NaN, not an error: when everyone used one category (a code nobody applied), kappa
and alpha are 0/0 and come back NaN, while percent agreement, AC1 and Brennan-Prediger are
defined. Input that cannot be rated (one coder, no overlapping units) raises
:class:`analysis.errors.InputError`.
"""

from analysis.agreement._coefficients import (
    brennan_prediger,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
)
from analysis.agreement._counts import (
    DISTRIBUTION_COEFFICIENTS,
    TABLE_COEFFICIENTS,
    distribution_estimate,
    ratings_from_distribution,
    ratings_from_table,
    table_estimate,
)
from analysis.agreement._disagreements import disagreements
from analysis.agreement._inference import (
    BENCHMARK_SCALES,
    AgreementEstimate,
    agreement_estimate,
    benchmark_scale,
    conger_kappa,
)
from analysis.agreement._marginal import (
    fleiss_category_kappas,
    light_kappa,
    marginal_homogeneity,
    maxwell_re,
    rater_bias,
    tolerance_agreement,
)
from analysis.agreement._numeric import (
    ReliabilityTest,
    finn_coefficient,
    icc,
    iota,
    kendall_w,
    mean_correlation,
    robinson_a,
)
from analysis.agreement._pairs import cohen_kappa, percent_agreement, scott_pi
from analysis.agreement._table import agreement_table
from analysis.agreement._weights import WEIGHTS, agreement_weights

__all__ = [
    "BENCHMARK_SCALES",
    "DISTRIBUTION_COEFFICIENTS",
    "TABLE_COEFFICIENTS",
    "WEIGHTS",
    "AgreementEstimate",
    "ReliabilityTest",
    "agreement_estimate",
    "agreement_table",
    "agreement_weights",
    "benchmark_scale",
    "brennan_prediger",
    "cohen_kappa",
    "conger_kappa",
    "disagreements",
    "distribution_estimate",
    "finn_coefficient",
    "fleiss_category_kappas",
    "fleiss_kappa",
    "gwet_ac1",
    "icc",
    "iota",
    "kendall_w",
    "krippendorff_alpha",
    "light_kappa",
    "marginal_homogeneity",
    "maxwell_re",
    "mean_correlation",
    "percent_agreement",
    "rater_bias",
    "ratings_from_distribution",
    "ratings_from_table",
    "robinson_a",
    "scott_pi",
    "table_estimate",
    "tolerance_agreement",
]
