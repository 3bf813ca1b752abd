import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/engine/api/dispatch.ts';
import type { ApiHandlers } from '../../shared/contract.ts';
import { startEngine } from '../helpers/engine.ts';

describe('one call from the window, over IPC or HTTP', () => {
  it('runs contract operations on the engine, and refuses unknown names and bad arguments with a message', async () => {
    const { engine } = await startEngine({ paused: true });
    const internal: unknown[] = [];
    const call = (name: unknown, args: unknown) => dispatch(engine.api, name, args, (e) => internal.push(e));
    expect(await call('engine.setPaused', { paused: false })).toEqual({ ok: true, value: { paused: false } });
    expect(await call('require', {})).toEqual({ ok: false, error: { error: 'not_found', message: 'There is no operation "require".' } });
    expect(await call('__proto__', {})).toMatchObject({ ok: false, error: { error: 'not_found' } });
    expect(await call('runs.get', { id: 'x' })).toMatchObject({ ok: false, error: { error: 'invalid_request', message: expect.stringContaining('id') } });
    expect(await call('runs.get', { id: 5 })).toEqual({ ok: false, error: { error: 'not_found', message: 'There is no run 5.' } });
    expect(internal).toEqual([]);
  });

  it('hides an internal error behind a plain message and hands it to the log', async () => {
    const { engine } = await startEngine({});
    const broken = { ...engine.api, 'status.get': async () => Promise.reject(new Error('disk on fire at /secret/path')) } as ApiHandlers;
    const internal: unknown[] = [];
    const answer = await dispatch(broken, 'status.get', {}, (e) => internal.push(e));
    expect(answer).toEqual({ ok: false, error: { error: 'internal', message: 'Hooktray hit an internal error; the details are in its log.' } });
    expect(internal).toHaveLength(1);
    const withLog = await dispatch(broken, 'status.get', {}, () => undefined, '/home/me/.config/Hooktray/data/logs/hooktray.log');
    expect(withLog).toEqual({
      ok: false,
      error: { error: 'internal', message: 'Hooktray hit an internal error; the details are in its log (/home/me/.config/Hooktray/data/logs/hooktray.log).' },
    });
  });
});
