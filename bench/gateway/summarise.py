#!/usr/bin/env python3
"""Summarise bench/gateway.sh's results.tsv: per-target medians and the issue's ratios.

Every ratio is computed within one round (both sides measured minutes apart at most, under the same
background load), then the median over the rounds is printed with the range of the rounds beside it.
A measurement with more than 1 % of failed requests (non-2xx or socket errors) is left out and counted.
"""
import statistics
import sys
from collections import defaultdict

LABELS = {
    "upstream": "upstream directly (nginx return 200)",
    "nginx": "nginx reverse proxy",
    "nginx-key": "nginx + API-key map",
    "nginx-mtls": "nginx TLS + client certificate",
    "scg": "vanilla SCG, no filters",
    "scg-key": "vanilla SCG + key + Bucket4j",
    "rn-key": "Reactor Netty alone + key + Bucket4j",
    "hub-key": "hub, API key + rate limit",
    "hub-jwt": "hub, JWT + rate limit",
    "hub-mtls": "hub, mTLS + rate limit",
}

# (label, numerator, denominator, metric, only at these connections or None, goal text, check)
RATIOS = [
    ("hub key+RL / vanilla SCG  throughput", "hub-key", "scg", "rps", None, ">= 0.90 (stretch 1.0)", lambda v: v >= 0.90),
    ("hub key+RL / vanilla SCG  CPU/request", "hub-key", "scg", "cpu", None, "<= 1.10", lambda v: v <= 1.10),
    ("hub key+RL / nginx+key    throughput", "hub-key", "nginx-key", "rps", None, ">= 0.30 (stretch 0.5)", lambda v: v >= 0.30),
    ("hub key+RL / nginx+key    p50", "hub-key", "nginx-key", "p50", {8}, "<= 4.5", lambda v: v <= 4.5),
    ("hub JWT    / vanilla SCG  throughput", "hub-jwt", "scg", "rps", None, ">= 0.75", lambda v: v >= 0.75),
    ("hub mTLS   / vanilla SCG  throughput", "hub-mtls", "scg", "rps", None, ">= 0.75", lambda v: v >= 0.75),
    ("vanilla SCG / nginx       throughput", "scg", "nginx", "rps", None, "anchor 0.2-0.45", None),
    ("vanilla SCG / nginx       CPU/request", "scg", "nginx", "cpu", None, "anchor 5-6", None),
    ("SCG key+bucket / SCG      throughput", "scg-key", "scg", "rps", None, "anchor 0.94", None),
    ("Reactor Netty alone + key / nginx+key throughput", "rn-key", "nginx-key", "rps", None, "floor: no Spring", None),
    ("Reactor Netty alone + key / nginx+key p50", "rn-key", "nginx-key", "p50", {8}, "floor: no Spring", None),
    ("Reactor Netty alone + key / vanilla SCG CPU/request", "rn-key", "scg", "cpu", None, "floor: no Spring", None),
    ("hub key+RL / Reactor Netty alone + key CPU/request", "hub-key", "rn-key", "cpu", None, "info", None),
    ("hub key+RL / SCG key+bucket throughput", "hub-key", "scg-key", "rps", None, "info", None),
    ("hub key+RL / SCG key+bucket CPU/request", "hub-key", "scg-key", "cpu", None, "info", None),
    ("hub JWT    / vanilla SCG  CPU/request", "hub-jwt", "scg", "cpu", None, "info", None),
    ("hub mTLS   / vanilla SCG  CPU/request", "hub-mtls", "scg", "cpu", None, "info", None),
    ("hub mTLS   / nginx mTLS   throughput", "hub-mtls", "nginx-mtls", "rps", None, "info (TLS on both)", None),
    ("hub mTLS   / nginx mTLS   CPU/request", "hub-mtls", "nginx-mtls", "cpu", None, "info (TLS on both)", None),
]


