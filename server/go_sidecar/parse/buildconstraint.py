"""Build constraints as the go command reads them, for one target (issue 11: which files of a folder build here).

Mirrors Go 1.27's sources:
- go/build/constraint/expr.go: the `//go:build` grammar (`||`, `&&`, `!`, parentheses, tags of letters, digits,
  `_` and `.`; no double negation; at most 1000 terms) and legacy `// +build` lines (spaces are OR, commas AND,
  a bad word is the tag `ignore`; at most 100 terms);
- go/build/build.go `parseFileHeader` (only the leading run of `//` comments, blank lines and `/* */` comments
  counts; a second `//go:build` line is an error; `// +build` lines must be followed by a blank line) and
  `shouldBuild` (a `//go:build` line controls; `// +build` lines are read only when there is none);
- go/build/build.go `matchTag` and `goodOSArchFile`, internal/syslist/syslist.go (KnownOS, UnixOS, KnownArch).

Evaluation is three-valued: a tag go-sidecar cannot know (`cgo`, which depends on CGO_ENABLED and a C compiler;
`goexperiment.*`; the GOAMD64-style `amd64.v2`; a tag of the user's own when the build's -tags are not known)
is None, and a file is left out only when its constraint is False whatever those tags are. Pure: no I/O; parsing
and evaluation are iterative, so a deeply nested line cannot exhaust Python's stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from go_sidecar._record import dataclass

KNOWN_OS = frozenset(
    (
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "hurd",
        "illumos",
        "ios",
        "js",
        "linux",
        "nacl",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "wasip1",
        "windows",
        "zos",
    )
)
UNIX_OS = frozenset(
    (
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "hurd",
        "illumos",
        "ios",
        "linux",
        "netbsd",
        "openbsd",
        "solaris",
    )
)
KNOWN_ARCH = frozenset(
    (
        "386",
        "amd64",
        "amd64p32",
        "arm",
        "armbe",
        "arm64",
        "arm64be",
        "loong64",
        "mips",
        "mipsle",
        "mips64",
        "mips64le",
        "mips64p32",
        "mips64p32le",
        "ppc",
        "ppc64",
        "ppc64le",
        "riscv",
        "riscv64",
        "s390",
        "s390x",
        "sparc",
        "sparc64",
        "wasm",
    )
)
MAX_SIZE = 1000  # expr.go maxSize
MAX_OLD_SIZE = 100  # expr.go parsePlusBuildExpr maxOldSize

# An expression: ("tag", name) | ("not", x) | ("and", [x, y, ...]) | ("or", [x, y, ...]). AND and OR chains are
# kept flat (Go builds them left-associated: the same value, and a 1000-term chain stays one level deep).
if TYPE_CHECKING:
    Expr = tuple[Literal["tag"], str] | tuple[Literal["not"], "Expr"] | tuple[Literal["and", "or"], list["Expr"]]
Verdict = bool | None  # None: cannot be known here


class ConstraintError(ValueError):
    """expr.go SyntaxError: the message and the byte offset in the expression."""

    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


def _is_tag_char(c: str) -> bool:
    return c.isalpha() or c.isdecimal() or c == "_" or c == "."  # unicode.IsLetter, unicode.IsDigit


def is_valid_tag(word: str) -> bool:
    return bool(word) and all(_is_tag_char(c) for c in word)


# --- //go:build -------------------------------------------------------------------------------------------------
def split_go_build(line: str) -> str | None:
    """The expression of a `//go:build` line, None when the line is not one (expr.go splitGoBuild)."""
    line = line.removesuffix("\n")
    if "\n" in line or not line.startswith("//go:build"):
        return None
    rest = line.strip()[len("//go:build") :]
    trim = rest.strip()
    if len(rest) == len(trim) and rest != "":
        return None  # `//go:buildx`
    return trim


def split_plus_build(line: str) -> str | None:
    """The expression of a `// +build` line, None when the line is not one (expr.go splitPlusBuild)."""
    line = line.removesuffix("\n")
    if "\n" in line or not line.startswith("//"):
        return None
    line = line[2:].strip()
    if not line.startswith("+build"):
        return None
    rest = line[len("+build") :]
    trim = rest.strip()
    if len(rest) == len(trim) and rest != "":
        return None
    return trim


def parse(line: str) -> Expr:
    """A `//go:build` or `// +build` line's expression (expr.go Parse); ConstraintError when it is not one."""
    text = split_go_build(line)
    if text is not None:
        return parse_expr(text)
    text = split_plus_build(line)
    if text is not None:
        return parse_plus_build(text)
    raise ConstraintError(0, "not a build constraint")


