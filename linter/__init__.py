"""healthlint: a linter for patient-education health articles."""

__version__ = "0.1.0"

#: the project's home page; each rule's documentation is a section of its README
HOMEPAGE = "https://github.com/healthlint/healthlint"


def rule_url(rule_id: str) -> str:
    """Where a rule is documented: the README section whose anchor is `rule-ID`."""
    return f"{HOMEPAGE}#rule-{rule_id}"
