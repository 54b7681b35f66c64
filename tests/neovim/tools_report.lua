-- Drives Neovim's built-in LSP client to go-sidecar's tools report, as a user would: open .vscode/launch.json,
-- wait for the readiness code lens, run it (vim.lsp.codelens.run on its line), and read the report it opens.
-- Run by tests/test_neovim_report.py:
--   nvim --headless --clean -n -c 'luafile tests/neovim/tools_report.lua'
-- Input (environment):
--   SIDECAR_NVIM_CONFIG     a Lua file to run first (docs/neovim.md's configuration and its tools report handler)
--   SIDECAR_NVIM_FILE       the launch.json to open
--   SIDECAR_NVIM_RESULT     where to write the JSON result
--   SIDECAR_NVIM_TIMEOUT_MS how long to wait for each step (default 20000)
-- Output: a JSON object {ok, error?, nvim, show_document, lens, markdown, filetype, messages, ms}.

local result = { ok = false, messages = {}, ms = {} }
local t0 = vim.loop.hrtime()

local notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(result.messages, tostring(msg))
  return notify(msg, level, opts)
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
  local timeout = tonumber(env("SIDECAR_NVIM_TIMEOUT_MS", "20000"))
  result.nvim = tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch
  result.show_document = vim.lsp.handlers["window/showDocument"] ~= nil
  dofile(env("SIDECAR_NVIM_CONFIG"))

  local file = env("SIDECAR_NVIM_FILE")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id
  vim.wait(timeout, function()
    client_id = attached_client(bufnr)
    return client_id ~= nil
  end, 20)
  assert(client_id, "the configuration attached no go-sidecar client to " .. file)

  -- 1. The readiness lens above the configuration (the server answers once its first check is done).
  local lenses = {}
  local found = vim.wait(timeout, function()
    vim.lsp.codelens.refresh()
    vim.wait(200, function()
      lenses = vim.lsp.codelens.get(bufnr) or {}
      return #lenses > 0
    end, 20)
    return #lenses > 0
  end, 50)
  assert(found, "no code lens within " .. timeout .. " ms")
  local lens = lenses[1]
  result.lens = { title = lens.command and lens.command.title, command = lens.command and lens.command.command }
  result.ms.lens = elapsed_ms()

  -- 2. Run it as a user does: the cursor on its line, vim.lsp.codelens.run().
  vim.api.nvim_win_set_cursor(0, { lens.range.start.line + 1, 0 })
  vim.lsp.codelens.run()
  local report
  vim.wait(timeout, function()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if b ~= bufnr and vim.api.nvim_buf_is_loaded(b) then
        local lines = vim.api.nvim_buf_get_lines(b, 0, -1, false)
        if lines[1] and lines[1]:match("^# ") then
          report = b
          return true
        end
      end
    end
    return false
  end, 50)
  assert(report, "the lens opened no report within " .. timeout .. " ms")
  result.ms.report = elapsed_ms()
  result.markdown = table.concat(vim.api.nvim_buf_get_lines(report, 0, -1, false), "\n")
  result.filetype = vim.bo[report].filetype
  result.report_name = vim.api.nvim_buf_get_name(report)

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
