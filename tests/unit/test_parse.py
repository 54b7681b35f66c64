"""Parsers: JSONC (launch.json, settings.json), byte offset <-> LSP position, go.mod/go.work, Go versions, envFiles."""

from __future__ import annotations

import itertools
import json

import pytest

from go_sidecar.model import Position, Range
from go_sidecar.parse import jsonc
from go_sidecar.parse.envfile import parse_env_file, parse_go_env_file
from go_sidecar.parse.gomod import parse_modfile
from go_sidecar.parse.goversion import RELEASE, GoVersion, parse_go_version
from go_sidecar.parse.text import BOM, LineIndex, utf16_len
from go_sidecar.testing import apply_edits

LAUNCH = """{
    // Use IntelliSense to learn about possible attributes.
    /* a block comment { [ " that looks like JSON */
    "version": "0.2.0",
    "configurations": [
        {
            // 启动当前包 😀
            "name": "Launch 包 😀",
            "type": "go",
            "request": "launch",
            "mode": "auto",
            "program": "${fileDirname}", // main package
            "env": {"GOROOT": "C:\\\\Users\\\\张三\\\\sdk\\\\go1.22.5", "QUOTE": "a\\"b",},
            "args": ["-v", 1, true, null,],
        },
    ],
}
"""

EXPECTED = {
    "version": "0.2.0",
    "configurations": [
        {
            "name": "Launch 包 😀",
            "type": "go",
            "request": "launch",
            "mode": "auto",
            "program": "${fileDirname}",
            "env": {"GOROOT": "C:\\Users\\张三\\sdk\\go1.22.5", "QUOTE": 'a"b'},
            "args": ["-v", 1, True, None],
        }
    ],
}


def _variants():
    lf = LAUNCH.encode()
    crlf = LAUNCH.replace("\n", "\r\n").encode()
    return {
        "lf": lf,
        "crlf": crlf,
        "bom-lf": BOM + lf,
        "bom-crlf": BOM + crlf,
        "tabs": LAUNCH.replace("    ", "\t").encode(),
    }


# --- JSONC ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(_variants()))
def test_jsonc_comments_trailing_commas_bom_crlf(name):
    data = _variants()[name]
    doc = jsonc.parse(data)
    assert doc.root is not None and doc.root.kind == "object"
    assert doc.root.to_python() == EXPECTED
    assert jsonc.strict_json(data) == EXPECTED


@pytest.mark.parametrize("name", list(_variants()))
def test_jsonc_byte_ranges_point_at_the_value(name):
    data = _variants()[name]
    doc = jsonc.parse(data)
    cfg = doc.root.get_value("configurations").value[0]
    goroot = cfg.get_value("env").get_value("GOROOT")
    assert data[goroot.start : goroot.end] == '"C:\\\\Users\\\\张三\\\\sdk\\\\go1.22.5"'.encode()
    member = cfg.get("name")
    assert data[member.key_start : member.key_end] == b'"name"'
    assert data[member.start : member.end] == '"name": "Launch 包 😀"'.encode()


def test_jsonc_last_duplicate_key_wins():
    doc = jsonc.parse(b'{"a": 1, "a": 2}')
    assert doc.root.get_value("a").value == 2
    assert doc.root.to_python() == {"a": 2}


def test_jsonc_array_trailing_comma_adds_no_phantom_item():
    cases = {
        b'{"b": [1, 2,]}': [1, 2],
        b'{"b": [1, 2, // x\n]}': [1, 2],
        b'{"b": [1, 2,\n/* c */ ]}': [1, 2],
        b'{"b": [{"x": 1},]}': [{"x": 1}],
        b'{"b": ["s",]}': ["s"],
    }
    for text, expected in cases.items():
        doc = jsonc.parse(text)
        assert doc.root.to_python() == {"b": expected}, text
        assert jsonc.strict_json(text) == {"b": expected}, text


