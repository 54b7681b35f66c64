"""GoLand's project files: the SDK and Go run configurations read from real files, on Linux, Windows and macOS
machines (FakeSystem), malformed and hostile XML, and the minimal XML edits on the same real files.

The REAL_* literals are copies of files committed to public repositories (repository, path and commit named
above each); the two workspace.xml files keep only the components that matter here (GOROOT, RunManager and a
neighbour or two), each copied line for line.
"""

from __future__ import annotations

import pytest

from go_sidecar.edit.xml import XmlEditor, element_at, escape_attr, new_workspace, path_to_macro, path_to_url
from go_sidecar.model import Host
from go_sidecar.parse.text import LineIndex
from go_sidecar.parse.xmldoc import parse_xml
from go_sidecar.probe import goland
from go_sidecar.probe.goland import read_goland
from go_sidecar.probe.system import RealSystem
from go_sidecar.testing import FakeSystem, apply_edits
from tests.unit.conftest import LINUX_HOME, MAC_HOME, WIN_HOME

# respondnow/respondnow .run/server.run.xml @ 0b38ab1d3971e987300f374a51b59712fdfe07e6
REAL_RUN_ENVS = """<component name="ProjectRunConfigurationManager">
  <configuration default="false" name="server" type="GoApplicationRunConfiguration" factoryName="Go Application">
    <module name="respond" />
    <working_directory value="$PROJECT_DIR$" />
    <envs>
      <env name="MONGO_DB_PASSWORD" value="" />
      <env name="MONGO_DB_USERNAME" value="" />
    </envs>
    <kind value="FILE" />
    <directory value="$PROJECT_DIR$" />
    <filePath value="$PROJECT_DIR$/server/cmd/main.go" />
    <method v="2" />
  </configuration>
</component>"""

# mlctrez/godom .run/server.run.xml @ f82aefef11288eeb5ff53a3066125cbcbb687cf7
REAL_RUN_EXTENSION = """<component name="ProjectRunConfigurationManager">
  <configuration default="false" name="server" type="GoApplicationRunConfiguration" factoryName="Go Application">
    <module name="godom" />
    <working_directory value="$PROJECT_DIR$" />
    <EXTENSION ID="software.aws.toolkits.jetbrains.core.execution.GoAwsConnectionRunConfigurationExtension">
      <option name="credential" />
      <option name="region" />
      <option name="useCurrentConnection" value="false" />
    </EXTENSION>
    <kind value="FILE" />
    <package value="github.com/mlctrez/godom" />
    <directory value="$PROJECT_DIR$" />
    <filePath value="$PROJECT_DIR$/gsrv/bin/main.go" />
    <method v="2" />
  </configuration>
</component>"""

# dlsniper/awesomeProject .idea/runConfigurations/go_build_main_go.xml @ 2d82612c5b1e46a396c26e4db3c00c4e4efbfa35
REAL_IDEA_GO_PARAMETERS = """<component name="ProjectRunConfigurationManager">
  <configuration default="false" name="go build main.go" type="GoApplicationRunConfiguration" factoryName="Go Application" nameIsGenerated="true">
    <module name="awesomeProject" />
    <working_directory value="$PROJECT_DIR$/" />
    <go_parameters value="-i" />
    <kind value="FILE" />
    <filePath value="$PROJECT_DIR$/main.go" />
    <package value="awesomeProject" />
    <directory value="$PROJECT_DIR$/" />
    <method v="2" />
  </configuration>
</component>"""

# KongchengPro/Xim .idea/runConfigurations/github_com_LouisCheng_CN_xim__TestRender.xml
# @ 00e1414563b45cb2b362cedc4a5cbb682af46be5 (a GoLand in Chinese names the test "... 中的 TestRender")
REAL_IDEA_TEST = """<component name="ProjectRunConfigurationManager">
  <configuration default="false" name="github.com/LouisCheng-CN/xim 中的 TestRender" type="GoTestRunConfiguration" factoryName="Go Test" nameIsGenerated="true">
    <module name="Xim" />
    <working_directory value="$PROJECT_DIR$" />
    <kind value="PACKAGE" />
    <package value="github.com/LouisCheng-CN/xim" />
    <directory value="$PROJECT_DIR$" />
    <filePath value="$PROJECT_DIR$" />
    <framework value="gotest" />
    <pattern value="^\\QTestRender\\E$" />
    <method v="2" />
  </configuration>
</component>"""

