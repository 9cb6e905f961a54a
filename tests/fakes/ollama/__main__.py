"""Run the fake Ollama as a process: `python -m tests.fakes.ollama --port 11434`."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from . import FakeOllama


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fake Ollama HTTP API for tests and offline development")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=11434)
    parser.add_argument("--model", default="qwen3-vl:8b")
    args = parser.parse_args(argv)
    fake = FakeOllama(port=args.port, host=args.host, model=args.model).start()
    sys.stderr.write(f"fake ollama listening on {fake.url}\n")
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
