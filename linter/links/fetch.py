"""Fetch addresses politely with httpx (async), and say what each one is.

- HEAD first; GET when HEAD is refused or looks wrong (400, 403, 404, 405, 406, 410, 501:
  some servers mishandle HEAD, and a dead page is an error, so it is confirmed with GET).
  An HTML page that answers HEAD 200 gets one short GET (the first 64 KiB) to read its
  title ("Page not found" pages answer 200).
- Redirects are followed by hand, up to 5, with loops detected; the hops say whether the
  page moved for good (301/308) or ends at the site's home page.
- At most `per_host` requests in flight to one host and `delay_s` between their starts;
  at most `concurrency` in all. A 429's Retry-After holds back the whole host.
- Timeouts: `connect_timeout_s` to connect, `timeout_s` for the whole request. Timeouts,
  5xx and 429 are tried `retries` more times (waiting `retry_delay_s`, doubled each time).
- The User-Agent names healthlint, its version and its home page.
"""

from __future__ import annotations

import asyncio
import email.utils
import errno
import html
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from linter import HOMEPAGE, __version__
from linter.links.cache import Outcome
from linter.links.settings import LinkSettings

USER_AGENT = f"healthlint/{__version__} (+{HOMEPAGE})"
MAX_REDIRECTS = 5
#: HEAD answers that are tried again with GET
HEAD_REFUSED = frozenset({400, 403, 404, 405, 406, 410, 501})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
GONE = frozenset({404, 410})
TITLE_BYTES = 64 * 1024
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_NOT_FOUND_TITLE = re.compile(
    r"(?:^|[\s|:·•\-–—(\[])(?:404\b|(?:page|file|document|error)\s*[:\-–—]?\s*not\s+found"
    r"|not\s+found\s*(?:$|[|:·•\-–—)\]]))"
    r"|\bpage\s+(?:does\s*n[o']t\s+exist|(?:cannot|can't|could\s+not)\s+be\s+found)",
    re.IGNORECASE,
)
#: a site's front page: /, /index.html, /home, or a language's (/en/, /en-us)
_HOME_PATH = re.compile(r"^/?(?:(?:index|default|home)(?:\.\w+)?|[a-z]{2}/|[a-z]{2}[-_][a-z]{2}/?)?$",
                        re.IGNORECASE)
_MAX_TITLE_CHARS = 80


