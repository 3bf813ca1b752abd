import { describe, expect, it } from 'vitest';
import { startDashboard } from '../../electron/cli/dashboard.ts';
import { silentLogger, startEngine } from '../helpers/engine.ts';
import { waitUntil } from '../helpers/wait.ts';

describe('runs.retry over the dashboard', () => {
  it('answers 404 for a run that does not exist, and retries a failed one', async () => {
    // No mail server: the test run fails for good, and a failed run is what an owner retries.
    const { engine } = await startEngine({ recipes: [{ recipe: 'generic-email', settings: { to: ['team@example.com'] } }] });
    const dashboard = await startDashboard(engine, { port: 0, logger: silentLogger });
    const url = new URL(dashboard.url);
    const call = async (op: string, args: unknown) => {
      const res = await fetch(`${url.origin}/api/${op}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${url.hash.replace('#token=', '')}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      return { status: res.status, body: (await res.json()) as { error?: string; message?: string; id?: number; status?: string } };
    };
    try {
      const missing = await call('runs.retry', { id: 987654 });
      expect(missing).toEqual({ status: 404, body: { error: 'not_found', message: 'There is no run 987654.' } });
      const test = await call('recipes.sendTest', { id: 'generic-email' });
      expect(test.status).toBe(200);
      await waitUntil(() => engine.state.runs.get(test.body.id!)?.status === 'failed', 'the test run failing');
      const retried = await call('runs.retry', { id: test.body.id });
      expect([retried.status, retried.body.id, retried.body.status]).toEqual([200, test.body.id, 'queued']);
    } finally {
      await dashboard.close();
    }
  });
});