# JetBrains/teamcity-operator .idea/runConfigurations/go_build_main_go.xml @ 1ade5c2654418e11e9162e5ffefe7869a2737bea
REAL_IDEA_BEFORE_TASKS = """<component name="ProjectRunConfigurationManager">
  <configuration default="false" name="go build main.go" type="GoApplicationRunConfiguration" factoryName="Go Application" nameIsGenerated="true">
    <module name="teamcity-operator" />
    <working_directory value="$PROJECT_DIR$" />
    <parameters value="--zap-log-level=debug" />
    <kind value="FILE" />
    <package value="git.jetbrains.team/tch/teamcity-operator" />
    <directory value="$PROJECT_DIR$" />
    <filePath value="$PROJECT_DIR$/cmd/main.go" />
    <method v="2">
      <option name="RunConfigurationTask" enabled="true" run_configuration_name="change kube context to minikube" run_configuration_type="ShConfigurationType" />
      <option name="RunConfigurationTask" enabled="true" run_configuration_name="fmt" run_configuration_type="MAKEFILE_TARGET_RUN_CONFIGURATION" />
    </method>
  </configuration>
</component>"""

# Heaven1881/GoGame .idea/workspace.xml @ 16efcd1f7a6297d2aebc7a709d3942e000015e87 (GoLand 2018; excerpt)
REAL_WORKSPACE_PATH_FORM = """<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="FileTemplateManagerImpl">
    <option name="RECENT_TEMPLATES">
      <list>
        <option value="Go File" />
      </list>
    </option>
  </component>
  <component name="GOROOT" path="/usr/local/go" />
  <component name="Git.Settings">
    <option name="RECENT_GIT_ROOT_PATH" value="$PROJECT_DIR$" />
  </component>
  <component name="RunManager">
    <configuration name="go build Test.go" type="GoApplicationRunConfiguration" factoryName="Go Application" temporary="true" nameIsGenerated="true">
      <module name="GoGame" />
      <working_directory value="$PROJECT_DIR$/" />
      <go_parameters value="-i" />
      <kind value="FILE" />
      <filePath value="$PROJECT_DIR$/Test.go" />
      <directory value="$PROJECT_DIR$/" />
      <method v="2" />
    </configuration>
    <recent_temporary>
      <list>
        <item itemvalue="Go Build.go build Test.go" />
      </list>
    </recent_temporary>
  </component>
</project>"""

# tianlang1997/goServer .idea/workspace.xml @ 3760430654bc00dbddec927b56d04ee7f8862091 (Windows; excerpt)
REAL_WORKSPACE_WINDOWS = """<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="GOROOT" path="C:\\Go" />
  <component name="Git.Settings">
    <option name="PREVIOUS_COMMIT_AUTHORS">
      <list>
        <option value="wangguji &lt;tianlang1997@126.com&gt;" />
      </list>
    </option>
    <option name="RECENT_GIT_ROOT_PATH" value="$PROJECT_DIR$" />
    <option name="SIGN_OFF_COMMIT" value="true" />
  </component>
  <component name="RunManager">
    <configuration name="go build main.go" type="GoApplicationRunConfiguration" factoryName="Go Application" nameIsGenerated="true">
      <module name="goServer" />
      <working_directory value="E:\\WorkSpace\\goServer" />
      <kind value="FILE" />
      <filePath value="$PROJECT_DIR$/main.go" />
      <method v="2" />
    </configuration>
  </component>
</project>"""

