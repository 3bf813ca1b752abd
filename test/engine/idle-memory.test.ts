import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { releaseIdleMemory } from '../../electron/engine/idle-memory.ts';

describe('giving idle memory back', () => {
  it('runs V8’s memory-reducing collection and keeps gc away from every other piece of code', async () => {
    expect(releaseIdleMemory()).toBe(true);
    expect(releaseIdleMemory()).toBe(true);
    expect('gc' in globalThis).toBe(false);
    // A thread started afterwards (as the journal writer is) gets no gc either.
    const seen = await new Promise((resolve, reject) => {
      const worker = new Worker("require('node:worker_threads').parentPort.postMessage(typeof globalThis.gc)", { eval: true });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(seen).toBe('undefined');
  });
});
