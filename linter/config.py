"""Configuration: rule packs and user configs, validated, merged and resolved.

A pack (`rules/*.yaml`, shipped with healthlint) and a user config (`.healthlint.yaml`)
share one schema:

    extends: procedure            # built-in pack name or a path, or a list of them
    template: {...}               # an article template (see rules/procedure.yaml)
    templates:                    # which template an article uses
      - {type: condition, template: condition}        # front matter `type:`
      - {glob: "conditions/*", template: ./condition.yaml}
    ignore: ["drafts/*"]          # paths not to lint
    rules:
      rule-id: {check: KIND, severity: error|warning|info|off, description: ..., params: {...}}
      other-rule: off             # shorthand for {severity: off}
    link_check: {per_host: 2}     # the opt-in live link check (linter/links/settings.py)

Later files override earlier ones: a rule's keys replace the base's, its params are merged
key by key. Every mistake is a `ConfigError` naming the file, the key and what was expected.
"""

from __future__ import annotations

import contextlib
import difflib
import fnmatch
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from linter.links.settings import LinkCheckFile, LinkSettings
from linter.links.settings import merge as merge_link_settings
from linter.model.problems import Severity
from linter.model.template import Template
from linter.parsing.frontmatter import StrictLoader
from linter.registry import CHECKS, Check
from linter.resources import rules_dir

CONFIG_NAMES = (".healthlint.yaml", ".healthlint.yml")
DEFAULT_PACK = "procedure"
SeverityName = Literal["error", "warning", "info", "off"]


class ConfigError(Exception):
    """A configuration mistake, worded for the user (file, key, what was expected)."""


def builtin_packs() -> list[str]:
    return sorted(p.stem for p in rules_dir().glob("*.yaml"))


class RuleSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    check: str | None = None
    severity: SeverityName | None = None
    description: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, str) or value is False:
            return {"severity": "off" if value is False else value}
        return value


