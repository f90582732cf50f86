"""Benchmark the installed `healthlint` on a synthetic library, and its peers on the same.

    python -m benchmarks.run                       # 1,000 and 10,000 articles, -j 1 and -j 2
    python -m benchmarks.run --sizes 1000 --one-file-runs 5
    python -m benchmarks.run --install-textlint    # npm-install textlint into a temp folder first

Reports, for the full default pack: articles per second with each -j; wall time of a
one-file check including interpreter start (the pre-commit case; median of several runs);
peak memory (the largest process, and the sampled sum over the process tree); and the cost
per article at each library size. When proselint (PyPI) or textlint with
textlint-rule-sentence-length and textlint-rule-write-good (npm) are installed, runs them
on the same 1,000 articles and prints the ratios. The articles come from
benchmarks/corpus.py (our own text, deterministic).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import DEFAULT_SEED, write_library

AS_OF = "2026-11-24"
TEXTLINT_DIR = Path(tempfile.gettempdir()) / "healthlint-bench-textlint"
TEXTLINT_PACKAGES = ("textlint", "textlint-rule-sentence-length", "textlint-rule-write-good")


@dataclass(frozen=True)
class Run:
    seconds: float
    #: the largest RSS of one process of the run, sampled every 20 ms (MiB)
    largest_mib: float
    #: the largest sum of RSS over the process tree seen while sampling (MiB)
    tree_mib: float
    exit_code: int


def healthlint_command() -> list[str]:
    """The console script beside this interpreter (not a pyenv shim, which adds ~50 ms)."""
    beside = Path(sys.executable).with_name("healthlint")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("healthlint")
    if found is None:
        sys.exit("healthlint is not installed (pip install -e .)")
    return [found]


def _tree_rss_kib(pid: int) -> tuple[int, int]:
    """(sum, largest) RSS of a process and all its descendants, from /proc (Linux)."""
    total = largest = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rss = next(int(line.split()[1]) for line in status.splitlines()
                       if line.startswith("VmRSS:"))
            total, largest = total + rss, max(largest, rss)
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total, largest


def timed(command: list[str], cwd: Path | None = None) -> Run:
    """Run `command`, output to a file; wall time, peak memory, exit code."""
    with tempfile.TemporaryFile() as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=cwd)
        peak = largest = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak, largest
            while not done.is_set():
                total, biggest = _tree_rss_kib(process.pid)
                peak, largest = max(peak, total), max(largest, biggest)
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        if code not in (0, 1):
            sink.seek(0)
            print(sink.read()[-2000:].decode(errors="replace"), file=sys.stderr)
    return Run(seconds, largest / 1024, peak / 1024, code)


def library(workdir: Path, size: int, seed: int) -> Path:
    folder = workdir / f"library-{size}-{seed}"
    stamp = folder / ".complete"
    if not stamp.exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_library(folder, size, seed)
        stamp.write_text("ok")
    return folder


def one_file_seconds(command: list[str], path: Path, runs: int) -> list[float]:
    timed(command + ["check", str(path), "--as-of", AS_OF])  # warm the disk cache
    return [timed(command + ["check", str(path), "--as-of", AS_OF]).seconds for _ in range(runs)]


def install_textlint(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder),
                    *TEXTLINT_PACKAGES], check=True)


def textlint_command(folder: Path) -> list[str] | None:
    binary = folder / "node_modules" / ".bin" / "textlint"
    if not binary.exists():
        return None
    config = folder / ".textlintrc.json"
    config.write_text(json.dumps({"rules": {"sentence-length": True, "write-good": True}}))
    return [str(binary), "--config", str(config)]  # run in `folder`: rules load from there


def proselint_command() -> list[str] | None:
    found = shutil.which("proselint")
    return [found, "check"] if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="library sizes (comma-separated)")
    parser.add_argument("--jobs", default="1,2", help="-j values to measure (comma-separated)")
    parser.add_argument("--one-file-runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "healthlint-bench")
    parser.add_argument("--textlint-dir", type=Path, default=TEXTLINT_DIR)
    parser.add_argument("--install-textlint", action="store_true",
                        help="npm-install textlint and its two rules into --textlint-dir")
    parser.add_argument("--no-peers", action="store_true", help="skip proselint and textlint")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs = [int(j) for j in args.jobs.split(",")]
    command = healthlint_command()
    version = subprocess.run(command + ["--version"], capture_output=True, text=True).stdout
    print(f"# healthlint benchmark: {version.strip()}, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}\n")

    rows: list[tuple[str, str]] = []
    per_article: dict[tuple[int, int], float] = {}
    for size in sizes:
        folder = library(args.workdir, size, args.seed)
        for j in jobs:
            run = timed(command + ["check", str(folder), "--as-of", AS_OF, "-j", str(j)])
            if run.exit_code not in (0, 1):
                print(f"healthlint exited {run.exit_code} on {folder}", file=sys.stderr)
                return 2
            per_article[size, j] = run.seconds / size * 1000
            rows.append((f"{size:,} articles, -j {j}",
                         f"{size / run.seconds:,.0f} articles/s ({run.seconds:.1f} s; "
                         f"{per_article[size, j]:.2f} ms/article); peak memory "
                         f"{run.tree_mib:.0f} MiB all processes, "
                         f"{run.largest_mib:.0f} MiB largest"))

    sample = next(iter(sorted(library(args.workdir, min(sizes), args.seed).glob("*.md"))))
    seconds = one_file_seconds(command, sample, args.one_file_runs)
    rows.append(("one-file check (wall, with interpreter start)",
                 f"median {statistics.median(seconds):.3f} s (min {min(seconds):.3f}, "
                 f"max {max(seconds):.3f}; {len(seconds)} runs)"))
    if len(sizes) > 1:
        low, high = min(sizes), max(sizes)
        for j in jobs:
            rows.append((f"per-article cost {low:,} -> {high:,} (-j {j})",
                         f"{per_article[low, j]:.2f} -> {per_article[high, j]:.2f} ms "
                         f"(x{per_article[high, j] / per_article[low, j]:.2f})"))

    if not args.no_peers:
        if args.install_textlint:
            install_textlint(args.textlint_dir)
        peer_size = min(sizes)
        folder = library(args.workdir, peer_size, args.seed)
        files = sorted(str(p) for p in folder.iterdir() if p.suffix in (".md", ".txt"))
        ours = per_article.get((peer_size, 1))
        peers = {"proselint": proselint_command(), "textlint (sentence-length, write-good)":
                 textlint_command(args.textlint_dir)}
        for name, peer in peers.items():
            if peer is None:
                rows.append((name, "not installed (skipped)"))
                continue
            run = timed(peer + files, cwd=args.textlint_dir if "textlint" in name else None)
            ms = run.seconds / len(files) * 1000
            ratio = f"; healthlint -j 1 is x{ms / ours:.1f} faster" if ours else ""
            rows.append((f"{name}, {len(files):,} articles, 1 process",
                         f"{len(files) / run.seconds:,.0f} articles/s ({ms:.2f} ms/article; "
                         f"peak {run.tree_mib:.0f} MiB){ratio}"))

    width = max(len(name) for name, _ in rows)
    print(f"| {'measure':<{width}} | result |\n|{'-' * (width + 2)}|--------|")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
