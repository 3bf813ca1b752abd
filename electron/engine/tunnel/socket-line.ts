import type { Duplex } from 'node:stream';
import { MAX_LINE_BYTES } from './relay-protocol.ts';

/**
 * The first line a socket sends (up to "\n"), bounded in size and time; bytes after it stay
 * unread for whoever uses the socket next. Rejects when the peer closes, sends too much or
 * takes too long, so a silent or hostile peer cannot hold the reader.
 */
export function readLine(socket: Duplex, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => done(new Error(`no answer within ${Math.round(timeoutMs / 100) / 10} s`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf(0x0a);
      if (end < 0) {
        if (buffered.length > MAX_LINE_BYTES) done(new Error('the first line is too long'));
        return;
      }
      const rest = buffered.subarray(end + 1);
      done(undefined, buffered.subarray(0, end + 1).toString('utf8'));
      if (rest.length) socket.unshift(rest);
    };
    const onEnd = () => done(new Error('the connection closed'));
    const onError = (error: Error) => done(error);
    function done(error: Error | undefined, line?: string) {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
      socket.pause();
      if (error) reject(error);
      else resolve(line!);
    }
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
  });
}
