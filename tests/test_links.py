"""The live link check (`--check-links`), against a server this test starts on 127.0.0.1.

No test sends traffic anywhere else: articles cite the local server's address, or a
`LoopbackTransport` sends every request to it; DNS and TLS failures come from an
`httpx.MockTransport`. An autouse fixture refuses any other connection or name lookup.
"""

from __future__ import annotations

import gzip
import json
import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from linter.config import load_config
from linter.links.cache import Outcome
from linter.links.collect import Link
from linter.links.settings import LinkSettings
from linter.links.stage import run
from tests.conftest import run_cli
from tests.support.links_local import LinkServer, LoopbackTransport, Reply, only_loopback, page

FAST = {"timeout_s": 0.5, "connect_timeout_s": 0.5, "delay_s": 0.0, "retries": 1,
        "retry_delay_s": 0.05}


def route(method: str, path: str, seen: int) -> Reply:
    redirects = {
        "/old": (301, "/new"), "/perm-old": (308, "/new"), "/gone-home": (302, "/"),
        "/loop-a": (302, "/loop-b"), "/loop-b": (302, "/loop-a"),
    }
    if path in redirects:
        status, target = redirects[path]
        return status, {"Location": target}, b"", 0.0
    if path == "/":
        return page("Example Health")
    if path == "/cookie" and seen == 1:  # sets a cookie and sends the client back once
        return 302, {"Location": "/cookie", "Set-Cookie": "visited=1; Path=/"}, b"", 0.0
    if path == "/cookie":
        return page("Welcome back")
    if path in ("/ok", "/new"):
        return page("Colonoscopy: what to expect")
    if path == "/missing":
        return page("Not found", 404)
    if path == "/removed":
        return page("Gone", 410)
    if path == "/slow":
        return *page("Slow")[:3], 2.0
    if path == "/limited":
        if seen == 1:
            return 429, {"Retry-After": "1"}, b"", 0.0
        return page("Finally")
    if path == "/down":
        return page("Service Unavailable", 503)
    if path == "/no-head":
        return (405, {"Allow": "GET"}, b"", 0.0) if method == "HEAD" else page("Fine")
    if path == "/soft":
        return page("Page not found | Example Health")
    if path == "/soft-gzip":  # servers compress HTML: the title is read after decoding
        status, headers, body, _ = page("Error 404 - Not Found")
        return status, {**headers, "Content-Encoding": "gzip"}, gzip.compress(body), 0.0
    return page("Not found", 404)


@pytest.fixture(autouse=True)
def _loopback_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # never the real one
    with only_loopback():
        yield


@pytest.fixture
def server() -> Iterator[LinkServer]:
    with LinkServer(route) as running:
        yield running


def article(urls: list[str]) -> str:
    refs = "\n".join(f"- Source {i}. Example website. Available at: {url}. Accessed May 1, 2026."
                     for i, url in enumerate(urls, 1))
    return f"# Colonoscopy\n\nA colonoscopy looks inside your bowel.\n\n## References\n\n{refs}\n"


def write_config(tmp_path: Path, **settings: object) -> Path:
    path = tmp_path / ".healthlint.yaml"
    path.write_text("extends: procedure\nrules: {required-section: off, review-date: off}\n"
                    "link_check: " + json.dumps({**FAST, **settings}) + "\n", encoding="utf-8")
    return path


def check(tmp_path: Path, text: str, *extra: str, config: Path | None = None
          ) -> tuple[int, list[dict[str, object]], str]:
    target = tmp_path / "article.md"
    target.write_text(text, encoding="utf-8")
    config = config or write_config(tmp_path)
    code, out, err = run_cli("check", str(target), "--format", "json", "--config", str(config),
                             "--link-cache", str(tmp_path / "cache.sqlite3"), *extra)
    problems = [p for p in json.loads(out)["problems"] if p["rule"].startswith("reference-")
                and p["rule"] != "reference-stale"]
    return code, problems, err


