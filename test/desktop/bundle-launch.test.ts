import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_NAMES } from '../../shared/api-names.ts';
import type { LaunchConfig } from '../helpers/electron-stand-in/launch-bundle.ts';
import { builderValue, packDesktopApp } from '../helpers/packaged-app.ts';

/**
 * The built desktop bundle (main.mjs, desktop-app.mjs, the preload and the journal's worker), in
 * the packaged layout, started in plain Node with a RECORDING STAND-IN for the `electron` module
 * (test/helpers/electron-stand-in): it shows what the bundle asks Electron for at an owner's first
 * launch, not that Electron ran it. The Electron binary cannot be downloaded on these machines.
 */
const LAUNCHER = fileURLToPath(new URL('../helpers/electron-stand-in/launch-bundle.ts', import.meta.url));

interface Launched {
  calls: string[];
  windows: { options: { webPreferences: Record<string, unknown> }; urls: string[] }[];
  trays: { images: string[]; templates: string[] }[];
  ipcChannels: string[];
  dialogs: { kind: string; title?: string; message?: string; detail?: string; buttons?: string[] }[];
  openedPaths: string[];
  appUserModelId?: string;
  exitCode?: number;
  quit: number;
  answers: Record<string, { ok: true; value: Record<string, unknown> } | { ok: false; error: { error: string; message: string } }>;
  delivery?: number;
  activity?: { items: { source: string }[] };
  stderr: string;
}

let resources: string;
let main: string;
const scratch: string[] = [];

beforeAll(() => {
  resources = mkdtempSync(join(tmpdir(), 'hooktray-packed-'));
  scratch.push(resources);
  main = packDesktopApp(join(resources, 'resources')).main;
  resources = join(resources, 'resources');
}, 180_000);
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** An account's app-data folder where Hooktray keeps to this computer (no tunnel) on a free port. */
function userData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hooktray-user-'));
  scratch.push(dir);
  writeFileSync(
    join(dir, 'hooktray-settings.json'),
    JSON.stringify({ version: 2, settings: { tunnel: { provider: 'none' }, server: { port: 0 } }, desktop: { notifications: true } }),
  );
  return dir;
}

function launch(config: Omit<LaunchConfig, 'main' | 'resources' | 'home'>, nodeFlags: string[] = []): Promise<Launched> {
  const child = spawn(process.execPath, [...nodeFlags, LAUNCHER], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HOOKTRAY_NO_UPDATE: '1',
      HOOKTRAY_LOG_LEVEL: 'info',
      HOOKTRAY_LAUNCH: JSON.stringify({ main, resources, home: config.userData, ...config }),
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`the launch exited with ${code}:\n${stdout}\n${stderr}`));
      resolve({ ...(JSON.parse(line) as Launched), stderr });
    });
  });
}

