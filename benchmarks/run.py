"""Benchmark `healthlint` against its peers, side by side in one run; print every ratio.

    python -m benchmarks.run                  # library, one file, audit, pre-commit
    python -m benchmarks.run --scaling        # also 1,000 -> 10,000 -> 100,000 articles (long)
    python -m benchmarks.run --no-peers --no-audit --no-precommit   # healthlint alone, quick

Whole processes, wall time and CPU time (user + system of the process and its children,
from wait4), medians of `--runs`. The articles come from tests/support/corpus.py (our own
text, deterministic; about 10 % are plain-text exports). Peers are installed on demand into
a benchmark-only folder (`--peers-dir`, default the user cache), never into the project's
environment: proselint (PyPI) into its own virtualenv, markdownlint-cli2 and textlint with
textlint-rule-sentence-length and textlint-rule-write-good (npm). The absolute figures
depend on the machine and its load; the targets are ratios measured in the same run.

Measured:
- library: `healthlint check -j 2` and `-j 1`, markdownlint-cli2 (its default rules, on the
  Markdown files only), `proselint check` and textlint, on the same 1,000 articles;
- one file (the pre-commit case): `healthlint check FILE` (with and without its config
  cache) against `python -c pass` from the same interpreter and `proselint check FILE`;
- audit: `healthlint audit` on 10,000 articles, peak memory of its main process and its
  wall time against `check -j 2` on the same library;
- pre-commit: `pre-commit run --files ONE.md` in a content repository whose hook is this
  checkout (committed into a snapshot repository), after its environment is built;
- with --scaling: `check -j 2` on 1,000, 10,000 and 100,000 articles (per-article cost and
  peak memory); -j 2 output is compared byte for byte with -j 1 on every library run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.support.corpus import DEFAULT_SEED, write_library

AS_OF = "2026-11-24"
ROOT = Path(__file__).resolve().parent.parent
NPM_PACKAGES = ("markdownlint-cli2", "textlint", "textlint-rule-sentence-length",
                "textlint-rule-write-good")
#: 250 MB, the audit's memory target
AUDIT_TARGET_MIB = 250e6 / 2**20


def child_env() -> dict[str, str]:
    """The environment of a user's shell: bytecode caching on, not inside GitHub Actions."""
    drop = {"PYTHONDONTWRITEBYTECODE", "GITHUB_ACTIONS", "PYTHONPROFILEIMPORTTIME"}
    return {k: v for k, v in os.environ.items() if k not in drop}


@dataclass(frozen=True)
class Run:
    wall: float
    #: user + system seconds of the process and the children it waited for
    cpu: float
    #: the largest resident set of the process or one of its children (MiB)
    peak_mib: float
    exit_code: int
    output: bytes = b""


def run_once(command: Sequence[str], cwd: Path | None = None) -> Run:
    with tempfile.TemporaryFile() as sink:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), stdout=sink, stderr=subprocess.DEVNULL,
                                   cwd=cwd, env=child_env())
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        sink.seek(0)
        output = sink.read()
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               process.returncode, output)


def measure(command: Sequence[str], runs: int, cwd: Path | None = None,
            warm: bool = False) -> Run:
    """Median wall and CPU of `runs` runs (after one unmeasured run when `warm`)."""
    if warm:
        run_once(command, cwd)
    done = [run_once(command, cwd) for _ in range(runs)]
    return Run(statistics.median(r.wall for r in done), statistics.median(r.cpu for r in done),
               max(r.peak_mib for r in done), done[-1].exit_code, done[-1].output)


def healthlint_command() -> list[str]:
    """The console script beside this interpreter (not a shim, which adds its own start-up)."""
    beside = Path(sys.executable).with_name("healthlint")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("healthlint")
    if found is None:
        sys.exit("healthlint is not installed (pip install -e .)")
    return [found]


def library(workdir: Path, size: int, seed: int) -> Path:
    folder = workdir / f"library-{size}-{seed}"
    stamp = folder / ".complete"
    if not stamp.exists():
        print(f"generating {size:,} articles in {folder} ...", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
        write_library(folder, size, seed)
        stamp.write_text("ok")
    return folder


def articles(folder: Path, suffixes: tuple[str, ...] = (".md", ".txt")) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in suffixes)


# ----------------------------------------------------------------------------- peers


