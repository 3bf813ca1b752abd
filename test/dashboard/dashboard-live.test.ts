import { describe, expect, it, onTestFinished } from 'vitest';
import type { LiveEvents } from '../../shared/contract.ts';
import { startDashboard } from '../../electron/cli/dashboard.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { waitUntil } from '../helpers/wait.ts';

/** Reads GET /api/events as a browser's EventSource would, collecting each event. */
async function openStream(base: string, token: string) {
  const controller = new AbortController();
  onTestFinished(() => controller.abort());
  const res = await fetch(`${base}/api/events?token=${token}`, { signal: controller.signal });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const events: { name: string; data: unknown }[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body!) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (name && data) events.push({ name, data: JSON.parse(data) });
      }
    }
  })().catch(() => undefined);
  const settings = () => events.filter((e) => e.name === 'settings').map((e) => e.data as LiveEvents['settings']);
  return { events, settings };
}

describe('live settings over the dashboard stream', () => {
  it('tells the window when pause or a recipe changes, whether the window, the tray or a save changed it', async () => {
    const { engine } = await startEngine({
      paused: false,
      recipes: [{ recipe: 'shopify-customer-hubspot', enabled: true, settings: { token: 'pat-secret-token' } }],
    });
    const dashboard = await startDashboard(engine, { port: 0, logger: silentLogger });
    onTestFinished(() => dashboard.close());
    const url = new URL(dashboard.url);
    const token = url.hash.replace('#token=', '');
    const base = url.origin;
    const stream = await openStream(base, token);
    const post = (op: string, args: unknown) =>
      fetch(`${base}/api/${op}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });

    // Pause from the window (HTTP).
    expect((await post('engine.setPaused', { paused: true })).status).toBe(200);
    const paused = await waitUntil(() => stream.settings()[0], 'a settings event after pausing');
    expect(paused).toMatchObject({ paused: true, recipes: [{ id: 'shopify-customer-hubspot', enabled: true }] });

    // A recipe switched off from the tray (the engine's handler, no HTTP): the window hears it too.
    await engine.api['recipes.setEnabled']({ id: 'shopify-customer-hubspot', enabled: false });
    const toggled = await waitUntil(() => stream.settings()[1], 'a settings event after the tray switched a recipe');
    expect(toggled).toMatchObject({ paused: true, recipes: [{ id: 'shopify-customer-hubspot', enabled: false }] });

    // A recipe saved from the wizard; secrets stay masked on the stream as everywhere else.
    expect((await post('recipes.save', { recipe: 'shopify-customer-hubspot', enabled: true, settings: { token: '' } })).status).toBe(200);
    const saved = await waitUntil(() => stream.settings()[2], 'a settings event after a save');
    expect(saved.recipes).toEqual([expect.objectContaining({ id: 'shopify-customer-hubspot', enabled: true, settings: { token: true } })]);
    expect(JSON.stringify(stream.events)).not.toContain('pat-secret-token');
  });
});
