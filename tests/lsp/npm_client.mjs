// ctest lsp.npm_client: a second real client, built on Microsoft's npm packages
// (vscode-languageserver-protocol over vscode-jsonrpc, stdio), exercises what Neovim 0.7 cannot:
// pull diagnostics, UTF-8 position negotiation and configuration changes with a refresh.
// Usage: node npm_client.mjs LAMBDALINT_BINARY      (exit 0 when every check passed)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import protocol from 'vscode-languageserver-protocol/node';

const {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
  DidOpenTextDocumentNotification, DidChangeConfigurationNotification, DocumentDiagnosticRequest,
  PublishDiagnosticsNotification, LogMessageNotification, DiagnosticRefreshRequest, ShutdownRequest, ExitNotification,
} = protocol;

const binary = process.argv[2];
const failures = [];
const check = (condition, what) => { if (!condition) failures.push(what); return condition; };

const dir = mkdtempSync(join(tmpdir(), 'lambdalint-npm-client-'));
const path = join(dir, 'template.yaml');
// "Kee" follows é (2 bytes) and 😀 (4 bytes): byte column 41, UTF-16 column 38.
const text = [
  "AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', '  Fn:', '    Type: AWS::Lambda::Function', '    Properties:',
  '      Tags: [{Key: "é😀", Value: x}, {Kee: y, Value: z}]', '      Timout: 30', '      Runtime: python3.8', // LL801 (deprecated): still reported after LL004 is disabled
  '      Handler: index.handler', '      Role: arn:aws:iam::123456789012:role/x', '      Code: {ZipFile: x}', '',
].join('\n');
writeFileSync(path, text);
const uri = pathToFileURL(path).href;

const server = spawn(binary, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const pushed = [];
const logs = [];
let refreshes = 0;
let onRefresh = () => {};
connection.onNotification(PublishDiagnosticsNotification.type, (params) => pushed.push(params));
connection.onNotification(LogMessageNotification.type, (params) => logs.push(params.message));
connection.onRequest(DiagnosticRefreshRequest.type, () => { refreshes++; onRefresh(); return null; });
connection.listen();

const timeout = setTimeout(() => { console.error('timed out'); process.exit(1); }, 30000);
try {
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'tmp' }],
    capabilities: {
      general: { positionEncodings: ['utf-8', 'utf-16'] },
      textDocument: { diagnostic: { dynamicRegistration: false }, publishDiagnostics: { relatedInformation: true } },
      workspace: { diagnostics: { refreshSupport: true }, configuration: false },
    },
    initializationOptions: { lambdalint: { asOf: '2025-06-01' } },
  });
  check(init.capabilities.positionEncoding === 'utf-8', `positionEncoding is ${init.capabilities.positionEncoding}, not utf-8`);
  check(init.capabilities.diagnosticProvider?.identifier === 'lambdalint', 'no diagnosticProvider for a pull client');
  await connection.sendNotification(InitializedNotification.type, {});
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });

  const report = await connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
  check(report.kind === 'full', 'first pull is not a full report');
  const kee = report.items.find((d) => d.code === 'LL004' && d.message.includes('Kee'));
  if (check(kee !== undefined, 'no LL004 for Kee in the pulled report')) {
    check(kee.range.start.line === 5 && kee.range.start.character === 41 && kee.range.end.character === 44,
      `Kee range ${JSON.stringify(kee.range)} is not bytes 41-44 of line 5`);
    check(kee.data?.fix?.edits?.[0]?.newText === 'Key', 'the fix is not carried in Diagnostic.data');
  }
  const again = await connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: report.resultId });
  check(again.kind === 'unchanged', 'an unchanged document is not reported unchanged');

  // Disable LL004: the server asks the client to pull again, and the new report lacks it.
  const refreshed = new Promise((resolve) => { onRefresh = resolve; });
  await connection.sendNotification(DidChangeConfigurationNotification.type,
    { settings: { lambdalint: { asOf: '2025-06-01', rules: { disable: ['unknown-property'] } } } });
  await refreshed;
  const after = await connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: report.resultId });
  check(after.kind === 'full', 'the pull after a configuration change is not a full report');
  check(after.items.every((d) => d.code !== 'LL004'), 'LL004 still reported after it was disabled');
  check(after.items.length > 0, 'other rules stopped reporting too');
  check(pushed.every((p) => p.uri !== uri), 'the open document was also pushed to a pull client (duplicates)');

  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  const code = await exited;
  check(code === 0, `server exit code ${code}`);
  console.log(JSON.stringify({ positionEncoding: init.capabilities.positionEncoding, items: report.items.length, refreshes, after: after.items.length, logs, failures }));
} catch (error) {
  failures.push(String(error?.stack ?? error));
  console.log(JSON.stringify({ failures }));
} finally {
  clearTimeout(timeout);
  connection.dispose();
  rmSync(dir, { recursive: true, force: true });
  process.exit(failures.length === 0 ? 0 : 1);
}