# The form GoLand 2024.3 writes (`url="file:///snap/go/current"` seen in a GO-243 workspace.xml), with the
# $USER_HOME$ macro version-manager helpers match (`url="file://$USER_HOME$/.asdf/installs/golang/`).
WORKSPACE_URL = """<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="ChangeListManager">
    <option name="LAST_RESOLUTION" value="IGNORE" />
  </component>
  <component name="GOROOT" url="file://$USER_HOME$/sdk/go1.22.5" />
  <component name="ProjectId" id="2lwVo27H45j7sJyjJRGjnExhq7j" />
  <component name="RunManager" selected="Go Test.TestServer in x/cmd/server">
    <configuration name="TestServer in x/cmd/server" type="GoTestRunConfiguration" factoryName="Go Test" temporary="true" nameIsGenerated="true">
      <module name="x" />
      <working_directory value="$PROJECT_DIR$/cmd/server" />
      <envs>
        <env name="GOOS" value="windows" />
        <env name="GOFLAGS" value="-tags=&quot;a b&quot;" />
      </envs>
      <root_directory value="$PROJECT_DIR$" />
      <kind value="PACKAGE" />
      <package value="x/cmd/server" />
      <framework value="gotest" />
      <pattern value="^\\QTestServer\\E$" />
      <method v="2" />
    </configuration>
    <configuration default="true" type="GoApplicationRunConfiguration" factoryName="Go Application">
      <envs>
        <env name="CGO_ENABLED" value="0" />
      </envs>
      <method v="2" />
    </configuration>
    <configuration name="npm start" type="js.build_tools.npm" />
  </component>
</project>"""

LINUX_ROOT = LINUX_HOME + "/proj"
MAC_ROOT = MAC_HOME + "/GolandProjects/x"
WIN_ROOT = "E:\\WorkSpace\\goServer"


def linux(files: dict[str, str | bytes]) -> FakeSystem:
    table = {LINUX_ROOT + "/" + k: v.encode() if isinstance(v, str) else v for k, v in files.items()}
    return FakeSystem(Host("linux", "amd64"), LINUX_HOME, env={"HOME": LINUX_HOME}, files=table)


def text_at(data: bytes, loc) -> str:
    index = LineIndex(data)
    return data[index.offset(loc.range.start) : index.offset(loc.range.end)].decode()


# --- reading real files ----------------------------------------------------------------------------------
def test_real_run_files_in_both_folders():
    sys_ = linux(
        {
            ".run/server.run.xml": REAL_RUN_ENVS,
            ".run/godom.run.xml": REAL_RUN_EXTENSION,
            ".run/notes.txt": "not a run configuration",
            ".idea/runConfigurations/go_build_main_go.xml": REAL_IDEA_GO_PARAMETERS,
            ".idea/runConfigurations/github_com_LouisCheng_CN_xim__TestRender.xml": REAL_IDEA_TEST,
            ".idea/runConfigurations/teamcity.xml": REAL_IDEA_BEFORE_TASKS,
        }
    )
    facts = read_goland(sys_, LINUX_ROOT)
    assert facts.present and facts.sdk is None and not facts.problems and not facts.messages
    by_file = {(c.source, c.file.rsplit("/", 1)[1]): c for c in facts.run_configs}
    assert sorted(by_file) == [
        ("idea", "github_com_LouisCheng_CN_xim__TestRender.xml"),
        ("idea", "go_build_main_go.xml"),
        ("idea", "teamcity.xml"),
        ("run", "godom.run.xml"),
        ("run", "server.run.xml"),
    ]

    server = by_file["run", "server.run.xml"]
    assert server.type == "GoApplicationRunConfiguration" and server.name == "server" and server.module == "respond"
    assert {k: v.value for k, v in server.env.items()} == {"MONGO_DB_PASSWORD": "", "MONGO_DB_USERNAME": ""}
    assert server.working_directory == LINUX_ROOT and server.kind == "FILE"
    assert server.file_path == LINUX_ROOT + "/server/cmd/main.go"
    assert server.options["filePath"].raw == "$PROJECT_DIR$/server/cmd/main.go"
    data = REAL_RUN_ENVS.encode()
    assert text_at(data, server.anchor) == "server"
    assert server.anchor.range.start.line == 1
    assert server.env["MONGO_DB_USERNAME"].location.range.start.line == 6
    assert text_at(data, server.envs_location).startswith("<envs>")
    assert element_at(parse_xml(data), server.offset).tag == "configuration"

    gp = by_file["idea", "go_build_main_go.xml"]
    assert gp.go_parameters == "-i" and gp.directory == LINUX_ROOT and gp.package == "awesomeProject"
    assert gp.env == {} and gp.envs_location is None
    test = by_file["idea", "github_com_LouisCheng_CN_xim__TestRender.xml"]
    assert test.type == "GoTestRunConfiguration" and test.name.endswith("中的 TestRender")
    assert test.option("pattern") == "^\\QTestRender\\E$" and test.kind == "PACKAGE"
    assert text_at(REAL_IDEA_TEST.encode(), test.anchor) == test.name  # a UTF-16 range over Chinese text
    assert by_file["idea", "teamcity.xml"].parameters == "--zap-log-level=debug"
    assert by_file["run", "godom.run.xml"].package == "github.com/mlctrez/godom"


