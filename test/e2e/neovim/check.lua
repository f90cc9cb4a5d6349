-- Runs in the buffer of the template under test, once the client is attached. Waits until the
-- server has analysed the file (with AMLNG_PROBE_LINE/CHAR: until the hover there answers, which
-- it does once the analysis is in; without: until diagnostics arrive), dumps
-- the diagnostics, optionally applies the quick fix titled AMLNG_FIX and dumps them again, with
-- AMLNG_TOPOLOGY=1 asks for the topology (the custom request `amlNetworkGuard/topology`) until the
-- server says it is ready, then writes everything as JSON to AMLNG_OUT and quits.
local out = { initialized = false, analysed = false, before = {}, actions = {} }
local bufnr = vim.api.nvim_get_current_buf()
local timeout = tonumber(vim.env.AMLNG_WAIT_MS)

local function diagnostics()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(list, {
      line = d.lnum,
      col = d.col,
      severity = d.severity,
      source = d.source,
      code = d.code or lsp.code,
      href = lsp.codeDescription and lsp.codeDescription.href or nil,
      message = d.message,
    })
  end
  return list
end

-- Polls `done` until it holds or `timeout` ms pass. Not vim.wait: a vim.wait whose condition makes a
-- request (buf_request_sync waits too) never times out in Neovim 0.7.
local function poll(done)
  local deadline = vim.loop.hrtime() + timeout * 1e6
  while vim.loop.hrtime() < deadline do
    if done() then return true end
    vim.wait(100)
  end
  return false
end

local function wait_until_analysed(probe)
  -- Requests fail outright until the server has answered `initialize`.
  out.initialized = poll(function()
    local client = vim.lsp.get_client_by_id(_G.amlng_client)
    return client ~= nil and client.initialized == true
  end)
  if not out.initialized then return false end
  if not probe then
    return poll(function() return #vim.diagnostic.get(bufnr) > 0 end)
  end
  return poll(function()
    local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', probe, 1000) or {}
    for _, reply in pairs(replies) do
      if reply.result and reply.result.contents then return true end
    end
    return false
  end)
end

local function apply_fix(title)
  local line = out.before[1] and out.before[1].line or 0
  local lsp_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, line)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = lsp_diagnostics[1] and lsp_diagnostics[1].range
      or { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
    context = { diagnostics = lsp_diagnostics },
  }
  local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout) or {}
  for _, reply in pairs(replies) do
    for _, action in ipairs(reply.result or {}) do
      table.insert(out.actions, action.title)
      if action.title == title and action.edit and out.applied == nil then
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
        out.applied = action.title
      end
    end
  end
  if not out.applied then return end
  -- The edit is sent to the server as didChange; wait for the diagnostics it republishes.
  poll(function() return #vim.diagnostic.get(bufnr) < #out.before end)
  out.after = diagnostics()
  out.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

local function fetch_topology()
  poll(function()
    local replies = vim.lsp.buf_request_sync(bufnr, 'amlNetworkGuard/topology', {}, 1000) or {}
    for _, reply in pairs(replies) do
      if reply.result and reply.result.state == 'ready' then
        out.topology = reply.result
        return true
      end
    end
    return false
  end)
  out.topology_changes = _G.amlng_topology_changes or 0
end

local function check()
  local probe = nil
  if vim.env.AMLNG_PROBE_LINE ~= nil and vim.env.AMLNG_PROBE_LINE ~= '' then
    probe = {
      textDocument = vim.lsp.util.make_text_document_params(bufnr),
      position = { line = tonumber(vim.env.AMLNG_PROBE_LINE), character = tonumber(vim.env.AMLNG_PROBE_CHAR) },
    }
  end
  out.analysed = wait_until_analysed(probe)
  out.before = diagnostics()
  local fix = vim.env.AMLNG_FIX
  if out.analysed and fix ~= nil and fix ~= '' then apply_fix(fix) end
  if out.analysed and vim.env.AMLNG_TOPOLOGY == '1' then fetch_topology() end
end

-- Whatever goes wrong, report it and quit, so that the test fails with a reason, not a timeout.
local ok, err = xpcall(check, debug.traceback)
if not ok then out.error = tostring(err) end
local f = assert(io.open(vim.env.AMLNG_OUT, 'w'))
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd('qa!')
