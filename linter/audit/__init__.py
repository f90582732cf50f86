"""Audit reports of a whole health library: per-article figures, charts, near-duplicates.

`healthlint audit LIBRARY -o report.html [--csv articles.csv] [--json audit.json]`
(see linter/audit/command.py). collect.py measures each article, duplicates.py finds
paragraphs repeated across articles (MinHash LSH), charts.py draws inline SVG and
report.py renders the self-contained HTML and the CSV/JSON exports.
"""

# Defaults of the audit's own options (the grade, review and reference policies default to
# the configured rules' params); here so `healthlint --help` need not import the rest.
#: share of two-word shingles two paragraphs must share to be near-duplicates
DEFAULT_SIMILARITY = 0.7
#: shortest paragraph compared across articles
DEFAULT_MIN_PARAGRAPH_WORDS = 12