const logLines = (dir: string) =>
  readFileSync(join(dir, 'data', 'logs', 'hooktray.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the desktop bundle at an owner’s first launch (recording stand-in for electron, not Electron)', () => {
  it('takes the lock, opens a sandboxed window and a tray icon that exist in the package, answers every operation and keeps a webhook', async () => {
    const dir = userData();
    const run = await launch({ userData: dir, platform: 'linux', exercise: true });
    expect(run.calls[0]).toBe('app.requestSingleInstanceLock');
    expect(run.dialogs).toEqual([]);

    // The first launch opens the window: isolated, sandboxed, no Node, its preload inside the package.
    expect(run.windows).toHaveLength(1);
    const { webPreferences } = run.windows[0]!.options;
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(webPreferences.preload).toBe(join(resources, 'app.asar', 'dist-electron', 'preload.cjs'));
    expect(existsSync(webPreferences.preload as string)).toBe(true);
    const page = run.windows[0]!.urls[0]!;
    expect(page).toBe(`${pathToFileURL(join(resources, 'app.asar', 'renderer', 'dist', 'index.html')).href}#/home`);
    expect(existsSync(fileURLToPath(page.split('#')[0]!))).toBe(true);

    // The tray's icons are the packaged ones (extraResources), each file there.
    expect(run.trays).toHaveLength(1);
    expect(run.trays[0]!.images[0]).toBe(join(resources, 'icons', 'tray-online-24.png'));
    for (const image of run.trays[0]!.images) expect(existsSync(image), image).toBe(true);

    // One IPC channel serves every operation of shared/contract.ts: each reached its handler through the bundled preload.
    expect(run.ipcChannels).toEqual(['hooktray:call']);
    expect(Object.keys(run.answers).sort()).toEqual([...API_NAMES].sort());
    for (const name of API_NAMES) {
      const answer = run.answers[name]!;
      expect(answer.ok || answer.error.error === 'invalid_request', `${name}: ${JSON.stringify(answer)}`).toBe(true);
    }
    const settings = run.answers['settings.get'];
    expect(settings).toMatchObject({
      ok: true,
      value: { computer: { logFile: join(dir, 'data', 'logs', 'hooktray.log'), trayHint: expect.stringContaining('system tray'), secrets: 'plain' } },
    });
    expect(run.answers['app.openLogFolder']).toEqual({ ok: true, value: { opened: true, folder: join(dir, 'data', 'logs') } });
    expect(run.openedPaths).toEqual([join(dir, 'data', 'logs')]);

    // The engine ran on node:sqlite in the data folder; the writer (from app.asar.unpacked) kept the webhook.
    expect(run.delivery).toBe(200);
    expect(run.activity!.items.map((i) => i.source)).toEqual(['mailchimp']);
    expect(existsSync(join(dir, 'data', 'hooktray.db'))).toBe(true);

    // A packaged app logs to its file, not stderr; the file says how it was started and that it stopped.
    expect(run.stderr).not.toMatch(/"level":/);
    const log = logLines(dir);
    expect(log[0]).toMatchObject({ msg: 'starting', launch: 'first' });
    expect(log.map((l) => l.msg)).toContain('updates are off');
    expect(run.quit).toBeGreaterThan(0);
    expect(run.exitCode).toBeUndefined();

    // Started again at login: only the tray. Started again by hand: the window.
    const atLogin = await launch({ userData: dir, platform: 'linux', argv: ['--at-login'] });
    expect([atLogin.windows.length, atLogin.trays.length]).toEqual([0, 1]);
    const byHand = await launch({ userData: dir, platform: 'linux' });
    expect([byHand.windows.length, byHand.trays.length]).toEqual([1, 1]);
    expect(
      logLines(dir)
        .filter((l) => l.msg === 'starting')
        .map((l) => l.launch),
    ).toEqual(['first', 'login', 'manual']);
  }, 120_000);

  it('on Windows sets the installer’s appId for notifications and uses the 16 px icons; on macOS hides the Dock icon and uses template images', async () => {
    const [windows, mac] = await Promise.all([launch({ userData: userData(), platform: 'win32' }), launch({ userData: userData(), platform: 'darwin' })]);
    expect(windows.appUserModelId).toBe(builderValue('appId'));
    expect(windows.trays[0]!.images[0]).toBe(join(resources, 'icons', 'tray-online-16.png'));
    expect(mac.calls).toContain('app.dock.hide');
    const template = join(resources, 'icons', 'tray-onlineTemplate.png');
    // Every image the tray gets there (it changes with the status) is marked as a template.
    expect(mac.trays[0]!.images[0]).toBe(template);
    expect(mac.trays[0]!.templates).toEqual(mac.trays[0]!.images);
    for (const run of [windows, mac]) {
      expect(run.windows).toHaveLength(1);
      for (const image of run.trays[0]!.images) expect(existsSync(image), image).toBe(true);
    }
  }, 120_000);

  it('leaves at once when another copy holds the lock, and says why in a dialog when node:sqlite is missing or the settings cannot be read', async () => {
    const broken = userData();
    writeFileSync(join(broken, 'hooktray-settings.json'), '{"version": 2, "settings": {');
    const [second, noSqlite, unreadable] = await Promise.all([
      launch({ userData: userData(), lockFree: false }),
      // A runtime without node:sqlite, as some Electron builds were: Node's own switch takes it away.
      launch({ userData: userData() }, ['--no-experimental-sqlite']),
      launch({ userData: broken }),
    ]);
    expect(second.calls).toEqual(['app.requestSingleInstanceLock', 'app.quit']);
    expect([second.windows.length, second.trays.length]).toEqual([0, 0]);

    expect(noSqlite.dialogs).toEqual([{ kind: 'error-box', title: 'Hooktray cannot start', message: expect.stringContaining('node:sqlite') }]);
    expect(noSqlite.exitCode).toBe(1);
    expect([noSqlite.windows.length, noSqlite.trays.length]).toEqual([0, 0]);

    // Any other start failure: the reason, where the log is, and a button to its folder (the default stays Quit).
    const logFile = join(broken, 'data', 'logs', 'hooktray.log');
    expect(unreadable.dialogs).toEqual([
      expect.objectContaining({
        kind: 'message-box',
        title: 'Hooktray could not start',
        detail: expect.stringContaining(`The details are in its log: ${logFile}`),
        buttons: ['Quit', 'Open log folder'],
      }),
    ]);
    expect(unreadable.exitCode).toBe(1);
    expect(logLines(broken).map((l) => l.msg)).toEqual(['starting', 'could not start']);
  }, 120_000);
});