@pytest.mark.parametrize(
    "text",
    [
        b"[1,,2]",
        b"[1,2,,]",
        b'{"a": 1,,}',
        b'{"a": 1 "b": 2}',
        b'{"a": "x\\q"}',
        b'{"a": }',
        b'{"a": 1} trailing garbage',
    ],
)
def test_strict_json_rejects_what_is_not_jsonc(text):
    with pytest.raises(ValueError):
        jsonc.strict_json(text)


@pytest.mark.parametrize("text", [b"", b"   ", b"garbage", b"42", b'"just a string"', b"\x00\x01\x02", BOM])
def test_jsonc_no_object_gives_none(text):
    doc = jsonc.parse(text)
    assert doc.root is None or doc.root.kind not in ("object",)
    with pytest.raises(ValueError):
        jsonc.strict_json(text)


def test_jsonc_half_typed_every_prefix_never_raises_and_keeps_what_was_read():
    data = _variants()["crlf"]
    type_at = data.index(b'"type": "go"') + len(b'"type": "go"')
    for cut in range(len(data) + 1):
        doc = jsonc.parse(data[:cut])  # must not raise
        if cut <= type_at:
            continue
        # Past `"type": "go"` the configuration can always be read, whatever is cut after it.
        assert doc.root is not None, cut
        configs = doc.root.get_value("configurations")
        assert configs is not None and configs.kind == "array", cut
        cfg = configs.value[0]
        assert cfg.get_value("type").value == "go", cut
        assert cfg.get_value("name").value == "Launch 包 😀", cut
        assert doc.root.get_value("version").value == "0.2.0", cut
        for node in jsonc.walk_objects(doc.root):  # ranges stay inside the file
            assert 0 <= node.start <= node.end <= cut


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"version": "0.2.0", "name": "hal', {"version": "0.2.0", "name": "hal"}),  # in a string
        ('{"version": "0.2.0", "name":', {"version": "0.2.0"}),  # after a colon
        ('{"version": "0.2.0", "name": ', {"version": "0.2.0"}),
        ('{"version": "0.2.0", "na', {"version": "0.2.0"}),  # in a key
        ('{"version": "0.2.0", // a comment', {"version": "0.2.0"}),
        ('{"version": "0.2.0", /* a comment', {"version": "0.2.0"}),
        ('{"version": "0.2.0",\r\n  "name": "x\r\n}', {"version": "0.2.0", "name": "x"}),  # string cut mid-file
        (
            '{"configurations": [{"type": "go", "env": {"GOROOT": "/x"',
            {"configurations": [{"type": "go", "env": {"GOROOT": "/x"}}]},
        ),
        (
            '{"configurations": [{"type": "go", "env": {"GOROOT": "C:\\\\Go\\',  # cut after a backslash
            {"configurations": [{"type": "go", "env": {"GOROOT": "C:\\Go\\"}}]},
        ),
    ],
)
def test_jsonc_half_typed_returns_members_that_could_be_read(text, expected):
    doc = jsonc.parse(text.encode())
    assert doc.syntax_errors > 0
    got = doc.root.to_python()
    for key, value in expected.items():
        if isinstance(value, list):
            assert got[key][0]["type"] == "go"
            if "env" in value[0]:
                assert got[key][0]["env"] == value[0]["env"]
        else:
            assert got[key] == value
    with pytest.raises(ValueError):
        jsonc.strict_json(text.encode())


def test_jsonc_non_utf8_bytes_do_not_raise():
    data = b'{\n  // caf\xe9 (latin-1)\n  "name": "caf\xe9 \xff\xfe",\n  "type": "go"\n}\n'
    doc = jsonc.parse(data)
    assert doc.root.get_value("type").value == "go"
    assert doc.root.get_value("name").value.startswith("caf")
    assert "\ufffd" in doc.text
    # Ranges are bytes of the file as it is: the value after the bad bytes is where the file has it.
    type_node = doc.root.get_value("type")
    assert data[type_node.start : type_node.end] == b'"go"'


