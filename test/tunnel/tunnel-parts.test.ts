import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicWebhooksOf } from '../../shared/tunnel.ts';
import { tunnelLine } from '../../electron/cli/tunnel-flags.ts';
import { reconnectDelay } from '../../electron/engine/tunnel/backoff.ts';
import { tunnelActivity } from '../../electron/engine/tunnel/tunnel-activity.ts';
import { parseRegistration } from '../../electron/relay/registration.ts';
import { hostnameOf, isTunnelName, portSuffixOf, randomTunnelName, tunnelNameFromHost } from '../../electron/relay/tunnel-names.ts';

describe('reconnect backoff', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 60_000 };
  it('doubles up to the cap and jitters within the upper half', () => {
    expect([1, 2, 3, 4].map((n) => reconnectDelay(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3].map((n) => reconnectDelay(n, policy, () => 0))).toEqual([500, 1000, 2000]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const delay = reconnectDelay(attempt, policy, () => r);
        return delay >= 500 && delay <= 60_000;
      }),
    );
  });
});

describe('relay names and registration paths', () => {
  it('accepts DNS labels of 4–63 characters and makes random ones that are valid', () => {
    expect(['shop', 'my-shop-1', 'a'.repeat(63)].every(isTunnelName)).toBe(true);
    expect(['abc', '-shop', 'shop-', 'Shop', 'sh_op', 'a'.repeat(64), 'a.b.c'].some(isTunnelName)).toBe(false);
    for (let i = 0; i < 200; i++) expect(isTunnelName(randomTunnelName())).toBe(true);
  });

  it('reads the name from the Host header only for <name>.<domain>', () => {
    expect(tunnelNameFromHost('shop-1.relay.example.com', 'relay.example.com')).toBe('shop-1');
    expect(tunnelNameFromHost('Shop-1.Relay.Example.com:443', 'relay.example.com')).toBe('shop-1');
    expect(tunnelNameFromHost('relay.example.com', 'relay.example.com')).toBeUndefined();
    expect(tunnelNameFromHost('a.b.relay.example.com', 'relay.example.com')).toBeUndefined();
    expect(tunnelNameFromHost('evilrelay.example.com', 'relay.example.com')).toBeUndefined();
    expect([hostnameOf('[::1]:8080'), portSuffixOf('127.0.0.1:8080'), portSuffixOf('relay.example.com'), portSuffixOf('[::1]')]).toEqual(['[::1]', ':8080', '', '']);
  });

  it('parses what the stock client sends, with and without a secret', () => {
    const q = (s: string) => new URLSearchParams(s);
    expect(parseRegistration('/', q('new'), undefined)).toEqual({ ok: true });
    expect(parseRegistration('/my-shop', q(''), undefined)).toEqual({ ok: true, name: 'my-shop' });
    expect(parseRegistration('/', q(''), undefined)).toBeUndefined();
    const secret = 's3cret-s3cret-s3cret';
    expect(parseRegistration(`/${secret}/`, q('new'), secret)).toEqual({ ok: true });
    expect(parseRegistration(`/${secret}/my-shop`, q(''), secret)).toEqual({ ok: true, name: 'my-shop' });
    expect(parseRegistration('/my-shop', q(''), secret)).toMatchObject({ ok: false, status: 403 });
    expect(parseRegistration(`/${secret}x/my-shop`, q(''), secret)).toMatchObject({ ok: false, status: 403 });
    expect(parseRegistration(`/${secret}/a/b`, q(''), secret)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('tunnel status as data', () => {
  const since = '2026-11-20T10:00:00.000Z';
  it('maps local webhook addresses to public ones, keeping the path', () => {
    expect(publicWebhooksOf({ shopify: 'http://127.0.0.1:8787/h/shopify/tok1', stripe: 'http://[::1]:8787/h/stripe/tok2' }, 'https://ht1.relay.example.com/')).toEqual({
      shopify: 'https://ht1.relay.example.com/h/shopify/tok1',
      stripe: 'https://ht1.relay.example.com/h/stripe/tok2',
    });
  });

  it('turns statuses into JSON lines and activity entries, loud when the URL changed, quiet when nothing changed', () => {
    const online = { state: 'online', since, url: 'https://a.example.com', publicWebhooks: { shopify: 'https://a.example.com/h/shopify/t' }, urlChanged: false } as const;
    expect(tunnelLine(online)).toEqual({ event: 'tunnel', status: 'online', url: 'https://a.example.com', urlChanged: false, public: { shopify: 'https://a.example.com/h/shopify/t' } });
    const down = { state: 'reconnecting', since, reason: 'cannot reach x', nextTryAt: since, attempt: 2 } as const;
    expect(tunnelLine(down)).toEqual({ event: 'tunnel', status: 'reconnecting', reason: 'cannot reach x', nextTryAt: since, attempt: 2, public: {} });
    expect(tunnelActivity({ ...online, urlChanged: true }, undefined, 'https://relay')).toMatchObject({ level: 'error', text: expect.stringContaining('Paste the new URL into Shopify') });
    expect(tunnelActivity(down, { ...down, attempt: 1 }, 'https://relay')).toBeUndefined();
    expect(tunnelActivity(down, { ...down, reason: 'other' }, 'https://relay')).toMatchObject({ level: 'warning' });
  });
});
