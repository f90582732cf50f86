"""One module per check kind. Each has a docstring (its documentation), a frozen pydantic
`Params` model and a `check(doc, params)` generator of Findings."""
