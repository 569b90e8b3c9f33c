"""A small OpenAI-compatible server on 127.0.0.1 for the LLM client's tests.

Each provider is a path prefix (`/<name>/v1`) with a script of replies played in order;
the real API's JSON shapes: chat.completion objects, tool_calls, the error body.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def completion(content=None, tool_calls=None, model="test-model"):
    message = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1764950000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if tool_calls else "stop",
            }
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17},
    }


def tool_call(call_id, name, arguments):
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": name, "arguments": json.dumps(arguments)},
    }


def error(status, message, type_, code, headers=None):
    body = {"error": {"message": message, "type": type_, "code": code}}
    return {"status": status, "body": body, "headers": headers or {}}


def ok(body):
    return {"status": 200, "body": body}


class FakeOpenAI:
    def __init__(self) -> None:
        self.scripts: dict[str, list[dict]] = {}
        self.requests: list[tuple[str, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):
                provider = self.path.strip("/").split("/")[0]
                length = int(self.headers.get("Content-Length", 0))
                fake.requests.append((provider, json.loads(self.rfile.read(length))))
                script = fake.scripts.get(provider) or [error(500, "no script", "server_error", None)]
                reply = script.pop(0) if len(script) > 1 else script[0]
                if "sleep" in reply:
                    time.sleep(reply["sleep"])
                raw = reply.get("raw")
                data = raw if raw is not None else json.dumps(reply["body"]).encode()
                try:
                    self.send_response(reply["status"])
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in reply.get("headers", {}).items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, provider: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/{provider}/v1"

    def calls_to(self, provider: str) -> int:
        return sum(1 for name, _ in self.requests if name == provider)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
