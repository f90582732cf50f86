"""Audit reports of a whole health library: per-article figures, charts, near-duplicates.

`healthlint audit LIBRARY -o report.html [--csv articles.csv] [--json audit.json]`
(see linter/audit/command.py). collect.py measures each article, duplicates.py finds
paragraphs repeated across articles (MinHash LSH), charts.py draws inline SVG and
report.py renders the self-contained HTML and the CSV/JSON exports.
"""

# Defaults the command's options show; here so `healthlint --help` need not import the rest.
#: AMA, NIH and HHS recommend grade 6 or below; CDC no harder than grade 8
DEFAULT_TARGET_GRADE = 8.0
#: NHS ("Next review due" three years on) and others review at least every 3 years
DEFAULT_REVIEW_YEARS = 3.0
#: the clinical-literature convention: references within 5 years
DEFAULT_REFERENCE_YEARS = 5
#: share of two-word shingles two paragraphs must share to be near-duplicates
DEFAULT_SIMILARITY = 0.7
#: shortest paragraph compared across articles
DEFAULT_MIN_PARAGRAPH_WORDS = 12