def load(path):
    rows, dropped = [], defaultdict(int)
    with open(path) as f:
        header = f.readline().split()
        for line in f:
            r = dict(zip(header, line.split()))
            for k in ("round", "conns", "requests", "duration_us", "p50_us", "p99_us", "cpu_ticks", "non2xx",
                      "sockerr"):
                r[k] = int(r[k])
            r["clk_tck"] = int(r["clk_tck"])
            if r["requests"] == 0 or (r["non2xx"] + r["sockerr"]) > 0.01 * r["requests"]:
                dropped[(r["phase"], r["target"], r["conns"])] += 1
                continue
            secs = r["duration_us"] / 1e6
            r["rps"] = r["requests"] / secs
            r["cpu"] = r["cpu_ticks"] / r["clk_tck"] / r["requests"] * 1e6  # µs of proxy CPU per request
            r["util"] = r["cpu_ticks"] / r["clk_tck"] / secs  # cores the proxy process kept busy
            r["p50"] = r["p50_us"] / 1000.0
            r["p99"] = r["p99_us"] / 1000.0
            rows.append(r)
    return rows, dropped


def fmt(v, digits=2):
    return "-" if v is None else f"{v:.{digits}f}"


def main():
    rows, dropped = load(sys.argv[1])
    by = defaultdict(list)  # (phase, conns, target) -> rows
    per_round = {}  # (phase, conns, target, round) -> row
    for r in rows:
        by[(r["phase"], r["conns"], r["target"])].append(r)
        per_round[(r["phase"], r["conns"], r["target"], r["round"])] = r
    phases = sorted({r["phase"] for r in rows}, key=lambda p: 0 if p == "pinned" else 1)
    targets = [t for t in LABELS if any(k[2] == t for k in by)]
    for phase in phases:
        conns_list = sorted({k[1] for k in by if k[0] == phase})
        rounds = sorted({r["round"] for r in rows if r["phase"] == phase})
        print(f"\n=== {phase}: medians of {len(rounds)} rounds ===")
        print(f"{'target':40} {'conns':>5} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'CPU us/req':>10} {'proxy cores':>11}")
        for c in conns_list:
            for t in targets:
                rs = by.get((phase, c, t))
                if not rs:
                    continue
                med = {m: statistics.median(r[m] for r in rs) for m in ("rps", "p50", "p99", "cpu", "util")}
                print(f"{LABELS[t]:40} {c:>5} {med['rps']:>9.0f} {med['p50']:>7.2f} {med['p99']:>7.2f}"
                      f" {med['cpu']:>10.1f} {med['util']:>11.2f}")
        if phase == "pinned":
            unbound = sorted({(t, c) for (ph, c, t), rs in by.items() if ph == phase
                              and statistics.median(r["util"] for r in rs) < 0.7})
            if unbound:
                print("note: below 0.7 of its core, these proxies were not the bottleneck (load generator/upstream core or"
                      " neighbours were), so their req/s is a lower bound and throughput ratios against them an upper"
                      " bound: " + ", ".join(f"{t} c={c}" for t, c in unbound))
        print(f"\n{phase}: ratios, each within one round, median of rounds [min..max of rounds]")
        print(f"{'ratio':52} {'conns':>5} {'median':>7} {'range':>15}  {'goal':22} verdict")
        for label, num, den, metric, only, goal, check in RATIOS:
            for c in conns_list:
                if only and c not in only:
                    continue
                vals = []
                for rd in rounds:
                    a = per_round.get((phase, c, num, rd))
                    b = per_round.get((phase, c, den, rd))
                    if a and b and b[metric] > 0:
                        vals.append(a[metric] / b[metric])
                if not vals:
                    continue
                m = statistics.median(vals)
                verdict = "" if check is None else ("meets" if check(m) else "MISSES")
                rng = f"[{min(vals):.2f}..{max(vals):.2f}]"
                print(f"{label:52} {c:>5} {m:>7.2f} {rng:>15}  {goal:22} {verdict}"
                      + ("" if len(vals) == len(rounds) else f"  ({len(vals)}/{len(rounds)} rounds)"))
    if dropped:
        print("\nleft out (more than 1 % failed requests):",
              ", ".join(f"{p}/{t}/c{c} x{n}" for (p, t, c), n in sorted(dropped.items())))


if __name__ == "__main__":
    main()
