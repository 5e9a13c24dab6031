/**
 * A thin stand-in for the `vscode` module, aliased in vitest.config.ts. It only records what the
 * extension asks of the host and answers with scripted replies; no product logic lives here.
 * Configuration defaults come from the extension's own package.json, as they do in VS Code.
 */
import manifest from '../../package.json' with { type: 'json' };

type Listener<T> = (event: T) => unknown;

export class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const item of items) item.dispose();
    });
  }
  constructor(private readonly onDispose: () => unknown) {}
  dispose(): void {
    this.onDispose();
  }
}

export class EventEmitter<T> {
  readonly #listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this.#listeners.add(listener);
    return new Disposable(() => this.#listeners.delete(listener));
  };
  fire(event: T): void {
    for (const l of [...this.#listeners]) l(event);
  }
  listenerCount(): number {
    return this.#listeners.size;
  }
  dispose(): void {
    this.#listeners.clear();
  }
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}
export enum ViewColumn {
  Beside = -2,
  Active = -1,
  One = 1,
}
export enum ExtensionMode {
  Production = 1,
  Development = 2,
  Test = 3,
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
  ) {}
  static parse(value: string): Uri {
    const url = new URL(value);
    return new Uri(url.protocol.replace(':', ''), url.host, url.pathname, url.search.replace(/^\?/, ''));
  }
  static file(path: string): Uri {
    return new Uri('file', '', path, '');
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    const query = this.query ? `?${this.query}` : '';
    return `${this.scheme}://${this.authority}${this.path}${query}`;
  }
}

export class FakeStatusBarItem {
  #text = '';
  tooltip: unknown;
  command: string | undefined;
  name: string | undefined;
  accessibilityInformation: { label: string } | undefined;
  visible = false;
  disposed = false;
  /** Every text the item ever showed, to assert that it only changes when it must. */
  readonly texts: string[] = [];
  constructor(
    readonly id: string,
    readonly alignment: StatusBarAlignment,
    readonly priority: number | undefined,
  ) {}
  get text(): string {
    return this.#text;
  }
  set text(value: string) {
    if (value !== this.#text) this.texts.push(value);
    this.#text = value;
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.disposed = true;
    this.visible = false;
  }
}

export interface ShownMessage {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly options: { modal?: boolean; detail?: string } | undefined;
  readonly items: readonly string[];
}

export class FakeWebviewPanel {
  readonly webview = { html: '', options: {} as unknown, cspSource: 'vscode-resource:' };
  disposed = false;
  revealed = 0;
  readonly #onDispose = new EventEmitter<void>();
  readonly onDidDispose = this.#onDispose.event;
  constructor(
    readonly viewType: string,
    public title: string,
  ) {}
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    this.disposed = true;
    this.#onDispose.fire();
  }
}

/** Everything a test can look at or script. Reset by `resetFakeVscode()`. */
export const fake = {
  statusBarItems: [] as FakeStatusBarItem[],
  messages: [] as ShownMessage[],
  /** Answers for the next message boxes with buttons, in order (undefined = dismissed). */
  messageAnswers: [] as (string | undefined)[],
  quickPicks: [] as { items: readonly unknown[]; options: unknown }[],
  /** Picks the item whose label equals the answer; undefined = dismissed. */
  quickPickAnswers: [] as (string | undefined)[],
  inputBoxes: [] as unknown[],
  inputAnswers: [] as (string | undefined)[],
  saveDialogAnswers: [] as (Uri | undefined)[],
  openDialogAnswers: [] as (Uri[] | undefined)[],
  openDialogs: [] as unknown[],
  writtenFiles: new Map<string, string>(),
  /** Files `workspace.fs.readFile` can read, by fsPath (written files are readable too). */
  files: new Map<string, string>(),
  openedExternal: [] as string[],
  clipboard: '',
  webviews: [] as FakeWebviewPanel[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  configuration: new Map<string, unknown>(),
  configurationEvents: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
  textDocumentEvents: new EventEmitter<{ document: { uri: Uri }; contentChanges: readonly unknown[] }>(),
  windowStateEvents: new EventEmitter<{ focused: boolean }>(),
};

export function resetFakeVscode(): void {
  fake.statusBarItems.length = 0;
  fake.messages.length = 0;
  fake.messageAnswers.length = 0;
  fake.quickPicks.length = 0;
  fake.quickPickAnswers.length = 0;
  fake.inputBoxes.length = 0;
  fake.inputAnswers.length = 0;
  fake.saveDialogAnswers.length = 0;
  fake.openDialogAnswers.length = 0;
  fake.openDialogs.length = 0;
  fake.writtenFiles.clear();
  fake.files.clear();
  fake.openedExternal.length = 0;
  fake.clipboard = '';
  fake.webviews.length = 0;
  fake.commands.clear();
  fake.configuration.clear();
  fake.configurationEvents.dispose();
  fake.textDocumentEvents.dispose();
  fake.windowStateEvents.dispose();
}

function message(level: ShownMessage['level']) {
  return async (text: string, ...rest: unknown[]): Promise<string | undefined> => {
    const first = rest[0];
    const options =
      typeof first === 'object' && first !== null ? (rest.shift() as ShownMessage['options']) : undefined;
    const items = rest.map((i) => (typeof i === 'string' ? i : String((i as { title: string }).title)));
    fake.messages.push({ level, message: text, options, items });
    return items.length > 0 ? fake.messageAnswers.shift() : undefined;
  };
}

export const window = {
  onDidChangeWindowState: fake.windowStateEvents.event,
  createStatusBarItem(id: string, alignment: StatusBarAlignment, priority?: number): FakeStatusBarItem {
    const item = new FakeStatusBarItem(id, alignment, priority);
    fake.statusBarItems.push(item);
    return item;
  },
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  async showQuickPick<T extends { label: string }>(
    items: readonly T[],
    options?: unknown,
  ): Promise<T | undefined> {
    fake.quickPicks.push({ items, options });
    const answer = fake.quickPickAnswers.shift();
    return items.find((i) => i.label === answer);
  },
  async showInputBox(options?: {
    validateInput?: (v: string) => string | undefined | null;
  }): Promise<string | undefined> {
    fake.inputBoxes.push(options);
    const answer = fake.inputAnswers.shift();
    if (answer !== undefined && options?.validateInput?.(answer)) return undefined;
    return answer;
  },
  async showSaveDialog(): Promise<Uri | undefined> {
    return fake.saveDialogAnswers.shift();
  },
  async showOpenDialog(options?: unknown): Promise<Uri[] | undefined> {
    fake.openDialogs.push(options);
    return fake.openDialogAnswers.shift();
  },
  createWebviewPanel(viewType: string, title: string): FakeWebviewPanel {
    const panel = new FakeWebviewPanel(viewType, title);
    fake.webviews.push(panel);
    return panel;
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    if (fake.commands.has(id)) throw new Error(`command '${id}' already exists`);
    fake.commands.set(id, handler);
    return new Disposable(() => fake.commands.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    const handler = fake.commands.get(id);
    if (!handler) throw new Error(`command '${id}' not found`);
    return handler(...args);
  },
};

type ConfigurationProperty = { default?: unknown };
const defaults = new Map<string, unknown>(
  Object.entries(
    (manifest.contributes.configuration as { properties: Record<string, ConfigurationProperty> }).properties,
  ).map(([key, p]) => [key, p.default]),
);

export const workspace = {
  getConfiguration(section?: string) {
    const full = (key: string) => (section ? `${section}.${key}` : key);
    return {
      get<T>(key: string, fallback?: T): T | undefined {
        const k = full(key);
        if (fake.configuration.has(k)) return fake.configuration.get(k) as T;
        if (defaults.has(k)) return defaults.get(k) as T;
        return fallback;
      },
      async update(key: string, value: unknown): Promise<void> {
        const k = full(key);
        if (value === undefined) fake.configuration.delete(k);
        else fake.configuration.set(k, value);
        fake.configurationEvents.fire({
          affectsConfiguration: (s: string) => k === s || k.startsWith(`${s}.`),
        });
      },
    };
  },
  onDidChangeConfiguration: fake.configurationEvents.event,
  onDidChangeTextDocument: fake.textDocumentEvents.event,
  fs: {
    async writeFile(uri: Uri, content: Uint8Array): Promise<void> {
      fake.writtenFiles.set(uri.fsPath, new TextDecoder().decode(content));
    },
    async readFile(uri: Uri): Promise<Uint8Array> {
      const text = fake.files.get(uri.fsPath) ?? fake.writtenFiles.get(uri.fsPath);
      // VS Code rejects with a FileSystemError; a plain Error with its message is enough for callers.
      if (text === undefined) throw new Error(`EntryNotFound (FileSystemError): ${uri.toString()}`);
      return new TextEncoder().encode(text);
    },
  },
};

export const env = {
  async openExternal(uri: Uri): Promise<boolean> {
    fake.openedExternal.push(uri.toString());
    return true;
  },
  clipboard: {
    async writeText(text: string): Promise<void> {
      fake.clipboard = text;
    },
    async readText(): Promise<string> {
      return fake.clipboard;
    },
  },
};

/** A Memento backed by a Map; `failNextUpdate` simulates a host that crashes mid-write. */
export class FakeMemento {
  readonly data = new Map<string, unknown>();
  failNextUpdate: string | null = null;
  get<T>(key: string, fallback?: T): T | undefined {
    return this.data.has(key) ? (structuredClone(this.data.get(key)) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (this.failNextUpdate === key) {
      this.failNextUpdate = null;
      throw new Error(`simulated failure writing ${key}`);
    }
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, structuredClone(value));
  }
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
  setKeysForSync(): void {}
}

export class FakeSecretStorage {
  readonly data = new Map<string, string>();
  readonly #changes = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.#changes.event;
  async get(key: string): Promise<string | undefined> {
    return this.data.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.data.set(key, value);
    this.#changes.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
    this.#changes.fire({ key });
  }
}

export function createFakeContext(): {
  subscriptions: { dispose(): unknown }[];
  globalState: FakeMemento;
  secrets: FakeSecretStorage;
  extensionUri: Uri;
  extensionMode: ExtensionMode;
} {
  return {
    subscriptions: [],
    globalState: new FakeMemento(),
    secrets: new FakeSecretStorage(),
    extensionUri: Uri.file('/extension'),
    extensionMode: ExtensionMode.Test,
  };
}
