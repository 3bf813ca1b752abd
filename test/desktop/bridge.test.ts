import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createBridge, type RendererIpc } from '../../electron/desktop/bridge.ts';
import { dispatch } from '../../electron/engine/api/dispatch.ts';
import { isTrustedSender } from '../../electron/desktop/sender-check.ts';
import { IPC_CHANNELS } from '../../shared/ipc.ts';
import { ipcTransport } from '../../renderer/src/transport/ipc-transport.ts';
import { ApiError } from '../../renderer/src/transport/transport.ts';
import { startEngine } from '../helpers/engine.ts';

/** ipcRenderer's part, looped back to the main-process handler as Electron would carry it. */
function loopback(handlers: Parameters<typeof dispatch>[0]) {
  const events = new EventEmitter();
  const invoked: unknown[] = [];
  const ipc: RendererIpc = {
    async invoke(channel, name, args) {
      invoked.push(name);
      expect(channel).toBe(IPC_CHANNELS.call);
      // Structured clone, as IPC copies arguments and answers.
      return structuredClone(await dispatch(handlers, name, structuredClone(args), () => undefined));
    },
    on: (channel, listener) => void events.on(channel, listener),
    off: (channel, listener) => void events.off(channel, listener),
  };
  return { ipc, invoked, send: (name: string, data: unknown) => events.emit(IPC_CHANNELS.event, {}, name, data) };
}

describe('the preload bridge', () => {
  it('calls contract operations typed per name, and rejects with the engine’s error body (code and words)', async () => {
    const { engine } = await startEngine({ paused: true });
    const { ipc, invoked } = loopback(engine.api);
    const bridge = createBridge(ipc);
    const paused: { paused: boolean } = await bridge.call('engine.setPaused', { paused: false });
    expect(paused).toEqual({ paused: false });
    await expect(bridge.call('runs.get', { id: 5 })).rejects.toEqual({ error: 'not_found', message: 'There is no run 5.' });
    // A name outside the contract never reaches the main process.
    await expect(bridge.call('require' as 'status.get', {})).rejects.toEqual({ error: 'not_found', message: 'There is no operation "require".' });
    expect(invoked).toEqual(['engine.setPaused', 'runs.get']);

    // The window's transport turns a refusal into an ApiError that keeps the code.
    const transport = ipcTransport(bridge);
    const error = await transport.call('runs.get', { id: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not_found', message: 'There is no run 5.' });
  });

  it('passes on the contract’s live events only, and stops when unsubscribed', async () => {
    const { engine } = await startEngine({});
    const { ipc, send } = loopback(engine.api);
    const heard: string[] = [];
    const stop = createBridge(ipc).subscribe((name) => void heard.push(name));
    send('settings', { paused: true, recipes: [] });
    send('not-an-event', {});
    stop();
    send('run', {});
    expect(heard).toEqual(['settings']);
  });
});

describe('who may call the engine over IPC', () => {
  const indexHtml = '/opt/Hooktray/resources/app.asar/renderer/dist/index.html';
  const page = 'file:///opt/Hooktray/resources/app.asar/renderer/dist/index.html#/home';
  it('only the window’s own top frame showing index.html', () => {
    const main = { url: page };
    expect(isTrustedSender(main, main, indexHtml)).toBe(true);
    // Same URL, but an iframe (or another window's frame): refused.
    expect(isTrustedSender({ url: page }, main, indexHtml)).toBe(false);
    expect(isTrustedSender(main, undefined, indexHtml)).toBe(false);
    expect(isTrustedSender(null, main, indexHtml)).toBe(false);
    const elsewhere = { url: 'https://example.com/index.html' };
    expect(isTrustedSender(elsewhere, elsewhere, indexHtml)).toBe(false);
  });
});
