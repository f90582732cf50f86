-- A minimal Neovim config that attaches `healthlint server` to Markdown and text buffers.
-- Used by tests/test_server_nvim.py; the README shows the same thing for users.
-- HEALTHLINT_SERVER: the command (space-separated), default "healthlint server".
-- HEALTHLINT_AS_OF: the asOf initialization option (optional).
vim.cmd("filetype on")
local cmd = vim.split(os.getenv("HEALTHLINT_SERVER") or "healthlint server", " ", { trimempty = true })

local function attach(args)
  local config = {
    name = "healthlint",
    cmd = cmd,
    root_dir = vim.fn.getcwd(),
    init_options = { asOf = os.getenv("HEALTHLINT_AS_OF"), debounceMs = 100 },
  }
  if vim.lsp.start then -- Neovim 0.8 and later
    vim.lsp.start(config, { bufnr = args.buf })
  else -- Neovim 0.7 (Debian 12)
    _G.healthlint_client = _G.healthlint_client or vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(args.buf, _G.healthlint_client)
  end
end

vim.api.nvim_create_autocmd("FileType", { pattern = { "markdown", "text" }, callback = attach })
