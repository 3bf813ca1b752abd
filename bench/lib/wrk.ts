import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOPIFY_SECRET } from '../../test/helpers/shopify.ts';
import { signedOrder } from './orders.ts';
import { scratchDir } from './processes.ts';

/**
 * Load from wrk (C, from Debian's package) rather than a Node load generator: on two cores a
 * Node generator signing each request tops out below what a bare Fastify server can answer,
 * so the "ceiling" would measure the generator. Each request is still a unique, correctly
 * signed ~2 KB order: the signatures are computed here, wrk's Lua script only substitutes.
 */
export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

const PLACEHOLDER = '777000777';

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  requests: number;
}

/** Writes the body template, one signature per order and the Lua script; returns the script path. */
export function prepareSignedOrders(count: number): string {
  const dir = scratchDir('hooktray-wrk-');
  const template = signedOrder(Number(PLACEHOLDER)).body;
  const signatures: string[] = [];
  for (let i = 1; i <= count; i++) {
    const body = template.replaceAll(PLACEHOLDER, String(i));
    signatures.push(createHmac('sha256', SHOPIFY_SECRET).update(body).digest('base64'));
  }
  writeFileSync(join(dir, 'template.json'), template);
  writeFileSync(join(dir, 'signatures.txt'), `${signatures.join('\n')}\n`);
  const lua = `
local template, signatures, index, step = nil, {}, 0, 1
function setup(thread)
  thread:set("offset", __thread_count or 0)
  __thread_count = (__thread_count or 0) + 1
end
function init(args)
  local f = io.open("${dir}/template.json", "rb"); template = f:read("*a"); f:close()
  for line in io.lines("${dir}/signatures.txt") do signatures[#signatures + 1] = line end
  step = tonumber(args[1]) or 1
  index = offset + (tonumber(args[2]) or 0)
end
function request()
  index = index + step
  if index > #signatures then index = (index % #signatures) + 1 end
  local n = tostring(index)
  local body = template:gsub("${PLACEHOLDER}", n)
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-Shopify-Topic"] = "orders/create",
    ["X-Shopify-Hmac-Sha256"] = signatures[index],
    ["X-Shopify-Shop-Domain"] = "demo-shop.myshopify.com",
    ["X-Shopify-Event-Id"] = "wrk-" .. n,
  }, body)
end
`;
  const script = join(dir, 'orders.lua');
  writeFileSync(script, lua);
  return script;
}

/**
 * Runs wrk with `threads` threads (each takes every threads-th order, so none repeats), starting
 * after order `from`: a run that follows a warm-up on the same server passes how far the warm-up
 * got, or its first orders would be duplicates the server stores nothing for.
 */
export function runWrk(url: string, script: string, connections: number, durationS: number, threads = 2, from = 0): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', [
      `-t${threads}`,
      `-c${connections}`,
      `-d${durationS}s`,
      '--latency',
      '--timeout',
      '10s',
      '-s',
      script,
      url,
      '--',
      String(threads),
      String(from),
    ]);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const ms = (text: string | undefined) => {
        const m = /([\d.]+)(us|ms|s)/.exec(text ?? '');
        if (!m) return NaN;
        const v = Number(m[1]);
        return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
      };
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
      if (!Number.isFinite(rps)) return reject(new Error(`could not read wrk's output:\n${out}`));
      const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
      resolve({
        rps: Math.round(rps),
        p50: ms(/\s50%\s+(\S+)/.exec(out)?.[1]),
        p99: ms(/\s99%\s+(\S+)/.exec(out)?.[1]),
        max: ms(/Latency\s+\S+\s+\S+\s+(\S+)/.exec(out)?.[1]),
        errors: non2xx + socketErrors,
        requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
      });
    });
  });
}