def _lex(s: str, i: int) -> tuple[str, bool, int, int]:
    """(token, is a tag, its position, the position after it) from s[i:]; "" at the end (expr.go lex)."""
    while i < len(s) and s[i] in " \t":
        i += 1
    if i >= len(s):
        return "", False, i, i
    c = s[i]
    if c in "()!":
        return c, False, i, i + 1
    if c in "&|":
        if i + 1 >= len(s) or s[i + 1] != c:
            raise ConstraintError(i, "invalid syntax at " + c)
        return s[i : i + 2], False, i, i + 2
    j = i
    while j < len(s) and _is_tag_char(s[j]):
        j += 1
    if j == i:
        raise ConstraintError(i, "invalid syntax at " + c)
    return s[i:j], True, i, j


def _join(kind: Literal["and", "or"], items: list[Expr]) -> Expr:
    return items[0] if len(items) == 1 else (kind, items)


class _Frame:
    """An open parenthesis of parse_expr: its OR terms, the AND terms of the current OR term, whether it is
    negated, and its position."""

    __slots__ = ("ands", "negated", "ors", "pos")

    def __init__(self, negated: bool, pos: int) -> None:
        self.ors: list[Expr] = []
        self.ands: list[Expr] = []
        self.negated = negated
        self.pos = pos


def parse_expr(text: str) -> Expr:
    """The `//go:build` grammar of expr.go (or → and → not → atom), with its error messages, without recursion:
    each open parenthesis is a _Frame."""
    stack = [_Frame(False, 0)]
    size, i = 0, 0
    operand = True  # expecting an operand (expr.go not()), else an operator, `)` or the end
    try:
        while True:
            if operand:
                size += 1
                if size > MAX_SIZE:
                    raise ConstraintError(i, "build expression too large")
                tok, is_tag, pos, i = _lex(text, i)
                negated = False
                if tok == "!":
                    tok, is_tag, pos, i = _lex(text, i)
                    if tok == "!":
                        raise ConstraintError(pos, "double negation not allowed")
                    negated = True
                if tok == "(":
                    stack.append(_Frame(negated, pos))
                    continue
                if not is_tag:
                    raise ConstraintError(pos, "unexpected token " + tok if tok else "unexpected end of expression")
                stack[-1].ands.append(("not", ("tag", tok)) if negated else ("tag", tok))
                operand = False
                continue
            tok, _, pos, i = _lex(text, i)
            frame = stack[-1]
            if tok == "&&":
                operand = True
            elif tok == "||":
                frame.ors.append(_join("and", frame.ands))
                frame.ands = []
                operand = True
            elif tok == ")" and len(stack) > 1:
                stack.pop()
                x = _join("or", frame.ors + [_join("and", frame.ands)])
                stack[-1].ands.append(("not", x) if frame.negated else x)
            elif len(stack) > 1:  # anything else inside parentheses: expr.go atom's check for `)`
                raise ConstraintError(frame.pos, "missing close paren")
            elif tok:
                raise ConstraintError(pos, "unexpected token " + tok)
            else:
                return _join("or", frame.ors + [_join("and", frame.ands)])
    except ConstraintError as e:
        if len(stack) > 1 and e.message == "unexpected end of expression":  # expr.go atom's deferred rewrite
            raise ConstraintError(e.offset, "missing close paren") from None
        raise