def test_workspace_old_path_form_and_temporary_configuration():
    facts = read_goland(linux({".idea/workspace.xml": REAL_WORKSPACE_PATH_FORM}), LINUX_ROOT)
    sdk = facts.sdk
    assert (sdk.path, sdk.raw, sdk.attribute) == ("/usr/local/go", "/usr/local/go", "path")
    assert text_at(REAL_WORKSPACE_PATH_FORM.encode(), sdk.location) == "/usr/local/go"
    [cfg] = facts.run_configs
    assert cfg.source == "workspace" and cfg.temporary and not cfg.template
    assert cfg.go_parameters == "-i" and cfg.file_path == LINUX_ROOT + "/Test.go"
    assert cfg.working_directory == LINUX_ROOT  # "$PROJECT_DIR$/" normalised
    assert facts.files == [LINUX_ROOT + "/.idea/workspace.xml"]


def test_windows_workspace_backslash_path_and_absolute_working_directory():
    files = {WIN_ROOT + "\\.idea\\workspace.xml": REAL_WORKSPACE_WINDOWS.encode()}
    sys_ = FakeSystem(Host("windows", "amd64"), WIN_HOME, env={"USERPROFILE": WIN_HOME}, files=files)
    facts = read_goland(sys_, WIN_ROOT)
    assert facts.sdk.path == "C:\\Go" and facts.sdk.attribute == "path"
    [cfg] = facts.run_configs
    assert cfg.working_directory == "E:\\WorkSpace\\goServer"
    assert cfg.file_path == WIN_ROOT + "\\main.go"  # $PROJECT_DIR$/main.go in Windows syntax


@pytest.mark.parametrize(
    "url, expected",
    [
        ("file://$USER_HOME$/sdk/go1.22.5", WIN_HOME + "\\sdk\\go1.22.5"),
        ("file://C:/Program Files/Go", "C:\\Program Files\\Go"),
        ("file://$PROJECT_DIR$/toolchains/go1.27.3", WIN_ROOT + "\\toolchains\\go1.27.3"),
    ],
)
def test_windows_sdk_urls(url, expected):
    ws = WORKSPACE_URL.replace("file://$USER_HOME$/sdk/go1.22.5", url)
    files = {WIN_ROOT + "\\.idea\\workspace.xml": ws.encode()}
    sys_ = FakeSystem(Host("windows", "amd64"), WIN_HOME, env={"USERPROFILE": WIN_HOME}, files=files)
    sdk = read_goland(sys_, WIN_ROOT).sdk
    assert (sdk.path, sdk.raw, sdk.attribute) == (expected, url, "url")


def test_macos_url_with_user_home_envs_and_templates():
    files = {MAC_ROOT + "/.idea/workspace.xml": WORKSPACE_URL.encode()}
    facts = read_goland(FakeSystem(Host("darwin", "arm64"), MAC_HOME, env={"HOME": MAC_HOME}, files=files), MAC_ROOT)
    assert facts.sdk.path == MAC_HOME + "/sdk/go1.22.5" and facts.sdk.unknown_macros == ()
    assert text_at(WORKSPACE_URL.encode(), facts.sdk.location) == "file://$USER_HOME$/sdk/go1.22.5"
    test, template = facts.run_configs  # the npm configuration is not a Go one
    assert test.type == "GoTestRunConfiguration" and test.temporary
    assert test.env["GOOS"].value == "windows" and test.env["GOFLAGS"].value == '-tags="a b"'
    assert text_at(WORKSPACE_URL.encode(), test.env["GOFLAGS"].location) == "-tags=&quot;a b&quot;"
    assert test.option("root_directory") == MAC_ROOT and test.working_directory == MAC_ROOT + "/cmd/server"
    assert template.template and template.name == "" and template.env["CGO_ENABLED"].value == "0"
    assert text_at(WORKSPACE_URL.encode(), template.anchor).startswith("<configuration default=")


