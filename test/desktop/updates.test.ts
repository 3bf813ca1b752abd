import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CHECK_EVERY_MS, startUpdates, type UpdateDeps, type Updater } from '../../electron/desktop/updates.ts';

/** Stands in for electron-updater's autoUpdater: records what Hooktray asks of it; its events are sent by the test. */
class RecordingUpdater extends EventEmitter implements Updater {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks = 0;
  feeds: unknown[] = [];
  installs: [boolean | undefined, boolean | undefined][] = [];
  failNextCheck = false;
  setFeedURL(options: { provider: 'generic'; url: string }) {
    this.feeds.push(options);
  }
  async checkForUpdates() {
    this.checks++;
    if (this.failNextCheck) throw new Error('net::ERR_INTERNET_DISCONNECTED');
    return null;
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function setup(over: Partial<UpdateDeps> = {}) {
  const updater = new RecordingUpdater();
  const logged: { level: number; msg: string }[] = [];
  const timers: { ms: number; check: () => void; stopped: boolean }[] = [];
  const asked: string[] = [];
  const order: string[] = [];
  let answer = true;
  const deps: UpdateDeps = {
    env: {},
    packaged: true,
    load: async () => updater,
    ask: async (version) => (asked.push(version), answer),
    beforeRestart: async () => void order.push('engine stopped'),
    logger: pino({ level: 'info' }, new Writable({ write: (c: Buffer, _e, done) => (logged.push(JSON.parse(c.toString())), done()) })),
    every: (ms, check) => {
      const timer = { ms, check, stopped: false };
      timers.push(timer);
      return () => void (timer.stopped = true);
    },
    ...over,
  };
  const origInstall = updater.quitAndInstall.bind(updater);
  updater.quitAndInstall = (s, f) => (order.push('install'), origInstall(s, f));
  return { updater, deps, logged, timers, asked, order, answerLater: () => (answer = false) };
}

/** Lets the promise callbacks queued by an event run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('updates', () => {
  it('checks at start and daily, downloads in the background, and asks before restarting', async () => {
    const { updater, deps, timers, asked, order } = setup();
    const running = await startUpdates(deps);
    expect(running.off).toBeUndefined();
    expect([updater.checks, updater.autoDownload, updater.autoInstallOnAppQuit]).toEqual([1, true, true]);
    expect(timers.map((t) => t.ms)).toEqual([CHECK_EVERY_MS]);
    timers[0]!.check();
    expect(updater.checks).toBe(2);

    updater.emit('update-downloaded', { version: '1.4.0' });
    updater.emit('update-downloaded', { version: '1.4.0' }); // told twice, asked once
    await settle();
    expect(asked).toEqual(['1.4.0']);
    // The engine stops (deliveries kept, runs put back) before the installer takes over.
    expect(order).toEqual(['engine stopped', 'install']);
    expect(updater.installs).toEqual([[false, true]]);
    running.stop();
    expect(timers[0]!.stopped).toBe(true);
  });

  it('installs at the next quit when the owner says later', async () => {
    const { updater, deps, asked, answerLater } = setup();
    answerLater();
    await startUpdates(deps);
    updater.emit('update-downloaded', { version: '1.4.0' });
    await settle();
    expect(asked).toEqual(['1.4.0']);
    expect(updater.installs).toEqual([]);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('is off with HOOKTRAY_NO_UPDATE=1, and when not installed, without loading the updater', async () => {
    for (const over of [{ env: { HOOKTRAY_NO_UPDATE: '1' } }, { packaged: false }]) {
      let loaded = false;
      const { deps, logged, timers } = setup({ ...over, load: async () => ((loaded = true), new RecordingUpdater()) });
      const running = await startUpdates(deps);
      expect(running.off).toBeTruthy();
      expect([loaded, timers.length]).toEqual([false, 0]);
      expect(logged.map((l) => l.msg)).toEqual(['updates are off']);
    }
  });

  it('uses another update server when HOOKTRAY_UPDATE_URL names one, and only logs a failed check', async () => {
    const { updater, deps, logged } = setup({ env: { HOOKTRAY_UPDATE_URL: 'https://updates.example.com/hooktray/' } });
    updater.failNextCheck = true;
    await startUpdates(deps);
    expect(updater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.com/hooktray/' }]);
    await settle();
    updater.emit('error', new Error('HttpError: 404'));
    expect(logged.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'could not check for updates; trying again later',
      'could not check for updates; trying again later',
    ]);
  });
});
