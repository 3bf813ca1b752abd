// Loads the built desktop bundle (main.mjs) in plain Node with recording-electron.ts in place of
// `electron`, lets it start, drives it a little as its window would (every contract operation
// through the bundled preload, one webhook), quits it as the tray's Quit does, and prints what it
// asked of Electron as one JSON line. Run by test/desktop/bundle-launch.test.ts in a child process,
// so each launch has its own process, as an app start does. Not Electron: see recording-electron.ts.
import { createRequire, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import { API_NAMES } from '../../../shared/api-names.ts';
import type { HooktrayBridge } from '../../../shared/ipc.ts';
import { mailchimpForm } from '../platforms.ts';
import type * as StandIn from './recording-electron.ts';

export interface LaunchConfig {
  /** resources/app.asar/dist-electron/main.mjs of the packaged layout. */
  main: string;
  resources: string;
  userData: string;
  home: string;
  platform?: NodeJS.Platform;
  argv?: string[];
  lockFree?: boolean;
  /** Call every operation through the preload and send one webhook before quitting. */
  exercise?: boolean;
}

const config = JSON.parse(process.env.HOOKTRAY_LAUNCH!) as LaunchConfig;
if (config.platform) Object.defineProperty(process, 'platform', { value: config.platform });
Object.defineProperty(process, 'resourcesPath', { value: config.resources });
process.argv.push(...(config.argv ?? []));

const standIn = new URL('./recording-electron.ts', import.meta.url).href;
registerHooks({ resolve: (specifier, context, next) => (specifier === 'electron' ? { url: standIn, shortCircuit: true } : next(specifier, context)) });
const electron = (await import(standIn)) as typeof StandIn;
electron.configure({ userData: config.userData, home: config.home, packaged: true, appPath: config.resources, lockFree: config.lockFree ?? true });

const finished = new Promise<void>((resolve) => electron.app.once('quit-done', () => resolve()));
// The app is up once it listens for before-quit (the last thing it sets up), or it has left.
const up = new Promise<void>((resolve) => electron.app.on('newListener', (name) => name === 'before-quit' && setImmediate(resolve)));
await import(pathToFileURL(config.main).href);
await Promise.race([up, finished]);

const answers: Record<string, unknown> = {};
let delivery: number | undefined;
let activity: unknown;
if (electron.recording.exitCode === undefined && electron.recording.quit === 0 && config.exercise) {
  // The bundled preload, as the window's sandbox runs it: it exposes the bridge the page uses.
  const preload = electron.recording.windows[0]!.options.webPreferences as { preload: string };
  createRequire(import.meta.url)(preload.preload);
  const bridge = electron.exposed.get('hooktray') as HooktrayBridge;
  for (const name of API_NAMES)
    answers[name] = await bridge.call(name, {} as never).then(
      (value) => ({ ok: true, value }),
      (error: { error: string; message: string }) => ({ ok: false, error }),
    );
  const { webhooks } = (answers['status.get'] as { value: { webhooks: Record<string, string> } }).value;
  // A real delivery: the journal's writer (started from app.asar.unpacked) stores it before the 200.
  delivery = (
    await fetch(webhooks.mailchimp!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: mailchimpForm('subscribe', 'jo@example.com'),
    })
  ).status;
  activity = await bridge.call('activity.list', {});
}
if (electron.recording.exitCode === undefined && electron.recording.quit === 0) electron.app.quit();
await finished;

const { ipcHandlers, ...rest } = electron.recording;
process.stdout.write(`${JSON.stringify({ ...rest, ipcChannels: [...ipcHandlers.keys()], answers, delivery, activity })}\n`);
process.exit(0);