def test_macros_in_env_values_module_dir_and_unknown_macros():
    ws = WORKSPACE_URL.replace("file://$USER_HOME$/sdk/go1.22.5", "file://$GOROOT$").replace(
        'value="windows"', 'value="$MODULE_DIR$/bin:$USER_HOME$/go/bin"'
    )
    facts = read_goland(linux({".idea/workspace.xml": ws}), LINUX_ROOT)
    assert facts.sdk.unknown_macros == ("$GOROOT$",) and facts.sdk.path == "$GOROOT$"
    goos = facts.run_configs[0].env["GOOS"]
    assert goos.raw == "$MODULE_DIR$/bin:$USER_HOME$/go/bin"
    assert goos.value == f"{LINUX_ROOT}/bin:{LINUX_HOME}/go/bin"


def test_not_a_jetbrains_project_and_overlays():
    assert not read_goland(linux({"go.mod": "module x\n"}), LINUX_ROOT).present
    sys_ = linux({".idea/workspace.xml": REAL_WORKSPACE_PATH_FORM})
    buffer = WORKSPACE_URL.encode()
    facts = read_goland(sys_, LINUX_ROOT, overlays={LINUX_ROOT + "/.idea/workspace.xml": buffer})
    assert facts.sdk.attribute == "url"
    run = LINUX_ROOT + "/.run/unsaved.run.xml"
    facts = read_goland(sys_, LINUX_ROOT, overlays={run: REAL_RUN_ENVS.encode()})
    assert [c.file for c in facts.run_configs if c.source == "run"] == [run]


# --- broken and hostile files ----------------------------------------------------------------------------
def test_unclosed_tag_keeps_what_was_read_and_says_where():
    broken = REAL_WORKSPACE_PATH_FORM.replace("    </configuration>\n", "")
    facts = read_goland(linux({".idea/workspace.xml": broken}), LINUX_ROOT)
    assert facts.sdk.path == "/usr/local/go"  # before the error
    assert facts.run_configs == []  # cut off: not judged
    [problem] = facts.problems
    # expat notices at the </component> that closes RunManager while <configuration> is still open
    assert problem.message == "mismatched tag" and problem.location.range.start.line == 27
    assert any(m.startswith(LINUX_ROOT + "/.idea/workspace.xml:28:5: mismatched tag") for m in facts.messages)
    assert any("incomplete" in m for m in facts.messages)


@pytest.mark.parametrize(
    "broken",
    [
        REAL_RUN_ENVS.replace('<kind value="FILE" />', "<kind value=FILE />"),  # unquoted attribute
        REAL_RUN_ENVS.replace('name="MONGO_DB_PASSWORD" value=""', 'name="A" name="B"'),  # duplicate attribute
        REAL_RUN_ENVS[: len(REAL_RUN_ENVS) // 2],  # truncated
        REAL_RUN_ENVS.replace("<envs>", "<envs><<"),
        "",
        "\x00\x01 not xml",
    ],
)
def test_malformed_run_files_never_raise(broken):
    facts = read_goland(linux({".run/server.run.xml": broken, ".run/ok.run.xml": REAL_RUN_ENVS}), LINUX_ROOT)
    assert len(facts.problems) == 1 and facts.problems[0].location.path.endswith("server.run.xml")
    assert [c.file.rsplit("/", 1)[1] for c in facts.run_configs] == ["ok.run.xml"]


def test_unreadable_files_give_messages(tmp_path):
    root = tmp_path / "proj"
    (root / ".run" / "folder.run.xml").mkdir(parents=True)
    (root / ".idea").mkdir()
    (root / ".idea" / "workspace.xml").write_text(WORKSPACE_URL)
    facts = read_goland(RealSystem(env={"HOME": str(tmp_path)}), str(root))
    assert any("is a folder" in m for m in facts.messages)
    assert facts.sdk.path == str(tmp_path / "sdk" / "go1.22.5")
    big = linux({".run/big.run.xml": b" " * (goland.READ_LIMIT + 1)})
    assert any(m.startswith("cannot read") for m in read_goland(big, LINUX_ROOT).messages)


def test_deep_file_and_entity_bomb():
    deep = "<component>" + "<a>" * 100_000 + "</a>" * 100_000 + "</component>"
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + ']><component name="ProjectRunConfigurationManager">&j;</component>'
    )
    facts = read_goland(linux({".run/deep.run.xml": deep, ".run/bomb.run.xml": bomb}), LINUX_ROOT)
    messages = sorted(p.message for p in facts.problems)
    assert "entity" in messages[1] and "deeper than 256" in messages[0]
    doc = parse_xml(bomb.encode())
    assert doc.root is None and doc.error.offset < len(bomb)
    external = b'<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]><c>&x;</c>'
    assert "refused" in parse_xml(external).error.message
    assert parse_xml(b'<!DOCTYPE c SYSTEM "http://example.invalid/c.dtd"><c/>').error is None  # never fetched


