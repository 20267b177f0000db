"""A minimal Streamlit client over the websocket and plain HTTP, without a browser.

Used by the warm start (``make serve`` opens every page once per process before nginx sends it visitors:
``components.warm.visit_pages``), by the load benchmark (``bench/load_ws.py``: hundreds of simultaneous sessions
from one asyncio loop), by ``bench/abuse.py`` and by tests that attack the server the way a script would. It speaks
Streamlit's own protocol (its protobuf classes), so it lives beside the app rather than in the domain package,
which has no Streamlit import.

One :class:`WsSession` is one browser tab: it connects, reruns pages with query strings and widget values as the
front end would, keeps the widgets and messages of the last run, and fetches generated downloads.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

#: Seconds one step (a page run, a download) may take before it counts as failed.
STEP_TIMEOUT_S = 120.0


# ----------------------------------------------------------------------------------------------------------------
# HTTP (exports): a minimal HTTP/1.0 GET over asyncio, so no thread pool queues the requests


async def http_request(
    base_url: str, path: str, timeout: float = STEP_TIMEOUT_S, cookie: str | None = None
) -> tuple[int, dict[str, list[str]], bytes]:
    """GET ``path``; returns (status, headers by lower-case name, body). HTTP/1.0: no chunking, the server
    closes. ``cookie`` is sent as the Cookie header (the balancer's route cookie, as a browser would)."""
    host, port = base_url.removeprefix("http://").split(":")

    async def _get() -> tuple[int, dict[str, list[str]], bytes]:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            extra = f"Cookie: {cookie}\r\n" if cookie else ""
            writer.write(f"GET {path} HTTP/1.0\r\nHost: {host}:{port}\r\nAccept: */*\r\n{extra}\r\n".encode())
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1]) if lines and lines[0].startswith("HTTP/") else 0
        headers: dict[str, list[str]] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers.setdefault(name.strip().lower(), []).append(value.strip())
        return status, headers, body

    return await asyncio.wait_for(_get(), timeout)


async def http_get(
    base_url: str, path: str, timeout: float = STEP_TIMEOUT_S, cookie: str | None = None
) -> tuple[int, bytes]:
    """GET ``path`` from the app server (or the balancer); returns (status, body)."""
    status, _, body = await http_request(base_url, path, timeout, cookie)
    return status, body


def route_cookie(headers: dict[str, list[str]]) -> str | None:
    """The ``name=value`` of the balancer's route cookie in a response, if it set one."""
    from regiomonitor.nginx_conf import ROUTE_COOKIE

    for value in headers.get("set-cookie", []):
        first = value.split(";", 1)[0].strip()
        if first.startswith(ROUTE_COOKIE + "="):
            return first
    return None


async def server_metrics(base_url: str) -> dict[str, Any] | None:
    """Streamlit's own figures (``/_stcore/metrics``, OpenMetrics text): per cache type the bytes it reports and
    its number of entries (``st_session_state`` = one entry per session the server still holds, media files,
    ``st.cache_*``), and the active-session gauge. None if the endpoint does not answer."""
    import re

    try:
        status, body = await http_get(base_url, "/_stcore/metrics", 30)
    except (OSError, TimeoutError):
        return None
    if status != 200:
        return None
    caches: dict[str, dict[str, float]] = {}
    other: dict[str, float] = {}
    for line in body.decode("utf-8", "replace").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        m = re.match(r'cache_memory_bytes\{cache_type="([^"]*)",cache="([^"]*)"\} (\S+)', line)
        if m:
            c = caches.setdefault(m.group(1), {"value_sum": 0.0, "entries": 0})
            c["value_sum"] += float(m.group(3))
            c["entries"] += 1
        elif line.startswith("active_sessions"):
            name, _, value = line.rpartition(" ")
            other[name] = float(value)
    return {"cache_memory_bytes": caches, **other}


# ----------------------------------------------------------------------------------------------------------------
# One Streamlit session over the websocket


