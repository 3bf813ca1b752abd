import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TunnelConnection } from './tunnel-provider.ts';

/**
 * Sends `GET /healthz?probe=<nonce>` to the public URL, the way a platform would reach us, and
 * checks that it came back 200 *and* that our own tunnel carried it (another machine holding the
 * same name would answer too). Resolves with undefined when healthy, else the reason in plain
 * words. `server` is the tunnel server: *.localhost names are reached through it, since the
 * system resolver may not know them.
 */
export async function probeTunnel(connection: TunnelConnection, server: string, timeoutMs: number): Promise<string | undefined> {
  const nonce = randomUUID();
  const path = `/healthz?probe=${nonce}`;
  let carried = false;
  const unsubscribe = connection.onRequest((p) => {
    if (p === path) carried = true;
  });
  try {
    const status = await get(connection.url, server, path, timeoutMs);
    if (status !== 200) return `the public URL answered ${status} instead of reaching this computer`;
    if (!carried) return 'the public URL answered, but not through this computer’s tunnel';
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    unsubscribe();
  }
}

function get(publicUrl: string, server: string, path: string, timeoutMs: number): Promise<number> {
  const target = new URL(publicUrl);
  const via = target.hostname.endsWith('.localhost') ? new URL(server) : target;
  const secure = via.protocol === 'https:';
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: via.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: via.port || (secure ? 443 : 80),
        servername: secure ? via.hostname : undefined,
        method: 'GET',
        path,
        agent: false,
        // The public localtunnel server shows browsers a reminder page unless told not to.
        headers: { host: target.host, 'bypass-tunnel-reminder': '1', 'user-agent': 'Hooktray-health-probe' },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`the public URL did not answer within ${Math.round(timeoutMs / 100) / 10} s`)));
    req.once('error', (error) =>
      reject(error.message.startsWith('the public URL') ? error : new Error(`the public URL could not be reached (${error.message})`)),
    );
    req.end();
  });
}
