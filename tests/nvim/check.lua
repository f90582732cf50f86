-- Run inside `nvim --headless -u init.lua ARTICLE`: read the diagnostics back, apply the
-- quick fix for the first fixable problem, read them again, write it all to $HEALTHLINT_OUT.
local function lsp_code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function snapshot()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(out, { line = d.lnum + 1, col = d.col + 1, end_line = d.end_lnum + 1,
                        end_col = d.end_col + 1, severity = d.severity, code = lsp_code(d),
                        message = d.message, source = d.source })
  end
  table.sort(out, function(a, b)
    if a.line ~= b.line then return a.line < b.line end
    if a.col ~= b.col then return a.col < b.col end
    return a.code < b.code
  end)
  return out
end

local result = { error = vim.NIL }
local ok, err = pcall(function()
  assert(vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 20), "no diagnostics")
  result.before = snapshot()
  local fixable
  for _, d in ipairs(result.before) do
    if d.code == "duplicate-paragraph" then fixable = d end
  end
  assert(fixable, "no duplicate-paragraph diagnostic")
  local client = vim.lsp.get_active_clients()[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(0) },
    range = { start = { line = fixable.line - 1, character = 0 },
              ["end"] = { line = fixable.line - 1, character = 0 } },
    context = { diagnostics = {}, only = { "quickfix" } },
  }
  local responses = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000)
  local actions = {}
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do table.insert(actions, action) end
  end
  result.titles = {}
  for _, action in ipairs(actions) do table.insert(result.titles, action.title) end
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
  assert(vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(0)) do
      if lsp_code(d) == "duplicate-paragraph" then return false end
    end
    return true
  end, 20), "the fixed problem is still shown")
  result.after = snapshot()
  result.lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
end)
if not ok then result.error = tostring(err) end
local file = assert(io.open(os.getenv("HEALTHLINT_OUT"), "w"))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd("qa!")
