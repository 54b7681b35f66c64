-- Drives Neovim's built-in LSP client against go-sidecar, as a user would: open .vscode/launch.json, wait for
-- go-sidecar's diagnostic, ask for code actions at it, apply the preferred one, write the file.
-- Run by tests/test_neovim_real.py:
--   nvim --headless --clean -n -c 'luafile tests/neovim/fix_launch_json.lua'
-- Works with Neovim 0.7 (Debian 12's; vim.lsp.start_client / buf_attach_client) and newer releases.
-- Input (environment):
--   SIDECAR_NVIM_CMD        the server command, a JSON array, e.g. ["/venv/bin/python", "-m", "go_sidecar", "serve"]
--   SIDECAR_NVIM_CONFIG     instead of SIDECAR_NVIM_CMD: a Lua file to run first (the configuration from
--                           docs/neovim.md), which starts and attaches the client when launch.json is opened
--   SIDECAR_NVIM_ROOT       the workspace folder
--   SIDECAR_NVIM_FILE       the launch.json to open
--   SIDECAR_NVIM_RESULT     where to write the JSON result
--   SIDECAR_NVIM_TIMEOUT_MS how long to wait for each step (default 20000)
-- Output: a JSON object {ok, error?, nvim, offset_encoding, root_dir?, codes, actions, preferred, text, codes_after,
-- messages, ms}.

local result = { ok = false, codes = {}, actions = {}, codes_after = {}, messages = {}, ms = {} }
local t0 = vim.loop.hrtime()

-- Keep what the server shows the user (a bad setting would be one), then show it as Neovim does.
local show_message = vim.lsp.handlers["window/showMessage"]
vim.lsp.handlers["window/showMessage"] = function(err, res, ctx, cfg)
  table.insert(result.messages, res and res.message or "")
  return show_message(err, res, ctx, cfg)
end

local function elapsed_ms()
  return math.floor((vim.loop.hrtime() - t0) / 1e6)
end

local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then
    if default ~= nil then
      return default
    end
    error("missing environment variable " .. name)
  end
  return v
end

local function sidecar_diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == "go-sidecar" then
      table.insert(out, d)
    end
  end
  return out
end

local function codes_of(diags)
  local out = {}
  for _, d in ipairs(diags) do
    table.insert(out, tostring(d.code))
  end
  table.sort(out)
  return out
end

-- The LSP diagnostic behind a vim.diagnostic entry. Neovim 0.10+ keeps the whole LSP diagnostic in
-- user_data.lsp; 0.7 keeps only some fields, so the range is rebuilt from the byte columns in the
-- client's encoding (what vim.lsp.buf.code_action does itself, through get_line_diagnostics).
local function to_lsp(bufnr, d, encoding)
  local lsp = vim.deepcopy((d.user_data and d.user_data.lsp) or {})
  if lsp.range == nil then
    local function character(lnum, col)
      local line = vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, false)[1] or ""
      if encoding == "utf-8" then
        return col
      end
      local utf32, utf16 = vim.str_utfindex(line, math.min(col, #line))
      return encoding == "utf-32" and utf32 or utf16
    end
    lsp.range = {
      start = { line = d.lnum, character = character(d.lnum, d.col) },
      ["end"] = { line = d.end_lnum, character = character(d.end_lnum, d.end_col) },
    }
  end
  lsp.message = lsp.message or d.message
  lsp.source = lsp.source or d.source
  lsp.code = lsp.code or d.code
  lsp.severity = lsp.severity or d.severity -- vim and LSP severities share their numbers (1 = error ... 4 = hint)
  return lsp
end

-- The go-sidecar client attached to bufnr, if any (vim.lsp.get_clients is 0.10+, buf_get_clients older).
local function attached_client(bufnr)
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  for _, c in pairs(clients) do
    if c.name == "go-sidecar" then
      return c.id
    end
  end
  return nil
end

local function main()
  local config = os.getenv("SIDECAR_NVIM_CONFIG")
  local root = env("SIDECAR_NVIM_ROOT")
  local file = env("SIDECAR_NVIM_FILE")
  local timeout = tonumber(env("SIDECAR_NVIM_TIMEOUT_MS", "20000"))
  result.nvim = tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch
  if config and config ~= "" then
    dofile(config)
  end

  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()

  local client_id
  if config and config ~= "" then
    -- The configuration's autocommand starts the server and attaches it to the buffer.
    vim.wait(timeout, function()
      client_id = attached_client(bufnr)
      return client_id ~= nil
    end, 20)
    assert(client_id, "the configuration attached no go-sidecar client to " .. file)
    result.root_dir = vim.lsp.get_client_by_id(client_id).config.root_dir
  else
    client_id = vim.lsp.start_client({
      name = "go-sidecar",
      cmd = vim.fn.json_decode(env("SIDECAR_NVIM_CMD")),
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
      -- The goSidecar section, answered to workspace/configuration (defaults here; {} would be a JSON list).
      settings = { goSidecar = { toolchainRoots = {}, disabledRules = {}, severityOverrides = vim.empty_dict() } },
    })
    assert(client_id, "vim.lsp.start_client failed")
    assert(vim.lsp.buf_attach_client(bufnr, client_id), "vim.lsp.buf_attach_client failed")
  end

  -- 1. go-sidecar's diagnostic on launch.json.
  local found = vim.wait(timeout, function()
    for _, d in ipairs(sidecar_diagnostics(bufnr)) do
      if d.code == "goroot-too-old" or d.code == "goroot-unpinned" then
        return true
      end
    end
    return false
  end, 50)
  result.ms.diagnostics = elapsed_ms()
  local diags = sidecar_diagnostics(bufnr)
  result.codes = codes_of(diags)
  assert(found, "no goroot-too-old / goroot-unpinned diagnostic within " .. timeout .. " ms")

  local client = vim.lsp.get_client_by_id(client_id)
  local encoding = client.offset_encoding or "utf-16"
  result.offset_encoding = encoding

  local target
  for _, d in ipairs(diags) do
    if d.code == "goroot-too-old" then
      target = d
    end
  end
  if target == nil then
    for _, d in ipairs(diags) do
      if d.code == "goroot-unpinned" then
        target = d
      end
    end
  end
  local lsp_diag = to_lsp(bufnr, target, encoding)

  -- 2. textDocument/codeAction at that diagnostic.
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }, timeout)
  result.ms.code_action = elapsed_ms()
  assert(responses, "textDocument/codeAction timed out")
  local actions = {}
  for _, response in pairs(responses) do
    assert(not response.error, "codeAction error: " .. vim.inspect(response.error))
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
      table.insert(result.actions, action.title)
    end
  end
  assert(#actions > 0, "no code action offered")
  local chosen
  for _, action in ipairs(actions) do
    if action.isPreferred and action.edit then
      chosen = action
      break
    end
  end
  chosen = chosen or actions[1]
  assert(chosen.edit, "the chosen action has no edit: " .. vim.inspect(chosen))
  result.preferred = chosen.title

  -- 3. Apply the edit to the buffer, in the client's position encoding, and save it.
  vim.lsp.util.apply_workspace_edit(chosen.edit, encoding)
  vim.api.nvim_buf_call(bufnr, function()
    vim.cmd("silent write")
  end)
  result.ms.applied = elapsed_ms()
  result.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") .. "\n"

  -- 4. The server sees the change (didChange / didSave) and withdraws the GOROOT diagnostics.
  vim.wait(timeout, function()
    for _, d in ipairs(sidecar_diagnostics(bufnr)) do
      if d.code == "goroot-too-old" or d.code == "goroot-unpinned" or d.code == "goroot-path-mismatch" then
        return false
      end
    end
    return true
  end, 50)
  result.ms.cleared = elapsed_ms()
  result.codes_after = codes_of(sidecar_diagnostics(bufnr))

  -- 5. Shut the server down as :qa would, and wait for it to go.
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 50)
  result.ok = true
end

local ok, err = pcall(main)
if not ok then
  result.error = tostring(err)
end
local path = os.getenv("SIDECAR_NVIM_RESULT") or "nvim-result.json"
local f = assert(io.open(path, "w"))
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd("qa!")