def proselint_command(peers: Path, install: bool) -> list[str] | None:
    venv = peers / "proselint-venv"
    binary = venv / "bin" / "proselint"
    if not binary.exists() and install:
        print(f"installing proselint into {venv} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "proselint"],
                       check=True)
    return [str(binary), "check"] if binary.exists() else None


def npm_folder(peers: Path, install: bool) -> Path | None:
    folder = peers / "npm"
    ready = all((folder / "node_modules" / name).is_dir() for name in NPM_PACKAGES)
    if not ready and install and shutil.which("npm"):
        print(f"installing {', '.join(NPM_PACKAGES)} into {folder} ...", file=sys.stderr)
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder),
                        *NPM_PACKAGES], check=True, stdout=subprocess.DEVNULL)
        ready = all((folder / "node_modules" / name).is_dir() for name in NPM_PACKAGES)
    return folder if ready else None


def textlint_command(folder: Path) -> list[str]:
    config = folder / ".textlintrc.json"
    config.write_text(json.dumps({"rules": {"sentence-length": True, "write-good": True}}))
    return [str(folder / "node_modules" / ".bin" / "textlint"), "--config", str(config)]


# ----------------------------------------------------------------------------- pre-commit


def git(cwd: Path, *args: str) -> str:
    env = {**child_env(), "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


def pre_commit_command() -> list[str] | None:
    beside = Path(sys.executable).with_name("pre-commit")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("pre-commit")
    return [found] if found else None


def precommit_seconds(scratch: Path, article: Path, runs: int) -> tuple[float, int] | None:
    """Median wall of `pre-commit run --files ONE.md` once the hook's environment is built."""
    pre_commit = pre_commit_command()
    if pre_commit is None or shutil.which("git") is None:
        return None
    snapshot, content = scratch / "hook-repo", scratch / "content"
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    rev = git(snapshot, "rev-parse", "HEAD").strip()
    content.mkdir()
    git(content, "init", "-q")
    shutil.copy2(article, content / article.name)
    (content / ".pre-commit-config.yaml").write_text(json.dumps(
        {"repos": [{"repo": str(snapshot), "rev": rev, "hooks": [{"id": "healthlint"}]}]}))
    git(content, "add", "-A")
    os.environ["PRE_COMMIT_HOME"] = str(scratch / "pre-commit-home")
    command = [*pre_commit, "run", "--files", article.name]
    print("building the pre-commit hook's environment ...", file=sys.stderr)
    built = run_once(command, content)  # builds the environment: not measured
    if built.exit_code not in (0, 1):
        print(f"pre-commit failed ({built.exit_code})", file=sys.stderr)
        return None
    done = measure(command, runs, content)
    return done.wall, done.exit_code


# ----------------------------------------------------------------------------- report


@dataclass
class Table:
    rows: list[tuple[str, Run | None, str]]

    def add(self, name: str, run: Run | None, note: str = "") -> None:
        self.rows.append((name, run, note))

    def render(self, baseline: float | None) -> str:
        lines = ["| command | wall | CPU | ratio to healthlint -j 2 (wall) | note |",
                 "|---|---:|---:|---:|---|"]
        for name, run, note in self.rows:
            if run is None:
                lines.append(f"| {name} | – | – | – | {note or 'not installed (skipped)'} |")
                continue
            ratio = f"{run.wall / baseline:.1f}" if baseline else "–"
            lines.append(f"| {name} | {run.wall:.2f} s | {run.cpu:.2f} s | {ratio} | {note} |")
        return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="library size for the peers")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--one-file-runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=cache / "healthlint-bench",
                        help="generated libraries (kept between runs)")
    parser.add_argument("--peers-dir", type=Path, default=cache / "healthlint-bench" / "peers",
                        help="where proselint, markdownlint-cli2 and textlint are installed")
    parser.add_argument("--no-install", action="store_true", help="use only installed peers")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-textlint", action="store_true",
                        help="skip textlint (the slowest peer; no target depends on it)")
    parser.add_argument("--no-audit", action="store_true")
    parser.add_argument("--audit-articles", type=int, default=10_000)
    parser.add_argument("--no-precommit", action="store_true")
    parser.add_argument("--scaling", action="store_true",
                        help="also time check -j 2 on 1,000, 10,000 and 100,000 articles (long)")
    parser.add_argument("--scaling-sizes", default="1000,10000,100000")
    args = parser.parse_args(argv)

    healthlint = healthlint_command()
    version = subprocess.run(healthlint + ["--version"], capture_output=True, text=True,
                             env=child_env()).stdout.strip()
    load = os.getloadavg()[0]
    print(f"# healthlint benchmark, {dt.date.today()}: {version}, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}, load average {load:.1f} at start\n")
    lib = library(args.workdir, args.articles, args.seed)
    files = [str(p) for p in articles(lib)]
    markdown_names = [p.name for p in articles(lib, (".md",))]
    proselint = npm = None
    if not args.no_peers:
        proselint = proselint_command(args.peers_dir, not args.no_install)
        npm = npm_folder(args.peers_dir, not args.no_install)

    # ---- library
    check = [*healthlint, "check", "--as-of", AS_OF]
    table = Table([])
    j2 = measure([*check, "-j", "2", str(lib)], args.runs, warm=True)
    j1 = measure([*check, "-j", "1", str(lib)], args.runs)
    table.add("`healthlint check -j 2`", j2)
    table.add("`healthlint check -j 1`", j1)
    peers: dict[str, Run | None] = {"markdownlint": None, "proselint": None, "textlint": None}
    if npm is not None:
        peers["markdownlint"] = measure(
            [str(npm / "node_modules" / ".bin" / "markdownlint-cli2"), *markdown_names],
            args.runs, cwd=lib, warm=True)
        if not args.no_textlint:
            peers["textlint"] = measure([*textlint_command(npm), *files], args.runs, cwd=npm)
    if proselint is not None:
        peers["proselint"] = measure([*proselint, *files], args.runs, warm=True)
    table.add(f"`markdownlint-cli2` (default rules, the {len(markdown_names):,} `.md` files)",
              peers["markdownlint"])
    table.add("`proselint check` (one process)", peers["proselint"])
    table.add("`textlint` + sentence-length + write-good", peers["textlint"])
    print(f"## {len(files):,} articles (medians of {args.runs})\n")
    print(table.render(j2.wall))
    identical = j1.output == j2.output
    ratios: list[str] = [f"-j 2 output byte-identical to -j 1: {'yes' if identical else 'NO'}"]
    if peers["proselint"]:
        p = peers["proselint"]
        ratios.append(f"library: proselint wall / healthlint -j 2 wall = {p.wall / j2.wall:.1f} "
                      f"(target >= 10: {verdict(p.wall / j2.wall >= 10)}; CPU time ratio "
                      f"{p.cpu / j2.cpu:.1f})")
        ratios.append(f"library: healthlint -j 1 CPU per article / proselint's = "
                      f"{j1.cpu / p.cpu:.2f} ({j1.cpu / len(files) * 1000:.2f} ms vs "
                      f"{p.cpu / len(files) * 1000:.2f} ms; target <= 0.2: "
                      f"{verdict(j1.cpu / p.cpu <= 0.2)})")
    if peers["markdownlint"]:
        m = peers["markdownlint"]
        ratios.append(f"library: markdownlint-cli2 wall / healthlint -j 2 wall = "
                      f"{m.wall / j2.wall:.1f} (target >= 3: {verdict(m.wall / j2.wall >= 3)}; "
                      f"CPU time ratio {m.cpu / j2.cpu:.1f})")
    if peers["textlint"]:
        ratios.append(f"library: textlint wall / healthlint -j 2 wall = "
                      f"{peers['textlint'].wall / j2.wall:.1f}")

    # ---- one file
    sample = Path(files[0])
    one = measure([*check, str(sample)], args.one_file_runs, warm=True)
    bare = measure([sys.executable, "-c", "pass"], args.one_file_runs, warm=True)
    print(f"\n## one file ({sample.name}, medians of {args.one_file_runs})\n")
    print("| command | wall | CPU |\n|---|---:|---:|")
    print(f"| `healthlint check FILE` | {one.wall:.3f} s | {one.cpu:.3f} s |")
    helps = run_once([*healthlint, "check", "--help"]).output
    if b"--no-cache" in helps:
        cold = measure([*check, "--no-cache", str(sample)], args.one_file_runs)
        print(f"| `healthlint check --no-cache FILE` | {cold.wall:.3f} s | {cold.cpu:.3f} s |")
    print(f"| `python -c pass` (same interpreter) | {bare.wall:.3f} s | {bare.cpu:.3f} s |")
    ratios.append(f"one file: healthlint check / python -c pass = {one.wall / bare.wall:.1f} "
                  f"(target <= 8: {verdict(one.wall / bare.wall <= 8)}; CPU time ratio "
                  f"{one.cpu / bare.cpu:.1f})")
    if proselint is not None:
        pone = measure([*proselint, str(sample)], args.one_file_runs, warm=True)
        print(f"| `proselint check FILE` | {pone.wall:.3f} s | {pone.cpu:.3f} s |")
        ratios.append(f"one file: healthlint check / proselint check = {one.wall / pone.wall:.2f} "
                      f"(target < 1: {verdict(one.wall < pone.wall)}; CPU time ratio "
                      f"{one.cpu / pone.cpu:.2f})")

    with tempfile.TemporaryDirectory(prefix="healthlint-bench-") as scratch:
        # ---- pre-commit
        if not args.no_precommit:
            hook = precommit_seconds(Path(scratch) / "pre-commit", sample, args.one_file_runs)
            if hook is None:
                ratios.append("pre-commit: not measured (git or pre-commit missing, or failed)")
            else:
                ratios.append(f"pre-commit: `pre-commit run --files {sample.name}` = "
                              f"{hook[0]:.3f} s wall (median of {args.one_file_runs}; "
                              f"{hook[0] / one.wall:.1f}x the bare one-file check)")
        # ---- audit
        if not args.no_audit:
            big = library(args.workdir, args.audit_articles, args.seed)
            peak_file = Path(scratch) / "peak.txt"
            audit = run_once([sys.executable, "-m", "benchmarks.peak", str(peak_file), "audit",
                              str(big), "-o", str(Path(scratch) / "audit.html"), "--as-of",
                              AS_OF, "-j", "2", "--no-progress"], cwd=ROOT)
            main_mib = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("nan")
            big_check = run_once([*check, "-j", "2", str(big)])
            print(f"\n## audit, {args.audit_articles:,} articles (one run each)\n")
            print("| command | wall | CPU | peak memory |\n|---|---:|---:|---:|")
            print(f"| `healthlint audit -j 2` | {audit.wall:.1f} s | {audit.cpu:.1f} s | "
                  f"{main_mib:.0f} MiB main process, {audit.peak_mib:.0f} MiB largest |")
            print(f"| `healthlint check -j 2` | {big_check.wall:.1f} s | {big_check.cpu:.1f} s | "
                  f"{big_check.peak_mib:.0f} MiB largest process |")
            ratios.append(f"audit: main-process peak {main_mib:.0f} MiB "
                          f"(target <= 250 MB = {AUDIT_TARGET_MIB:.0f} MiB: "
                          f"{verdict(main_mib <= AUDIT_TARGET_MIB)})")
            ratios.append(f"audit: wall / check -j 2 wall = {audit.wall / big_check.wall:.2f} "
                          f"(target <= 1.5: {verdict(audit.wall / big_check.wall <= 1.5)}; CPU "
                          f"time ratio {audit.cpu / big_check.cpu:.2f})")

        # ---- scaling
        if args.scaling:
            print("\n## scaling, `check -j 2` (one run each)\n")
            print("| articles | wall | ms/article (wall) | ms/article (CPU) | peak memory |\n"
                  "|---:|---:|---:|---:|---:|")
            per_article: list[float] = []
            cpu_per_article: list[float] = []
            for size in (int(s) for s in args.scaling_sizes.split(",")):
                folder = library(args.workdir, size, args.seed)
                peak_file = Path(scratch) / f"peak-{size}.txt"
                run = run_once([sys.executable, "-m", "benchmarks.peak", str(peak_file), "check",
                                "--as-of", AS_OF, "-j", "2", str(folder)], cwd=ROOT)
                main_mib = int(peak_file.read_text()) / 1024
                per_article.append(run.wall / size * 1000)
                cpu_per_article.append(run.cpu / size * 1000)
                print(f"| {size:,} | {run.wall:.1f} s | {per_article[-1]:.2f} | "
                      f"{run.cpu / size * 1000:.2f} | {main_mib:.0f} MiB main, "
                      f"{run.peak_mib:.0f} MiB largest |")
            ratios.append(f"scaling: per-article wall, largest / smallest library = "
                          f"{per_article[-1] / per_article[0]:.2f}, CPU "
                          f"{cpu_per_article[-1] / cpu_per_article[0]:.2f} (flat is 1.0)")

    print(f"\n## ratios (load average {os.getloadavg()[0]:.1f} at the end)\n")
    for line in ratios:
        print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
