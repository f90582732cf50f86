"""What healthlint writes: formats, job summary, baselines, fixes, rule docs, safe writing."""
