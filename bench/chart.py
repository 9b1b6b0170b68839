"""Draws bench/results.png from bench/results.json (written by `ayrshare-bench run`).

usage: python bench/chart.py RESULTS_JSON OUTPUT_PNG
"""

from __future__ import annotations

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

COLORS = {
    "floor": "#7f7f7f",
    "core": "#d9480f",
    "core-ip": "#f08c00",
    "core-variant": "#e64980",
    "c": "#1c7ed6",
    "python": "#2b8a3e",
    "requests": "#ae3ec9",
    "social-post-api": "#495057",
}
VERIFY_COLORS = {"core": "#d9480f", "package": "#2b8a3e", "hmac": "#495057"}
VERIFY_LABELS = {
    "core": "Rust core",
    "package": "Python package",
    "hmac": "Python hmac (OpenSSL)",
}


def duration_tick(value_us: float, _position: object) -> str:
    if value_us >= 1000:
        return f"{value_us / 1000:g} ms"
    return f"{value_us:g} µs"


def us(ns: float) -> str:
    value = ns / 1e3
    return f"{value:.0f} µs" if value >= 100 else f"{value:.1f} µs"


def client_rows(ax_lat, ax_cpu, clients: list, title: str, first: bool) -> None:
    """One group's latency (left) and CPU (right) bars, ratios to that group's floor."""
    floor = next((c for c in clients if c["key"].endswith("-floor")), None)
    labels = [c["label"] for c in clients]
    ypos = list(range(len(clients)))[::-1]
    colors = [COLORS.get(c["key"].split("-", 1)[1].rstrip("0123456789"), "#868e96")
              for c in clients]

    # Durations are plotted in µs.
    medians = [c["median_ns"] / 1e3 for c in clients]
    p99s = [c["p99_ns"] / 1e3 for c in clients]
    ax_lat.barh(ypos, medians, color=colors, height=0.62, label="median")
    ax_lat.scatter(p99s, ypos, marker="|", s=200, color="black", zorder=3, label="p99")
    for y, c, p99 in zip(ypos, clients, p99s):
        text = us(c["median_ns"])
        if floor:
            text += f"  ({c['median_ns'] / floor['median_ns']:.2f}× floor)"
        ax_lat.text(p99 * 1.15, y, text, va="center", fontsize=8.5)
    ax_lat.set_xscale("log")
    ax_lat.xaxis.set_major_formatter(FuncFormatter(duration_tick))
    ax_lat.set_yticks(ypos, labels, fontsize=9)
    ax_lat.set_xlabel("latency per call (log scale): bar = median, | = p99", fontsize=9)
    ax_lat.set_title(title, fontsize=10)
    ax_lat.set_xlim(min(medians) * 0.5, max(p99s) * 40)
    ax_lat.grid(axis="x", which="major", alpha=0.3)

    cpu = [c["cpu_ns_per_call"] / 1e3 for c in clients]
    ax_cpu.barh(ypos, cpu, color=colors, height=0.62)
    for y, c, value in zip(ypos, clients, cpu):
        conns = c["connections"]
        conn_text = "1 connection" if conns == 1 else f"{conns:,} connections"
        if c["group"] == "https":
            shakes = c["handshakes"]
            conn_text += ", 1 handshake" if shakes == 1 else f", {shakes:,} handshakes"
        ax_cpu.text(value * 1.15, y, f"{us(c['cpu_ns_per_call'])}   {conn_text}", va="center",
                    fontsize=8.5)
    ax_cpu.set_xscale("log")
    ax_cpu.xaxis.set_major_formatter(FuncFormatter(duration_tick))
    ax_cpu.set_xlabel("client CPU time per call, user + system (log scale)", fontsize=9)
    ax_cpu.set_title("client CPU per call; connections and handshakes per process"
                     if first else "", fontsize=10)
    ax_cpu.set_xlim(min(cpu) * 0.5, max(cpu) * 300)
    ax_cpu.set_yticks(ypos, [""] * len(ypos))
    ax_cpu.grid(axis="x", which="major", alpha=0.3)


