#!/usr/bin/env python3
"""Traces for a bench run, where no collector can be installed (no Docker, no Go here).

  python3 bench/traces.py sink [--port 4318] [--out bench/report/raw/spans.jsonl]
      receives OTLP/HTTP (protobuf) on /v1/traces, as the functions export it when tracing is on (README,
      "Traces"), and appends one JSON line per span. Needs the `opentelemetry-proto` package (pip).
  python3 bench/traces.py slowest [--in bench/report/raw/spans.jsonl] [--root 'POST /bookings']
      the slowest trace whose root span is named --root, as a tree of spans with their durations, and the
      slowest span below the root.
"""
import argparse
import collections
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "report", "raw", "spans.jsonl")


def spans_of(body):
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
    request = trace_service_pb2.ExportTraceServiceRequest()
    request.ParseFromString(body)
    for resource_spans in request.resource_spans:
        service = next((a.value.string_value for a in resource_spans.resource.attributes
                        if a.key == "service.name"), "?")
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                yield {
                    "trace": span.trace_id.hex(), "span": span.span_id.hex(), "parent": span.parent_span_id.hex(),
                    "service": service, "name": span.name, "kind": span.kind,
                    "start": span.start_time_unix_nano, "end": span.end_time_unix_nano,
                    "status": span.status.code,
                    "attributes": {a.key: str(getattr(a.value, a.value.WhichOneof("value") or "string_value"))
                                   for a in span.attributes},
                }


def sink(port, out):
    os.makedirs(os.path.dirname(out), exist_ok=True)
    lock = threading.Lock()
    target = open(out, "a", encoding="utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            lines = [json.dumps(span) + "\n" for span in spans_of(body)]
            with lock:
                target.writelines(lines)
                target.flush()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    print(f"OTLP/HTTP trace sink on http://localhost:{port}/v1/traces, writing {out}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def slowest(path, root_name):
    traces = collections.defaultdict(list)
    with open(path, encoding="utf-8") as source:
        for line in source:
            span = json.loads(line)
            traces[span["trace"]].append(span)
    roots = [s for spans in traces.values() for s in spans if not s["parent"] and s["name"] == root_name]
    if not roots:
        sys.exit(f"no trace with a root span named {root_name!r} in {path} ({len(traces)} traces)")
    root = max(roots, key=lambda s: s["end"] - s["start"])
    spans = traces[root["trace"]]
    children = collections.defaultdict(list)
    for span in spans:
        children[span["parent"]].append(span)

    def show(span, depth):
        offset = (span["start"] - root["start"]) / 1e6
        took = (span["end"] - span["start"]) / 1e6
        print(f"{'  ' * depth}{span['service']}: {span['name']}  +{offset:.1f} ms, {took:.1f} ms")
        for child in sorted(children[span["span"]], key=lambda s: s["start"]):
            show(child, depth + 1)

    print(f"{len(roots)} traces rooted at {root_name!r}; the slowest, {root['trace']}, "
          f"took {(root['end'] - root['start']) / 1e6:.1f} ms over {len(spans)} spans:")
    show(root, 1)
    below = [s for s in spans if s is not root]
    if below:
        worst = max(below, key=lambda s: s["end"] - s["start"])
        print(f"slowest span below the root: {worst['service']}: {worst['name']}, "
              f"{(worst['end'] - worst['start']) / 1e6:.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    sink_command = commands.add_parser("sink")
    sink_command.add_argument("--port", type=int, default=4318)
    sink_command.add_argument("--out", default=DEFAULT_FILE)
    slowest_command = commands.add_parser("slowest")
    slowest_command.add_argument("--in", dest="path", default=DEFAULT_FILE)
    slowest_command.add_argument("--root", default="POST /bookings")
    args = parser.parse_args()
    if args.command == "sink":
        sink(args.port, args.out)
    else:
        slowest(args.path, args.root)


if __name__ == "__main__":
    main()
