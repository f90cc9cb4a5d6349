-- Runs in the buffer of the template under test, once the client is attached. Waits until the
-- server has analysed the file (hover on the cluster name answers once the analysis is in), dumps
-- the diagnostics, optionally applies the quick fix titled AMLNG_FIX and dumps them again, then
-- writes everything as JSON to AMLNG_OUT and quits.
local out = { analysed = false, before = {}, actions = {}, applied = nil, after = nil, lines = nil }
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
      message = d.message,
    })
  end
  return list
end

local function finish()
  local f = assert(io.open(vim.env.AMLNG_OUT, 'w'))
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end

local probe = {
  textDocument = vim.lsp.util.make_text_document_params(bufnr),
  position = { line = tonumber(vim.env.AMLNG_PROBE_LINE), character = tonumber(vim.env.AMLNG_PROBE_CHAR) },
}
out.analysed = vim.wait(timeout, function()
  local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', probe, 1000) or {}
  for _, reply in pairs(replies) do
    if reply.result and reply.result.contents then return true end
  end
  return false
end, 200)
out.before = diagnostics()

local fix = vim.env.AMLNG_FIX
if out.analysed and fix and fix ~= '' then
  local lsp_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, out.before[1] and out.before[1].line or 0)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = lsp_diagnostics[1] and lsp_diagnostics[1].range or { start = probe.position, ['end'] = probe.position },
    context = { diagnostics = lsp_diagnostics },
  }
  local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout) or {}
  for _, reply in pairs(replies) do
    for _, action in ipairs(reply.result or {}) do
      table.insert(out.actions, action.title)
      if action.title == fix and action.edit and out.applied == nil then
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
        out.applied = action.title
      end
    end
  end
  if out.applied then
    vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) < #out.before end, 200)
    out.after = diagnostics()
    out.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  end
end
finish()
