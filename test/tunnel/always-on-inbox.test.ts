import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/contract.ts';
import type { RefusedRelayed } from '../../shared/relayed.ts';
import { spawnCli } from '../helpers/cli.ts';
import { captureTunnelLeg } from '../helpers/leg-capture.ts';
import { SECRETS, stripeSignature } from '../helpers/platforms.ts';
import { relayRequest, spawnRelay, type SpawnedRelay } from '../helpers/relay.ts';
import { SHOPIFY_SECRET, shopifyHeaders, shopifyOrder } from '../helpers/shopify.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { selfSignedCert } from '../helpers/tls-cert.ts';
import { waitUntil } from '../helpers/wait.ts';

const CLOCK_OFFSET = fileURLToPath(new URL('../support/clock-offset.mjs', import.meta.url));
const RELAY_SECRET = 'e2e-relay-secret-0123456789';
const ROLLED_STRIPE_SECRET = 'whsec_rolled_on_saturday_0123';
const TEN_MINUTES = 10 * 60_000;

/** A Stripe payment_intent.succeeded event, as Stripe sends it. */
function stripePayment(n: number, secret = SECRETS.stripe, signedAt = Date.now()) {
  const body = JSON.stringify({
    id: `evt_e2e_${n}`,
    object: 'event',
    api_version: '2025-10-29',
    created: Math.floor(signedAt / 1000),
    livemode: false,
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: `pi_e2e_${n}`,
        object: 'payment_intent',
        amount: 2500 + n,
        amount_received: 2500 + n,
        currency: 'eur',
        status: 'succeeded',
        receipt_email: `payer${n}@example.com`,
      },
    },
  });
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignature(body, secret, Math.floor(signedAt / 1000)) } };
}