def cold_rows(ax, cold: list) -> None:
    """Cold calls: wall time per process (bar), CPU time per process (dot)."""
    curl = next((c for c in cold if c["key"] == "cold-curl"), None)
    ypos = list(range(len(cold)))[::-1]
    colors = ["#d9480f" if c["key"] == "cold-core" else "#495057" for c in cold]
    medians = [c["median_ns"] / 1e6 for c in cold]
    ax.barh(ypos, medians, color=colors, height=0.55)
    ax.scatter([c["cpu_median_ns"] / 1e6 for c in cold], ypos, marker="o", color="white",
               edgecolor="black", zorder=3, label="CPU per process")
    for y, c, m in zip(ypos, cold, medians):
        text = f"{m:.2f} ms"
        if curl:
            text += f"  ({c['median_ns'] / curl['median_ns']:.2f}× curl)"
        ax.text(m * 1.03, y, text, va="center", fontsize=9)
    ax.set_yticks(ypos, [c["label"] for c in cold], fontsize=9)
    ax.set_xlabel("median wall time per process, spawn to exit (ms); o = CPU time", fontsize=9)
    ax.set_title(f"cold call over HTTPS: new process, lookup, TCP, TLS, 1 request "
                 f"({cold[0]['runs']} each)", fontsize=9.5)
    ax.set_xlim(0, max(medians) * 1.5)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        results = json.load(f)
    meta = results["meta"]
    groups = [
        (g, title, [c for c in results["clients"] if c["group"] == g])
        for g, title in (
            ("https", "register_webhook over HTTPS (TLS 1.3) to localhost, kept alive"),
            ("http", "register_webhook over plain HTTP to 127.0.0.1, kept alive"),
        )
    ]
    groups = [g for g in groups if g[2]]
    cold = results.get("cold", [])

    heights = [len(g[2]) for g in groups] + [3.2]
    fig = plt.figure(figsize=(14, 3 + 0.42 * sum(heights)), layout="constrained")
    grid = fig.add_gridspec(len(groups) + 1, 2, height_ratios=heights)
    for row, (_, title, clients) in enumerate(groups):
        client_rows(fig.add_subplot(grid[row, 0]), fig.add_subplot(grid[row, 1]), clients, title,
                    row == 0)
    if cold:
        cold_rows(fig.add_subplot(grid[len(groups), 0]), cold)
    ax_ver = fig.add_subplot(grid[len(groups), 1])

    verify = results["verify"]
    sizes = sorted({v["size"] for v in verify})
    impls = [i for i in ("core", "package", "hmac") if any(v["impl"] == i for v in verify)]
    width = 0.8 / max(len(impls), 1)
    for k, impl in enumerate(impls):
        xs, ys = [], []
        for j, size in enumerate(sizes):
            match = [v for v in verify if v["impl"] == impl and v["size"] == size]
            if match:
                xs.append(j + (k - (len(impls) - 1) / 2) * width)
                ys.append(match[0]["mb_per_s"])
        bars = ax_ver.bar(
            xs, ys, width=width * 0.95, color=VERIFY_COLORS.get(impl), label=VERIFY_LABELS[impl]
        )
        ax_ver.bar_label(bars, labels=[f"{y:,.0f}" for y in ys], fontsize=9, padding=2)
    ax_ver.set_xticks(
        range(len(sizes)), [("1 KiB body" if s == 1024 else f"{s // 1048576} MiB body") for s in sizes]
    )
    ax_ver.set_ylabel("MB/s verified (higher is better)", fontsize=9)
    ax_ver.set_title("signature verification: HMAC-SHA256, hex, constant-time compare", fontsize=10)
    ax_ver.legend(loc="upper left", fontsize=8)
    ax_ver.margins(y=0.15)
    ax_ver.grid(axis="y", alpha=0.3)

    fig.suptitle(
        f"ayrshare-webhooks benchmark ({meta['command']}) - {meta['cpu']}, {meta['cores']} cores, "
        f"Linux {meta['kernel']} - {meta['date']} - commit {meta['commit']}",
        fontsize=10,
    )
    fig.savefig(sys.argv[2], dpi=110)


main()
