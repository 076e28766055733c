"""r2w's monthly AWS (and Claude) cost for 1k, 10k and 100k users: `python -m infra.cost`.

Inputs, in infra/cost_inputs/: measured.json (bench/bench_cost.py: CPU-seconds, memory and bytes
per extraction and per build), prices.yaml (published prices, with sources) and usage.yaml (how a
user uses r2w: assumptions, named as such). Output: docs/cost.md.
The production stack is the one in infra/cloudformation/r2w.yaml with infra/params/prod.txt.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "infra" / "cost_inputs"
DOC = ROOT / "docs" / "cost.md"
USERS = (1_000, 10_000, 100_000)
SECONDS_PER_MONTH = 30 * 86400
PLAN_ESTIMATE = (500, 1500)  # the original plan's monthly estimate, USD
GB = 1e9


@dataclass
class Inputs:
    """Everything the model reads."""

    measured: dict[str, Any]
    prices: dict[str, float]
    sources: dict[str, str]
    hours: float
    usage: dict[str, float]
    region: str
    as_of: str

    def m(self, name: str) -> float:
        """A measured median."""
        return float(self.measured["median"][name])


def load_inputs(folder: Path = INPUTS) -> Inputs:
    """Read the three input files."""
    prices_doc = yaml.safe_load((folder / "prices.yaml").read_text())
    prices = {name: float(entry["usd"]) for name, entry in prices_doc["prices"].items()}
    sources = {name: entry["source"] for name, entry in prices_doc["prices"].items()}
    return Inputs(
        measured=json.loads((folder / "measured.json").read_text()),
        prices=prices,
        sources=sources,
        hours=float(prices_doc["hours_per_month"]),
        usage={k: float(v) for k, v in yaml.safe_load((folder / "usage.yaml").read_text()).items()},
        region=prices_doc["region"],
        as_of=prices_doc["as_of"],
    )


@dataclass
class Line:
    """One cost line: what, how it was computed, monthly USD."""

    item: str
    basis: str
    usd: float


def _per_user_bytes(i: Inputs) -> dict[str, float]:
    u = i.usage
    # Kept sites: the live and the previous build, plus previews younger than the retention
    # (7 days) that reconcile has not expired yet.
    sites_kept = 2 + u["builds"] * 7 / 30
    return {
        "originals": u["cv_uploads"] * (i.m("original_bytes") + i.m("page_image_bytes")),
        "sites": sites_kept * i.m("site_bytes"),
        "specs": u["builds"] * i.m("spec_bytes"),  # specs expire after 30 days
        "served": u["published_share"] * u["views_per_site"] * i.m("page_view_bytes"),
    }


def monthly(
    users: int, i: Inputs, *, spot: bool = True, tiering: bool = True, model: str = "opus"
) -> list[Line]:
    """The cost lines for ``users`` active users in production (plus staging)."""
    p, u, h = i.prices, i.usage, i.hours
    requests = users * u["api_requests"]
    extractions = users * u["cv_uploads"]
    builds = users * u["builds"]
    peak_rps = requests / SECONDS_PER_MONTH * u["peak_to_average"]
    cpu_s = requests * u["web_cpu_s_per_request"] + extractions * i.m("extract_cpu_s")
    peak_vcpu = cpu_s / SECONDS_PER_MONTH * u["peak_to_average"]
    nodes = max(3, math.ceil(peak_vcpu / (2 * u["node_cpu_target"])))
    acus = max(0.5, peak_rps / 100 * u["acu_per_100_rps"])
    per_user = _per_user_bytes(i)
    stored_gb = users * (per_user["sites"] + per_user["specs"]) / GB
    originals_gb = users * per_user["originals"] / GB
    served_gb = users * per_user["served"] / GB
    cdn_requests = users * u["published_share"] * u["views_per_site"] * i.m("page_view_requests")
    builder_hourly = p["c6i_large_hour"] * ((1 - p["spot_discount"]) if spot else 1)
    builder_hours = builds * i.m("build_cpu_s") / 3600 / 2 / u["builder_cpu_efficiency"]
    logs_gb = requests * u["log_bytes_per_request"] / GB
    put_requests = builds * (i.m("site_files") + 2) + extractions * 3
    if model == "opus":
        tin, tout = p["claude_opus_input_million"], p["claude_opus_output_million"]
    else:
        tin, tout = p["claude_sonnet_input_million"], p["claude_sonnet_output_million"]
    per_extraction = (
        i.m("prompt_prefix_tokens") * tin * p["claude_cache_read_factor"]
        + i.m("cv_text_tokens") * tin
        + i.m("document_tokens") * tout
    ) / 1e6
    originals_price = p["s3_it_infrequent_gb_month"] if tiering else p["s3_standard_gb_month"]
    traces = requests * u["trace_sample_share"]
    return [
        Line("EKS control plane", "1 cluster", p["eks_cluster_hour"] * h),
        Line(
            "System nodes (m6i.large, on-demand)",
            f"{nodes} nodes for {peak_vcpu:.2f} vCPU at peak",
            nodes * p["m6i_large_hour"] * h,
        ),
        Line(
            "Builder nodes (c6i.large, " + ("spot" if spot else "on-demand") + ", from zero)",
            f"{builds:,.0f} builds x {i.m('build_cpu_s'):.2f} CPU-s = {builder_hours:,.1f} node-h",
            builder_hours * builder_hourly,
        ),
        Line(
            "NAT gateways (3 zones)",
            "3 x 730 h + 1 GB per 1k users",
            3 * p["nat_gateway_hour"] * h + users / 1000 * p["nat_gateway_gb"],
        ),
        Line(
            "Load balancer (ALB)",
            f"{1 + users / 20000:.1f} LCU",
            (p["alb_hour"] + (1 + users / 20000) * p["alb_lcu_hour"]) * h,
        ),
        Line(
            "Aurora Serverless v2 (writer + reader)",
            f"{acus:.1f} ACU each; {requests * 5 / 1e6:,.1f} M I/O",
            2 * acus * p["aurora_acu_hour"] * h
            + requests * 5 / 1e6 * p["aurora_io_million"]
            + users * 3 * i.m("document_tokens") * 4 / GB * p["aurora_storage_gb_month"],
        ),
        Line(
            "ElastiCache Redis (2 x t4g.small)",
            "sessions, rate limits",
            2 * p["cache_t4g_small_hour"] * h,
        ),
        Line(
            "S3 originals " + ("(Intelligent-Tiering)" if tiering else "(Standard)"),
            f"{originals_gb:,.1f} GB",
            originals_gb * originals_price,
        ),
        Line(
            "S3 sites and specs",
            f"{stored_gb:,.1f} GB; {put_requests / 1e6:,.2f} M PUT",
            stored_gb * p["s3_standard_gb_month"]
            + put_requests / 1000 * p["s3_put_thousand"]
            + cdn_requests * u["cdn_miss_share"] / 1000 * p["s3_get_thousand"],
        ),
        Line(
            "CloudFront (published sites)",
            f"{served_gb:,.0f} GB, {cdn_requests / 1e6:,.1f} M requests (free tier first)",
            max(0.0, served_gb - p["cloudfront_free_gb"]) * p["cloudfront_gb"]
            + max(0.0, cdn_requests - p["cloudfront_free_requests"])
            / 1e4
            * p["cloudfront_https_10k"]
            + cdn_requests
            / 1e6
            * (p["cloudfront_function_million"] + p["cloudfront_kvs_read_million"]),
        ),
        Line(
            "Claude extraction (" + ("Opus 4.1" if model == "opus" else "Sonnet 4.5") + ")",
            f"{extractions:,.0f} x ${per_extraction:.3f}",
            extractions * per_extraction,
        ),
        Line(
            "CloudWatch Logs and X-Ray",
            f"{logs_gb:,.1f} GB logs, {traces / 1e6:,.2f} M traces",
            logs_gb * (p["logs_ingest_gb"] + p["logs_storage_gb_month"])
            + max(0.0, traces - 100_000) / 1e6 * p["xray_traces_million"],
        ),
        Line(
            "Secrets, KMS, ECR",
            "3 secrets, 1 key, 5 GB images",
            3 * p["secret_month"] + p["kms_key_month"] + 5 * p["ecr_gb_month"],
        ),
        Line(
            "Staging (same stack, smaller)",
            "EKS, 2 m6i.large, 1 NAT, ALB, Redis micro; Aurora scales to zero",
            (
                p["eks_cluster_hour"]
                + 2 * p["m6i_large_hour"]
                + p["nat_gateway_hour"]
                + p["alb_hour"]
                + p["cache_t4g_micro_hour"]
            )
            * h,
        ),
    ]


def total(lines: list[Line]) -> float:
    """Sum of the lines."""
    return sum(line.usd for line in lines)


def _share(lines: list[Line], prefix: str) -> float:
    return sum(line.usd for line in lines if line.item.startswith(prefix)) / total(lines)


def _usd(value: float) -> str:
    return f"${value:,.2f}" if value < 10 else f"${value:,.0f}"


def render(i: Inputs) -> str:
    """docs/cost.md."""
    results = {users: monthly(users, i) for users in USERS}
    out = [
        "# What r2w costs to run",
        "",
        "Generated by `python -m infra.cost` (run by `make bench` after it measures); do not edit.",
        f"Prices: {i.region}, {i.as_of} (infra/cost_inputs/prices.yaml, each with its source). "
        f"Measured: {i.measured['measured_at']} on {i.measured['machine']}, "
        f"{i.measured['samples']} sample CVs (bench/bench_cost.py). "
        "Usage: infra/cost_inputs/usage.yaml (assumptions).",
        "",
        "## Monthly cost",
        "",
        "| | " + " | ".join(f"{n:,} users" for n in USERS) + " |",
        "|---|" + "---:|" * len(USERS),
    ]
    for index, line in enumerate(results[USERS[0]]):
        cells = " | ".join(_usd(results[n][index].usd) for n in USERS)
        out.append(f"| {line.item} | {cells} |")
    out.append(
        "| **Total per month** | "
        + " | ".join(f"**${total(results[n]):,.0f}**" for n in USERS)
        + " |"
    )
    out.append(
        "| per user per month | "
        + " | ".join(f"${total(results[n]) / n:,.3f}" for n in USERS)
        + " |"
    )
    low, high = PLAN_ESTIMATE
    out += ["", "How each line is computed, at 100,000 users:", ""]
    out += [f"- {line.item}: {line.basis}" for line in results[USERS[-1]]]
    out += [
        "",
        "## Against the original plan",
        "",
        f"The original plan estimated ${low:,}-{high:,} a month. "
        + "; ".join(
            f"{n:,} users: ${total(results[n]):,.0f} "
            + (
                "(inside)"
                if low <= total(results[n]) <= high
                else "(below)"
                if total(results[n]) < low
                else "(above)"
            )
            for n in USERS
        )
        + ". Extraction by the configured Claude model is "
        + ", ".join(f"{_share(results[n], 'Claude'):.0%}" for n in USERS)
        + " of the bill at these three sizes; the platform (cluster, nodes, NAT, database, "
        "cache, staging) is the rest, nearly flat. The plan's range holds for the platform; "
        "whether it holds for the whole depends on the extraction model.",
        "",
        "## Levers",
        "",
        "| lever | at 100,000 users | saves per month |",
        "|---|---|---:|",
    ]
    base = total(results[USERS[-1]])
    levers = [
        ("Spot builders (vs on-demand builder nodes)", monthly(USERS[-1], i, spot=False)),
        (
            "Intelligent-Tiering for originals (vs S3 Standard)",
            monthly(USERS[-1], i, tiering=False),
        ),
    ]
    for name, alternative in levers:
        out.append(
            f"| {name} | ${total(alternative):,.0f} without it | "
            f"${total(alternative) - base:,.0f} |"
        )
    sonnet = total(monthly(USERS[-1], i, model="sonnet"))
    out.append(
        f"| Claude Sonnet 4.5 instead of Opus 4.1 (ANTHROPIC_MODEL) | ${sonnet:,.0f} with it "
        f"| ${base - sonnet:,.0f} |"
    )
    out += [
        "",
        "- **Scale to zero**: the builder node group runs from 0 nodes (only while builds run) "
        "and staging's Aurora pauses at 0 ACU; production keeps 0.5 ACU so the first request "
        "after a quiet night does not wait for a resume.",
        "- **Published sites at the edge** cost CloudFront's free tier at these volumes; served "
        "by the web pods they would take web CPU instead (the app's rate against nginx on the "
        "same file is in docs/benchmarks.md, 'Site serving').",
        "- **One NAT gateway** in production instead of three saves "
        f"${2 * i.prices['nat_gateway_hour'] * i.hours:,.0f} a month at the price of losing "
        "egress when its zone fails.",
        "",
        "## Measured inputs (medians over the sample CVs)",
        "",
        "| figure | value |",
        "|---|---:|",
    ]
    shown = {
        "extract_cpu_s": "CPU-seconds per extraction (offline reading and extraction)",
        "build_cpu_s": "CPU-seconds per build (a whole `python -m builder` process)",
        "original_bytes": "bytes per original CV",
        "page_image_bytes": "bytes of page images per CV",
        "site_bytes": "bytes per built site",
        "spec_bytes": "bytes per build spec",
        "page_view_bytes": "bytes per page view (index and its assets)",
        "cv_text_tokens": "CV text tokens sent to Claude",
        "prompt_prefix_tokens": "cached prompt prefix tokens (system prompt, tool schema)",
        "document_tokens": "document tokens Claude writes",
    }
    out += [f"| {label} | {i.m(key):,.3f} |" for key, label in shown.items()]
    out += [
        f"| peak memory of an extraction process (largest), MiB | "
        f"{i.measured['max']['extract_peak_rss_mib']:,.0f} |",
        f"| peak memory of a build process (largest), MiB | "
        f"{i.measured['max']['build_peak_rss_mib']:,.0f} |",
        "",
        "## Usage assumptions (infra/cost_inputs/usage.yaml)",
        "",
        "| assumption | value |",
        "|---|---:|",
    ]
    out += [f"| {key} | {value:g} |" for key, value in i.usage.items()]
    out += [
        "",
        "## Prices (infra/cost_inputs/prices.yaml)",
        "",
        "| price | USD | source |",
        "|---|---:|---|",
    ]
    out += [f"| {key} | {value:g} | {i.sources[key]} |" for key, value in i.prices.items()]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/cost.md from the inputs."""
    try:
        inputs = load_inputs()
    except FileNotFoundError as exc:
        print(f"infra.cost: {exc.filename} is missing; run `make bench` first", file=sys.stderr)
        return 2
    DOC.write_text(render(inputs))
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
