import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../shared/log-line.ts';
import type { Run } from '../../shared/runs.ts';
import type { ApiArgs, ApiName, ApiResult } from '../../shared/contract.ts';
import { clockTime } from '../../shared/clock-time.ts';
// The window's global declarations, which the renderer's store below type-checks against.
import type {} from '../../renderer/src/env.d.ts';
import { useStatusStore } from '../../renderer/src/stores/status-store.ts';
import { setTransport } from '../../renderer/src/stores/transport-ref.ts';
import { startEngine } from '../helpers/engine.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { waitUntil } from '../helpers/wait.ts';

// Half an hour off UTC, so a retry time read off the ISO string (UTC) can never pass for local.
process.env.TZ = 'Asia/Kolkata';

describe('a run line heard live and the same run loaded from the store', () => {
  it('read the same, retry time on the local clock', async () => {
    const smtp = await startSmtp();
    smtp.down = true; // 451: the run will be tried again, minutes from now
    const started = await startEngine({
      sources: { shopify: { secret: SHOPIFY_SECRET } },
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Shop <shop@example.com>' },
      runner: { baseDelayMs: 10 * 60_000, maxDelayMs: 10 * 60_000 },
      recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
    });
    const { engine } = started;
    const notices: Run[] = [];
    const lines: LogLine[] = [];
    engine.events.on('run', (n) => notices.push(n));
    engine.events.on('log', (a) => a.runId !== undefined && lines.push(a));

    const body = JSON.stringify(shopifyOrder(7));
    await fetch(started.webhooks.shopify, { method: 'POST', headers: shopifyHeaders(body), body });
    const notice = await waitUntil(() => notices.find((n) => n.status === 'retrying'), 'the first attempt to fail');
    const live = await waitUntil(() => lines.find((l) => l.runId === notice.id), 'the run line');

    const at = clockTime(notice.nextAttemptAt!);
    expect(at).not.toBe(notice.nextAttemptAt!.slice(11, 16)); // the time zone took effect
    expect(live.level).toBe('warning');
    expect(live.text).toContain(`(retrying at ${at})`);
    // One shape: the live run is the run as the store answers it.
    expect((await engine.api['runs.list']({})).find((r) => r.id === notice.id)).toEqual(notice);

    // The window, started after the line went by, words the stored run itself.
    setActivePinia(createPinia());
    setTransport({
      call: <N extends ApiName>(name: N, args: ApiArgs<N>) => (engine.api[name] as (a: ApiArgs<N>) => Promise<ApiResult<N>>)(args),
      subscribe: () => () => {},
    });
    const store = useStatusStore();
    await store.refresh();
    expect(store.error).toBe('');
    await store.loadRecent();
    expect(store.recent).toEqual([expect.objectContaining({ level: live.level, text: live.text, runId: notice.id })]);
    await smtp.stop();
  });
});
