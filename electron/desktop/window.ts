import { BrowserWindow, shell } from 'electron';
import { pathToFileURL } from 'node:url';

export interface WindowPaths {
  /** The bundled preload (one CommonJS file, so the sandbox stays on). */
  preload: string;
  /** renderer/dist/index.html */
  indexHtml: string;
}

/** The window's screens a tray item or a notification can open. */
export type WindowView = 'home' | 'activity' | 'settings';

/**
 * The one window factory: isolated, sandboxed, no Node in the page, and the page may not
 * navigate away or open windows (links to the web open in the browser instead). The CSP is in
 * the page itself (renderer/index.html), as file:// responses carry no headers.
 */
export function createMainWindow(paths: WindowPaths, view: WindowView = 'home'): BrowserWindow {
  const win = new BrowserWindow({
    width: 1180,
    height: 820,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Hooktray',
    autoHideMenuBar: true,
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const home = pathToFileURL(paths.indexHtml).href;
  win.webContents.on('will-navigate', (event, url) => {
    if (url.split('#')[0] !== home) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${home}#/${view}`);
  return win;
}
