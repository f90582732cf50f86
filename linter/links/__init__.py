"""The live link check: an opt-in stage after linting that fetches cited web addresses.

`healthlint check --check-links` (and `healthlint audit --check-links`) fetch every address
in References and Resources; `--check-links=all` every link in the article. Nothing here
opens a socket unless one of those flags is given: the lint itself stays offline.

- `collect`: the addresses of a parsed document, small and picklable (`Link`).
- `settings`: the `link_check:` config key (validated by pydantic like every other key).
- `rules`: the four rules the stage reports and their documentation.
- `cache`: results kept in SQLite between runs, a TTL per kind of result.
- `fetch`: the polite async HTTP client (httpx), only imported when the flag is given.
- `stage`: collect, check each address once, turn results into `Problem`s per file.
"""
