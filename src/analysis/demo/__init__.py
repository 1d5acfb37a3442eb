"""The synthetic demo study: a seeded generator of interviews, events, codebooks and codings
with planted ground truth (see :mod:`analysis.demo.plan`)."""