REFERENCE_LINE = 7  # the first reference of article(); each further one is a line lower
COLUMN = 44  # where the address starts on its line


@pytest.mark.parametrize(("path", "rule", "severity", "message"), [
    ("/missing", "reference-broken-url", "error",
     "{url} is gone (404 Not Found); find its new address or cite another source."),
    ("/removed", "reference-broken-url", "error",
     "{url} is gone (410 Gone); find its new address or cite another source."),
    ("/old", "reference-moved-url", "warning",
     "{url} has moved permanently (301) to {base}/new; cite the new address."),
    ("/perm-old", "reference-moved-url", "warning",
     "{url} has moved permanently (308) to {base}/new; cite the new address."),
    ("/gone-home", "reference-soft-404", "warning",
     "{url} redirects to the site's home page ({base}/); find the page's new address or cite "
     "another source."),
    ("/soft", "reference-soft-404", "warning",
     '{url} answers with a page titled "Page not found | Example Health"; find the page\'s new '
     "address or cite another source."),
    ("/soft-gzip", "reference-soft-404", "warning",
     '{url} answers with a page titled "Error 404 - Not Found"; find the page\'s new address or '
     "cite another source."),
    ("/loop-a", "reference-unreachable", "warning",
     "{url} could not be checked: redirects in a loop ({url} → {base}/loop-b → {url}); try "
     "again later."),
    ("/slow", "reference-unreachable", "warning",
     "{url} could not be checked: timed out (0.5 s) after 2 tries; try again later."),
    ("/down", "reference-unreachable", "warning",
     "{url} could not be checked: server error 503 Service Unavailable after 2 tries; try again "
     "later."),
])
def test_each_answer_gives_its_rule_line_and_message(
    server: LinkServer, tmp_path: Path, path: str, rule: str, severity: str, message: str
) -> None:
    url = server.url(path)
    code, problems, _ = check(tmp_path, article([server.url("/ok"), url]), "--check-links")
    assert problems == [{
        "path": str(tmp_path / "article.md"), "line": REFERENCE_LINE + 1, "column": COLUMN,
        "end_line": REFERENCE_LINE + 1, "end_column": COLUMN + len(url), "rule": rule,
        "severity": severity,
        "message": message.format(url=url, base=server.url("")),
    }]
    assert code == (1 if severity == "error" else 0)


def test_fine_answers_give_no_problem(server: LinkServer, tmp_path: Path) -> None:
    urls = [server.url(p) for p in ("/ok", "/no-head", "/limited", "/cookie")]
    started = time.monotonic()
    code, problems, err = check(tmp_path, article(urls), "--check-links")
    assert (code, problems) == (0, [])
    assert "checked 4 web addresses (4 ok)" in err
    record = server.record
    # HEAD refused with 405: GET was asked and answered
    assert record.requests[("HEAD", "/no-head")] == 1
    assert record.requests[("GET", "/no-head")] == 1
    # 429 with Retry-After: 1 — the second try waited at least a second
    first, second = record.times["/limited"][:2]
    assert second - first >= 0.95
    assert time.monotonic() - started < 10
    assert record.user_agents == {"healthlint/0.1.0 (+https://github.com/healthlint/healthlint)"}


def test_a_second_run_within_the_ttl_makes_no_request(server: LinkServer, tmp_path: Path) -> None:
    text = article([server.url(p) for p in ("/ok", "/missing", "/old", "/soft")])
    _, first, _ = check(tmp_path, text, "--check-links")
    made = server.record.total
    assert made > 0
    _, second, err = check(tmp_path, text, "--check-links")
    assert server.record.total == made
    assert second == first
    assert "4 from the cache, 0 requests" in err