def parse_plus_build(text: str) -> Expr:
    """A `// +build` line's words: spaces are OR, commas AND, `!x` is NOT (expr.go parsePlusBuildExpr)."""
    size = 0
    ors: list[Expr] = []
    for clause in text.split():
        ands: list[Expr] = []
        for lit in clause.split(","):
            if lit.startswith("!!") or lit == "!":
                z: Expr = ("tag", "ignore")
            else:
                neg = lit.startswith("!")
                lit = lit[1:] if neg else lit
                z = ("tag", lit) if is_valid_tag(lit) else ("tag", "ignore")
                z = ("not", z) if neg else z
            if ands:
                size += 1
                if size > MAX_OLD_SIZE:
                    raise ConstraintError(0, "expression too complex for // +build lines")
            ands.append(z)
        if ors:
            size += 1
            if size > MAX_OLD_SIZE:
                raise ConstraintError(0, "expression too complex for // +build lines")
        ors.append(_join("and", ands))
    return _join("or", ors) if ors else ("tag", "ignore")


# --- evaluation -------------------------------------------------------------------------------------------------
def evaluate(x: Expr, ok: Callable[[str], Verdict]) -> Verdict:
    """Kleene's three-valued logic over the tags' verdicts: False && unknown is False, True || unknown is True."""
    out: list[Verdict] = []
    work: list[tuple[Expr, bool]] = [(x, False)]
    while work:
        node, done = work.pop()
        if node[0] == "tag":
            out.append(ok(node[1]))
        elif not done:
            work.append((node, True))
            work.extend((c, False) for c in reversed([node[1]] if node[0] == "not" else node[1]))
        elif node[0] == "not":
            v = out.pop()
            out.append(None if v is None else not v)
        else:
            n = len(node[1])
            vals = out[-n:]
            del out[-n:]
            decisive = node[0] == "or"  # True decides an OR, False an AND
            out.append(decisive if decisive in vals else (None if None in vals else not decisive))
    return out[0]


def to_string(x: Expr) -> str:
    """Go's Expr.String(): `!` binds an atom, a nested OR inside an AND is parenthesised (and vice versa)."""
    if x[0] == "tag":
        return x[1]
    if x[0] == "not":
        s = to_string(x[1])
        return "!" + (f"({s})" if x[1][0] in ("and", "or") else s)
    other = "or" if x[0] == "and" else "and"
    parts = [f"({to_string(c)})" if c[0] == other else to_string(c) for c in x[1]]
    return (" && " if x[0] == "and" else " || ").join(parts)


# --- the file header --------------------------------------------------------------------------------------------
def file_header(content: bytes) -> tuple[bytes, bytes | None]:
    """(the part where `// +build` lines count, the `//go:build` line or None), as build.go parseFileHeader.
    ConstraintError("multiple //go:build comments") when there are two."""
    end, ended, in_star = 0, False, False
    go_build: bytes | None = None
    pos = 0
    while pos < len(content):
        nl = content.find(b"\n", pos)
        raw, pos = (content[pos:], len(content)) if nl < 0 else (content[pos:nl], nl + 1)
        line = raw.strip()
        if not line and not ended:  # a blank line: +build lines may reach up to here
            end = pos
            continue
        if not line.startswith(b"//"):
            ended = True
        if not in_star and _is_go_build_comment(line):
            if go_build is not None:
                raise ConstraintError(0, "multiple //go:build comments")
            go_build = line
        while line:
            if in_star:
                i = line.find(b"*/")
                if i < 0:
                    break
                in_star, line = False, line[i + 2 :].strip()
                continue
            if line.startswith(b"//"):
                break
            if line.startswith(b"/*"):
                in_star, line = True, line[2:].strip()
                continue
            return content[:end], go_build  # code: the header is over
    return content[:end], go_build


def _is_go_build_comment(line: bytes) -> bool:
    if not line.startswith(b"//go:build"):
        return False
    rest = line.strip()[len(b"//go:build") :]
    return not rest or len(rest.strip()) < len(rest)


