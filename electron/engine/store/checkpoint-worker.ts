import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { dbPath, intervalMs } = workerData as { dbPath: string; intervalMs: number };
const db = new DatabaseSync(dbPath, { timeout: 1000 });
db.exec('PRAGMA synchronous = FULL');

const timer = setInterval(() => {
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or read-only: the next tick tries again.
  }
}, intervalMs);

parentPort?.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try {
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } catch {
    // The writer may still hold the WAL; it is checkpointed on the next start.
  }
  db.close();
  process.exit(0);
});
