#!/usr/bin/env python3
"""Writes bench/report/report.md and its SVG charts from bench/report/raw/results.json (and the wrk samples).

Run on its own to redraw the report of the last run: python3 bench/report.py
"""
import glob
import html
import json
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
SCENARIOS = [
    ("steady_gateway", "Steady max, through the gateway"),
    ("steady_gateway_native", "Steady max, through the gateway, native executables"),
    ("steady_direct", "Steady max, direct to booking-fn"),
    ("half_gateway", "Half max, through the gateway"),
    ("spike", "Spike on one hot vaccine, through the gateway"),
]
SHORT = {"steady_gateway": "max, gateway", "steady_gateway_native": "max, gateway, native", "steady_direct": "max, direct", "half_gateway": "half max, gateway",
         "spike": "spike"}
TARGETS_NOTE = "targets from issue 5"


# --------------------------------------------------------------------------------------------------------- SVG

def nice_max(value):
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def fmt(value):
    if value >= 100 or value == int(value):
        return f"{value:.0f}"
    return f"{value:.1f}"


def panel(x0, y0, width, height, title, series, xlabel, ylabel, log_x=False, x_ticks=None):
    """One chart: series is [(label, [(x, y), ...])]; returns SVG elements."""
    out = [f'<g transform="translate({x0},{y0})">',
           f'<text x="{width / 2}" y="14" text-anchor="middle" font-weight="bold">{html.escape(title)}</text>']
    left, right, top, bottom = 56, 12, 24, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    points = [p for _, pts in series for p in pts if p[1] is not None]
    if not points:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">no data</text></g>')
        return out
    xs = [p[0] for p in points]
    x_min, x_max = (min(xs), max(xs)) if not log_x else (min(x for x in xs if x > 0), max(xs))
    if x_max == x_min:
        x_max = x_min + 1
    y_step = nice_max(max(p[1] for p in points) * 1.05 / 4)
    y_max = y_step * 4

    def sx(x):
        if log_x:
            return left + (math.log10(max(x, x_min)) - math.log10(x_min)) / (math.log10(x_max) - math.log10(x_min)) * plot_w
        return left + (x - x_min) / (x_max - x_min) * plot_w

    def sy(y):
        return top + plot_h - y / y_max * plot_h

    out.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>')
    for i in range(5):
        y = y_step * i
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 4}" y="{sy(y) + 4:.1f}" text-anchor="end">{fmt(y)}</text>')
    if x_ticks:
        ticks = x_ticks
    else:
        x_step = nice_max((x_max - x_min) / 6)
        ticks = [x_min + x_step * i for i in range(int((x_max - x_min) / x_step) + 1)]
    for x in ticks:
        if x_min <= x <= x_max:
            out.append(f'<text x="{sx(x):.1f}" y="{top + plot_h + 14}" text-anchor="middle">{fmt(x)}</text>')
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 4}" text-anchor="middle">{html.escape(xlabel)}</text>')
    out.append(f'<text transform="translate(12,{top + plot_h / 2}) rotate(-90)" text-anchor="middle">'
               f'{html.escape(ylabel)}</text>')
    legend_x = left + 8
    for i, (label, pts) in enumerate(series):
        color = COLORS[i % len(COLORS)]
        segments, current = [], []
        for x, y in pts:
            if y is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(f"{sx(x):.1f},{sy(y):.1f}")
        if current:
            segments.append(current)
        for segment in segments:
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.6" points="{" ".join(segment)}"/>')
        out.append(f'<rect x="{legend_x}" y="{top + 6}" width="10" height="10" fill="{color}"/>')
        out.append(f'<text x="{legend_x + 14}" y="{top + 15}">{html.escape(label)}</text>')
        legend_x += 24 + 6.2 * len(label)
    out.append("</g>")
    return out