def test_jsonc_huge_file_parses():
    body = ",\n".join(f'    {{"name": "c{i}", "type": "go", "request": "launch"}}' for i in range(5000))
    data = ('{"configurations": [\n' + body + "\n]}").encode()
    doc = jsonc.parse(data)
    assert len(doc.root.get_value("configurations").value) == 5000


# --- LineIndex --------------------------------------------------------------------------------------------
TEXT = 'line0\n// 中文注释 😀 with an emoji\n  "GOROOT": "/usr/local/go",\nlast 😀😀 end'


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_line_index_positions_count_utf16_units(newline):
    text = TEXT.replace("\n", newline)
    data = text.encode()
    index = LineIndex(data)
    # The value on line 2 starts at the same character whatever the Chinese comment and emoji before it.
    value = data.index(b'"/usr/local/go"')
    assert index.position(value) == Position(2, len('  "GOROOT": '))
    # On line 1, characters after the emoji count it as two UTF-16 units.
    after_emoji = data.index(b" with")
    assert index.position(after_emoji) == Position(1, utf16_len("// 中文注释 😀"))
    assert index.position(after_emoji).character == len("// 中文注释 ") + 2
    # Last line: two emoji then " end".
    end = data.index(b" end")
    assert index.position(end) == Position(3, len("last ") + 4)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_line_index_round_trip_at_every_character_boundary(newline):
    text = TEXT.replace("\n", newline)
    data = text.encode()
    index = LineIndex(data)
    offset = 0
    for ch in text:
        if data[offset - 1 : offset + 1] != b"\r\n":  # between "\r" and "\n" is no LSP position
            pos = index.position(offset)
            assert index.offset(pos) == offset
        offset += len(ch.encode())
    assert index.offset(index.position(len(data))) == len(data)


def test_line_index_clamps_past_the_end_of_a_line():
    data = "ab\r\n中文\r\nlast".encode()
    index = LineIndex(data)
    # Past a CRLF line's end: before its "\r\n", never between the two.
    assert index.offset(Position(0, 99)) == 2
    assert index.offset(Position(1, 99)) == data.index(b"\r\nlast")
    assert index.offset(Position(2, 99)) == len(data)
    assert index.offset(Position(99, 0)) == len(data)
    assert index.position(10**6) == index.position(len(data))
    assert index.line_text(1) == "中文"
    assert index.line_text(5) == ""


def test_line_index_inside_a_surrogate_pair_moves_past_it():
    data = "😀x".encode()
    index = LineIndex(data)
    assert index.offset(Position(0, 1)) == len("😀".encode())
    assert index.offset(Position(0, 2)) == len("😀".encode())


def test_line_index_round_trips_on_non_utf8_bytes():
    data = b'{"a": "\xff\xfe", "b": 1}'
    index = LineIndex(data)
    for offset in range(len(data) + 1):
        assert index.offset(index.position(offset)) == offset


def test_apply_edits_with_chinese_comment_before_the_edited_line():
    text = '{\r\n  // 启动 😀 包\r\n  "env": {"GOROOT": "/old"}\r\n}\r\n'
    data = text.encode()
    index = LineIndex(data)
    start = data.index(b'"/old"')
    rng = index.range(start, start + len(b'"/old"'))
    assert rng == Range.of(2, len('  "env": {"GOROOT": '), 2, len('  "env": {"GOROOT": "/old"'))
    out = apply_edits(data, [(rng, '"C:\\\\Users\\\\张三"')])
    assert out == text.replace('"/old"', '"C:\\\\Users\\\\张三"').encode()
    assert jsonc.strict_json(out) == {"env": {"GOROOT": "C:\\Users\\张三"}}


