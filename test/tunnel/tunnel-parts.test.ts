import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicWebhooksOf } from '../../shared/tunnel.ts';
import { tunnelLine } from '../../electron/cli/tunnel-flags.ts';
import { reconnectDelay } from '../../electron/engine/tunnel/backoff.ts';
import { tunnelActivity } from '../../electron/engine/tunnel/tunnel-activity.ts';
import { plainProblem } from '../../electron/engine/tunnel/tunnel-problems.ts';
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
    expect([hostnameOf('[::1]:8080'), portSuffixOf('127.0.0.1:8080'), portSuffixOf('relay.example.com'), portSuffixOf('[::1]')]).toEqual([
      '[::1]',
      ':8080',
      '',
      '',
    ]);
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
    expect(
      publicWebhooksOf({ shopify: 'http://127.0.0.1:8787/h/shopify/tok1', stripe: 'http://[::1]:8787/h/stripe/tok2' }, 'https://ht1.relay.example.com/'),
    ).toEqual({
      shopify: 'https://ht1.relay.example.com/h/shopify/tok1',
      stripe: 'https://ht1.relay.example.com/h/stripe/tok2',
    });
  });

  it('turns statuses into JSON lines and activity entries, loud when the URL changed, quiet when nothing changed', () => {
    const online = {
      state: 'online',
      since,
      url: 'https://a.example.com',
      publicWebhooks: { shopify: 'https://a.example.com/h/shopify/t' },
      urlChanged: false,
    } as const;
    expect(tunnelLine(online)).toEqual({
      event: 'tunnel',
      status: 'online',
      url: 'https://a.example.com',
      urlChanged: false,
      public: { shopify: 'https://a.example.com/h/shopify/t' },
    });
    const down = { state: 'reconnecting', since, reason: 'cannot reach x', nextTryAt: since, attempt: 2 } as const;
    expect(tunnelLine(down)).toEqual({ event: 'tunnel', status: 'reconnecting', reason: 'cannot reach x', nextTryAt: since, attempt: 2, public: {} });
    expect(tunnelActivity({ ...online, urlChanged: true }, undefined, 'https://relay')).toMatchObject({
      level: 'error',
      text: expect.stringContaining('Paste the new URL into Shopify'),
    });
    expect(tunnelActivity(down, { ...down, attempt: 1 }, 'https://relay')).toBeUndefined();
    expect(tunnelActivity(down, { ...down, reason: 'other' }, 'https://relay')).toMatchObject({ level: 'warning' });
  });
});

describe("tunnel problems in an owner's words", () => {
  it('turns error codes and server messages into sentences, naming the server but no code', () => {
    const lt = 'https://localtunnel.me';
    const cases: [string, string][] = [
      [
        'cannot reach https://localtunnel.me (ENOTFOUND)',
        'This computer cannot reach the public-address service (localtunnel.me): is it connected to the internet?',
      ],
      [
        'cannot reach https://localtunnel.me (EAI_AGAIN)',
        'This computer cannot reach the public-address service (localtunnel.me): is it connected to the internet?',
      ],
      ['cannot reach https://localtunnel.me (ECONNREFUSED)', 'The public-address service (localtunnel.me) is not accepting connections right now.'],
      ['the connection to https://localtunnel.me broke (read ECONNRESET)', 'The connection to the public-address service (localtunnel.me) dropped.'],
      ['https://localtunnel.me did not open the tunnel within 20 s', 'The public-address service (localtunnel.me) is not answering.'],
      ['https://localtunnel.me refused the tunnel: it answered 503 Service Unavailable', 'The public-address service (localtunnel.me) is having an outage.'],
      [
        'https://localtunnel.me refused the tunnel: it answered 429 Too Many Requests',
        'The public-address service (localtunnel.me) is limiting how often Hooktray may reconnect; it will try again.',
      ],
      [
        'https://localtunnel.me refused the tunnel: this relay needs its secret in the address',
        'The public-address service (localtunnel.me) refused Hooktray: check the server address in Settings → Public address (it may need its secret).',
      ],
      ['cannot reach https://localtunnel.me (CERT_HAS_EXPIRED)', 'The public-address service (localtunnel.me) has a certificate this computer does not trust.'],
      ['the public URL did not answer within 15 s', 'Your public address stopped answering: messages from your shops may not reach this computer.'],
      ['the public URL answered 404 instead of reaching this computer', 'Your public address stopped reaching this computer.'],
      ['the public URL answered, but not through this computer’s tunnel', 'Your public address is being answered by another computer, not this one.'],
      ['something nobody foresaw', 'The public address is down.'],
    ];
    for (const [raw, plain] of cases) expect(plainProblem(raw, lt), raw).toBe(plain);
    for (const [raw] of cases) expect(plainProblem(raw, lt)).not.toMatch(/\bE[A-Z_]{3,}\b|CERT_|webhook|\btunnel\b/);
  });

  it('keeps the technical cause beside the words in the activity entry, and speaks of shops, not webhooks', () => {
    const since = '2026-11-20T10:00:00.000Z';
    const entry = tunnelActivity(
      {
        state: 'reconnecting',
        since,
        reason: 'The connection to the public-address service (localtunnel.me) dropped.',
        detail: 'read ECONNRESET',
        nextTryAt: since,
        attempt: 1,
      },
      undefined,
      'https://localtunnel.me',
    );
    expect(entry).toMatchObject({ level: 'warning', detail: 'read ECONNRESET' });
    expect(entry!.text).not.toMatch(/webhook|ECONNRESET/i);
    const off = tunnelActivity(
      {
        state: 'offline',
        since,
        reason: 'The public address is turned off, so your shops can reach Hooktray only from this computer or its network.',
        detail: 'tunnel.provider is "none" in the settings',
      },
      undefined,
      'x',
    );
    expect(off!.text).not.toContain('tunnel.provider');
    expect(off!.detail).toContain('tunnel.provider');
  });
});
