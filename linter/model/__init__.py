"""What an article is once read: document, problems, template (imports nothing else of healthlint)."""