class ArticleType(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    glob: str | None = None
    type: str | None = None
    template: str

    @model_validator(mode="after")
    def _one_selector(self) -> ArticleType:
        if (self.glob is None) == (self.type is None):
            raise ValueError("give exactly one of `glob` or `type`")
        return self


class ConfigFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str = ""
    extends: list[str] = Field(default_factory=list)
    template: Template | None = None
    templates: list[ArticleType] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    link_check: LinkCheckFile | None = None

    @field_validator("extends", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


@dataclass(frozen=True)
class Rule:
    id: str
    check: Check
    severity: Severity | None  # None: off
    description: str
    params: BaseModel
    source: str

    @property
    def enabled(self) -> bool:
        return self.severity is not None


@dataclass(frozen=True)
class ArticleTypeRule:
    glob: str | None
    type: str | None
    template: Template


@dataclass(frozen=True)
class Config:
    rules: tuple[Rule, ...]
    template: Template
    article_types: tuple[ArticleTypeRule, ...] = ()
    ignore: tuple[str, ...] = ()
    source: str = "built-in"
    #: the folder globs are relative to (the config file's folder)
    root: Path | None = None
    #: the files this config was read from, base first (the whole `extends` chain)
    chain: tuple[str, ...] = ()
    #: `link_check:` (linter/links/settings.py), used only with --check-links
    link_check: LinkSettings = field(default_factory=LinkSettings)

    @property
    def enabled_rules(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.enabled)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def choose_template(self, path: str, metadata: Mapping[str, Any]) -> Template:
        article_type = metadata.get("type")
        for mapping in self.article_types:
            if mapping.type is not None and mapping.type == article_type:
                return mapping.template
            if mapping.glob is not None and self._matches(path, mapping.glob):
                return mapping.template
        if isinstance(article_type, str) and article_type != self.template.name:
            return builtin_template(article_type) or self.template
        return self.template

    def is_ignored(self, path: str) -> bool:
        return any(self._matches(path, pattern) for pattern in self.ignore)

    def ignored_by(self, path: str) -> str | None:
        """Why `ignore:` excludes `path` (the glob and the config), or None."""
        pattern = next((p for p in self.ignore if self._matches(path, p)), None)
        return None if pattern is None else f"excluded by ignore: '{pattern}' in {self.source}"

    def _matches(self, path: str, pattern: str) -> bool:
        candidates = {Path(path).as_posix()}
        if self.root is not None:
            with contextlib.suppress(ValueError, OSError):
                candidates.add(Path(path).resolve().relative_to(self.root).as_posix())
        return any(fnmatch.fnmatch(c, pattern) for c in candidates)


# ----------------------------------------------------------------------------- loading


def find_config(start: Path) -> Path | None:
    """`.healthlint.yaml` in `start` or the nearest parent folder that has one."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if _is_file(folder / name):
                return folder / name
    return None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_file(path: Path) -> bool:
    """Path.is_file, except that a folder we may not look into has no file (it raises
    PermissionError); linting such a folder reports it as unreadable."""
    try:
        return path.is_file()
    except OSError:
        return False


class ConfigFinder:
    """The config of each file: `override` (--config) for all, else the nearest
    `.healthlint.yaml` in the file's folder or a parent (as ruff does), else the built-in
    pack. Each config file is loaded once per finder; a `ConfigError` propagates."""

    def __init__(self, override: Path | None = None, cwd: Path | None = None,
                 load: Callable[[Path | None], Config] | None = None) -> None:
        self._override = override
        self._cwd = cwd or Path.cwd()
        self._load = load or load_config
        self._paths: dict[Path, Path | None] = {}
        self._configs: dict[Path | None, Config] = {}

    def path_for(self, file: str) -> Path | None:
        if self._override is not None:
            return self._override
        given = self._cwd / file
        folder = self._cwd if file == "-" else given if _is_dir(given) else given.parent
        folder = Path(os.path.abspath(folder))
        if folder not in self._paths:
            self._paths[folder] = find_config(folder)
        return self._paths[folder]

    def config_for(self, file: str) -> Config:
        path = self.path_for(file)
        if path not in self._configs:
            self._configs[path] = self._load(path)
        return self._configs[path]

    @property
    def loaded(self) -> tuple[Config, ...]:
        """Every config loaded so far, in the order first needed."""
        return tuple(self._configs.values())


def load_config(path: Path | None = None) -> Config:
    """Resolve a user config (or the built-in default pack when `path` is None)."""
    if path is None:
        layers = _layers(_builtin_path(DEFAULT_PACK), ())
        root = None
    else:
        layers = _layers(path, ())
        root = path.resolve().parent
    return _resolve(layers, str(path) if path else f"built-in pack '{DEFAULT_PACK}'", root)


def _builtin_path(name: str) -> Path:
    return rules_dir() / f"{name}.yaml"


def _display(path: Path) -> str:
    builtin = rules_dir()
    try:
        return f"rules/{path.resolve().relative_to(builtin.resolve())}"
    except ValueError:
        return str(path)


#: a config or pack is a few KB; a bigger "config" is a mistake (`--config /dev/zero`)
MAX_CONFIG_BYTES = 1024 * 1024


def _read_config_text(path: Path, shown: str) -> str:
    """The file's text, refusing what is not a regular file or is too big to be a config."""
    try:
        # O_NONBLOCK: a FIFO named as the config must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ConfigError(f"{shown}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ConfigError(f"{shown}: cannot be read: not a regular file (a pipe, device or "
                              "folder); name a YAML file")
        try:
            data = file.read(MAX_CONFIG_BYTES + 1)
        except OSError as exc:
            raise ConfigError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{shown}: larger than {MAX_CONFIG_BYTES // 1024} KiB; not a "
                          "healthlint config")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: cannot be read ({exc})") from None


def _read_yaml(path: Path) -> dict[str, Any]:
    shown = _display(path)
    text = _read_config_text(path, shown)
    loader = None
    try:
        loader = StrictLoader(text)
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{shown}{where}: invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{shown}: invalid YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    assert loader is not None
    for key, line, column, first in loader.duplicates:
        raise ConfigError(f"{shown}:{line + 1}:{column + 1}: invalid YAML: key '{key}' is given twice "
                          f"(first at line {first + 1})")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{shown}: expected a mapping of settings at the top, got {type(data).__name__}")
    return data


def _validate(model: type[BaseModel], data: Any, shown: str, prefix: str = "") -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, shown, prefix)) from None


def _explain(exc: ValidationError, shown: str, prefix: str = "") -> str:
    lines = []
    for error in exc.errors():
        parts = [*(prefix.split(".") if prefix else []), *(str(p) for p in error["loc"])]
        key = ".".join(parts)
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        else:
            message = error["msg"]
            if error["type"] not in ("missing",) and "input" in error:
                message += f" (got {error['input']!r:.60})"
        lines.append(f"{shown}: {key or '(top)'}: {message}")
    return "\n".join(lines)


@dataclass(frozen=True)
class _Layer:
    path: Path
    shown: str
    file: ConfigFile


