import type { Socket } from 'node:net';
import { parseHello, replyLine, type Hello, type HelloReply } from '../engine/tunnel/relay-protocol.ts';
import { readLine } from '../engine/tunnel/socket-line.ts';

/** One registration of a name: the sockets it may open must come from `address`. */
export interface TunnelClaim {
  /** Later claims replace the sockets of earlier ones. */
  seq: number;
  address: string;
  /** Hooktray's client: the key each socket must start with. Undefined for the stock client. */
  socketKey?: string;
}

export type GateVerdict = { ok: true; claim: TunnelClaim; issuedNameKey?: string; issuedKeyId?: string } | { ok: false; message: string };

const HELLO_TIMEOUT_MS = 10_000;

/**
 * Reads a Hooktray socket's proof line and answers it. `decide` runs synchronously right after
 * the line arrived, so two sockets can never both be the first to prove a name. Nothing but the
 * answer is sent to a socket before it passed; after a refusal the caller closes it.
 */
export async function provenSocket(socket: Socket, decide: (hello: Hello | undefined) => GateVerdict): Promise<GateVerdict> {
  let line: string;
  try {
    line = await readLine(socket, HELLO_TIMEOUT_MS);
  } catch (error) {
    return { ok: false, message: `no proof of the registration (${(error as Error).message})` };
  }
  const verdict = decide(parseHello(line));
  const reply: HelloReply = verdict.ok ? { ok: true, ...(verdict.issuedNameKey ? { nameKey: verdict.issuedNameKey } : {}) } : verdict;
  if (!socket.destroyed) socket.write(replyLine(reply));
  return verdict;
}
