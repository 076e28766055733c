"""A fake Anthropic Messages API over real HTTP (JSON or streamed), answering from a script.

Tests queue replies (a tool call, plain text, broken JSON, 529 overloaded, 429 with
retry-after, an answer slower than the client timeout) and then inspect the recorded requests.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted HTTP answer to POST /v1/messages."""

    status: int = 200
    body: Any = None  # a dict is sent as JSON, bytes as they are, None builds a message
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content: list[dict[str, Any]] | None = None
    stop_reason: str = "tool_use"
    stall: float = 0.0  # streamed replies: pause after message_start
    stream_error: dict[str, Any] | None = None  # streamed replies: error event after the start


def tool_use(document: Any, tool_name: str | None = None) -> Reply:
    """A successful answer calling the forced tool with document as its input."""
    block = {"type": "tool_use", "id": "toolu_01", "name": tool_name, "input": document}
    return Reply(content=[block])


def text_only(text: str = "Here is the CV in prose.") -> Reply:
    """An answer without any tool call."""
    return Reply(content=[{"type": "text", "text": text}], stop_reason="end_turn")


def invalid_json() -> Reply:
    """A tool call whose input is broken JSON (streamed as is, or sent as a string)."""
    return tool_use('{"hero": {"fullName": }}')


def error(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> Reply:
    """An error in Anthropic's shape: {"type": "error", "error": {"type", "message"}}."""
    body = {"type": "error", "error": {"type": kind, "message": message}}
    return Reply(status=status, body=body, headers=headers or {})


def overloaded() -> Reply:
    """529 Overloaded, as the API sends when it is busy."""
    return error(529, "overloaded_error", "Overloaded")


def rate_limited(retry_after_ms: int = 10) -> Reply:
    """429 with retry-after headers (milliseconds keep the test fast)."""
    headers = {"retry-after": str(retry_after_ms / 1000), "retry-after-ms": str(retry_after_ms)}
    return error(
        429, "rate_limit_error", "Number of requests has exceeded your rate limit", headers
    )


def unauthorized() -> Reply:
    """401 for a bad API key."""
    return error(401, "authentication_error", "invalid x-api-key")


def stalled(seconds: float) -> Reply:
    """A streamed answer that starts, then goes silent for seconds (past the client timeout)."""
    reply = tool_use({})
    reply.stall = seconds
    return reply


def overloaded_mid_stream() -> Reply:
    """A stream that starts, then reports overload as an error event (status stays 200)."""
    reply = tool_use({})
    reply.stream_error = {"type": "overloaded_error", "message": "Overloaded"}
    return reply


def slow(seconds: float) -> Reply:
    """A successful-looking answer that arrives after seconds (past the client timeout)."""
    reply = tool_use({})
    reply.delay = seconds
    return reply


class FakeAnthropic:
    """The server: replies are served in order, requests are recorded as parsed JSON."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # A short poll interval makes shutdown() quick (the default waits up to 0.5 s).
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        """Base URL to give the SDK (base_url)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def queue(self, *replies: Reply) -> None:
        """Append scripted replies."""
        self.replies.extend(replies)

    def start(self) -> FakeAnthropic:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def __enter__(self) -> FakeAnthropic:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving and cut short any delayed reply."""
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def _next(self, request: dict[str, Any], headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(request)
            self.headers.append(headers)
            if self.replies:
                return self.replies.popleft()
        return error(400, "invalid_request_error", "fake: no scripted reply left")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # otherwise every call waits ~40 ms

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                if self.path.split("?")[0] != "/v1/messages":
                    return self._send(error(404, "not_found_error", self.path), request)
                reply = fake._next(request, {k.lower(): v for k, v in self.headers.items()})
                if reply.delay and fake._stop.wait(reply.delay):
                    return None
                if request.get("stream") and reply.status == 200 and reply.body is None:
                    return self._stream(reply, request)
                return self._send(reply, request)

            def _stream(self, reply: Reply, request: dict[str, Any]) -> None:
                try:
                    self.send_response(200)
                    self.send_header("content-type", "text/event-stream")
                    self.end_headers()
                    for number, (event, data) in enumerate(_events(reply, request)):
                        if number == 1 and reply.stall and fake._stop.wait(reply.stall):
                            return
                        self.wfile.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _send(self, reply: Reply, request: dict[str, Any]) -> None:
                body = reply.body if reply.body is not None else _message(reply, request)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    # The SDK would otherwise decide itself; keep 4xx errors final.
                    if reply.status in (400, 401, 403, 404):
                        self.send_header("x-should-retry", "false")
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


def _message(reply: Reply, request: dict[str, Any]) -> dict[str, Any]:
    """A Messages API response body for reply (tool name taken from the forced tool)."""
    forced = (request.get("tool_choice") or {}).get("name")
    content = [
        {**block, "name": block.get("name") or forced} if block["type"] == "tool_use" else block
        for block in reply.content or []
    ]
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": request.get("model"),
        "content": content,
        "stop_reason": reply.stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 100, "output_tokens": 50},
    }


def _events(reply: Reply, request: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The server-sent events of a streamed Messages API answer."""
    message = _message(reply, request)
    blocks, message["content"] = message["content"], []
    yield "message_start", {"type": "message_start", "message": {**message, "stop_reason": None}}
    if reply.stream_error:
        yield "error", {"type": "error", "error": reply.stream_error}
        return
    for index, block in enumerate(blocks):
        if block["type"] == "tool_use":
            raw = block["input"]
            text = raw if isinstance(raw, str) else json.dumps(raw)
            start = {**block, "input": {}}
            deltas = [
                {"type": "input_json_delta", "partial_json": text[i : i + 64]}
                for i in range(0, len(text), 64)
            ]
        else:
            start, deltas = {**block, "text": ""}, [{"type": "text_delta", "text": block["text"]}]
        yield (
            "content_block_start",
            {"type": "content_block_start", "index": index, "content_block": start},
        )
        for delta in deltas:
            yield (
                "content_block_delta",
                {"type": "content_block_delta", "index": index, "delta": delta},
            )
        yield "content_block_stop", {"type": "content_block_stop", "index": index}
    yield (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": reply.stop_reason, "stop_sequence": None},
            "usage": {"output_tokens": 50},
        },
    )
    yield "message_stop", {"type": "message_stop"}
