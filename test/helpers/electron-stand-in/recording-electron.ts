// NOT ELECTRON. A recording stand-in for the `electron` module, so the built desktop bundle can be
// loaded in plain Node (no Electron binary can be downloaded on these machines). Each API the app
// and its dependencies touch is here only as far as they call it: it records what they ask (the
// lock, windows and their options, tray images, IPC handlers, dialogs, quit/exit) and answers
// plainly (the lock is free, dialogs get their default button). Nothing is drawn, no window or
// tray exists, no Chromium runs: what it shows is what the bundle asked Electron to do, never
// that Electron did it. launch-bundle.ts loads it in place of `electron` and drives the app.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';

export interface StandInConfig {
  userData: string;
  home: string;
  packaged: boolean;
  appPath: string;
  /** false: another copy holds the single-instance lock. */
  lockFree: boolean;
}

let config: StandInConfig;
export function configure(c: StandInConfig): void {
  config = c;
}

type IpcHandler = (event: { senderFrame: unknown }, ...args: unknown[]) => unknown;

/** Everything the bundle asked for, in order where order matters. */
export const recording = {
  calls: [] as string[],
  windows: [] as { options: Record<string, unknown>; urls: string[] }[],
  trays: [] as { images: string[]; templates: string[] }[],
  ipcHandlers: new Map<string, IpcHandler>(),
  dialogs: [] as { kind: string; title?: string; message?: string; detail?: string }[],
  openedPaths: [] as string[],
  appUserModelId: undefined as string | undefined,
  exitCode: undefined as number | undefined,
  quit: 0,
};
const record = (call: string) => recording.calls.push(call);

class StandInApp extends EventEmitter {
  get isPackaged() {
    return config.packaged;
  }
  dock = { hide: () => record('app.dock.hide') };
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return config.lockFree;
  }
  setAppUserModelId(id: string) {
    recording.appUserModelId = id;
  }
  whenReady() {
    record('app.whenReady');
    return Promise.resolve();
  }
  getPath(name: string) {
    if (name === 'userData') return config.userData;
    if (name === 'home') return config.home;
    return join(config.userData, name);
  }
  getAppPath() {
    return config.appPath;
  }
  getVersion() {
    return '0.0.0-stand-in';
  }
  getName() {
    return 'Hooktray';
  }
  getLoginItemSettings() {
    return { openAtLogin: false, wasOpenedAtLogin: false };
  }
  setLoginItemSettings() {
    record('app.setLoginItemSettings');
  }
  quit() {
    record('app.quit');
    recording.quit++;
    // Electron emits before-quit on quit; a listener may prevent it (ours does, to stop the engine first).
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.emit('quit-done');
  }
  exit(code = 0) {
    record('app.exit');
    recording.exitCode = code;
    this.emit('quit-done');
  }
}
export const app = new StandInApp();

export const dialog = {
  showErrorBox(title: string, message: string) {
    recording.dialogs.push({ kind: 'error-box', title, message });
  },
  async showMessageBox(options: { title?: string; message?: string; detail?: string; defaultId?: number }) {
    recording.dialogs.push({ kind: 'message-box', ...options });
    return { response: options.defaultId ?? 0, checkboxChecked: false };
  },
};

export const shell = {
  async openPath(path: string) {
    recording.openedPaths.push(path);
    return '';
  },
  async openExternal() {},
};

class Frame {
  url = '';
}

class StandInWebContents extends EventEmitter {
  readonly mainFrame = new Frame();
  setWindowOpenHandler() {}
  getURL() {
    return this.mainFrame.url;
  }
  isDestroyed() {
    return false;
  }
  send() {}
}

export class BrowserWindow extends EventEmitter {
  readonly webContents = new StandInWebContents();
  private readonly entry: { options: Record<string, unknown>; urls: string[] };
  constructor(options: Record<string, unknown>) {
    super();
    this.entry = { options, urls: [] };
    recording.windows.push(this.entry);
    windowCreated(this);
  }
  async loadURL(url: string) {
    this.entry.urls.push(url);
    this.webContents.mainFrame.url = url;
  }
  show() {}
  focus() {}
  isDestroyed() {
    return false;
  }
}

export const ipcMain = {
  handle(channel: string, handler: IpcHandler) {
    recording.ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    recording.ipcHandlers.delete(channel);
  },
  on() {},
};

/** The preload's side: invoke goes to the handler the main process registered, from the last window's main frame. */
export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]) {
    const handler = recording.ipcHandlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: lastWindow?.webContents.mainFrame }, ...args);
  },
  on() {},
  off() {},
};
let lastWindow: BrowserWindow | undefined;
function windowCreated(win: BrowserWindow): void {
  lastWindow = win;
}

export const exposed = new Map<string, unknown>();
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    exposed.set(key, api);
  },
};

interface StandInImage {
  path: string;
  setTemplateImage(on: boolean): void;
}

export const nativeImage = {
  createFromPath(path: string): StandInImage {
    return {
      path,
      setTemplateImage(on: boolean) {
        if (!on) return;
        const tray = recording.trays.at(-1);
        if (tray) tray.templates.push(path);
        else pendingTemplates.push(path);
      },
    };
  },
};
const pendingTemplates: string[] = [];

export class Tray extends EventEmitter {
  private readonly entry: { images: string[]; templates: string[] };
  private destroyed = false;
  constructor(image: StandInImage) {
    super();
    this.entry = { images: [image.path], templates: pendingTemplates.splice(0) };
    recording.trays.push(this.entry);
  }
  setImage(image: StandInImage) {
    this.entry.images.push(image.path);
  }
  setToolTip() {}
  setContextMenu() {}
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

export const Menu = { buildFromTemplate: (template: unknown[]) => ({ items: template }) };
export const clipboard = { writeText() {} };
export const powerMonitor = new EventEmitter();
export class Notification extends EventEmitter {
  static isSupported() {
    return false;
  }
  show() {}
}
/** No key store: the app keeps secrets readable and says so (as on Linux without a keyring). */
export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (plain: string) => Buffer.from(plain),
  decryptString: (sealed: Buffer) => sealed.toString(),
};

export default {
  app,
  dialog,
  shell,
  BrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  nativeImage,
  Tray,
  Menu,
  clipboard,
  powerMonitor,
  Notification,
  safeStorage,
};