def test_an_expired_entry_is_fetched_again(server: LinkServer, tmp_path: Path) -> None:
    text = article([server.url("/ok"), server.url("/missing")])
    check(tmp_path, text, "--check-links")
    made = server.record.requests.copy()
    # broken results live 1 day by default: --link-cache-ttl broken=0 expires them now
    _, problems, _ = check(tmp_path, text, "--check-links", "--link-cache-ttl", "broken=0")
    assert server.record.requests[("GET", "/missing")] == made[("GET", "/missing")] + 1
    assert server.record.requests[("HEAD", "/ok")] == made[("HEAD", "/ok")]
    assert [p["rule"] for p in problems] == ["reference-broken-url"]


def test_a_corrupt_cache_is_a_warning_and_a_fresh_cache(server: LinkServer, tmp_path: Path) -> None:
    (tmp_path / "cache.sqlite3").write_bytes(b"this is not a database, it is a note" * 100)
    code, problems, err = check(tmp_path, article([server.url("/missing")]), "--check-links")
    assert [p["rule"] for p in problems] == ["reference-broken-url"]
    assert f"healthlint: warning: link cache {tmp_path / 'cache.sqlite3'} is not a readable cache" in err
    assert "starting a fresh one" in err
    before = server.record.total
    check(tmp_path, article([server.url("/missing")]), "--check-links")
    assert server.record.total == before  # the fresh cache works


def test_the_same_address_in_many_articles_is_fetched_once(server: LinkServer, tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    for i in range(30):
        (folder / f"a{i:02}.md").write_text(article([server.url("/missing")]), encoding="utf-8")
    code, out, err = run_cli("check", str(folder), "--format", "json", "--check-links", "-j", "2",
                             "--config", str(write_config(tmp_path)),
                             "--link-cache", str(tmp_path / "c.sqlite3"))
    broken = [p for p in json.loads(out)["problems"] if p["rule"] == "reference-broken-url"]
    assert len(broken) == 30
    assert server.record.requests[("HEAD", "/missing")] == 1
    assert server.record.requests[("GET", "/missing")] == 1


def test_per_host_limit_holds(server: LinkServer) -> None:
    links = [Link(f"http://{host}.test/ok?n={i}", f"http://{host}.test/ok?n={i}", 1, 1, "reference")
             for host in ("alpha", "beta") for i in range(8)]

    def slow(method: str, path: str, seen: int) -> Reply:
        return *page("ok")[:3], 0.1

    server.route = slow
    settings = LinkSettings(per_host=2, delay_s=0.0, concurrency=10)
    done = run(links, settings, None, lambda m: None, transport=LoopbackTransport(server.port))
    assert {o.kind for o in done.outcomes.values()} == {"ok"}
    most = server.record.max_in_flight
    assert set(most) == {"alpha.test", "beta.test"}
    assert max(most.values()) == 2  # the limit is used, and never passed
    assert sum(most.values()) > 2  # both hosts at once: the limit is per host, not overall


def test_per_host_delay_spaces_requests(server: LinkServer) -> None:
    links = [Link(server.url(f"/ok?n={i}"), server.url(f"/ok?n={i}"), 1, 1, "reference")
             for i in range(3)]
    starts: list[float] = []

    class Recording(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            starts.append(time.monotonic())  # when the client sends: what the delay spaces
            return await super().handle_async_request(request)

    settings = LinkSettings(per_host=2, delay_s=0.2)
    run(links, settings, None, lambda m: None, transport=Recording())
    assert len(starts) == 6  # HEAD and a GET for the title of each page
    assert all(b - a >= 0.199 for a, b in zip(starts, starts[1:], strict=False))


def expired_certificate() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
                                         "failed: certificate has expired (_ssl.c:1006)")
    error.reason = "CERTIFICATE_VERIFY_FAILED"
    error.verify_message = "certificate has expired"
    return error


def failing(error: BaseException) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(str(error), request=request) from error

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(("error", "kind", "detail"), [
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "broken",
     "has a host name that does not exist (DNS lookup failed)"),
    (socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"), "unreachable",
     "could not look up the host name (DNS) after 2 tries"),
    (expired_certificate(), "broken", "failed the secure connection (TLS: certificate has expired)"),
])
def test_dns_and_tls_failures(error: BaseException, kind: str, detail: str) -> None:
    url = "https://no-such-site.invalid/page"
    settings = LinkSettings(**FAST)
    done = run([Link(url, url, 1, 1, "reference")], settings, None, lambda m: None,
               transport=failing(error))
    assert done.outcomes[url] == Outcome(kind, detail)  # type: ignore[arg-type]