def test_apply_edits_keeps_the_given_order_of_inserts_at_one_place():
    data = b"0123456789"
    at = Range.of(0, 5, 0, 5)
    assert apply_edits(data, [(at, "b"), (at, "a")]) == b"01234ba56789"
    assert apply_edits(data, [(Range.of(0, 8, 0, 9), "X"), (Range.of(0, 1, 0, 2), "Y")]) == b"0Y234567X9"


# --- go.mod / go.work -------------------------------------------------------------------------------------
def test_gomod_directives_with_ranges():
    data = (
        "// 模块 comment\r\nmodule example.com/m // trailing\r\n\r\ngo 1.22.0\r\n"
        "toolchain go1.22.5\r\n\r\nrequire (\r\n\tgolang.org/x/text v0.14.0\r\n)\r\n"
    ).encode()
    mod = parse_modfile("/w/go.mod", data)
    assert mod.module.value == "example.com/m"
    assert mod.go.value == "1.22.0"
    assert mod.toolchain.value == "go1.22.5"
    assert mod.go.range == Range.of(3, 0, 3, len("go 1.22.0"))
    assert mod.toolchain.range.start == Position(4, 0)
    assert mod.first_line == mod.module.range


def test_gomod_first_directive_wins_and_comments_are_not_directives():
    data = b"module m\n// go 1.99\ngo 1.21\ngo 1.30\n  toolchain   go1.21.3 // pinned\n"
    mod = parse_modfile("go.mod", data)
    assert mod.go.value == "1.21"
    assert mod.toolchain.value == "go1.21.3"


def test_gomod_quoted_module_path():
    mod = parse_modfile("go.mod", b'module "example.com/quoted"\ngo 1.22\n')
    assert mod.module.value == "example.com/quoted"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\xff\xfe garbage \x80\x81",
        bytes(range(256)) * 50,
        b"go\n",
        b"toolchain\n",
        b"\xef\xbb\xbf",
        "模块 😀".encode(),
    ],
)
def test_gomod_garbage_gives_no_directives(data):
    mod = parse_modfile("go.mod", data)
    assert mod.go is None and mod.toolchain is None
    assert mod.first_line == Range.of(0, 0, 0, 0)


def test_gomod_garbage_bytes_around_directives():
    data = b"\xff\xfe\x00junk\nmodule m\n\x80\x81\ngo 1.23.4\n\xff"
    mod = parse_modfile("go.mod", data)
    assert mod.go.value == "1.23.4"
    assert mod.go.range.start.line == 3


# --- Go versions ------------------------------------------------------------------------------------------
def test_goversion_ordering():
    order = ["1.19.8", "1.21rc1", "1.21.0", "1.21.5", "1.22.0", "go1.22.5", "1.23", "1.27.3", "2.0.0"]
    parsed = [parse_go_version(v) for v in order]
    assert all(p is not None for p in parsed)
    assert parsed == sorted(parsed)
    for a, b in itertools.pairwise(parsed):
        assert a < b


def test_goversion_language_version_is_the_dot_zero_release():
    assert parse_go_version("1.22") == parse_go_version("1.22.0") == parse_go_version("go1.22.0")
    assert parse_go_version("1.22") == GoVersion(1, 22, 0, RELEASE)
    assert str(parse_go_version("1.22")) == "1.22.0"
    assert parse_go_version("1.22").go_name == "go1.22.0"
    assert parse_go_version("1.22.5").minor_key == (1, 22)


def test_goversion_prerelease_and_suffixes():
    rc = parse_go_version("go1.21rc2")
    assert rc is not None and not rc.release and str(rc) == "1.21rc2" and rc.kind == "rc"
    assert parse_go_version("go1.21beta1") < parse_go_version("go1.21.0")
    assert parse_go_version("go1.27.3 X:nocoverageredesign") == parse_go_version("1.27.3")
    assert parse_go_version("  go1.20.1\n") == parse_go_version("1.20.1")
    assert parse_go_version("go1.21.0-custom") == parse_go_version("go1.21.0")


