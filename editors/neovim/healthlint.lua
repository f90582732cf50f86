-- healthlint's language server in Neovim: put this in your init.lua (or source it).
-- Needs `healthlint server` on PATH: pip install 'healthlint[server]'.
local function root_of(buf)
  local found = vim.fs and vim.fs.find({ ".healthlint.yaml", ".healthlint.yml", ".git" },
    { upward = true, path = vim.fs.dirname(vim.api.nvim_buf_get_name(buf)) })[1]
  return found and vim.fs.dirname(found) or vim.fn.getcwd()
end

vim.api.nvim_create_autocmd("FileType", {
  pattern = { "markdown", "text" },
  callback = function(args)
    local config = {
      name = "healthlint",
      cmd = { "healthlint", "server" },
      root_dir = root_of(args.buf),
      init_options = { debounceMs = 300 }, -- also: asOf, configPath, lintOnChange
    }
    if vim.lsp.start then -- Neovim 0.8 and later
      vim.lsp.start(config, { bufnr = args.buf })
    else -- Neovim 0.7
      _G.healthlint_client = _G.healthlint_client or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, _G.healthlint_client)
    end
  end,
})