def _layers(path: Path, chain: tuple[Path, ...]) -> list[_Layer]:
    """The file and everything it extends, base first."""
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(_display(p) for p in (*chain, resolved))
        raise ConfigError(f"{_display(path)}: `extends` forms a cycle: {cycle}")
    shown = _display(path)
    file = _validate(ConfigFile, _read_yaml(path), shown)
    layers: list[_Layer] = []
    for base in file.extends:
        layers.extend(_layers(_locate(base, path, shown), (*chain, resolved)))
    layers.append(_Layer(path, shown, file))
    return layers


def _locate(name: str, relative_to: Path, shown: str) -> Path:
    """A built-in pack by name, else a file relative to the config that names it."""
    if "/" not in name and "\\" not in name and not name.endswith((".yaml", ".yml")):
        builtin = _builtin_path(name)
        if builtin.is_file():
            return builtin
        known = ", ".join(builtin_packs())
        raise ConfigError(f"{shown}: extends: unknown built-in pack '{name}' (known: {known})")
    candidate = (relative_to.parent / name).resolve()
    if not candidate.is_file():
        raise ConfigError(f"{shown}: extends: no such file '{name}' (looked at {candidate})")
    return candidate


def _resolve(layers: list[_Layer], source: str, root: Path | None) -> Config:
    merged: dict[str, dict[str, Any]] = {}
    origin: dict[str, str] = {}
    template: Template | None = None
    article_types: list[tuple[ArticleType, _Layer]] = []
    ignore: list[str] = []
    for layer in layers:
        if layer.file.template is not None:
            template = layer.file.template
        article_types = [(a, layer) for a in layer.file.templates] + article_types
        ignore.extend(layer.file.ignore)
        for rule_id, settings in layer.file.rules.items():
            if rule_id not in merged and settings.check is None:
                known = difflib.get_close_matches(rule_id, merged, n=1)
                hint = f"; did you mean '{known[0]}'?" if known else (
                    "; a new rule needs `check:` (see `healthlint rules`)"
                )
                raise ConfigError(f"{layer.shown}: rules.{rule_id}: unknown rule{hint}")
            entry = merged.setdefault(rule_id, {"params": {}})
            for key in ("check", "severity", "description"):
                value = getattr(settings, key)
                if value is not None:
                    entry[key] = value
            if settings.check is not None:
                entry["params"] = {}  # a new definition starts its params afresh
            entry["params"] = {**entry["params"], **settings.params}
            if settings.check is not None or settings.params:
                origin[rule_id] = layer.shown
            origin.setdefault(rule_id, layer.shown)
    if template is None:
        raise ConfigError(
            f"{source}: no article template; extend a pack that has one (e.g. `extends: procedure`)"
        )
    rules = tuple(_rule(rule_id, entry, origin[rule_id]) for rule_id, entry in merged.items())
    types = tuple(
        ArticleTypeRule(a.glob, a.type, _template(a.template, layer, template))
        for a, layer in article_types
    )
    links = merge_link_settings(layer.file.link_check for layer in layers)
    return Config(rules, template, types, tuple(ignore), source, root,
                  tuple(layer.shown for layer in layers), links)


def _rule(rule_id: str, entry: dict[str, Any], shown: str) -> Rule:
    kind = entry.get("check")
    check = CHECKS.get(str(kind))
    if check is None:
        close = difflib.get_close_matches(str(kind), CHECKS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(sorted(CHECKS))
        raise ConfigError(f"{shown}: rules.{rule_id}.check: unknown check kind '{kind}'; {hint}")
    params = _validate(check.params, entry["params"], shown, f"rules.{rule_id}.params")
    severity = entry.get("severity", "warning")
    return Rule(
        id=rule_id,
        check=check,
        severity=None if severity == "off" else Severity(severity),
        description=entry.get("description") or check.summary,
        params=params,
        source=shown,
    )


@cache
def builtin_template(name: str) -> Template | None:
    """The template of the built-in pack of this name (front matter `type:` can name one)."""
    path = _builtin_path(name)
    if "/" in name or not path.is_file():
        return None
    data = _read_yaml(path)
    if "template" not in data:
        return None
    template: Template = _validate(Template, data["template"], _display(path), "template")
    return template


def _template(name: str, layer: _Layer, default: Template) -> Template:
    if name == default.name:
        return default
    if builtin := builtin_template(name):
        return builtin
    path = _locate(name, layer.path, layer.shown)
    data = _read_yaml(path)
    if "template" not in data:
        raise ConfigError(f"{_display(path)}: no `template:` key (named by {layer.shown})")
    template: Template = _validate(Template, data["template"], _display(path), "template")
    return template