class _Unreachable(Exception):
    """A temporary failure (timeout, 5xx, 429) left after the retries."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class _Broken(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    reason: str
    location: str | None
    html: bool
    title: str | None = None
    #: the answer set a cookie (a redirect to the same address can then lead on)
    sets_cookie: bool = False


@dataclass
class _Host:
    slots: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0


class Checker:
    """Checks addresses; one per run (its client and per-host limits are shared)."""

    def __init__(self, settings: LinkSettings, transport: httpx.AsyncBaseTransport | None = None,
                 read_titles: bool = True) -> None:
        self.settings = settings
        self.transport = transport
        self.read_titles = read_titles
        self.requests = 0
        self._hosts: dict[str, _Host] = {}
        self._all: asyncio.Semaphore | None = None
        self._client: httpx.AsyncClient | None = None

    async def check_all(self, urls: Iterable[str],
                        done: Callable[[str, Outcome], None]) -> None:
        """Check each address once; `done(url, outcome)` as each one is known."""
        self._all = asyncio.Semaphore(self.settings.concurrency)
        timeout = httpx.Timeout(self.settings.timeout_s, connect=self.settings.connect_timeout_s)
        limits = httpx.Limits(max_connections=self.settings.concurrency,
                              max_keepalive_connections=self.settings.concurrency)
        async with httpx.AsyncClient(transport=self.transport, timeout=timeout, limits=limits,
                                     headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
                                     follow_redirects=False) as client:
            self._client = client

            async def one(url: str) -> None:
                done(url, await self.check(url))

            await asyncio.gather(*(one(url) for url in dict.fromkeys(urls)))
        self._client = None

    async def check(self, url: str) -> Outcome:
        try:
            hops, answer = await self._chain(url, "HEAD")
            if answer.status in HEAD_REFUSED:
                hops, answer = await self._chain(url, "GET")
            elif 200 <= answer.status < 300 and answer.html and self.read_titles:
                final = hops[-1][2] if hops else url
                try:
                    page = await self._request("GET", final)
                    if 200 <= page.status < 300:
                        answer = page
                except (_Unreachable, _Broken):
                    pass  # HEAD said it is there; the title was a bonus
        except _Unreachable as exc:
            return Outcome("unreachable", exc.detail)
        except _Broken as exc:
            return Outcome("broken", exc.detail)
        return classify(url, hops, answer)

    async def _chain(self, url: str, method: str) -> tuple[list[tuple[str, int, str]], _Answer]:
        """Follow redirects: the hops (from, status, to) and the last answer."""
        hops: list[tuple[str, int, str]] = []
        seen = {url}
        revisited: set[str] = set()
        current = url
        while True:
            answer = await self._request(method, current)
            if answer.status not in REDIRECTS or not answer.location:
                return hops, answer
            target = _absolute(current, answer.location)
            if target is None:
                raise _Broken(f"redirects ({answer.status}) to an address that is not a web "
                              "address")
            hops.append((current, answer.status, target))
            if target in seen and answer.sets_cookie and target not in revisited:
                revisited.add(target)  # a site that sets a cookie and sends you back once
            elif target in seen:
                raise _Unreachable(f"redirects in a loop ({_shown_chain(url, hops)})")
            if len(hops) > MAX_REDIRECTS:
                raise _Unreachable(f"redirects more than {MAX_REDIRECTS} times")
            seen.add(target)
            current = target

    async def _request(self, method: str, url: str) -> _Answer:
        settings = self.settings
        delay = settings.retry_delay_s
        detail = ""
        for attempt in range(settings.retries + 1):
            if attempt:
                await asyncio.sleep(delay)
                delay *= 2
            try:
                answer = await self._send(method, url)
            except (httpx.TimeoutException, TimeoutError):
                detail = f"timed out ({settings.timeout_s:g} s)"
                continue
            except httpx.ConnectError as exc:
                broken, words = _connect_failure(exc)
                if broken:
                    raise _Broken(words) from None
                detail = words
                continue
            except httpx.InvalidURL:
                raise _Broken("is not a valid web address") from None
            except (httpx.TransportError, httpx.DecodingError) as exc:
                detail = f"the connection failed ({type(exc).__name__})"
                continue
            if answer.status == 429:
                wait = _retry_after(answer.location, settings.retry_delay_s)
                if wait > settings.max_retry_after_s:
                    raise _Unreachable(f"is rate limited (429; Retry-After {wait:.0f} s)")
                self._hold(url, wait)
                detail = "kept answering 429 Too Many Requests"
                continue
            if answer.status >= 500 and answer.status != 501:
                detail = f"server error {answer.status} {answer.reason}".rstrip()
                continue
            return answer
        tries = settings.retries + 1
        raise _Unreachable(f"{detail} after {tries} {'try' if tries == 1 else 'tries'}")

    def _host(self, url: str) -> _Host:
        host = (urlsplit(url).hostname or "").lower()
        if host not in self._hosts:
            self._hosts[host] = _Host(asyncio.Semaphore(self.settings.per_host))
        return self._hosts[host]

    def _hold(self, url: str, seconds: float) -> None:
        gate = self._host(url)
        gate.next_start = max(gate.next_start, time.monotonic() + seconds)

    async def _send(self, method: str, url: str) -> _Answer:
        assert self._client is not None and self._all is not None
        gate = self._host(url)
        async with gate.slots:
            async with gate.lock:
                wait = gate.next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                gate.next_start = time.monotonic() + self.settings.delay_s
            async with self._all:
                self.requests += 1
                async with asyncio.timeout(self.settings.timeout_s):
                    return await self._exchange(method, url)

    async def _exchange(self, method: str, url: str) -> _Answer:
        assert self._client is not None
        request = self._client.build_request(method, url)
        response = await self._client.send(request, stream=True)
        try:
            kind = response.headers.get("content-type", "").lower()
            is_html = kind.startswith(("text/html", "application/xhtml")) or not kind
            location = response.headers.get("location")
            if response.status_code == 429:
                location = response.headers.get("retry-after")  # carried in the same slot
            title = None
            if method == "GET" and is_html and 200 <= response.status_code < 300:
                title = _title(await _head_of(response), response.encoding or "utf-8")
            return _Answer(response.status_code, response.reason_phrase, location, is_html, title,
                           "set-cookie" in response.headers)
        finally:
            await response.aclose()


async def _head_of(response: httpx.Response) -> bytes:
    data = b""
    async for chunk in response.aiter_bytes():  # decompressed: most HTML comes gzipped
        data += chunk
        if len(data) >= TITLE_BYTES or b"</title" in data.lower():
            break
    return data[:TITLE_BYTES]


def _title(data: bytes, encoding: str) -> str | None:
    match = _TITLE.search(data)
    if not match:
        return None
    try:
        text = match.group(1).decode(encoding, "replace")
    except LookupError:
        text = match.group(1).decode("utf-8", "replace")
    text = " ".join(html.unescape(text).split())
    text = "".join(c for c in text if c.isprintable())
    return text[:_MAX_TITLE_CHARS] + ("…" if len(text) > _MAX_TITLE_CHARS else "")


def classify(url: str, hops: list[tuple[str, int, str]], answer: _Answer) -> Outcome:
    """The outcome of a finished chain of requests."""
    final = hops[-1][2] if hops else url
    status = answer.status
    if status in GONE:
        words = f"{status} {answer.reason}".rstrip()
        if hops:
            return Outcome("broken", f"redirects to {final}, which is gone ({words})", status)
        return Outcome("broken", f"is gone ({words})", status)
    if not 200 <= status < 300:
        # 401/403 and the like: the page is there, only not for robots
        return Outcome("ok", f"{status} {answer.reason}".rstrip(), status)
    if hops and is_home(final) and not is_home(url):
        return Outcome("soft_404", "redirects to the site's home page", status, final)
    if answer.title and _NOT_FOUND_TITLE.search(answer.title):
        return Outcome("soft_404", f'answers with a page titled "{answer.title}"', status)
    moved_to = None
    first = None
    for _, hop_status, target in hops:
        if hop_status not in PERMANENT:
            break
        moved_to, first = target, first or hop_status
    if moved_to is not None and first is not None and not same_page(url, moved_to):
        return Outcome("moved", f"has moved permanently ({first})", status, moved_to)
    return Outcome("ok", f"{status} {answer.reason}".rstrip(), status)


def is_home(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.query and bool(_HOME_PATH.match(parts.path or "/"))


def same_page(old: str, new: str) -> bool:
    """True when only http→https, `www.` or a final slash differ."""

    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        port = "" if parts.port in (None, 80, 443) else str(parts.port)
        return f"{host}:{port}", (parts.path or "/").rstrip("/"), parts.query

    return key(old) == key(new)


def _absolute(base: str, location: str) -> str | None:
    target = urljoin(base, location.strip())
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if any(ord(c) < 33 or ord(c) == 127 for c in target) or len(target) > 2000:
        return None
    return parts._replace(fragment="").geturl()


def _shown_chain(url: str, hops: list[tuple[str, int, str]]) -> str:
    return " → ".join([url, *(target for _, _, target in hops)])


def _retry_after(value: str | None, default: float) -> float:
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


def _connect_failure(exc: BaseException) -> tuple[bool, str]:
    """(is it for good?, words) for a failed connection, from the exceptions behind it."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    text = " ".join(str(e) for e in chain)
    for item in chain:
        if isinstance(item, socket.gaierror):
            if item.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
                return True, "has a host name that does not exist (DNS lookup failed)"
            return False, "could not look up the host name (DNS)"
        if isinstance(item, ssl.SSLError):
            return True, f"failed the secure connection (TLS: {_short(item)})"
        if isinstance(item, ConnectionRefusedError):
            return True, "refused the connection"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return True, "has a host name that does not exist (DNS lookup failed)"
    if "CERTIFICATE_VERIFY_FAILED" in text or "SSL" in text:
        return True, "failed the secure connection (TLS)"
    if f"[Errno {errno.ECONNREFUSED}]" in text or "Connection refused" in text:
        return True, "refused the connection"
    return False, "could not connect"


def _short(exc: ssl.SSLError) -> str:
    reason = getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or str(exc)
    return " ".join(str(reason).replace("_", " ").lower().split())[:60]