def test_bounded_number_of_run_files(monkeypatch):
    monkeypatch.setattr(goland, "MAX_RUN_FILES", 3)
    sys_ = linux({f".run/c{i}.run.xml": REAL_RUN_ENVS for i in range(5)})
    facts = read_goland(sys_, LINUX_ROOT)
    assert len(facts.run_configs) == 3 and any("more than 3" in m for m in facts.messages)


def test_xmldoc_spans_quotes_entities_and_whitespace():
    data = '<a x = \'q&quot;"\'\n  y\n="1&amp;2" z="中文"><b/></a>'.encode()
    doc = parse_xml(data)
    a = doc.root
    assert doc.error is None and a.attrs == {"x": 'q""', "y": "1&2", "z": "中文"}
    assert {k: data[s:e] for k, (s, e) in a.spans.items()} == {"x": b'q&quot;"', "y": b"1&amp;2", "z": "中文".encode()}
    assert a.end == len(data) and a.children[0].empty and a.children[0].end == a.children[0].start_end


# --- edits on the real files -----------------------------------------------------------------------------
def apply(data: bytes, edits) -> bytes:
    return apply_edits(data, [(e.range, e.new_text) for e in edits])


def config_of(data: bytes):
    doc = parse_xml(data)
    return XmlEditor("/p/f.xml", data, doc), next(e for e in doc.iter() if e.tag == "configuration")


def test_pin_sdk_url_and_path_forms():
    data = WORKSPACE_URL.encode()
    ed = XmlEditor("/w.xml", data)
    out = apply(data, ed.set_sdk(MAC_HOME + "/sdk/go1.27.3", MAC_HOME, MAC_ROOT, False))
    assert out == data.replace(b"sdk/go1.22.5", b"sdk/go1.27.3")
    data = REAL_WORKSPACE_PATH_FORM.encode()
    out = apply(data, XmlEditor("/w.xml", data).set_sdk(LINUX_HOME + "/sdk/go1.27.3", LINUX_HOME, LINUX_ROOT, False))
    assert out == data.replace(b'path="/usr/local/go"', b'path="$USER_HOME$/sdk/go1.27.3"')
    data = REAL_WORKSPACE_WINDOWS.encode().replace(b"\n", b"\r\n")
    edits = XmlEditor("/w.xml", data).set_sdk("C:\\Program Files\\Go", WIN_HOME, WIN_ROOT, True)
    assert apply(data, edits) == data.replace(b"C:\\Go", b"C:/Program Files/Go")


def test_pin_sdk_adds_the_component_in_sorted_place_with_crlf():
    data = REAL_WORKSPACE_WINDOWS.encode().replace(b"\n", b"\r\n")
    data = data.replace(b'  <component name="GOROOT" path="C:\\Go" />\r\n', b"")
    out = apply(data, XmlEditor("/w.xml", data).set_sdk(WIN_HOME + "\\sdk\\go1.27.3", WIN_HOME, WIN_ROOT, True))
    assert (
        b'<project version="4">\r\n  <component name="GOROOT" url="file://$USER_HOME$/sdk/go1.27.3" />\r\n  '
        b'<component name="Git.Settings">' in out
    )
    assert b"\n" not in out.replace(b"\r\n", b"")
    assert (
        parse_xml(new_workspace("file://$USER_HOME$/sdk/go1.27.3").encode())
        .root.find("component", name="GOROOT")
        .attrs["url"]
        == "file://$USER_HOME$/sdk/go1.27.3"
    )