# go/version's order (src/internal/gover/gover.go, Compare): the kind ("" < alpha < beta < rc), then its number;
# every pre-release of 1.N before 1.N.0 and after the last 1.(N-1) patch.
PRERELEASE_ORDER = [
    "go1.20.14",
    "go1.21alpha1",
    "go1.21alpha2",
    "go1.21beta1",
    "go1.21beta2",
    "go1.21rc1",
    "go1.21rc2",
    "go1.21rc10",
    "go1.21.0",
    "go1.21.1",
    "go1.22beta1",
]


def test_goversion_alpha_before_beta_before_rc_before_release():
    parsed = [parse_go_version(v) for v in PRERELEASE_ORDER]
    for a, b in itertools.pairwise(parsed):
        assert a < b, (str(a), str(b))
        assert a != b
    assert parse_go_version("go1.21beta1") < parse_go_version("go1.21rc1")
    assert parse_go_version("go1.21beta1") != parse_go_version("go1.21rc1")
    assert max(parse_go_version(v) for v in ("go1.21beta2", "go1.21rc1", "go1.21alpha3")).go_name == "go1.21rc1"


@pytest.mark.parametrize(
    "text, kind",
    [("go1.21alpha1", "alpha"), ("go1.21beta1", "beta"), ("go1.21rc1", "rc"), ("1.9beta2", "beta"), ("go1.21.3", "")],
)
def test_goversion_prints_its_kind(text, kind):
    v = parse_go_version(text)
    assert v.kind == kind
    assert v.release == (kind == "")
    # the name `go install golang.org/dl/<name>@latest` needs: the kind survives the round trip
    assert v.go_name == (text if text.startswith("go") else "go" + text)
    assert parse_go_version(v.go_name) == v


@pytest.mark.parametrize("text", [None, "", "devel", "go", "1", "x1.22", "devel go1.23-abc"])
def test_goversion_unparseable(text):
    assert parse_go_version(text) is None


# --- envFile ----------------------------------------------------------------------------------------------
def test_env_file():
    text = (
        "# comment\r\n"
        "GOROOT=/home/张三/sdk/go1.22.5\r\n"
        "export GOTOOLCHAIN=local\r\n"
        'QUOTED="a b\\nc"\n'
        "SINGLE='x y\\n'\n"
        "  SPACED  =  value with spaces  \n"
        "EMPTY=\n"
        "not a line\n"
        "=novalue\n"
        "DOTTED.NAME-X=1\n"
        "GOROOT_WIN=C:\\Program Files\\Go\n"
    )
    env = parse_env_file(text)
    assert env["GOROOT"] == "/home/张三/sdk/go1.22.5"
    assert env["GOTOOLCHAIN"] == "local"
    assert env["QUOTED"] == "a b\nc"
    assert env["SINGLE"] == "x y\\n"
    assert env["SPACED"] == "value with spaces"
    assert env["EMPTY"] == ""
    assert env["DOTTED.NAME-X"] == "1"
    assert env["GOROOT_WIN"] == "C:\\Program Files\\Go"
    assert "not a line" not in env and "" not in env
    assert not any(k.startswith("#") for k in env)


def test_go_env_file():
    env = parse_go_env_file("# go env -w\nGOTOOLCHAIN=local\nGOPROXY=https://goproxy.cn,direct\nbad line\n")
    assert env == {"GOTOOLCHAIN": "local", "GOPROXY": "https://goproxy.cn,direct"}


def test_strict_json_matches_json_module_on_plain_json():
    value = {"a": [1, 2.5, -3e2, "中文 😀", None, True, False], "b": {"c": '\\"\n\t'}}
    data = json.dumps(value, ensure_ascii=False).encode()
    assert jsonc.strict_json(data) == value
    assert jsonc.strict_json(json.dumps(value).encode()) == value
