"""healthlint: a linter for patient-education health articles."""

__version__ = "0.1.0"
