-- End-to-end test with a real LSP client: headless Neovim 0.7+ drives `lambdalint lsp`.
-- Run by nvim_e2e.sh:  LAMBDALINT=build/lambdalint WORKDIR=/tmp/x nvim --headless -u NONE -i NONE -n -c 'luafile nvim_e2e.lua'
-- Prints one JSON line with what it saw; exits 0 when every check passed, 1 otherwise.

local lambdalint = assert(os.getenv('LAMBDALINT'), 'LAMBDALINT not set')
local workdir = assert(os.getenv('WORKDIR'), 'WORKDIR not set')
local failures = {}
local report = {}

local function check(condition, what)
  if not condition then
    table.insert(failures, what)
  end
  return condition
end

local function finish()
  report.failures = failures
  io.stdout:write(vim.json.encode(report) .. '\n')
  if #failures == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit 1')
  end
end

local function write_file(path, text)
  local file = assert(io.open(path, 'w'))
  file:write(text)
  file:close()
end

-- Line 6 (1-based) has multi-byte text before the misspelt key "Kee": é (2 bytes, 1 UTF-16 unit)
-- and 😀 (4 bytes, 2 UTF-16 units). The server counts UTF-16; Neovim shows byte columns.
local template = workdir .. '/template.yaml'
write_file(template, table.concat({
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  Fn:',
  '    Type: AWS::Lambda::Function',
  '    Properties:',
  '      Tags: [{Key: "é😀", Value: x}, {Kee: y, Value: z}]',
  '      Timout: 30',
  '      Runtime: python3.12',
  '      Handler: index.handler',
  '      Role: arn:aws:iam::123456789012:role/x',
  '      Code: {ZipFile: x}',
  '',
}, '\n'))
vim.fn.mkdir(workdir .. '/module', 'p')
write_file(workdir .. '/module/main.tf', 'resource "aws_lambda_function" "f" {\n  timeout = 900\n  reserved_concurrent_executions = 0\n}\n')
write_file(workdir .. '/module/variables.tf', 'variable "x" {}\n')

local logs = {}
local client_id = vim.lsp.start_client({
  name = 'lambdalint',
  cmd = { lambdalint, 'lsp' },
  root_dir = workdir,
  init_options = { asOf = '2025-06-01', debounceMs = 50 },
  flags = { debounce_text_changes = 20 },
  handlers = {
    ['window/logMessage'] = function(_, result)
      table.insert(logs, result.message)
    end,
  },
})
if not check(client_id ~= nil, 'start_client failed') then
  return finish()
end

local function lsp_diagnostics(bufnr, lnum)
  return vim.lsp.diagnostic.get_line_diagnostics(bufnr, lnum, nil, client_id)
end

local function find_diagnostic(bufnr, pattern)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'LL004' and d.message:find(pattern, 1, true) then
      return d
    end
  end
  return nil
end

-- 1. CloudFormation: diagnostics with exact columns on the non-ASCII line.
vim.cmd('edit ' .. vim.fn.fnameescape(template))
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
local got = vim.wait(15000, function()
  return find_diagnostic(buf, 'Kee') ~= nil
end, 20)
check(got, 'no diagnostics for the template')
local kee = find_diagnostic(buf, 'Kee')
local line6 = vim.api.nvim_buf_get_lines(buf, 5, 6, false)[1]
local kee_byte = line6:find('Kee', 1, true) - 1
report.kee = kee and { lnum = kee.lnum, col = kee.col, end_col = kee.end_col, expected_col = kee_byte } or nil
if check(kee ~= nil, 'no LL004 for Kee') then
  check(kee.lnum == 5, 'Kee diagnostic on the wrong line')
  check(kee.col == kee_byte and kee.end_col == kee_byte + 3, 'Kee diagnostic columns wrong on the non-ASCII line')
  check(kee.source == 'lambdalint', 'source is not lambdalint')
end

-- 2. Hover: the rule on a diagnostic, the specification on a resource type.
local function hover(line, character)
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = character },
  }, 5000)
  local response = responses and responses[client_id]
  return response and response.result and response.result.contents and response.result.contents.value or ''
