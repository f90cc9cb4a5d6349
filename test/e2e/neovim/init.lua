-- Minimal Neovim 0.7 LSP setup: the language server from dist/ attached to every JSON and
-- Terraform buffer.
-- Paths come from the environment, set by test/e2e/neovim.test.ts.
vim.o.swapfile = false
vim.o.shadafile = 'NONE'

_G.amlng_client = vim.lsp.start_client({
  name = 'aml-network-guard',
  cmd = { vim.env.AMLNG_NODE, vim.env.AMLNG_SERVER, '--stdio' },
  root_dir = vim.env.AMLNG_ROOT,
  workspace_folders = { { uri = vim.uri_from_fname(vim.env.AMLNG_ROOT), name = 'workspace' } },
  handlers = {
    -- The server announces every analysis; check.lua reports how many it heard.
    ['amlNetworkGuard/topologyChanged'] = function()
      _G.amlng_topology_changes = (_G.amlng_topology_changes or 0) + 1
    end,
  },
})

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'json', 'terraform' },
  callback = function(args)
    vim.lsp.buf_attach_client(args.buf, _G.amlng_client)
  end,
})