def test_connection_refused_is_broken(tmp_path: Path) -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    url = f"http://127.0.0.1:{port}/page"
    _, problems, _ = check(tmp_path, article([url]), "--check-links")
    assert [(p["rule"], p["message"]) for p in problems] == [(
        "reference-broken-url",
        f"{url} refused the connection; find its new address or cite another source.")]


def test_no_socket_is_opened_without_the_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened without --check-links")

    class NoSocket(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            refuse()

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    target = tmp_path / "a.md"
    target.write_text(article(["https://example.org/page", "www.example.com/x"]), encoding="utf-8")
    code, out, err = run_cli("check", str(target), "--format", "json")
    assert "Traceback" not in err
    assert not any(p["rule"] in ("reference-broken-url", "reference-unreachable")
                   for p in json.loads(out)["problems"])


def test_check_links_does_not_swallow_the_path_after_it(server: LinkServer, tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text(article([server.url("/missing")]), encoding="utf-8")
    config = str(write_config(tmp_path))
    for flags in (["--check-links", str(target)], ["--check-links=all", str(target)]):
        code, out, err = run_cli("check", *flags, "--format", "json", "--config", config,
                                 "--link-cache", str(tmp_path / "c.sqlite3"))
        assert code == 1, err
        assert [p["rule"] for p in json.loads(out)["problems"]
                if p["rule"] == "reference-broken-url"] == ["reference-broken-url"]
    code, _, err = run_cli("check", "--check-links=some", str(target))
    assert code == 2
    assert "expected --check-links or --check-links=all" in err


def test_all_checks_body_links_too(server: LinkServer, tmp_path: Path) -> None:
    text = (f"# Colonoscopy\n\nRead [the guide]({server.url('/missing')}) first.\n\n"
            f"See also {server.url('/removed')}.\n\n## References\n\n"
            f"- Guide. Example website. Available at: {server.url('/ok')}. Accessed May 1, 2026.\n")
    _, refs_only, _ = check(tmp_path, text, "--check-links")
    assert refs_only == []
    _, every, _ = check(tmp_path, text, "--check-links=all")
    assert [(p["rule"], p["line"], p["column"]) for p in every] == [
        ("reference-broken-url", 3, 18), ("reference-broken-url", 5, 10)]


def test_resources_addresses_are_checked(server: LinkServer, tmp_path: Path) -> None:
    text = (f"# Colonoscopy\n\nA colonoscopy looks inside your bowel.\n\n## Resources\n\n"
            f"- [Example Society]({server.url('/missing')})\n")
    _, problems, _ = check(tmp_path, text, "--check-links")
    assert [(p["rule"], p["line"], p["column"]) for p in problems] == [
        ("reference-broken-url", 7, 21)]


def test_excluded_addresses_and_suppressions_are_not_fetched(server: LinkServer, tmp_path: Path) -> None:
    text = article([server.url("/missing"), server.url("/removed")]).replace(
        "- Source 2", "<!-- healthlint-disable-next-line reference-broken-url -->\n- Source 2")
    config = write_config(tmp_path, exclude=[f"{server.url('/missing')}*"])
    code, problems, err = check(tmp_path, text, "--check-links", config=config)
    assert problems == []
    assert "unknown-rule" not in err
    assert ("GET", "/missing") not in server.record.requests


def test_severities_are_configured_under_link_check(server: LinkServer, tmp_path: Path) -> None:
    config = write_config(tmp_path, rules={"reference-broken-url": "warning",
                                           "reference-moved-url": "off"})
    code, problems, _ = check(tmp_path, article([server.url("/missing"), server.url("/old")]),
                              "--check-links", config=config)
    assert [(p["rule"], p["severity"]) for p in problems] == [("reference-broken-url", "warning")]
    assert code == 0
    code, _, _ = check(tmp_path, article([server.url("/missing")]), "--check-links",
                       "--fail-on", "warning", config=config)
    assert code == 1


def test_fix_moved_links_replaces_the_address(server: LinkServer, tmp_path: Path) -> None:
    text = article([server.url("/old"), server.url("/ok")])
    code, problems, err = check(tmp_path, text, "--check-links", "--fix-moved-links")
    assert problems == []
    assert "replaced 1 moved address in 1 file" in err
    fixed = (tmp_path / "article.md").read_text(encoding="utf-8")
    assert fixed == text.replace(server.url("/old"), server.url("/new"))
    code, _, err = run_cli("check", "--fix-moved-links", str(tmp_path / "article.md"))
    assert code == 2
    assert "--fix-moved-links needs --check-links" in err


@pytest.mark.parametrize(("settings", "message"), [
    ({"per_host": 0}, "link_check.per_host: Input should be greater than or equal to 1 (got 0)"),
    ({"speed": 3}, "link_check.speed: unknown key"),
    ({"rules": {"reference-unreachable": "error"}},
     "link_check.rules: Value error, reference-unreachable is temporary"),
    ({"ttl_days": {"ok": -1}}, "link_check.ttl_days.ok: Input should be greater than or equal to 0"),
])
def test_bad_settings_name_the_file_and_key(tmp_path: Path, settings: dict[str, object],
                                            message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("extends: procedure\nlink_check: " + json.dumps(settings) + "\n",
                    encoding="utf-8")
    code, _, err = run_cli("rules", "--config", str(path))
    assert code == 2
    assert f"{path}: {message}" in err


def test_settings_merge_and_ttl_number(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text("extends: procedure\nlink_check: {per_host: 3, ttl_days: 2}\n", encoding="utf-8")
    top = tmp_path / "top.yaml"
    top.write_text("extends: ./base.yaml\nlink_check: {delay_s: 0, ttl_days: {ok: 9}}\n",
                   encoding="utf-8")
    settings = load_config(top).link_check
    assert (settings.per_host, settings.delay_s) == (3, 0)
    assert dict(settings.ttl_days) == {"ok": 9, "moved": 2, "broken": 2, "soft_404": 2,
                                       "unreachable": 2}


def test_rules_lists_the_link_rules(tmp_path: Path) -> None:
    code, out, _ = run_cli("rules")
    lines = [line.split()[:2] for line in out.splitlines() if "--check-links" in line]
    assert lines == [["reference-broken-url", "error"], ["reference-moved-url", "warning"],
                     ["reference-soft-404", "warning"], ["reference-unreachable", "warning"]]


def test_audit_counts_links_per_article_and_lists_broken_addresses(
    server: LinkServer, tmp_path: Path
) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    urls = {"a.md": ["/ok", "/missing", "/old"], "b.md": ["/missing", "/soft"], "c.md": ["/ok"]}
    for name, paths in urls.items():
        (folder / name).write_text(article([server.url(p) for p in paths]), encoding="utf-8")
    out = tmp_path / "audit.html"
    code, _, err = run_cli("audit", str(folder), "--check-links", "-o", str(out), "--json",
                           str(tmp_path / "audit.json"), "--csv", str(tmp_path / "audit.csv"),
                           "--config", str(write_config(tmp_path)),
                           "--link-cache", str(tmp_path / "c.sqlite3"), "-j", "1")
    assert code == 0, err
    assert "checked 4 web addresses (1 broken, 1 moved, 1 ok, 1 soft 404)" in err
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    counts = {Path(str(a["path"])).name: (a["links_broken"], a["links_moved"], a["links_ok"])
              for a in data["articles"]}
    assert counts == {"a.md": (1, 1, 1), "b.md": (2, 0, 0), "c.md": (0, 0, 1)}
    assert data["summary"]["links"] == {"broken": 3, "moved": 1, "ok": 2, "broken_addresses": 2}
    assert [(b["url"], b["articles"], [Path(c["path"]).name for c in b["cited_by"]])
            for b in data["broken_links"]] == [
        (server.url("/missing"), 2, ["a.md", "b.md"]), (server.url("/soft"), 1, ["b.md"])]
    a_rules = [p["rule"] for p in data["articles"][0]["problems"]]
    assert "reference-broken-url" in a_rules and "reference-moved-url" in a_rules
    page_html = out.read_text(encoding="utf-8")
    assert "Links per article" in page_html
    assert '<section id="links">' in page_html
    assert f"<code>{server.url('/missing')}</code>" in page_html
    assert f'href="{server.url("/missing")}"' not in page_html  # shown as text, not a link
    assert "links_broken" in (tmp_path / "audit.csv").read_text(encoding="utf-8").splitlines()[0]


def test_audit_without_the_flag_has_no_links_section(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "a.md").write_text(article(["https://example.org/x"]), encoding="utf-8")
    code, _, err = run_cli("audit", str(folder), "-o", str(tmp_path / "a.html"), "--json",
                           str(tmp_path / "a.json"))
    assert code == 0, err
    assert "broken_links" not in json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert '<section id="links">' not in (tmp_path / "a.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("tty", "ci", "shown"), [
    (True, None, True), (True, "true", False), (False, None, False), (True, "0", True)])
def test_progress_bar_only_on_a_terminal_outside_ci(
    monkeypatch: pytest.MonkeyPatch, tty: bool, ci: str | None, shown: bool
) -> None:
    from linter.links import stage

    monkeypatch.setattr(stage.sys.stderr, "isatty", lambda: tty)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert stage.show_progress() is shown


def test_without_httpx_the_flag_is_a_clear_message(
    server: LinkServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "linter.links.fetch", None)  # as if httpx were missing
    target = tmp_path / "a.md"
    target.write_text(article([server.url("/ok")]), encoding="utf-8")
    code, _, err = run_cli("check", str(target), "--check-links",
                           "--link-cache", str(tmp_path / "c.sqlite3"))
    assert code == 2
    assert "--check-links needs the httpx package: pip install 'healthlint[links]'" in err
    assert "Traceback" not in err
    assert server.record.total == 0


@pytest.mark.parametrize(("title", "soft"), [
    ("Page not found | Example Health", True),
    ("404 - Example Health", True),
    ("Error 404 - Not Found", True),
    ("Not Found", True),
    ("Sorry, this page does not exist", True),
    ("The page cannot be found", True),
    ("Cause not found? Living with idiopathic pain", False),
    ("Colonoscopy: what to expect", False),
    ("Route 4040 clinic hours", False),
])
def test_not_found_titles(title: str, soft: bool) -> None:
    from linter.links.fetch import _NOT_FOUND_TITLE

    assert bool(_NOT_FOUND_TITLE.search(title)) is soft


@pytest.mark.parametrize(("old", "new", "same"), [
    ("http://example.org/a", "https://example.org/a", True),
    ("https://example.org/a", "https://www.example.org/a/", True),
    ("https://example.org/a", "https://example.org/b", False),
    ("https://example.org/a?x=1", "https://example.org/a?x=2", False),
    ("https://example.org/a", "https://example.com/a", False),
])
def test_what_counts_as_the_same_page(old: str, new: str, same: bool) -> None:
    from linter.links.fetch import same_page

    assert same_page(old, new) is same


def test_an_upgrade_to_https_is_not_a_move(server: LinkServer) -> None:
    def upgrade(method: str, path: str, seen: int) -> Reply:
        if path == "/example.org/a":
            return 301, {"Location": "https://www.example.org/a/"}, b"", 0.0
        return page("A page")

    server.route = upgrade
    url = "http://example.org/a"
    done = run([Link(url, url, 1, 1, "reference")], LinkSettings(**FAST), None, lambda m: None,
               transport=LoopbackTransport(server.port))
    assert done.outcomes[url].kind == "ok"


@pytest.mark.parametrize(("url", "home"), [
    ("https://example.org/", True), ("https://example.org", True),
    ("https://example.org/index.html", True), ("https://example.org/en/", True),
    ("https://example.org/en-us", True), ("https://example.org/ms", False),
    ("https://example.org/?q=1", False), ("https://example.org/conditions/", False),
])
def test_what_counts_as_a_home_page(url: str, home: bool) -> None:
    from linter.links.fetch import is_home

    assert is_home(url) is home


def test_retry_after_in_seconds_or_as_a_date() -> None:
    import email.utils

    from linter.links.fetch import _retry_after

    assert _retry_after("7", 1.0) == 7.0
    assert _retry_after(None, 1.0) == 1.0
    assert _retry_after("soon", 1.0) == 1.0
    later = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 55 <= _retry_after(later, 1.0) <= 61


def test_a_long_retry_after_is_unreachable_not_waited_for(server: LinkServer, tmp_path: Path) -> None:
    def limited(method: str, path: str, seen: int) -> Reply:
        return 429, {"Retry-After": "3600"}, b"", 0.0

    server.route = limited
    started = time.monotonic()
    _, problems, _ = check(tmp_path, article([server.url("/busy")]), "--check-links")
    assert [(p["rule"], p["message"]) for p in problems] == [(
        "reference-unreachable",
        f"{server.url('/busy')} could not be checked: is rate limited (429; Retry-After 3600 s); "
        "try again later.")]
    assert time.monotonic() - started < 5


def test_bad_ttl_option_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text(article(["https://example.org/x"]), encoding="utf-8")
    code, _, err = run_cli("check", str(target), "--check-links", "--link-cache-ttl", "fresh=2",
                           "--link-cache", str(tmp_path / "c.sqlite3"))
    assert code == 2
    assert "expected DAYS or KIND=DAYS with KIND one of ok, broken, moved, soft_404, unreachable" in err


def test_sarif_describes_the_link_rules(server: LinkServer, tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text(article([server.url("/missing")]), encoding="utf-8")
    code, out, _ = run_cli("check", str(target), "--check-links", "--format", "sarif",
                           "--config", str(write_config(tmp_path)),
                           "--link-cache", str(tmp_path / "c.sqlite3"))
    run_ = json.loads(out)["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert rules["reference-broken-url"]["shortDescription"]["text"].startswith(
        "A cited web address is dead")
    assert [r["ruleId"] for r in run_["results"]] == ["reference-broken-url"]


FRESH_RUN = r"""
import json, socket, sys

def refuse(*args, **kwargs):
    raise OSError("network access attempted without --check-links")

class NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        refuse()

socket.socket = NoSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse
from click.testing import CliRunner
from linter.cli import main
result = CliRunner().invoke(main, ["check", sys.argv[1], "--format", "json"])
print(json.dumps({"code": result.exit_code, "httpx": "httpx" in sys.modules,
                  "error": repr(result.exception) if result.exit_code not in (0, 1) else None}))
"""


def test_without_the_flag_no_socket_and_not_even_httpx(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    target = tmp_path / "a.md"
    target.write_text(article(["https://example.org/page", "www.example.com/x"]), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", FRESH_RUN, str(target)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"code": 1, "httpx": False, "error": None}