class StepError(Exception):
    """A step failed in a way that counts as an error (kind, detail)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


class WsSession:
    """One browser tab's worth of protocol: a websocket, the page's widgets, the URL's query string."""

    def __init__(self, base_url: str, step_timeout: float = STEP_TIMEOUT_S) -> None:
        self.base_url = base_url
        self.step_timeout = step_timeout
        self.ws: Any = None
        self.session_id = ""
        self.page_hashes: dict[str, str] = {}  # url_pathname -> page_script_hash ("" is the default page)
        self.page_hash = ""
        self.page_path = ""
        self.query_string = ""
        self.widgets: dict[str, Any] = {}  # widget key (id suffix) -> element proto of the last run
        self.widget_types: dict[str, str] = {}
        self.widget_states: dict[str, Any] = {}  # id -> WidgetState the user has set (sent with every rerun)
        self.cache: dict[str, Any] = {}  # hash -> ForwardMsg of cacheable elements (what the browser caches)
        self.exceptions: list[str] = []
        self.alerts: list[str] = []
        self.bytes_in = 0
        self.first_msg_at: float | None = None
        self.cookie: str | None = None  # the balancer's route cookie, sent with the websocket and every GET

    async def connect(self) -> None:
        from websockets.asyncio.client import connect
        from websockets.typing import Subprotocol

        url = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await asyncio.wait_for(
            connect(
                url,
                subprotocols=[Subprotocol("streamlit")],
                max_size=2**26,
                open_timeout=self.step_timeout,
                ping_interval=None,
                close_timeout=5,
                additional_headers={"Cookie": self.cookie} if self.cookie else None,
            ),
            self.step_timeout,
        )

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 10)
            except (TimeoutError, OSError):
                pass
            self.ws = None

    # -- messages --------------------------------------------------------------------------------------------

    async def _recv(self, deadline: float, waiting_for: str = "script_finished") -> Any:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from websockets.exceptions import ConnectionClosed

        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise StepError("timeout", f"no {waiting_for} within {self.step_timeout:.0f} s")
        try:
            data = await asyncio.wait_for(self.ws.recv(), remaining)
        except TimeoutError as exc:
            raise StepError("timeout", f"no {waiting_for} within {self.step_timeout:.0f} s") from exc
        except ConnectionClosed as exc:
            raise StepError("connection_closed", repr(exc)) from exc
        if self.first_msg_at is None:
            self.first_msg_at = time.perf_counter()
        self.bytes_in += len(data)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        if msg.WhichOneof("type") == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                raise StepError("protocol", f"ref_hash {msg.ref_hash} not in the client cache")
            msg = cached
        elif msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = msg
        self._observe(msg)
        return msg

    def _observe(self, msg: Any) -> None:
        """Keep what a browser keeps: session id, pages, URL query string, the widgets of the current run."""
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            ns = msg.new_session
            if ns.initialize.session_id:
                self.session_id = ns.initialize.session_id
            self.page_hash = ns.page_script_hash
            self.widgets.clear()
            self.widget_types.clear()
        elif kind == "navigation":
            for page in msg.navigation.app_pages:
                self.page_hashes[page.url_pathname] = page.page_script_hash
            if msg.navigation.page_script_hash:
                self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            etype = el.WhichOneof("type")
            if etype == "exception":
                exc = el.exception
                text = f"{exc.type}: {exc.message}".strip()
                (self.alerts if exc.is_warning else self.exceptions).append(text)
            elif etype == "alert":  # st.error / st.warning / st.info: the app's own notices, not errors
                fmt = {1: "error", 2: "warning", 3: "info", 4: "success"}.get(el.alert.format, "alert")
                self.alerts.append(f"st.{fmt}: {el.alert.body[:160]}")
            else:
                inner = getattr(el, etype) if etype else None
                wid = getattr(inner, "id", "") if inner is not None else ""
                if wid:
                    key = wid.rsplit("-", 1)[-1]
                    self.widgets[key] = inner
                    self.widget_types[key] = etype

    # -- a page run ----------------------------------------------------------------------------------------------

    def _context_info(self, client_state: Any, path: str) -> None:
        ci = client_state.context_info
        ci.timezone, ci.timezone_offset, ci.locale = "Europe/Amsterdam", -60, "nl-NL"
        ci.url = f"{self.base_url}/{path}" + (f"?{self.query_string}" if self.query_string else "")
        ci.color_scheme = "light"

    async def rerun(
        self, *, page_name: str | None = None, page_hash: str | None = None, query_string: str | None = None
    ) -> dict[str, Any]:
        """Request one run and wait for ``script_finished``; returns timings and what the run showed.

        ``page_name``: open a link (the URL path); ``page_hash``: click a page in the sidebar; neither: rerun the
        current page (a widget change). Raises StepError on timeout, exception element, unknown page.
        """
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if query_string is not None:
            self.query_string = query_string
        back = BackMsg()
        cs = back.rerun_script
        if page_name is not None:
            cs.page_name = page_name
            self.page_path = page_name
        elif page_hash is not None:
            cs.page_script_hash = page_hash
            self.page_path = next((p for p, h in self.page_hashes.items() if h == page_hash), "")
        else:
            cs.page_script_hash = self.page_hash
        cs.query_string = self.query_string
        for state in self.widget_states.values():
            cs.widget_states.widgets.add().CopyFrom(state)
        cs.cached_message_hashes.extend(self.cache.keys())
        self._context_info(cs, self.page_path)
        self.exceptions.clear()
        self.alerts.clear()
        self.bytes_in = 0
        self.first_msg_at = None
        start = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        deadline = time.monotonic() + self.step_timeout
        while True:
            msg = await self._recv(deadline)
            kind = msg.WhichOneof("type")
            if kind == "page_not_found":
                raise StepError("page_not_found", msg.page_not_found.page_name or "(default)")
            if kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun() or a newer request: another run follows
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise StepError("compile_error", self.page_path)
                break
        elapsed = time.perf_counter() - start
        if self.exceptions:
            raise StepError("exception", " | ".join(self.exceptions))
        return {
            "s": elapsed,
            "first_msg_s": (self.first_msg_at or start) - start,
            "bytes": self.bytes_in,
            "alerts": list(self.alerts),
        }

    def set_widget(self, key: str, value: str | list[str]) -> None:
        """Set a selectbox/radio (formatted option) or multiselect (list of formatted options) by widget key."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        el = self.widgets.get(key)
        if el is None:
            raise StepError("widget_missing", f"{key} not on page {self.page_path!r}; have {sorted(self.widgets)}")
        state = WidgetState(id=el.id)
        if isinstance(value, list):
            state.string_array_value.data.extend(value)
        else:
            state.string_value = value
        # A widget id can change when its options change; keep one state per key.
        self.widget_states = {i: s for i, s in self.widget_states.items() if not i.endswith("-" + key)}
        self.widget_states[el.id] = state

    def query_param(self, name: str) -> str | None:
        """One parameter of the URL's query string as the server last set it."""
        from urllib.parse import parse_qs

        values = parse_qs(self.query_string).get(name)
        return values[0] if values else None

    def options(self, key: str) -> list[str]:
        el = self.widgets.get(key)
        if el is None:
            raise StepError("widget_missing", f"{key} not on page {self.page_path!r}")
        return list(el.options)

    def current(self, key: str) -> str | None:
        """The selectbox/radio value the page shows now (formatted option)."""
        el = self.widgets.get(key)
        if el is None:
            return None
        mine = self.widget_states.get(el.id)
        if mine is not None and mine.WhichOneof("value") == "string_value":
            return mine.string_value  # set by this client; the server does not echo a UI change back
        if getattr(el, "set_value", False) and el.HasField("raw_value"):
            return el.raw_value
        return el.options[el.default] if el.HasField("default") and len(el.options) > el.default else None

    # -- exports ----------------------------------------------------------------------------------------------

    async def export(self, key: str) -> dict[str, Any]:
        """Download what the download button ``key`` offers: by URL, or generated on request (deferred)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        el = self.widgets.get(key)
        if el is None or self.widget_types.get(key) != "download_button":
            raise StepError("export_missing", f"no download button {key} on {self.page_path!r}")
        start = time.perf_counter()
        generate_s = 0.0
        url = el.url
        if not url and el.deferred_file_id:
            request_id = uuid.uuid4().hex
            back = BackMsg()
            req = back.backend_operation_request
            req.request_id, req.session_id = request_id, self.session_id
            req.deferred_file.file_id = el.deferred_file_id
            await self.ws.send(back.SerializeToString())
            deadline = time.monotonic() + self.step_timeout
            while True:
                msg = await self._recv(deadline, "backend_operation_response (generated file)")
                if (
                    msg.WhichOneof("type") == "backend_operation_response"
                    and msg.backend_operation_response.request_id == request_id
                ):
                    resp = msg.backend_operation_response
                    if resp.error_msg:
                        raise StepError("export_failed", f"{key}: {resp.error_msg} {resp.error_reason}")
                    url = resp.deferred_file.url
                    break
            generate_s = time.perf_counter() - start
        if not url:
            raise StepError("export_failed", f"{key}: no URL")
        status, body = await http_get(self.base_url, url, self.step_timeout, self.cookie)
        if status != 200 or not body:
            raise StepError("export_failed", f"{key}: HTTP {status}, {len(body)} bytes from {url}")
        return {
            "s": time.perf_counter() - start,
            "generate_s": generate_s,
            "bytes": len(body),
            "deferred": bool(el.deferred_file_id),
            "url": url,
        }
