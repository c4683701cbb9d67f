// The lambdalint VS Code extension: starts `lambdalint lsp` over stdio for CloudFormation/SAM
// (YAML, JSON) and Terraform files. Everything else (which files are templates, diagnostics,
// quick fixes, hover) is the server's job; this file only wires VS Code to it.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** The server's settings (docs/editors.md), read from VS Code's `lambdalint.*` configuration. */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('lambdalint');
  return {
    run: config.get<string>('run', 'onType'),
    debounceMs: config.get<number>('debounceMs', 200),
    accountConcurrencyLimit: config.get<number>('accountConcurrencyLimit', 1000),
    rules: {
      enable: config.get<string[]>('rules.enable', []),
      disable: config.get<string[]>('rules.disable', []),
    },
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration('lambdalint').get<string>('path', 'lambdalint');
  const serverOptions: ServerOptions = {
    run: { command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command, args: ['lsp'], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    // The server ignores YAML/JSON files that are not templates, so a broad selector is safe.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'terraform' },
      { scheme: 'file', pattern: '**/*.tf' },
      { scheme: 'file', pattern: '**/*.{template,cfn}' },
    ],
    initializationOptions: serverSettings(),
    outputChannelName: 'lambdalint',
  };
  client = new LanguageClient('lambdalint', 'lambdalint', serverOptions, clientOptions);

  // Push the whole settings object on every change (the server replaces what it had).
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('lambdalint') || client === undefined) {
        return;
      }
      if (event.affectsConfiguration('lambdalint.path')) {
        await client.restart();
        return;
      }
      await client.sendNotification('workspace/didChangeConfiguration', { settings: { lambdalint: serverSettings() } });
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client !== undefined) {
    await client.stop();
    client = undefined;
  }
}
