"""Delve ↔ Go support table: lookups for releases in, between, before and after the table's rows."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from go_sidecar import delve_compat as dc

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_table_is_package_data_and_read_once():
    assert resources.files("go_sidecar.data").joinpath("delve-go-compat.tsv").is_file()
    table = dc.rows()
    assert dc.rows() is table  # cached
    assert [r.delve for r in table] == sorted(r.delve for r in table)
    assert table[0].version == "1.4.0" and dc.newest().version == "1.27.1"
    assert dc.newest().date == "2026-08-01"
    package_data = tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["package-data"]["go_sidecar"]
    assert "data/*.tsv" in package_data


@pytest.mark.parametrize(
    "delve, expected",
    [
        ("1.22.1", ("1.19", "1.22", "")),
        ("v1.22.1", ("1.19", "1.22", "")),
        ("1.27.1", ("1.25", "1.27", "")),
        ("1.4.0", ("1.11", "1.14", "")),
        ("1.25.0", ("1.21", "1.24", "")),  # the same minor series, a different range
        ("1.25.1", ("1.22", "1.25", "")),
        ("v1.27.1+dirty", ("1.25", "1.27", "")),  # Go 1.24+ stamps a dirty tree so
        ("v1.27.2-0.20260802101010-0123456789ab", ("1.25", "1.27", "")),  # pseudo-version: a commit after 1.27.1
        ("v1.26.4-0.20260501000000-abcdefabcdef", ("1.24", "1.26", "")),
    ],
)
def test_supported_range_for_known_releases(delve, expected):
    assert dc.supported_range(delve) == expected
    lo, hi, note = dc.supported_range(delve)  # unpacks as the plain triple
    assert (lo, hi, note) == expected


def test_newer_than_the_table_reasons_from_the_newest_row():
    assert dc.supported_range("1.28.0") == (
        "1.25",
        "1.27",
        "Delve 1.28.0 is newer than go-sidecar's table (newest 1.27.1); assuming it supports at least Go 1.25–1.27",
    )
    found = dc.lookup("v1.27.2")
    assert found is not None and found.relation == "newer" and found.row.version == "1.27.1"
    assert dc.supported_range("1.27.2").note.startswith("Delve 1.27.2 is newer than go-sidecar's table")


def test_older_than_the_table():
    rng = dc.supported_range("1.3.2")
    assert rng == (
        "1.11",
        "1.14",
        "Delve 1.3.2 is older than go-sidecar's table (oldest 1.4.0); assuming it supports at most Go 1.11–1.14",
    )
    assert dc.lookup("0.12.0").relation == "older"


def test_patch_release_missing_from_the_table_uses_the_nearest_lower_patch():
    found = dc.lookup("1.25.3")
    assert found.relation == "series" and found.row.version == "1.25.2"
    assert dc.supported_range("1.25.3")[:2] == ("1.22", "1.25")
    assert dc.supported_range("1.9.5")[:2] == ("1.17", "1.19")  # 1.9.1, not 1.9.0 (1.16–1.19)
    assert "using the range of 1.9.1" in dc.supported_range("1.9.5").note


def test_a_version_in_a_gap_uses_the_nearest_earlier_release():
    found = dc.lookup("1.10.0")  # Delve went from 1.9.1 to 1.20.0
    assert found.relation == "between" and found.row.version == "1.9.1"
    assert "nearest earlier release" in dc.supported_range("1.10.0").note


@pytest.mark.parametrize("text", ["(devel)", "", "dlv", "1.22", "v1"])
def test_not_a_version(text):
    assert dc.parse_delve_version(text) is None
    assert dc.supported_range(text) is None
    assert dc.go_status(text, "go1.22.0") is None


def test_latest_is_the_newest_row():
    assert dc.supported_range("latest") == ("1.25", "1.27", "")


@pytest.mark.parametrize(
    "delve, go, status",
    [
        ("1.22.1", "go1.22.12", "supported"),
        ("1.22.1", "go1.19", "supported"),
        ("1.22.1", "go1.23.0", "too-new"),
        ("1.22.1", "go1.18.10", "too-old"),
        ("1.27.1", "go1.28rc1", "too-new"),  # Delve: any pre-release of max+1 is too new
        ("1.27.1", "go1.25rc2", "supported"),  # and a pre-release of the minimum is fine
        ("1.27.1", "go1.27.3 X:nocoverageredesign", "supported"),
        ("1.25.0", "go1.25.0", "too-new"),
        ("1.25.1", "go1.25.0", "supported"),
        ("1.27.1", "devel go1.28-abcdef", None),  # Delve does not check devel builds
        ("1.27.1", "", None),
    ],
)
def test_go_status(delve, go, status):
    assert dc.go_status(delve, go) == status


def test_delve_messages_are_delve_s_own():
    assert dc.DELVE_TOO_OLD.format(go="1.27.3", bound="1.26") == (
        "Version of Delve is too old for Go version 1.27.3 (maximum supported version 1.26, "
        "suppress this error with --check-go-version=false)"
    )
    assert dc.GO_TOO_OLD.format(go="1.18.10", bound="1.19").startswith("Go version 1.18.10 is too old for this")


@pytest.mark.parametrize(
    "go, delve",
    [
        ("go1.27.3", "1.27.1"),
        ("1.25", "1.27.1"),
        ("go1.24.5", "1.26.3"),
        ("go1.22.0", "1.25.2"),  # 1.25.2 supports 1.22–1.25; 1.26.x starts at 1.24
        ("go1.21.13", "1.25.0"),
        ("go1.11", "1.4.0"),
        ("go1.28.0", None),  # newer than every row: the caller suggests @latest
        ("go1.10", None),
        ("not a version", None),
    ],
)
def test_delve_for_go(go, delve):
    assert dc.delve_for_go(go) == delve
    if delve is not None:
        assert dc.go_status(delve, go) == "supported"


@pytest.mark.parametrize(
    "delve, how",
    [
        ("1.22.1", "unsupported"),
        ("1.25.1", "unsupported"),
        ("v1.25.2", "tag"),
        ("1.26.0", "none"),
        ("1.26.3", "none"),
        ("1.27.0", "tag"),
        ("1.27.1", "tag"),
        ("1.28.0", "tag"),  # newer than the table: an unused tag is harmless, a missing one is not
        ("latest", "tag"),
    ],
)
def test_winarm64_install(delve, how):
    assert dc.winarm64_install(delve) == how
    assert dc.needs_winarm64_tag(delve) == {"tag": True, "none": False, "unsupported": None}[how]


def test_winarm64_install_rejects_a_non_version():
    with pytest.raises(ValueError, match="not a Delve version"):
        dc.winarm64_install("(devel)")
