#!/usr/bin/env python3
"""Per-request latency of `dateline serve`, one request at a time, for each kind of request
in `dateline bench serve`'s mix (search, search with date and outlet filters, document,
quote, speaker), with the server's CPU time per request.

Wall-clock latency on a machine shared with other work is noisy; the server's CPU time per
request (from /proc/PID/stat, the server answering only these requests) is what compares
before and after a change.

Usage: scripts/serve_latency.py --port 8080 --pid SERVER_PID [--requests 40] [--start 0]

A second run with the same --start repeats the same requests (caches answer them); another
--start draws requests the server has not seen, on caches that earlier runs warmed.
"""
import argparse
import http.client
import json
import os
import statistics
import time
import urllib.parse

OUTLETS = 25  # as `dateline bench serve` spreads its variants


def server_cpu_ms(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--pid", type=int, required=True, help="the server's process id")
    parser.add_argument("--requests", type=int, default=40, help="per kind, after 10 to warm up")
    parser.add_argument("--start", type=int, default=0, help="index of the first draw")
    args = parser.parse_args()
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=300)

    def get(path):
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, body

    speakers = []
    for offset in (0, 100):
        status, body = get(f"/api/speakers?limit=100&offset={offset}")
        assert status == 200, body[:200]
        speakers += json.loads(body)["items"]
    status, body = get("/api/quotes?limit=100")
    assert status == 200, body[:200]
    quotes = [q["id"] for q in json.loads(body)["items"]]
    status, body = get("/api/documents?limit=1")
    documents = json.loads(body)["total"]
    # Typical queries, as the bench draws them: the names of the people quoted.
    names = [s["name"] for s in speakers if any(c.isalpha() for c in s["name"])]

    def path(kind, i):
        name = urllib.parse.quote(names[i * 37 % len(names)], safe="")
        if kind == "search":
            return f"/api/search?q={name}"
        if kind == "search+filters":
            year = 2020 + i % 4
            return f"/api/search?q={name}&from={year}-01-01&to={year}-12-31&outlet=outlet-{i % OUTLETS}"
        if kind == "document":
            return f"/api/documents/{1 + i * 7919 % documents}"
        if kind == "quote":
            return f"/api/quotes/{quotes[i * 31 % len(quotes)]}"
        return f"/api/speakers/{speakers[i * 13 % len(speakers)]['id']}"

    print("| request | n | errors | p50 ms | p99 ms | mean ms | max ms | server CPU ms/request |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind in ["search", "search+filters", "document", "quote", "speaker"]:
        for i in range(10):
            get(path(kind, args.start + args.requests + i))
        times, errors = [], 0
        cpu_before = server_cpu_ms(args.pid)
        for i in range(args.start, args.start + args.requests):
            started = time.perf_counter()
            status, _ = get(path(kind, i))
            times.append((time.perf_counter() - started) * 1000)
            errors += status != 200
        cpu = (server_cpu_ms(args.pid) - cpu_before) / args.requests
        print(
            f"| {kind} | {args.requests} | {errors} | {statistics.median(times):.1f} "
            f"| {statistics.quantiles(times, n=100)[98]:.1f} "
            f"| {statistics.mean(times):.1f} | {max(times):.1f} | {cpu:.1f} |"
        )


if __name__ == "__main__":
    main()
