"""Analysis shared by several checks (and the audit): derived from a Document, never a check."""
