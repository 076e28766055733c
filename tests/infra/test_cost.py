"""The cost model: generated from measured inputs and sourced prices, for 1k, 10k and 100k users."""

from __future__ import annotations

import yaml

from infra import cost
from tests.infra.templates import ROOT


def test_docs_cost_is_what_the_model_makes_of_the_committed_inputs():
    assert cost.DOC.read_text() == cost.render(cost.load_inputs())


def test_every_price_names_its_published_source():
    prices = yaml.safe_load((ROOT / "infra" / "cost_inputs" / "prices.yaml").read_text())
    assert prices["region"] in ("us-east-1", "eu-west-1")
    for name, entry in prices["prices"].items():
        assert entry["source"].startswith(("https://aws.amazon.com/", "https://www.anthropic.com/"))
        assert entry["usd"] >= 0, name


def test_the_model_reads_measured_figures_and_scales_with_users():
    inputs = cost.load_inputs()
    assert inputs.measured["samples"] >= 5
    for key in ("extract_cpu_s", "build_cpu_s", "site_bytes", "page_view_bytes"):
        assert inputs.m(key) > 0, key
    totals = [cost.total(cost.monthly(users, inputs)) for users in cost.USERS]
    assert totals == sorted(totals) and len(set(totals)) == 3
    # The levers the document names really lower the bill.
    big = cost.USERS[-1]
    base = cost.total(cost.monthly(big, inputs))
    assert cost.total(cost.monthly(big, inputs, spot=False)) > base
    assert cost.total(cost.monthly(big, inputs, tiering=False)) > base
    assert cost.total(cost.monthly(big, inputs, model="sonnet")) < base


def test_doubling_build_cpu_doubles_the_builder_line():
    inputs = cost.load_inputs()
    line = next(x for x in cost.monthly(10_000, inputs) if x.item.startswith("Builder"))
    inputs.measured["median"]["build_cpu_s"] *= 2
    doubled = next(x for x in cost.monthly(10_000, inputs) if x.item.startswith("Builder"))
    assert abs(doubled.usd - 2 * line.usd) < 1e-9
    text = cost.render(inputs)
    for users in ("1,000 users", "10,000 users", "100,000 users"):
        assert users in text
    assert "$500-1,500" in text
