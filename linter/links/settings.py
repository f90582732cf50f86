"""The `link_check:` config key: how politely and how often addresses are fetched.

    link_check:
      exclude: ["*.intranet.example/*", "localhost"]  # addresses never fetched
      timeout_s: 15          # total time for one request (headers and the bit of body read)
      connect_timeout_s: 5
      per_host: 2            # requests in flight to one host at a time
      delay_s: 0.5           # at least this long between two request starts to one host
      concurrency: 10        # requests in flight in all
      retries: 2             # further tries after a timeout, a 5xx or a 429
      retry_delay_s: 1       # wait before a retry (doubled each time)
      max_retry_after_s: 30  # a longer Retry-After (429) is "unreachable", not waited for
      ttl_days: {ok: 7, broken: 1}   # or one number for every kind of result
      rules: {reference-soft-404: off}   # severities of the link rules
      fix_moved: false       # true: like --fix-moved-links, replace moved addresses

A pattern in `exclude` with a slash matches the whole address (`https://example.org/private/*`);
one without matches the host name (`*.example.org`). Later config files override earlier
ones key by key.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

ResultKind = Literal["ok", "broken", "moved", "soft_404", "unreachable"]
RESULT_KINDS: tuple[ResultKind, ...] = ("ok", "broken", "moved", "soft_404", "unreachable")
LinkRuleId = Literal[
    "reference-broken-url", "reference-moved-url", "reference-soft-404", "reference-unreachable"
]
SeverityName = Literal["error", "warning", "info", "off"]
#: days a result is trusted before the address is fetched again; a temporary failure is
#: tried again soon (an hour), a dead page after a day, a live one after a week
DEFAULT_TTL_DAYS: dict[ResultKind, float] = {
    "ok": 7, "moved": 7, "broken": 1, "soft_404": 1, "unreachable": 1 / 24,
}


class TtlDays(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    ok: float | None = Field(default=None, ge=0)
    moved: float | None = Field(default=None, ge=0)
    broken: float | None = Field(default=None, ge=0)
    soft_404: float | None = Field(default=None, ge=0)
    unreachable: float | None = Field(default=None, ge=0)


class LinkCheckFile(BaseModel):
    """`link_check:` as one config file writes it (every key optional)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    exclude: list[str] | None = None
    timeout_s: float | None = Field(default=None, gt=0, le=300)
    connect_timeout_s: float | None = Field(default=None, gt=0, le=300)
    per_host: int | None = Field(default=None, ge=1, le=16)
    delay_s: float | None = Field(default=None, ge=0, le=60)
    concurrency: int | None = Field(default=None, ge=1, le=64)
    retries: int | None = Field(default=None, ge=0, le=5)
    retry_delay_s: float | None = Field(default=None, ge=0, le=60)
    max_retry_after_s: float | None = Field(default=None, ge=0, le=600)
    ttl_days: TtlDays | None = None
    rules: dict[LinkRuleId, SeverityName] | None = None
    fix_moved: bool | None = None

    @field_validator("rules")
    @classmethod
    def _unreachable_is_temporary(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value and value.get("reference-unreachable") == "error":
            raise ValueError("reference-unreachable is temporary (a timeout, a 5xx): warning, "
                             "info or off, never error")
        return value

    @field_validator("ttl_days", mode="before")
    @classmethod
    def _one_number(cls, value: object) -> object:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return dict.fromkeys(RESULT_KINDS, value)
        return value


class LinkSettings(BaseModel):
    """The resolved settings (defaults filled in)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    exclude: tuple[str, ...] = ()
    timeout_s: float = 15.0
    connect_timeout_s: float = 5.0
    per_host: int = 2
    delay_s: float = 0.5
    concurrency: int = 10
    retries: int = 2
    #: seconds before a retry after a timeout or a 5xx (doubled each time)
    retry_delay_s: float = 1.0
    #: the longest Retry-After (429) waited for; a longer one is "unreachable"
    max_retry_after_s: float = 30.0
    ttl_days: Mapping[ResultKind, float] = Field(default_factory=lambda: dict(DEFAULT_TTL_DAYS))
    rules: Mapping[str, SeverityName] = Field(default_factory=dict)
    fix_moved: bool = False

    def excluded(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        for pattern in self.exclude:
            target = url if "/" in pattern else host
            if fnmatch.fnmatchcase(target.lower(), pattern.lower()):
                return True
        return False

    def ttl_seconds(self, kind: ResultKind) -> float:
        return float(self.ttl_days.get(kind, DEFAULT_TTL_DAYS[kind])) * 86400


def merge(files: Iterable[LinkCheckFile | None]) -> LinkSettings:
    """Base first: a later file's keys replace the earlier ones (mappings key by key)."""
    values: dict[str, object] = {}
    ttl: dict[str, float] = {str(k): v for k, v in DEFAULT_TTL_DAYS.items()}
    rules: dict[str, str] = {}
    for file in files:
        if file is None:
            continue
        for key, value in file:
            if value is None:
                continue
            if key == "ttl_days":
                assert isinstance(value, TtlDays)
                ttl.update({k: v for k, v in value if v is not None})
            elif key == "rules":
                assert isinstance(value, dict)
                rules.update(value)
            elif key == "exclude":
                assert isinstance(value, list)
                values[key] = tuple(value)
            else:
                values[key] = value
    return LinkSettings.model_validate({**values, "ttl_days": ttl, "rules": rules})