/** `hooktray serve` with its tunnel through the relay; `clockAheadMs` starts it "later" (test/support/clock-offset.mjs). */
async function startHooktray(dataDir: string, clockAheadMs = 0) {
  const cli = spawnCli(
    ['serve', '--data-dir', dataDir, '--port', '0', '--json'],
    clockAheadMs ? { env: { NODE_OPTIONS: `--import=${CLOCK_OFFSET}`, HOOKTRAY_TEST_CLOCK_OFFSET_MS: String(clockAheadMs) } } : {},
  );
  const ready = (await cli.waitForLine((l) => l.event === 'ready', 'the ready line')) as { webhooks: Record<string, string>; dashboard: string };
  const online = (await cli.waitForLine((l) => l.event === 'tunnel' && l.status === 'online', 'the tunnel online', 30_000)) as {
    url: string;
    public: Record<string, string>;
  };
  const dashboard = new URL(ready.dashboard);
  const token = dashboard.hash.replace('#token=', '');
  const call = async <T>(op: string, args: unknown = {}): Promise<T> => {
    const res = await fetch(`${dashboard.origin}/api/${op}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    return (await res.json()) as T;
  };
  return { cli, ready, online, call };
}

const keptAt = async (relay: SpawnedRelay, name: string, key: string) => {
  const answer = await relayRequest(relay.port, {
    host: `127.0.0.1:${relay.port}`,
    path: `/api/tunnels/${name}/status`,
    headers: { authorization: `Bearer ${key}` },
  });
  return (JSON.parse(answer.body) as { kept: { count: number } }).kept.count;
};

describe('the always-on inbox, end to end (issue 14: real relay and Hooktray processes, TLS on)', () => {
  it('keeps 253 deliveries through a relay kill -9, and each runs exactly once when Hooktray is back 10 minutes later', { timeout: 240_000 }, async () => {
    const smtp = await startSmtp();
    const cert = selfSignedCert();
    const relayDir = tempDir();
    const relayArgs = ['--tls-cert', cert.cert, '--tls-key', cert.key, '--require-tls', '--data-dir', relayDir, '--grace', '1'];
    let relay = await spawnRelay(relayArgs, { secret: RELAY_SECRET });
    const leg = await captureTunnelLeg(relay.port, `/${RELAY_SECRET}`);
    const dataDir = tempDir();
    const settingsFile = join(dataDir, 'settings.json');
    writeFileSync(
      settingsFile,
      JSON.stringify({
        sources: { shopify: { secret: SHOPIFY_SECRET }, stripe: { secret: SECRETS.stripe } },
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Shop <shop@example.com>' },
        recipes: [
          { recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } },
          { recipe: 'stripe-payment-email', settings: { to: ['team@example.com'] } },
        ],
        tunnel: { provider: 'localtunnel', host: leg.host, fingerprint: cert.fingerprint },
      }),
    );

    // Friday: Hooktray claims its name over TLS (the relay gives it the name key), then the laptop closes.
    const friday = await startHooktray(dataDir);
    const name = new URL(friday.online.url).hostname.split('.')[0]!;
    const addresses = friday.online.public;
    friday.cli.child.kill('SIGTERM');
    expect((await friday.cli.exited).code).toBe(0);
    const nameKey = Object.values((JSON.parse(readFileSync(settingsFile, 'utf8')) as { tunnel: { nameKeys: Record<string, string> } }).tunnel.nameKeys)[0]!;
    await waitUntil(
      async () =>
        JSON.parse((await relayRequest(relay.port, { host: `127.0.0.1:${relay.port}`, path: `/api/tunnels/${name}/status` })).body).connected_sockets === 0,
      'Hooktray gone',
    );

    // The weekend: 200 orders, 50 payments, and 3 payments signed with a secret the owner rolled in
    // Stripe but not in Hooktray. Each is sent until the relay answers 2xx, as platforms retry.
    const deliveries = [
      ...Array.from({ length: 200 }, (_, i) => ({
        kind: 'order',
        n: i + 1,
        path: new URL(addresses.shopify!).pathname,
        host: new URL(addresses.shopify!).host,
        ...(() => {
          const body = JSON.stringify(shopifyOrder(i + 1));
          return { body, headers: shopifyHeaders(body) };
        })(),
      })),
      ...Array.from({ length: 50 }, (_, i) => ({
        kind: 'payment',
        n: i + 1,
        path: new URL(addresses.stripe!).pathname,
        host: new URL(addresses.stripe!).host,
        ...stripePayment(i + 1),
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        kind: 'payment',
        n: 100 + i,
        path: new URL(addresses.stripe!).pathname,
        host: new URL(addresses.stripe!).host,
        ...stripePayment(100 + i, ROLLED_STRIPE_SECRET),
      })),
    ];
    const answered = new Set<number>();
    let answeredBeforeKill = -1;
    let relayBack: Promise<void> | undefined;
    const sendUntilKept = async (index: number) => {
      const d = deliveries[index]!;
      for (;;) {
        await relayBack;
        const answer = await relayRequest(relay.port, {
          host: d.host,
          method: 'POST',
          path: d.path,
          headers: d.headers,
          body: d.body,
          timeoutMs: 10_000,
        }).catch(() => undefined);
        if (answer?.status === 200) {
          expect(answer.body).toBe('{"kept":true}');
          answered.add(index);
          return;
        }
        await new Promise((r) => setTimeout(r, 50)); // a platform's retry, shortened
      }
    };
    let next = 0;
    const worker = async () => {
      while (next < deliveries.length) {
        await sendUntilKept(next++);
        // Halfway: the relay is killed (no chance to flush anything) and started again on the same port.
        if (answered.size >= deliveries.length / 2 && answeredBeforeKill < 0) {
          answeredBeforeKill = answered.size;
          relayBack = (async () => {
            relay.child.kill('SIGKILL');
            await relay.exited;
            relay = await spawnRelay(relayArgs, { secret: RELAY_SECRET, port: relay.port });
            // Every delivery it had answered 2xx is still kept (a retried one may be kept twice; Hooktray dedupes).
            expect(await keptAt(relay, name, nameKey)).toBeGreaterThanOrEqual(answeredBeforeKill);
          })();
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await relayBack;
    expect(answered.size).toBe(253);
    expect(await keptAt(relay, name, nameKey)).toBeGreaterThanOrEqual(253);

    // Monday, ten minutes (of Hooktray's clock) after the last of them: every one is handed over.
    const monday = await startHooktray(dataDir, TEN_MINUTES);
    expect(monday.online.url).toBe(friday.online.url);
    await waitUntil(async () => (await keptAt(relay, name, nameKey)) === 0, 'the relay to hand everything over', 120_000, 200);
    const refused = await waitUntil(async () => {
      const list = await monday.call<RefusedRelayed[]>('relayed.refused');
      return list.length === 3 ? list : undefined;
    }, 'the three payments signed with the rolled secret to be kept as refused');
    expect(refused.every((r) => r.code === 'bad_signature' && r.source === 'stripe')).toBe(true);

    // The owner pastes the rolled secret and accepts them again.
    await monday.call('settings.update', { sources: { stripe: { secret: ROLLED_STRIPE_SECRET } } });
    for (const r of refused) expect(await monday.call('relayed.acceptAgain', { id: r.id })).toMatchObject({ accepted: true, runs: 1 });

    const done = await waitUntil(
      async () => {
        const status = await monday.call<EngineStatus>('status.get');
        return status.runs.succeeded === 253 && status.runs.queued + status.runs.running + status.runs.retrying + status.runs.failed === 0 ? status : undefined;
      },
      'all 253 runs to finish',
      120_000,
      200,
    );
    expect(done.runs.succeeded).toBe(253);
    // Exactly once, each: counted at the SMTP server.
    const subjects = smtp.mails.map((m) => m.subject);
    expect(subjects).toHaveLength(253);
    for (let n = 1; n <= 200; n++) expect(subjects.filter((s) => s.startsWith(`New order #${1000 + n} `))).toHaveLength(1);
    for (const n of [...Array.from({ length: 50 }, (_, i) => i + 1), 100, 101, 102])
      expect(subjects.filter((s) => s.endsWith(` from payer${n}@example.com`))).toHaveLength(1);

    // Home says what happened.
    const summary = await monday.call<{ relay?: string }>('offline.summary');
    expect(summary.relay).toMatch(
      /^Your relay kept 25[3-9] deliveries while this computer was away \(\w{3} \d\d:\d\d – \w{3} \d\d:\d\d\); all were handed over and ran\.$/,
    );

    // A forged X-Hooktray-Relayed-At (no valid relay signature) does not widen Stripe's window:
    // straight to Hooktray, or through the relay (which does not pass it on).
    const late = stripePayment(999, ROLLED_STRIPE_SECRET);
    const forged = { ...late.headers, 'x-hooktray-relayed-at': new Date().toISOString(), 'x-hooktray-relay-signature': `v1=${'0'.repeat(64)}` };
    const direct = await fetch(monday.ready.webhooks.stripe!, { method: 'POST', headers: forged, body: late.body });
    expect([direct.status, ((await direct.json()) as { error: string }).error]).toEqual([401, 'stale_timestamp']);
    const viaRelay = await relayRequest(relay.port, {
      host: new URL(addresses.stripe!).host,
      method: 'POST',
      path: new URL(addresses.stripe!).pathname,
      headers: forged,
      body: late.body,
    });
    expect([viaRelay.status, JSON.parse(viaRelay.body).error]).toEqual([401, 'stale_timestamp']);
    expect(smtp.mails).toHaveLength(253);

    // Nobody on the path between Hooktray and the relay saw an order or a payment.
    expect(leg.bytes()).toBeGreaterThan(253 * 1000);
    for (let n = 1; n <= 200; n++) expect(leg.text()).not.toContain(`buyer${n}@example.com`);
    for (let n = 1; n <= 50; n++) expect(leg.text()).not.toContain(`payer${n}@example.com`);
    expect(leg.text()).not.toContain(nameKey);
  });
});