def should_build(content: bytes, ok: Callable[[str], Verdict]) -> Verdict:
    """Whether a file with this beginning is built (build.go shouldBuild). A file whose header the go command
    rejects (two //go:build lines, a malformed one) is None: its build fails with an error of its own."""
    try:
        trimmed, go_build = file_header(content)
        if go_build is not None:
            return evaluate(parse_expr(split_go_build(go_build.decode("utf-8", "replace")) or ""), ok)
    except ConstraintError:
        return None
    verdict: Verdict = True
    for raw in trimmed.split(b"\n"):
        line = raw.strip()
        if not line.startswith(b"//") or b"+build" not in line:
            continue
        text = split_plus_build(line.decode("utf-8", "replace"))
        if text is None:
            continue
        try:
            v = evaluate(parse_plus_build(text), ok)
        except ConstraintError:
            continue  # build.go ignores a +build line it cannot parse
        if v is False:
            return False
        if v is None:
            verdict = None
    return verdict


# --- the target -------------------------------------------------------------------------------------------------
def _release_minor(tag: str) -> int | None:
    """N of a `go1.N` release tag (build.go matchTag's `go1.N` for N up to the release), else None."""
    digits = tag[4:] if tag.startswith("go1.") else ""
    return int(digits) if digits.isascii() and digits.isdigit() else None


@dataclass(frozen=True)
class Target:
    """What a build matches tags against (build.go matchTag): GOOS, GOARCH, the compiler `gc`, the Go release
    and -tags."""

    goos: str
    goarch: str
    go_minor: int | None = None  # the Go that builds is go1.<go_minor>; None: not known, every go1.N holds
    tags: frozenset[str] | None = None  # the build's -tags; None: not known, so a tag of the user's own is unknown

    def match(self, tag: str) -> Verdict:
        if tag in (self.goos, self.goarch, "gc") or (self.tags is not None and tag in self.tags):
            return True
        if tag == "cgo":
            return None  # CGO_ENABLED: the environment, and whether a C compiler is found (go/build defaultContext)
        if (tag, self.goos) in (("linux", "android"), ("solaris", "illumos"), ("darwin", "ios")):
            return True
        if tag == "unix":
            return self.goos in UNIX_OS
        minor = _release_minor(tag)
        if minor is not None:
            return self.go_minor is None or minor <= self.go_minor
        if tag in KNOWN_OS or tag in KNOWN_ARCH or tag in ("gccgo", "ignore"):
            return False
        if tag == "boringcrypto" or tag.startswith("goexperiment."):
            return None  # GOEXPERIMENT and the toolchain's defaults (buildcfg.ToolTags)
        arch, dot, _ = tag.partition(".")
        if dot and arch in KNOWN_ARCH:
            return None if arch == self.goarch else False  # GOAMD64, GOARM64, ... levels (buildcfg gogoarchTags)
        return False if self.tags is not None else None

    def good_os_arch_file(self, name: str) -> Verdict:
        """A file name's `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` suffix (before `_test` and the extension) matches
        (build.go goodOSArchFile): `x_windows.go`, `x_linux_arm64_test.go`; `linux.go` has no suffix."""
        stem = name.split(".", 1)[0]
        i = stem.find("_")
        if i < 0:
            return True
        parts = stem[i:].split("_")
        if parts and parts[-1] == "test":
            parts = parts[:-1]
        n = len(parts)
        if n >= 2 and parts[-2] in KNOWN_OS and parts[-1] in KNOWN_ARCH:
            a, b = self.match(parts[-1]), self.match(parts[-2])
            return False if False in (a, b) else (None if None in (a, b) else True)
        if n >= 1 and (parts[-1] in KNOWN_OS or parts[-1] in KNOWN_ARCH):
            return self.match(parts[-1])
        return True


def tags_flag(value: str) -> frozenset[str]:
    """One -tags value as cmd/go reads it (work/build.go tagsFlag.Set): commas separate tags; a value with a
    space or a quote is the older space-separated list."""
    if " " in value or "'" in value:
        return frozenset(w for w in re.split(r"[\s']+", value.replace('"', " ")) if w)
    return frozenset(t for t in value.split(",") if t)


def tags_of(args: list[str]) -> frozenset[str] | None:
    """The -tags of go build arguments (each its own element): the last one wins; None when there is none."""
    found: frozenset[str] | None = None
    for i, a in enumerate(args):
        m = re.match(r"--?tags(=|$)", a)
        if m is None:
            continue
        if m.group(1):
            found = tags_flag(a[m.end() :])
        elif i + 1 < len(args):
            found = tags_flag(args[i + 1])
    return found
