"""Text built to make pattern matching backtrack is read in linear time (guarded by a timeout)."""

from __future__ import annotations

import pytest

from r2w.extraction.contacts import URL_RE, find_email, find_urls
from r2w.extraction.gate import assess_cv

HOSTILE = {
    "hyphens": "-" * 100_000,
    "letter-hyphen": "a-" * 50_000,
    "word-hyphen": "ab-" * 30_000,
    "dots": "a." * 50_000,
    "hyphen-dot": "a-a." * 25_000,
    "digits": "1 " * 50_000,
    "at-signs": "a@" * 50_000,
}


@pytest.mark.timeout(10)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_contact_patterns_do_not_backtrack_on_hostile_runs(name):
    text = HOSTILE[name]
    URL_RE.findall(text)
    find_email(text)
    # Junk is not a CV, and saying so takes no longer than reading it.
    assert not assess_cv(text).is_cv


def test_a_run_of_hyphens_is_no_address():
    assert find_urls("-" * 100_000) == []
    assert find_urls("a-" * 50_000) == []


def test_ordinary_addresses_are_still_found():
    text = "linkedin.com/in/jane-doe | https://x.dev/a, www.my-site.co.uk and jane@ex-ample.org"
    assert find_urls(text)[:3] == [
        "linkedin.com/in/jane-doe",
        "https://x.dev/a",
        "www.my-site.co.uk",
    ]