def svg(panels, columns=2, width=560, height=260):
    rows = math.ceil(len(panels) / columns)
    body = []
    for index, spec in enumerate(panels):
        body += panel((index % columns) * width, (index // columns) * height, width, height, **spec)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{columns * width}" height="{rows * height}" '
            f'font-family="sans-serif" font-size="11"><rect width="100%" height="100%" fill="white"/>'
            + "".join(body) + "</svg>\n")


def histogram_points(values, bins_per_decade=10):
    """Log-spaced latency histogram: (bin centre ms, share of answers in %)."""
    values = [v for v in values if v and v > 0]
    if not values:
        return []
    low = math.floor(math.log10(min(values)) * bins_per_decade)
    high = math.ceil(math.log10(max(values)) * bins_per_decade) + 1
    counts = {b: 0 for b in range(low, high)}
    for v in values:
        counts[math.floor(math.log10(v) * bins_per_decade)] += 1
    return [(10 ** ((b + 0.5) / bins_per_decade), 100 * counts[b] / len(values)) for b in range(low, high)]


# ------------------------------------------------------------------------------------------------------- samples

def read_samples(prefix):
    """(first send, last send, answers) from the Lua samples: answers are (done_us, latency_us|None, http, status)."""
    starts, lasts, answers = [], [], []
    for path in glob.glob(prefix + ".*.csv"):
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split(",")
                if parts[0] == "S":
                    starts.append(int(parts[1]))
                elif parts[0] == "L":
                    lasts.append(int(parts[1]))
                elif parts[0] == "R" and len(parts) >= 5:
                    answers.append((int(parts[1]), int(parts[2]) if parts[2] else None, int(parts[3]), parts[4]))
    answers.sort(key=lambda answer: answer[0])  # by time; a tie must not compare a missing latency
    return (min(starts) if starts else None), (max(lasts) if lasts else None), answers


def series(prefix):
    """Per-second throughput (by answer) and latency percentiles (of 201s), plus the 201 latencies for a histogram."""
    first, last_send, answers = read_samples(prefix)
    if not answers:
        return {"seconds": [], "latencies_ms": []}
    t0 = first if first is not None else answers[0][0]
    buckets = {}
    for done, latency, status, _ in answers:
        second = int((done - t0) // 1_000_000)
        bucket = buckets.setdefault(second, {"201": 0, "503": 0, "other": 0, "lat": []})
        key = "201" if status == 201 else "503" if status == 503 else "other"
        bucket[key] += 1
        if latency is not None:
            bucket["lat"].append(latency / 1000)
    rows = []
    for second in range(0, max(buckets) + 1):
        bucket = buckets.get(second, {"201": 0, "503": 0, "other": 0, "lat": []})
        lat = sorted(bucket["lat"])
        rows.append({"t": second, "ok": bucket["201"], "s503": bucket["503"], "other": bucket["other"],
                     "p50": percentile(lat, 50), "p99": percentile(lat, 99)})
    latencies = sorted(latency / 1000 for _, latency, _, _ in answers if latency is not None)
    return {"seconds": rows, "latencies_ms": latencies, "t0": t0, "last_send": last_send, "answers": answers}


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return round(sorted_values[index], 2)



# -------------------------------------------------------------------------------------------------------- report

def sweep_section(results, add):
    """Per-instance capacity: the concurrency sweep and the Knative concurrency target it gives."""
    sweep = results.get("sweep")
    if not sweep:
        return
    add("### Per-instance capacity: the concurrency sweep")
    add("")
    add("Closed-loop wrk runs direct to booking-fn with a growing number of requests in flight (one instance of each "
        "function, the whole system on this machine). The *knee* is the fewest in flight that reach 90 % of the best "
        "throughput: past it, more requests in flight only queue.")
    add("")
    add("| in flight (connections) | bookings/s | p50 | p99 | non-201 |")
    add("|---|---|---|---|---|")
    for step in sweep["steps"]:
        knee = " **(knee)**" if step["connections"] == sweep["knee"] else ""
        add(f"| {step['connections']}{knee} | {f1(step['bookings_per_s'])} | {f1(step['p50_ms'], ' ms')} | "
            f"{f1(step['p99_ms'], ' ms')} | {step['non_201']} |")
    add("")
    add(f"Knative concurrency target = knee / target utilization = {sweep['knee']} / {sweep['target_utilization']} = "
        f"**{sweep['target']}** (rounded up): Knative scales out when the requests in flight reach "
        f"{sweep['target_utilization']:.0%} of the target, which is where one instance stops gaining throughput.")
    add("")


def ms(us):
    return None if us is None else us / 1000


def f0(value, unit=""):
    return "n/a" if value is None else f"{value:,.0f}{unit}"


def f1(value, unit=""):
    return "n/a" if value is None else f"{value:,.1f}{unit}"


def ratio(value, ceiling):
    return "n/a" if not value or not ceiling else f"{value / ceiling:.3f}×"


def pct(sorted_values, p):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]



def native_targets(cold):
    """Issue 13's rows: the slowest native start to the first real 200, and the largest RSS after start."""
    first = [median([r.get("first_real_ms") for r in runs]) for runs in cold.get("native", {}).values()]
    rss = [median([r.get("rss_kib") for r in runs]) for runs in cold.get("native", {}).values()]
    if not first:
        return "| native start ≤ 0.1 s, RSS ≤ 64 MiB (issue 13) | not measured: no executables (`make native`) | no |"
    worst_start = max((v for v in first if v is not None), default=None)
    worst_rss = mib(max((v for v in rss if v is not None), default=None))
    met = worst_start is not None and worst_start <= 100 and worst_rss is not None and worst_rss <= 64
    return (f"| native start ≤ 0.1 s, RSS ≤ 64 MiB (issue 13) | slowest function {f0(worst_start, ' ms')} to the first "
            f"real 200; RSS after start at most {f0(worst_rss, ' MiB')} | {yes(met)} |")

def write(results, out_dir):
    lines = []
    add = lines.append
    machine = results.get("machine", {})
    ceiling = results.get("ceiling", {})
    spread_ceiling = ceiling.get("spread", {}).get("tps")
    hot_ceiling = ceiling.get("hot", {}).get("tps")
    scenarios = results.get("scenarios", {})
    by_run = {name: series(s["samples"]) for name, s in scenarios.items() if s.get("samples")}

    add("# anticorona-fn benchmark report")
    add("")
    add(f"- **Date:** {results.get('date')} (run `{results.get('run_id')}`, {results.get('bench_seconds')} s in all)")
    add(f"- **Machine:** {machine.get('nproc')} CPUs ({machine.get('cpu')}), {machine.get('memory_gib')} GiB memory, "
        f"Linux {machine.get('kernel')}; load average at start {fmt_load(results.get('load_average_start'))}, "
        f"at end {fmt_load(results.get('load_average_end'))}")
    add(f"- **JDK:** {machine.get('jdk')}")
    add(f"- **PostgreSQL:** {(machine.get('postgres') or '').split(' on ')[0]}, "
        + ", ".join(f"{k}={v}" for k, v in machine.get("postgres_settings", {}).items()))
    add(f"- **Code:** `{machine.get('git')}`" + (f" plus {machine['git_dirty']} uncommitted changed files in the working tree"
                                                  if machine.get("git_dirty") else ""))
    add(f"- **System:** {results.get('system')}; every function runs with the JVM options of "
        f"`jvm.options` (`{' '.join(results.get('jvm_options') or ['-Xmx256m'])}`), as `make run` starts it.")
    add("- The load generator (wrk, the freshness probe) runs on the same machine and shares its CPUs, as the issue "
        "asks; so does whatever else runs there (see *Where the time goes*).")
    add("")

    # ------------------------------------------------------------------ summary
    steady_gw = scenarios.get("steady_gateway", {})
    steady_direct = scenarios.get("steady_direct", {})
    half = scenarios.get("half_gateway", {})
    spike = scenarios.get("spike", {})
    spike_figures = spike_summary(spike, by_run.get("spike"))
    fresh = [r["ms"] for r in results.get("freshness", []) if "ms" in r]
    fresh.sort()
    cold = results.get("cold", {})
    aot_ready = {m: median([r.get("ready_ms") for r in runs]) for m, runs in cold.get("aot", {}).items()}
    cluster_ready = {m: median([r.get("ready_ms") for r in runs]) for m, runs in cold.get("aot_knative", {}).items()}
    jvm_ready = {m: median([r.get("ready_ms") for r in runs]) for m, runs in cold.get("jvm", {}).items()}
    rss_spike = results.get("rss_after_spike", {})
    rss_functions = {m: v for m, v in rss_spike.items() if m != "gateway" and v}

    add("## Targets")
    add("")
    add("| target (issue 5) | measured in this run | met? |")
    add("|---|---|---|")
    steady_ratio = (steady_gw.get("bookings_per_s") or 0) / spread_ceiling if spread_ceiling else None
    direct_ratio = (steady_direct.get("bookings_per_s") or 0) / spread_ceiling if spread_ceiling else None
    add(f"| steady bookings/s ≥ 0.5 × spread ceiling | gateway {f1(steady_gw.get('bookings_per_s'))}/s = "
        f"{ratio(steady_gw.get('bookings_per_s'), spread_ceiling)}; direct {f1(steady_direct.get('bookings_per_s'))}/s = "
        f"{ratio(steady_direct.get('bookings_per_s'), spread_ceiling)} of {f0(spread_ceiling)}/s | "
        f"{yes(max(steady_ratio or 0, direct_ratio or 0) >= 0.5)} |")
    hot_rate = spike_figures.get("accepted_per_s")
    add(f"| hot vaccine ≥ 1.0 × hot-row ceiling | spike {f1(hot_rate)} bookings/s = {ratio(hot_rate, hot_ceiling)}; "
        f"reservation phase {f1(spike_figures.get('booked_per_s'))} BOOKED/s = "
        f"{ratio(spike_figures.get('booked_per_s'), hot_ceiling)} of {f0(hot_ceiling)}/s | "
        f"{yes(hot_ceiling and (hot_rate or 0) >= hot_ceiling)} |")
    half_p99 = ms(half.get("latency_us", {}).get("p", {}).get("99"))
    add(f"| p99 ≤ 50 ms at half the steady max | p99 {f1(half_p99, ' ms')} at {f1(half.get('bookings_per_s'))} "
        f"bookings/s (aimed at {half.get('rate_target')}/s) | {yes(half_p99 is not None and half_p99 <= 50)} |")
    if aot_ready:
        worst = max(v for v in aot_ready.values() if v is not None)
        worst_cluster = max((v for v in cluster_ready.values() if v is not None), default=None)
        judged = worst_cluster if worst_cluster is not None else worst
        add(f"| cold start ≤ 1 s with the AOT cache | slowest function {f0(worst_cluster, ' ms')} to the first 200 in "
            f"profile knative, as it starts from zero in the cluster; {f0(worst, ' ms')} with make run's Kafka "
            f"consumers (JVM without cache: {f0(max(v for v in jvm_ready.values() if v), ' ms')}) | {yes(judged <= 1000)} |")
    else:
        add(f"| cold start ≤ 1 s with the AOT cache | not measured: {results.get('aot', {}).get('note', 'no AOT cache')} | no |")
    add(native_targets(cold))
    if rss_functions:
        worst_rss = max(rss_functions.values()) / 1024
        rss_start = {m: v for m, v in results.get("rss_after_start", {}).items() if m != "gateway" and v}
        worst_start = max(rss_start.values()) / 1024 if rss_start else None
        add(f"| RSS ≤ 200 MiB per function (JVM) | after start at most {f0(worst_start, ' MiB')}; after the spike "
            f"{', '.join(f'{m} {v / 1024:.0f}' for m, v in rss_functions.items())} MiB | "
            f"{yes(worst_rss <= 200) if worst_rss <= 200 or worst_start is None or worst_start > 200 else 'after start only'} |")
    add(f"| My Page freshness p99 ≤ 500 ms | p99 {f0(pct(fresh, 99), ' ms')} (p50 {f0(pct(fresh, 50), ' ms')}, "
        f"{len(fresh)} probes) | {yes(fresh and pct(fresh, 99) <= 500)} |")
    add("")
    issue11_targets(results, add, steady_gw, spread_ceiling, spike)
    add("Every throughput is also given as a ratio to the pgbench ceiling measured minutes earlier in the same run, "
        "on the same PostgreSQL; absolute figures drift with whatever else the machine is doing, the ratios much less.")
    add("")

    # ------------------------------------------------------------------ ceiling
    add("## The ceiling: pgbench")
    add("")
    add("One booking's SQL, in a scratch database `bench_ceiling` on the same server (`bench/ceiling/`): the "
        "conditional reservation update with its reservation row (as vaccine-fn runs it, its own transaction), then "
        "the booking row with its outbox event (one transaction). pgbench talks to one database per run, so the four "
        "tables are copied into one scratch database (same columns, constraints and indexes; the bench compares the "
        "columns with the live databases). `-M prepared`, 2 pgbench threads; the tables are emptied before each run.")
    add("")
    drift = ceiling.get("drift", {})
    if drift.get("missing_in_scratch") or drift.get("extra_in_scratch"):
        add(f"**Schema drift:** the scratch tables differ from the live ones: {drift}. Check MIGRATIONS in bench/bench.py.")
        add("")
    add("| ceiling | clients | bookings/s | mean latency |")
    add("|---|---|---|---|")
    for mode, label in (("spread", "spread over 10 vaccines"), ("hot", "1 hot vaccine (one row)")):
        for run in ceiling.get(mode, {}).get("runs", []):
            best = " **(ceiling)**" if run["clients"] == ceiling[mode]["clients"] else ""
            add(f"| {label} | {run['clients']} | {run['tps']:,.0f}{best} | {run['latency_ms']} ms |")
    add("")

    # ------------------------------------------------------------------ steady
    add("## 1. Steady booking load, spread over 10 vaccines")
    add("")
    add("wrk, one new customer per request (`bench/wrk/bookings.lua`), no retries. *Max* runs are closed loop with a "
        "fixed number of connections; the *half max* run aims at half the gateway max with an open-loop schedule. "
        "Latency percentiles are wrk's, over every answer. The direct run has JFR attached to three JVMs (a few % of CPU).")
    add("")
    add("| run | connections | bookings/s (201) | ratio to spread ceiling | p50 | p99 | p99.9 | max | 503 + Retry-After | other non-201 |")
    add("|---|---|---|---|---|---|---|---|---|---|")
    for name, label in [scenario for scenario in SCENARIOS if scenario[0] != "spike"]:
        s = scenarios.get(name)
        if not s:
            continue
        p = s["latency_us"]["p"]
        add(f"| {label}{' (aimed at ' + str(s['rate_target']) + '/s)' if s.get('rate_target') else ''} | "
            f"{s['connections']} | {s['bookings_per_s']:,.1f} | {ratio(s['bookings_per_s'], spread_ceiling)} | "
            f"{ms(p['50']):,.1f} ms | {ms(p['99']):,.1f} ms | {ms(p['99.9']):,.1f} ms | {ms(s['latency_us']['max']):,.0f} ms | "
            f"{s['c503ra']} | {s['c503'] + s['c409'] + s['cother'] + sum(s['errors'].values()) - s['errors']['status']} |")
    add("")
    add("![throughput](throughput.svg)")
    add("")
    add("![latency](latency.svg)")
    add("")
    add("![histogram](histogram.svg)")
    add("")
    sweep_section(results, add)

    bursts_section(results, add)

    # ------------------------------------------------------------------ spike
    add("## 2. Spike on one hot vaccine")
    add("")
    if spike:
        check = results.get("spike_check", {})
        p = spike["latency_us"]["p"]
        add(f"{spike['limit']:,} customers, one booking each, on a vaccine with stock {check.get('stock', '?'):,}, "
            f"through the gateway, {spike['connections']:,} wrk connections (one per customer) aiming at "
            f"{spike['rate_target']:,} arrivals/s; wrk's timeout 120 s; no retries.")
        add("")
        add(f"- **Arrivals:** all {spike['limit']:,} sent within {f1(spike_figures.get('arrival_s'), ' s')}.")
        add(f"- **Completion:** the last answer came {f1(spike_figures.get('completion_s'), ' s')} after the first request.")
        add(f"- **Bookings/s:** {f1(spike_figures.get('accepted_per_s'))} accepted (201) per second over the completion "
            f"time = **{ratio(spike_figures.get('accepted_per_s'), hot_ceiling)}** the hot-row ceiling "
            f"({f0(hot_ceiling)}/s); the reservation phase (first request to the last `BOOKED` answer) ran at "
            f"{f1(spike_figures.get('booked_per_s'))} BOOKED/s = {ratio(spike_figures.get('booked_per_s'), hot_ceiling)}.")
        add(f"- **Latency (wrk, every answer):** p50 {ms(p['50']):,.1f} ms, p90 {ms(p['90']):,.1f} ms, "
            f"p99 {ms(p['99']):,.1f} ms, p99.9 {ms(p['99.9']):,.1f} ms, max {ms(spike['latency_us']['max']):,.0f} ms. "
            f"201 answers only: p50 {f1(spike_figures.get('ok_p50'), ' ms')}, p99 {f1(spike_figures.get('ok_p99'), ' ms')}.")
        add(f"- **Answers:** {spike['c201']:,} × 201 ({spike['booked']:,} BOOKED, {spike['waiting']:,} WAITING), "
            f"**{spike['c503ra']:,} × 503 with Retry-After**, {spike['c503']:,} × 503 without it, "
            f"{spike['c409'] + spike['cother']:,} × anything else, "
            f"{spike['errors']['timeout'] + spike['errors']['connect'] + spike['errors']['read'] + spike['errors']['write']:,} "
            f"socket errors or timeouts ({spike.get('timeout_s', 120)} s).")
        sheds = spike_figures.get("sheds") or {}
        if sheds:
            add("- **503s by problem type:** " + "; ".join(
                f"`{name}` {k['count']:,} (Retry-After median {f0(k['retry_after_median'])} s, max "
                f"{f0(k['retry_after_max'])} s; answered {f1(k['first_s'])}–{f1(k['last_s'])} s after the first request)"
                for name, k in sheds.items()) + ". `overloaded` is booking-fn's admission; `service-unavailable` is the "
                "gateway's: its wait queue full, a wait past `gateway.max-wait-per-call`, or a function it could not reach.")
        add("")
        add("Count check, after the bookings settled (no `PENDING` left):")
        add("")
        add("| check | value | ok? |")
        add("|---|---|---|")
        counts = check.get("counts", {})
        add(f"| `select status, count(*) from booking where vaccine_id = {results['vaccines']['hot']} group by status` | "
            f"{', '.join(f'{k} {v:,}' for k, v in sorted(counts.items())) or 'none'} | |")
        add(f"| BOOKED = min(stock, bookings made) = min({check.get('stock', 0):,}, {check.get('accepted', 0):,}) "
            f"= {check.get('expected_booked', 0):,} | {counts.get('BOOKED', 0):,} | {yes(check.get('booked_ok'))} |")
        add(f"| exactly {check.get('stock', 0):,} BOOKED (needs ≥ {check.get('stock', 0):,} bookings made) | "
            f"{counts.get('BOOKED', 0):,} | {yes(counts.get('BOOKED', 0) == check.get('stock'))} |")
        add(f"| vaccine `reserved` = BOOKED (no dose leaked) | reserved {check.get('reserved', 0):,}, "
            f"{check.get('reservations', 0):,} RESERVED reservation rows | {yes(check.get('reserved_ok'))} |")
        add(f"| `reserved <= stock`, on every vaccine | {check.get('reserved', 0):,} ≤ {check.get('stock', 0):,}; "
            f"{check.get('vaccines_over_stock', 0)} vaccines over stock | {yes(check.get('never_over_stock'))} |")
        add("")
        promoted = results.get("promotion") or {}
        if promoted.get("waiting"):
            rate = promoted["promoted"] / promoted["seconds"] if promoted.get("seconds") else 0
            add(f"**Promotion after the spike:** a dose added for each of its {promoted['waiting']:,} WAITING bookings "
                f"(`POST /vaccines/{{id}}/stock`); {promoted['promoted']:,} were promoted to BOOKED within "
                f"{promoted['seconds']:,} s of the answer ({rate:,.0f} promotions/s), "
                f"{promoted.get('booked', 0):,} BOOKED in all.")
            add("")
        add("![spike](spike.svg)")
        add("")

    # ------------------------------------------------------------------ cold start
    add("## 3. Cold start and memory")
    add("")
    add("Each function is started once more as its own process beside the running system (port + 10000, the same "
        "database and broker, a consumer group of its own that starts at the end of each topic), with the options of `jvm.options` as "
        "`make run` does. *Ready* is process start to the first `200` on `/q/health/ready` (polled every 10 ms); *first "
        "real 200* adds the first call of a real endpoint; *RSS* is VmRSS 2 s after that. Medians of "
        f"{results.get('knobs', {}).get('BENCH_COLD_RUNS')} starts; all starts are in `raw/results.json`.")
    add("")
    add("| function | variant | ready | first real 200 | Quarkus \"started in\" | RSS after start | SIGTERM to exit |")
    add("|---|---|---|---|---|---|---|")
    for module in ("vaccine-fn", "booking-fn", "mypage-fn", "injection-fn"):
        for variant, label in (("jvm", "JVM (fast-jar)"), ("aot", "JVM + AOT cache (aot-jar)"),
                               ("aot_knative", "JVM + AOT cache, profile knative (as in the cluster)"),
                               ("native", "native executable"), ("native_knative", "native executable, profile knative")):
            runs = cold.get(variant, {}).get(module)
            if not runs:
                continue
            add(f"| {module} | {label} | {f0(median([r.get('ready_ms') for r in runs]), ' ms')} | "
                f"{f0(median([r.get('first_real_ms') for r in runs]), ' ms')} | "
                f"{f0(median([r.get('quarkus_started_ms') for r in runs]), ' ms')} | "
                f"{f0(mib(median([r.get('rss_kib') for r in runs])), ' MiB')} | "
                f"{f0(median([r.get('stop_ms') for r in runs]), ' ms')} |")
        if not cold.get("native", {}).get(module):
            add(f"| {module} | native | not measured: no executable; `make native` builds them | | | | |")
    add("")
    aot = results.get("aot", {})
    if aot.get("built"):
        add(f"AOT cache: the functions are packaged with `-Dquarkus.package.jar.aot.enabled=true "
            f"-Dquarkus.package.jar.aot.type=AOT` into `<module>/target/bench-aot` (the aot-jar layout: classes on the "
            f"class path, which the JDK's cache requires) and trained by their `@QuarkusIntegrationTest`s "
            f"(`-DskipITs=false`): Quarkus runs the packaged jar with `-XX:AOTCacheOutput=app.aot` (JEP 514) during "
            f"them, and the JVM writes the cache when it exits ({aot.get('tests')} integration tests, "
            f"{aot.get('build_seconds')} s for build and training; cache sizes {aot.get('cache_mib')} MiB; outcome "
            f"{aot.get('training')}). The measured starts "            f"then run with `-XX:AOTCache=app.aot`.")
    else:
        add(f"AOT cache: not measured ({aot.get('note', 'not attempted')}).")
    add("")
    add("RSS of the running system's processes (VmRSS):")
    add("")
    add("| process | after start | after the spike | native: after start | after the steady run | after the spike |")
    add("|---|---|---|---|---|---|")
    for module in ("vaccine-fn", "booking-fn", "mypage-fn", "injection-fn", "gateway"):
        native = [f0(mib(results.get(key, {}).get(module)), ' MiB') for key in
                  ("rss_after_start_native", "rss_after_steady_native", "rss_after_spike_native")]
        add(f"| {module} | {f0(mib(results.get('rss_after_start', {}).get(module)), ' MiB')} | "
            f"{f0(mib(rss_spike.get(module)), ' MiB')} | {' | '.join(native)} |")
    add("")

    # ------------------------------------------------------------------ freshness
    add("## 4. Freshness of My Page")
    add("")
    errors = [r for r in results.get("freshness", []) if "error" in r]
    add(f"During the half-max run, a probe books {results.get('knobs', {}).get('BENCH_FRESHNESS_RATE')} customers a "
        f"second through the gateway and polls `GET /mypages/{{customerId}}` every "
        f"{results.get('knobs', {}).get('BENCH_FRESHNESS_POLL_MS')} ms until the booking shows: the time from the 201 "
        f"to the first page that has it (so each figure may be up to one poll interval late).")
    add("")
    if fresh:
        add(f"- {len(fresh)} probes: p50 **{pct(fresh, 50):,.0f} ms**, p90 {pct(fresh, 90):,.0f} ms, "
            f"p99 **{pct(fresh, 99):,.0f} ms**, max {fresh[-1]:,.0f} ms; {len(errors)} probes failed"
            + (f" ({', '.join(sorted({e['error'] for e in errors}))})" if errors else "") + ".")
    else:
        add(f"- no probe completed ({len(errors)} failed).")
    pipeline = results.get("freshness_pipeline") or []
    if pipeline:
        add(f"- The same probes measured on the server side, from PostgreSQL's clock: booking settled in booking-fn "
            f"(`booking.updated_at`) to the event applied by mypage-fn (`processed_event.processed_at`): "
            f"p50 {pct(pipeline, 50):,.0f} ms, p90 {pct(pipeline, 90):,.0f} ms, p99 {pct(pipeline, 99):,.0f} ms, "
            f"max {pipeline[-1]:,.0f} ms ({len(pipeline)} probes). What is left of the figures above is the answer's "
            f"way back, the poll interval and the page read.")
    add("")

    # ------------------------------------------------------------------ where the time goes
    add("## Where the time goes")
    add("")
    add("CPU used during each measured run, in cores (of "
        f"{machine.get('nproc')}), from /proc: each process's user+system time, PostgreSQL with its backends, Keycloak "
        "(which mypage-fn asks for each new customer's mail address); "
        "\"everything else\" is the rest of the machine's busy time (other people's builds and tests included).")
    add("")
    runs = [(n, label, scenarios[n]) for n, label in SCENARIOS if n in scenarios]
    if results.get("idle_cpu"):
        runs.insert(0, ("idle", "Idle, no load (5 s)", {"cpu": results["idle_cpu"]}))
    components = []
    for _, _, run in runs:
        for component in run.get("cpu", {}).get("cores", {}):
            if component not in components:
                components.append(component)
    add("| component | " + " | ".join(label for _, label, _ in runs) + " |")
    add("|---|" + "---|" * len(runs))
    for component in components:
        add(f"| {component} | " + " | ".join(f"{run['cpu']['cores'].get(component, 0):.2f}" for _, _, run in runs) + " |")
    add("| **machine busy** | " + " | ".join(f"**{run['cpu']['machine_busy_cores']}**" for _, _, run in runs) + " |")
    add("| bookings/s | " + " | ".join(f1(run.get("bookings_per_s", 0)) for _, _, run in runs) + " |")
    add("| CPU ms per booking, our processes | " + " | ".join(
        f1(cpu_ms_per_booking(run)) for _, _, run in runs) + " |")
    add("| the same, until the work the run left was done | " + " | ".join(
        f1(cpu_ms_per_booking_drained(run)) + (f" ({drained_note(run)})" if run.get("cpu_until_drained") else "")
        for _, _, run in runs) + " |")
    add("")
    drained = [(label, run) for _, label, run in runs if cpu_ms_per_booking_drained(run) is not None]
    if drained:
        add("The last row by component: ms of CPU per booking made, from the run's start until the work it left was "
            "done (the events, mails and Keycloak lookups that trail a run are counted here, not in the cores above):")
        add("")
        add("| component | " + " | ".join(label for label, _ in drained) + " |")
        add("|---|" + "---|" * len(drained))
        for component in components:
            if component.startswith("everything else") or component.startswith("load generator"):
                continue
            add(f"| {component} | " + " | ".join(
                f1(component_ms_per_booking_drained(run, component)) for _, run in drained) + " |")
        add("")
    add("PostgreSQL sessions that were active (not idle), sampled every 0.5 s, and the booking outbox backlog "
        "(events written but not yet relayed to Kafka):")
    add("")
    add("| run | mean active sessions | by database | by wait event (mean sessions) | outbox backlog mean / max | oldest outbox event, mean / max |")
    add("|---|---|---|---|---|---|")
    for name, label in SCENARIOS:
        activity = scenarios.get(name, {}).get("db_activity")
        if not activity:
            continue
        add(f"| {label} | {activity['mean_active_backends']} | "
            + ", ".join(f"{k} {v}" for k, v in activity["active_by_database"].items()) + " | "
            + ", ".join(f"{k} {v}" for k, v in activity["active_by_wait"].items()) + " | "
            f"{activity['booking_outbox_backlog']['mean']} / {activity['booking_outbox_backlog']['max']} | "
            f"{activity['booking_outbox_backlog'].get('oldest_ms_mean', 'n/a')} / "
            f"{activity['booking_outbox_backlog'].get('oldest_ms_max', 'n/a')} ms |")
    add("")
    add("Inside each JVM, the same CPU by thread kind (cores, from /proc/<pid>/task; virtual threads run on the "
        "carrier threads):")
    add("")
    for name, label in SCENARIOS:
        threads = scenarios.get(name, {}).get("cpu", {}).get("threads")
        if not threads or name not in ("steady_gateway", "spike"):
            continue
        add(f"*{label}:*")
        add("")
        add("| process | thread kinds (cores) |")
        add("|---|---|")
        for process, groups in threads.items():
            add(f"| {process} | " + ", ".join(f"{g} {v:.2f}" for g, v in list(groups.items())[:6]) + " |")
        add("")
    profile = results.get("profile", {})
    if profile:
        add("JFR (`settings=profile`) during the direct max run. Each execution sample is put down to the library of "
            "its first frame outside the JDK (so `HashMap.get` called by Hibernate counts as Hibernate):")
        add("")
        add("| process | samples | by library (% of samples) | by thread (% of samples) |")
        add("|---|---|---|---|")
        for module, views in profile.items():
            libraries = views.get("libraries", {})
            add(f"| {module} | {libraries.get('samples')} | "
                + ", ".join(f"{k} {v}" for k, v in list(libraries.get("by_library_percent", {}).items())[:9]) + " | "
                + ", ".join(f"{k} {v}" for k, v in list(libraries.get("by_thread_percent", {}).items())[:4]) + " |")
        add("")
        add("The same samples by the outermost method of ours on their stack (the work they were for; JFR records "
            "up to 512 frames):")
        add("")
        add("| process | by application entry point (% of samples) |")
        add("|---|---|")
        for module, views in profile.items():
            entries = views.get("libraries", {}).get("by_entry_point_percent", {})
            add(f"| {module} | " + ", ".join(f"{k} {v}" for k, v in list(entries.items())[:10]) + " |")
        add("")
        add("The top of `jfr view hot-methods` and `contention-by-site`, and the GC pauses (full views in `raw/jfr-*.txt`):")
        add("")
        for module, views in profile.items():
            add(f"**{module}**")
            add("")
            add("```")
            add(excerpt(views.get("hot-methods", ""), 10))
            add(excerpt(views.get("contention-by-site", ""), 6))
            add(excerpt(views.get("gc-pauses", ""), 14))
            add("```")
            add("")
            with open(os.path.join(out_dir, "raw", f"jfr-{module}.txt"), "w") as f:
                for view, text in views.items():
                    f.write(f"==== {view}\n{text if isinstance(text, str) else json.dumps(text, indent=1)}\n\n")

    # ------------------------------------------------------------------ method
    add("## How to run it, and the knobs")
    add("")
    add("`make bench` (see bench/README.md). Environment variables:")
    add("")
    add("| variable | value in this run | meaning |")
    add("|---|---|---|")
    for name, meaning in results.get("knob_meanings", {}).items():
        add(f"| `{name}` | {results.get('knobs', {}).get(name)} | {meaning} |")
    add("")
    add("Raw data: `raw/results.json` (every figure), `raw/*.wrk.txt` (wrk's own output), `raw/*.samples.*.csv` "
        "(one line per answer: completion time and latency in µs, HTTP status, booking status), `raw/pgbench-*.log`, "
        "`raw/cold-*.log`, `raw/aot-train-*.log`, `raw/jfr/`.")
    add("")

    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write("\n".join(lines))
    write_charts(results, by_run, out_dir)


def excerpt(text, rows):
    kept = [line for line in text.splitlines() if line.strip()]
    return "\n".join(kept[:rows + 3])


def issue11_targets(results, add, steady_gw, spread_ceiling, spike):
    """The spike-capacity targets (issue 11), in their own table."""
    add("")
    add("| target (issue 11) | measured in this run | met? |")
    add("|---|---|---|")
    steady_ratio = (steady_gw.get("bookings_per_s") or 0) / spread_ceiling if spread_ceiling else None
    add(f"| steady bookings/s through the gateway ≥ 0.09 × spread ceiling | {f1(steady_gw.get('bookings_per_s'))}/s = "
        f"{ratio(steady_gw.get('bookings_per_s'), spread_ceiling)} | {yes(steady_ratio is not None and steady_ratio >= 0.09)} |")
    cpu = cpu_ms_per_booking(steady_gw)
    drained = cpu_ms_per_booking_drained(steady_gw)
    add(f"| CPU per booking ≤ 3.3 ms (steady, through the gateway; until the work it left was done) | {f1(cpu, ' ms')} "
        f"during the run; {f1(drained, ' ms')} until done ({drained_note(steady_gw)}) | "
        f"{yes(drained is not None and drained <= 3.3)} |")
    spike_rows(add, "spike", spike, results.get("spike_check", {}))
    spike_rows(add, "spike on native", results.get("scenarios", {}).get("spike_native"), results.get("spike_check_native", {}))
    for when, runs in (results.get("bursts") or {}).items():
        for in_flight, run in runs.items():
            total = run["c201"] + run["c503ra"] + run["c503"] + run["c409"] + run["cother"]
            shed = run["c503ra"] + run["c503"]
            add(f"| burst {when}, {in_flight} in flight: ≤ 1 % 503, no circuit-open | {shed} × 503 of {total} "
                f"({run['circuit_open']} circuit-open) | {yes(shed <= 0.01 * max(1, total) and run['circuit_open'] == 0)} |")


def spike_rows(add, label, spike, check):
    """The spike's rows of issue 11's table: circuit-open, 503s, p99 and the BOOKED count."""
    if not spike:
        return
    answers = spike["c201"] + spike["c503ra"] + spike["c503"] + spike["c409"] + spike["cother"]
    shed = spike["c503ra"] + spike["c503"]
    p99 = ms(spike["latency_us"]["p"]["99"])
    booked = check.get("counts", {}).get("BOOKED")
    add(f"| {label}: no circuit-open | {spike.get('circuit_open', '?')} × circuit-open | {yes(spike.get('circuit_open') == 0)} |")
    add(f"| {label}: ≤ 10 % 503, each with Retry-After | {shed:,} of {answers:,} = {100 * shed / max(1, answers):.1f} %, "
        f"{spike['c503']:,} without Retry-After | {yes(shed <= 0.1 * answers and spike['c503'] == 0)} |")
    add(f"| {label}: p99 of all answers ≤ 15 s | {f1(p99 / 1000 if p99 else None, ' s')} | {yes(p99 is not None and p99 <= 15000)} |")
    add(f"| {label}: exactly the stock BOOKED | {booked} BOOKED of stock {check.get('stock')} | "
        f"{yes(booked is not None and booked == check.get('expected_booked'))} |")


def bursts_section(results, add):
    bursts = results.get("bursts") or {}
    if not bursts:
        return
    add("## Bursts of clients that never retry")
    add("")
    add("Each run: a fresh vaccine with stock " + knob_note(results, "BENCH_BURST_STOCK", "100") + ", customers "
        "booking once each through a fixed number of connections (closed loop), direct to booking-fn, no retries. "
        "*Cold* runs right after the system started, before any warm-up; *warm* after the steady runs, before the spike.")
    add("")
    add("| run | in flight | 201 (BOOKED / WAITING) | 503 | of them circuit-open | other | bookings/s | p50 | p99 | max |")
    add("|---|---|---|---|---|---|---|---|---|---|")
    for when, runs in bursts.items():
        for in_flight, run in runs.items():
            p = run["latency_us"]["p"]
            add(f"| {when} | {in_flight} | {run['c201']:,} ({run['booked']:,} / {run['waiting']:,}) | "
                f"{run['c503ra'] + run['c503']:,} | {run['circuit_open']:,} | {run['c409'] + run['cother']:,} | "
                f"{f1(run['bookings_per_s'])} | {ms(p['50']):,.0f} ms | {ms(p['99']):,.0f} ms | "
                f"{ms(run['latency_us']['max']):,.0f} ms |")
    add("")


def knob_note(results, name, default):
    return str((results.get("knobs") or {}).get(name, default))


def drained_note(scenario):
    if "cpu_until_drained" not in scenario:
        return "not measured"
    waited = scenario.get("drained_after_s")
    return f"quiet {waited} s after the run" if waited is not None else "still busy when the bench stopped waiting"


def cpu_ms_per_booking_drained(scenario):
    """Our CPU from the run's start until the work it left behind was done, per booking made (201)."""
    cpu = scenario.get("cpu_until_drained")
    if not cpu or not scenario.get("c201") or scenario.get("drained_after_s") is None:
        return None
    ours = sum(v for k, v in cpu["cores"].items() if not k.startswith("everything else") and not k.startswith("load generator"))
    return ours * cpu["seconds"] * 1000 / scenario["c201"]


def component_ms_per_booking_drained(scenario, component):
    cpu = scenario["cpu_until_drained"]
    return cpu["cores"].get(component, 0) * cpu["seconds"] * 1000 / scenario["c201"]


def cpu_ms_per_booking(scenario):
    if not scenario.get("bookings_per_s"):
        return None
    cores = scenario.get("cpu", {}).get("cores", {})
    ours = sum(v for k, v in cores.items() if not k.startswith("everything else") and not k.startswith("load generator"))
    rate = scenario.get("bookings_per_s")
    return ours * 1000 / rate if rate else None


def spike_summary(spike, spike_series):
    if not spike or not spike_series or not spike_series.get("answers"):
        return {}
    t0 = spike_series["t0"]
    answers = spike_series["answers"]
    last = answers[-1][0]
    booked_times = [done for done, _, status, booking in answers if status == 201 and booking == "BOOKED"]
    completion = (last - t0) / 1e6
    ok = sorted(latency / 1000 for _, latency, status, _ in answers if status == 201 and latency is not None)
    figures = {"completion_s": completion, "accepted_per_s": spike["c201"] / completion if completion else None,
               "ok_p50": pct(ok, 50), "ok_p99": pct(ok, 99)}
    if spike_series.get("last_send"):
        figures["arrival_s"] = (spike_series["last_send"] - t0) / 1e6
    if booked_times:
        booked_span = (max(booked_times) - t0) / 1e6
        figures["booked_per_s"] = len(booked_times) / booked_span if booked_span else None
    if spike.get("samples"):
        figures["sheds"] = sheds_by_kind(spike["samples"], t0)
    return figures


def sheds_by_kind(prefix, t0):
    """The 503s by problem type: how many, their Retry-After (median, max) and when they came (first, last s)."""
    kinds = {}
    for path in glob.glob(prefix + ".*.csv"):
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split(",")
                if parts[0] == "R" and len(parts) >= 8 and parts[3] == "503":
                    kind = kinds.setdefault(parts[7] or "unknown", {"after": [], "at": []})
                    if parts[6].isdigit():
                        kind["after"].append(int(parts[6]))
                    kind["at"].append((int(parts[1]) - t0) / 1e6)
    return {name: {"count": len(k["at"]), "retry_after_median": median(k["after"]),
                   "retry_after_max": max(k["after"], default=None), "first_s": min(k["at"]), "last_s": max(k["at"])}
            for name, k in sorted(kinds.items())}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def mib(kib):
    return None if kib is None else kib / 1024


def yes(condition):
    return "**yes**" if condition else "no"


def fmt_load(load):
    return "n/a" if not load else " / ".join(f"{x:.1f}" for x in load)


def write_charts(results, by_run, out_dir):
    scenarios = results.get("scenarios", {})
    throughput, latency, hist = [], [], []
    for name, label in SCENARIOS:
        s = by_run.get(name)
        if not s or not s["seconds"]:
            continue
        rows = s["seconds"]
        if not scenarios[name].get("limit"):
            # the last second of a timed run is cut short by wrk's end: leave it out of the per-second charts
            rows = [row for row in rows if row["t"] < int(scenarios[name]["duration_us"] / 1e6)]
        throughput.append({"title": label, "xlabel": "seconds", "ylabel": "answers/s", "series": [
            ("201 (booked or waiting)", [(r["t"], r["ok"]) for r in rows]),
            ("503", [(r["t"], r["s503"]) for r in rows]),
            ("other", [(r["t"], r["other"]) for r in rows])]})
        latency.append({"title": label, "xlabel": "seconds", "ylabel": "ms (201 answers)", "series": [
            ("p50", [(r["t"], r["p50"]) for r in rows]), ("p99", [(r["t"], r["p99"]) for r in rows])]})
    hist_series = [(SHORT[name], histogram_points(by_run[name]["latencies_ms"]))
                   for name, _ in SCENARIOS if name in by_run and name != "spike"]
    ticks = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
    hist.append({"title": "Latency histogram, steady runs (201 answers)", "xlabel": "ms (log scale)",
                 "ylabel": "% of answers", "series": hist_series, "log_x": True, "x_ticks": ticks})
    if "spike" in by_run:
        hist.append({"title": "Latency histogram, spike (201 answers)", "xlabel": "ms (log scale)",
                     "ylabel": "% of answers", "series": [("spike", histogram_points(by_run["spike"]["latencies_ms"]))],
                     "log_x": True, "x_ticks": ticks})
    fresh = sorted(r["ms"] for r in results.get("freshness", []) if "ms" in r)
    if fresh:
        hist.append({"title": "My Page freshness", "xlabel": "ms (log scale)", "ylabel": "% of probes",
                     "series": [("201 -> visible on My Page", histogram_points(fresh)),
                                ("settled -> applied (DB clocks)", histogram_points(results.get("freshness_pipeline") or []))],
                     "log_x": True, "x_ticks": ticks})
    ceiling = results.get("ceiling", {})
    ceiling_series = []
    for mode in ("spread", "hot"):
        for run in ceiling.get(mode, {}).get("runs", []):
            ceiling_series.append((f"{mode}, {run['clients']} clients", list(enumerate(run["progress"], 1))))
    if ceiling_series:
        hist.append({"title": "pgbench ceiling runs", "xlabel": "seconds", "ylabel": "bookings/s",
                     "series": ceiling_series})
    spike_panels = [p for p in throughput + latency if p["title"].startswith("Spike")]
    files = {"throughput.svg": [p for p in throughput if not p["title"].startswith("Spike")],
             "latency.svg": [p for p in latency if not p["title"].startswith("Spike")],
             "histogram.svg": hist, "spike.svg": spike_panels}
    parts = []
    for name, panels in files.items():
        if not panels:
            continue
        text = svg(panels)
        with open(os.path.join(out_dir, name), "w") as f:
            f.write(text)
        parts.append(f"<h2>{name[:-4]}</h2>\n{text}")
    with open(os.path.join(out_dir, "charts.html"), "w") as f:
        f.write("<!doctype html><html><head><meta charset='utf-8'><title>anticorona-fn benchmark charts</title></head>"
                f"<body style='font-family:sans-serif'><h1>anticorona-fn benchmark, {html.escape(str(results.get('date')))}</h1>"
                + "\n".join(parts) + "</body></html>\n")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "report")
    with open(os.path.join(out, "raw", "results.json")) as f:
        write(json.load(f), out)
    print(os.path.join(out, "report.md"))
