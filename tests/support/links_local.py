"""The link check against a local server: what a run costs, with no traffic off this machine.

    python -m tests.support.links_local [FOLDER]   (default: sample_articles)
    python -m tests.support.links_local --corpus 500   (a synthetic library, tests/support/corpus.py)

Every address the articles cite is answered by a server on 127.0.0.1 (a `LoopbackTransport`
sends each request there with its original Host header, so per-host limits still see the
real hosts); the server answers by path: `/missing` or `404` in the path → 404, `old` →
301 to a new page, anything else → 200. It runs the stage twice with a fresh cache and
prints the addresses checked, the requests made by each run and the time. As a second guard,
sockets to anything but 127.0.0.1 are refused while it runs.

The same server and transport serve tests/test_links*.py.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

LOOPBACK = "127.0.0.1"
#: (status, headers, body, seconds to wait before answering)
Reply = tuple[int, dict[str, str], bytes, float]


def page(title: str, status: int = 200) -> Reply:
    body = f"<!doctype html><html><head><title>{title}</title></head><body>{title}</body></html>"
    return status, {"Content-Type": "text/html; charset=utf-8"}, body.encode(), 0.0


@dataclass
class Record:
    """What the server saw: requests by (method, path), the most in flight per host."""

    requests: Counter[tuple[str, str]] = field(default_factory=Counter)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    user_agents: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def total(self) -> int:
        return sum(self.requests.values())


Route = Callable[[str, str, int], Reply]  # (method, path, how many times seen) -> reply


class LinkServer:
    """A threaded HTTP server on 127.0.0.1 answering through `route`."""

    def __init__(self, route: Route) -> None:
        self.route = route
        self.record = Record()
        record = self.record
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self, method: str) -> None:
                host = (self.headers.get("Host") or "").split(":")[0]
                with record.lock:
                    record.requests[(method, self.path)] += 1
                    seen = record.requests[(method, self.path)]
                    record.times[self.path].append(time.monotonic())
                    record.user_agents.add(self.headers.get("User-Agent", ""))
                    record.in_flight[host] += 1
                    record.max_in_flight[host] = max(record.max_in_flight[host],
                                                     record.in_flight[host])
                try:
                    status, headers, body, wait = outer.route(method, self.path, seen)
                    if wait:
                        time.sleep(wait)
                finally:
                    # no longer in flight before the client can have the answer: a client
                    # that sends its next request on reading this one is not counted twice
                    with record.lock:
                        record.in_flight[host] -= 1
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if method != "HEAD":
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
                self._answer("GET")

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer("HEAD")

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://{LOOPBACK}:{self.port}{path}"

    def __enter__(self) -> LinkServer:
        self.thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class LoopbackTransport(httpx.AsyncBaseTransport):
    """Sends every request to the local server (plain HTTP), keeping its Host header, and
    the original host as the first part of the path: /<host>/<path>."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        original = request.url
        path = f"/{original.host}{original.raw_path.decode('ascii')}"
        request.url = httpx.URL(scheme="http", host=LOOPBACK, port=self.port,
                                raw_path=path.encode("ascii"))
        response = await self.inner.handle_async_request(request)
        location = response.headers.get("location")
        if location and location.startswith(f"/{original.host}/"):
            # answers name the local path; give the client the address on the real host
            response.headers["location"] = (f"{original.scheme}://{original.netloc.decode()}"
                                            f"{location[len(original.host) + 1:]}")
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@contextmanager
def only_loopback() -> Iterator[None]:
    """Refuse every connection and name lookup that is not for 127.0.0.1."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in (LOOPBACK, "localhost"):
            raise OSError(f"refused a name lookup for {host!r}: only 127.0.0.1 here")
        return real_getaddrinfo(LOOPBACK, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] != LOOPBACK:
            raise OSError(f"refused a connection to {address!r}: only 127.0.0.1 here")
        return real_connect(self, address)

    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    socket.socket.connect = connect  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.getaddrinfo = real_getaddrinfo
        socket.socket.connect = real_connect  # type: ignore[method-assign]


def library_route(method: str, path: str, seen: int) -> Reply:
    """The benchmark's answers: dead, moved or fine by the look of the path."""
    host, _, rest = path.lstrip("/").partition("/")
    if "missing" in rest or "404" in rest:
        return page("Not here", 404)
    if "old" in rest:
        return 301, {"Location": f"/{host}/{rest.replace('old', 'new')}"}, b"", 0.0
    return page(f"{host} {rest}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--corpus"]:
        from tests.support.corpus import write_library

        with tempfile.TemporaryDirectory(prefix="healthlint-links-") as scratch:
            write_library(Path(scratch), int(argv[1]))
            return _measure(scratch)
    return _measure(argv[0] if argv else "sample_articles")


def _measure(folder: str) -> int:
    import datetime as dt

    from linter.config import load_config
    from linter.engine import collect, lint_paths
    from linter.links.options import warn
    from linter.links.stage import run, selected

    config = load_config(None)
    settings = config.link_check.model_copy(update={"delay_s": 0.05})
    files = collect([folder], config)
    started = time.monotonic()
    results = list(lint_paths(files, config, dt.date(2026, 11, 24), 1))
    lint_seconds = time.monotonic() - started
    links = [link for r in results for link in selected(r.links, "refs", settings)]
    links_all = [link for r in results for link in selected(r.links, "all", settings)]
    with LinkServer(library_route) as server, only_loopback(), \
            tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "links.sqlite3"
        transport = LoopbackTransport(server.port)
        first = run(links, settings, cache, warn, transport=transport)
        after_first = server.record.total
        second = run(links, settings, cache, warn, transport=LoopbackTransport(server.port))
        after_second = server.record.total
    print(f"{len(files)} articles linted in {lint_seconds:.2f} s; {len(links)} cited addresses "
          f"({len(links_all)} with --check-links=all), {first.stats.urls} distinct")
    print(f"first run:  {first.stats.note}; the server saw {after_first} requests")
    print(f"second run: {second.stats.note}; the server saw {after_second - after_first} requests")
    print("outcomes:", ", ".join(f"{k} {v}" for k, v in sorted(first.stats.kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