def test_add_env_creates_envs_after_go_parameters():
    data = REAL_IDEA_GO_PARAMETERS.encode()
    ed, cfg = config_of(data)
    out = apply(data, ed.add_env(cfg, "GOROOT", "$USER_HOME$/sdk/go1.27.3"))
    assert out == data.replace(
        b'    <go_parameters value="-i" />\n',
        b'    <go_parameters value="-i" />\n'
        b'    <envs>\n      <env name="GOROOT" value="$USER_HOME$/sdk/go1.27.3" />\n'
        b"    </envs>\n",
    )


def test_add_set_remove_env_in_existing_envs():
    data = REAL_RUN_ENVS.encode()
    ed, cfg = config_of(data)
    out = apply(data, ed.add_env(cfg, "GOOS", "linux"))
    assert (
        b'      <env name="MONGO_DB_USERNAME" value="" />\n      <env name="GOOS" value="linux" />\n    </envs>'
    ) in out
    ed, cfg = config_of(out)
    out2 = apply(out, ed.set_env(cfg, "MONGO_DB_PASSWORD", "p&<>\"'\n"))
    assert config_of(out2)[1].find("envs").find("env", name="MONGO_DB_PASSWORD").attrs["value"] == "p&<>\"'\n"
    ed, cfg = config_of(out2)
    out3 = apply(out2, ed.remove_env(cfg, "MONGO_DB_PASSWORD") + ed.remove_env(cfg, "GOOS"))
    assert out3 == data.replace(b'      <env name="MONGO_DB_PASSWORD" value="" />\n', b"")


def test_single_line_and_self_closing_shapes():
    one_line = (
        b'<component><configuration name="c" type="GoApplicationRunConfiguration">'
        b'<envs><env name="TOKEN" value="abc" /></envs></configuration></component>'
    )
    ed, cfg = config_of(one_line)
    out = apply(one_line, ed.add_env(cfg, "GOOS", "linux"))
    assert b'<envs><env name="TOKEN" value="abc" /><env name="GOOS" value="linux" /></envs>' in out
    ed, cfg = config_of(out)
    assert apply(out, ed.remove_env(cfg, "GOOS")) == one_line

    closed = b'<component>\n\t<configuration name="c" type="GoTestRunConfiguration" />\n</component>\n'
    ed, cfg = config_of(closed)
    out = apply(closed, ed.add_env(cfg, "GOARCH", "arm64"))
    assert out == (
        b'<component>\n\t<configuration name="c" type="GoTestRunConfiguration">\n\t\t<envs>\n'
        b'\t\t\t<env name="GOARCH" value="arm64" />\n\t\t</envs>\n\t</configuration>\n</component>\n'
    )

    empty_envs = b'<c>\n  <configuration name="c">\n    <envs />\n    <kind value="FILE" />\n  </configuration>\n</c>'
    ed, cfg = config_of(empty_envs)
    out = apply(empty_envs, ed.add_env(cfg, "A", "1"))
    assert b'    <envs>\n      <env name="A" value="1" />\n    </envs>\n    <kind' in out


def test_no_edit_on_a_malformed_file_and_path_helpers():
    data = REAL_RUN_ENVS[:-20].encode()
    ed = XmlEditor("/f.xml", data)
    cfg = next(e for e in ed.doc.iter() if e.tag == "configuration")
    assert ed.add_env(cfg, "A", "1") == [] and ed.set_sdk("/x", "/h", "/p", False) == []
    assert path_to_url(LINUX_ROOT + "/go", LINUX_HOME, LINUX_ROOT, False) == "file://$PROJECT_DIR$/go"
    assert path_to_url("/usr/local/go", LINUX_HOME, LINUX_ROOT, False) == "file:///usr/local/go"
    assert path_to_macro("c:\\users\\张三\\SDK\\go", WIN_HOME, WIN_ROOT, True) == "$USER_HOME$/SDK/go"
    assert path_to_macro("/home/dev2/go", "/home/dev", "/p", False) == "/home/dev2/go"
    assert escape_attr("a'\"", "'") == 'a&apos;"'
    with pytest.raises(ValueError):
        escape_attr("a\x00")
