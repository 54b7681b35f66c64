"""The hand-written version scanners give the answers of the regular expressions they replace.

parse/goversion.py and delve_compat.py scan versions by hand: every cold `sidecar check` parses Go and Delve
versions, and compiling the two patterns cost more than all the scans of a check. The patterns stay here, as
the specification: on any text the scanner and the pattern agree (Unicode digits, suffixes, pre-releases,
build metadata and garbage included). A number too long to be a version is refused rather than crashing int().
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from go_sidecar.delve_compat import parse_delve_version
from go_sidecar.parse.goversion import RELEASE, GoVersion, parse_go_version

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GO_VERSION = re.compile(r"^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?")
DELVE_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")
PSEUDO_AFTER_RELEASE = re.compile(r"^0\.\d{14}-[0-9a-f]{12}$")
KINDS = ("alpha", "beta", "rc")


def go_by_regex(text: str) -> GoVersion | None:
    m = GO_VERSION.match(text.strip()) if text else None
    if not m:
        return None
    pre = (KINDS.index(m.group(4)), int(m.group(5))) if m.group(4) else RELEASE
    return GoVersion(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), pre)


def delve_by_regex(text: str) -> tuple[int, int, int] | None:
    m = DELVE_VERSION.match(text.strip()) if text else None
    if not m:
        return None
    major, minor, patch = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) and PSEUDO_AFTER_RELEASE.match(m.group(4)) and patch > 0:
        patch -= 1
    return (major, minor, patch)


# Pieces that versions are made of, and the characters that break them: Unicode digits (Arabic-Indic, fullwidth;
# superscript two is a digit but not a decimal one), blanks, separators.
_PIECES = ["go", "v", "1", "21", "0", "7", ".", "-", "+", "rc", "beta", "alpha", "rc1", "0.20260801120000-abcdef012345"]
_PIECES += ["٣", "１", "²", " ", "\n", "\t", "x", "X:nocoverageredesign", "dirty", "ab", "é"]
versionish = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)
anything = st.text(max_size=24)

SAMPLES = [
    "go1.22.5",
    "1.22",
    "go1.21rc2",
    "go1.21beta1",
    "go1.21alpha3",
    "go1.27.3 X:nocoverageredesign",
    "  go1.20.1\n",
    "go1.21.0-custom",
    "1.21rc",
    "1.21.x",
    "gogo1.2",
    "1..2",
    "1.2.3.4",
    "v1.27.1",
    "1.27.1+dirty",
    "v1.28.0-rc.1",
    "v1.27.2-0.20260801120000-abcdef012345",
    "v1.27.0-0.20260801120000-abcdef012345",
    "v1.27.2-0.20260801120000-ABCDEF012345",
    "v1.27.2-+",
    "vv1.2.3",
    "(devel)",
    "latest",
    "",
]


def test_the_samples_agree_with_the_patterns():
    for text in SAMPLES:
        assert parse_go_version(text) == go_by_regex(text), text
        assert parse_delve_version(text) == delve_by_regex(text), text


@SETTINGS
@given(st.one_of(versionish, anything))
def test_go_versions_scan_as_the_pattern_matches(text):
    assert parse_go_version(text) == go_by_regex(text)


@SETTINGS
@given(st.one_of(versionish, anything))
def test_delve_versions_scan_as_the_pattern_matches(text):
    assert parse_delve_version(text) == delve_by_regex(text)


def test_a_number_of_thousands_of_digits_is_no_version_and_no_crash():
    huge = "9" * 5000  # int() refuses more than 4300 digits: the patterns' callers raised ValueError here
    assert parse_go_version(f"go1.{huge}") is None
    assert parse_go_version(f"go{huge}.1") is None
    assert parse_go_version(f"go1.21rc{huge}") is None
    assert parse_delve_version(f"1.2.{huge}") is None
    assert parse_go_version("go1." + "9" * 50) == GoVersion(1, int("9" * 50), 0, RELEASE)  # long, but a number
