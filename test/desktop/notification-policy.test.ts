import { describe, expect, it } from 'vitest';
import type { RunNotice } from '../../shared/activity.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';
import { NotificationPolicy } from '../../electron/desktop/notification-policy.ts';

const run = (over: Partial<RunNotice>): RunNotice => ({ id: 1, recipeId: 'hubspot', status: 'failed', attempt: 15, summary: 'New lead Acme', error: 'HubSpot refused the token (401)', test: false, ...over });
const online = (url: string, urlChanged: boolean): TunnelStatus => ({ state: 'online', since: '', url, publicWebhooks: {}, urlChanged });

describe('desktop notifications', () => {
  it('interrupts only for a run that gave up, not for retries, successes or tests', () => {
    const policy = new NotificationPolicy();
    expect(policy.onRun(run({ status: 'retrying' }), 'HubSpot', 0)).toBeUndefined();
    expect(policy.onRun(run({ status: 'succeeded' }), 'HubSpot', 0)).toBeUndefined();
    expect(policy.onRun(run({ test: true }), 'HubSpot', 0)).toBeUndefined();
    expect(policy.onRun(run({}), 'New lead → HubSpot', 0)).toEqual({ title: 'New lead → HubSpot failed', body: 'New lead Acme: HubSpot refused the token (401). Open Activity to retry it.', view: 'activity' });
  });

  it('says it once per recipe per quiet period, so a dead server does not flood the screen', () => {
    const policy = new NotificationPolicy({ quietMs: 60_000 });
    expect(policy.onRun(run({ id: 1 }), 'HubSpot', 1000)).toBeDefined();
    expect(policy.onRun(run({ id: 2 }), 'HubSpot', 30_000)).toBeUndefined();
    expect(policy.onRun(run({ id: 3, recipeId: 'email' }), 'Email', 30_000)).toBeDefined();
    expect(policy.onRun(run({ id: 4 }), 'HubSpot', 61_001)).toBeDefined();
  });

  it('tells the owner when the public address changed, once per new address', () => {
    const policy = new NotificationPolicy();
    expect(policy.onTunnel(online('https://a.loca.lt', false))).toBeUndefined();
    expect(policy.onTunnel({ state: 'reconnecting', since: '', reason: 'x', nextTryAt: '', attempt: 1 })).toBeUndefined();
    const changed = policy.onTunnel(online('https://b.loca.lt', true));
    expect(changed).toMatchObject({ title: 'Your public address changed', view: 'home', body: expect.stringContaining('https://b.loca.lt') });
    expect(changed!.body).not.toMatch(/webhook/i);
    expect(policy.onTunnel(online('https://b.loca.lt', true))).toBeUndefined();
  });
});
