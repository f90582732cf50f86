// healthlint in VS Code: starts `healthlint server` for Markdown and plain-text files.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("healthlint");
  const [command, ...args] = settings.get("command");
  const options = { asOf: settings.get("asOf"), configPath: settings.get("configPath"),
                    lintOnChange: settings.get("lintOnChange"), debounceMs: settings.get("debounceMs") };
  client = new LanguageClient(
    "healthlint", "healthlint",
    { command, args, transport: TransportKind.stdio },
    {
      documentSelector: [
        { scheme: "file", language: "markdown" }, { scheme: "file", language: "plaintext" },
        { scheme: "untitled", language: "markdown" },
      ],
      initializationOptions: Object.fromEntries(Object.entries(options).filter(([, v]) => v != null)),
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