end
local rule_hover = hover(6, 8)
report.rule_hover = rule_hover:sub(1, 60)
check(rule_hover:find('**LL004**', 1, true) ~= nil, 'hover on the diagnostic does not explain LL004')
local type_hover = hover(3, 14)
report.type_hover = type_hover:sub(1, 60)
check(type_hover:find('**AWS::Lambda::Function**', 1, true) ~= nil, 'hover on the resource type has no documentation')

-- 3. Code action: apply the quick fix for "Timout" and see the diagnostic go away.
local timout = find_diagnostic(buf, 'Timout')
if check(timout ~= nil, 'no LL004 for Timout') then
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 6, character = 6 }, ['end'] = { line = 6, character = 12 } },
    context = { diagnostics = lsp_diagnostics(buf, 6) },
  }, 5000)
  local actions = responses and responses[client_id] and responses[client_id].result or {}
  report.code_actions = vim.tbl_map(function(action) return action.title end, actions)
  local fix, ignore
  for _, action in ipairs(actions) do
    if action.title == "Rename 'Timout' to 'Timeout'" then
      fix = action
    elseif action.title == 'Ignore LL004 here' then
      ignore = action
    end
  end
  check(ignore ~= nil, 'no "Ignore LL004 here" action')
  if check(fix ~= nil and fix.edit ~= nil, 'no quick fix for Timout') then
    vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
    check(vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1] == '      Timeout: 30', 'the fix did not rename the key')
    local cleared = vim.wait(15000, function()
      return find_diagnostic(buf, 'Timout') == nil
    end, 20)
    check(cleared, 'the Timout diagnostic stayed after the fix')
    -- Kee is still reported, still at the right byte columns after the edit.
    local still = find_diagnostic(buf, 'Kee')
    check(still ~= nil and still.col == kee_byte, 'Kee diagnostic lost or moved after the edit')
  end
end

-- 3b. The "Ignore LL004 here" action on the Kee diagnostic: the comment goes in above the line and,
-- at the next analysis, the diagnostic disappears (the server applies suppressions as check does).
local kee_now = find_diagnostic(buf, 'Kee')
if check(kee_now ~= nil, 'no LL004 for Kee before the ignore action') then
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 5, character = 0 }, ['end'] = { line = 5, character = 0 } },
    context = { diagnostics = lsp_diagnostics(buf, 5) },
  }, 5000)
  local actions = responses and responses[client_id] and responses[client_id].result or {}
  local ignore
  for _, action in ipairs(actions) do
    if action.title == 'Ignore LL004 here' then
      ignore = action
    end
  end
  if check(ignore ~= nil and ignore.edit ~= nil, 'no "Ignore LL004 here" action for Kee') then
    vim.lsp.util.apply_workspace_edit(ignore.edit, 'utf-16')
    report.ignore_line = vim.api.nvim_buf_get_lines(buf, 5, 6, false)[1]
    check(report.ignore_line == '      # lambdalint:ignore LL004', 'ignore comment not inserted above with the indentation')
    local gone = vim.wait(15000, function()
      return find_diagnostic(buf, 'Kee') == nil
    end, 20)
    check(gone, 'the Kee diagnostic stayed after the ignore action inserted its comment')
  end
end

-- 4. Terraform module file: analysed with its module directory; reserved concurrency 0 is LL702
-- on line 3 (0-based lnum 2), at the value (column 36, 0-based 35).
vim.cmd('edit ' .. vim.fn.fnameescape(workdir .. '/module/main.tf'))
local tf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(tf, client_id)
local tf_diagnostic = nil
vim.wait(15000, function()
  for _, d in ipairs(vim.diagnostic.get(tf)) do
    if d.code == 'LL702' then
      tf_diagnostic = d
      return true
    end
  end
  return false
end, 20)
if check(tf_diagnostic ~= nil, 'no LL702 diagnostic for the Terraform module file') then
  check(tf_diagnostic.lnum == 2 and tf_diagnostic.col == 35, 'LL702 not at line 3, column 36 of main.tf')
end
report.logs = logs

-- 5. Shut down cleanly.
vim.lsp.stop_client(client_id)
local stopped = vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 20)
check(stopped, 'the server did not stop')
finish()
