import type { FastifyInstance } from 'fastify';
import type { AcceptAgainResult } from '../../../shared/relayed.ts';
import { HooktrayError } from '../../../shared/errors.ts';
import type { RefusedRelayedStore } from '../store/refused-relayed.ts';
import { ACCEPT_AGAIN_HEADER } from './relayed-intake.ts';

/**
 * "Accept again": runs a refused relayed delivery through the webhook listener once more, as it
 * came (same address, headers and body, so the relay's signature and receive time still hold),
 * with today's settings. Accepted: it is stored and its recipes run, and the kept copy goes.
 * Refused again: it stays, and the owner is told why.
 */
export async function acceptAgain(app: FastifyInstance, store: RefusedRelayedStore, token: string, id: number): Promise<AcceptAgainResult> {
  const kept = store.request(id);
  if (!kept) throw new HooktrayError('not_found', 'That refused delivery is no longer kept (it was accepted already, or removed).');
  const answer = await app.inject({
    method: kept.method as 'POST',
    url: kept.url,
    headers: { ...kept.headers, [ACCEPT_AGAIN_HEADER]: token },
    payload: Buffer.from(kept.body),
  });
  const body = (() => {
    try {
      return JSON.parse(answer.body) as { ok?: boolean; duplicate?: boolean; runs?: number; message?: string };
    } catch {
      return {};
    }
  })();
  if (answer.statusCode !== 200) return { accepted: false, message: `Still refused: ${body.message ?? `answer ${answer.statusCode}`}`, runs: 0 };
  store.remove(id);
  const runs = body.runs ?? 0;
  const message = body.duplicate
    ? 'Accepted: it had already arrived another way, so nothing ran twice.'
    : `Accepted: ${runs === 1 ? '1 recipe run was' : `${runs} recipe runs were`} started.`;
  return { accepted: true, message, runs };
}
