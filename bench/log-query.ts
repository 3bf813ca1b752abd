// Log queries: with 100k stored events (5 sources, runs in every status), the activity page
// query (newest 100; by source and status; text search of summaries, emails, companies, SKUs and
// cities; a deep page; Tests) and its counts and Home's stats.daily (14, 30, 90 days) p50/p99, beside a baseline
// that reads the newest 100 rows of the events table alone. Run: npm run bench -- log-query
import { join } from 'node:path';
import { ActivityQuery, type ActivityFilter } from '../electron/engine/store/activity-query.ts';
import { openDatabase } from '../electron/engine/store/database.ts';
import { JournalWriter } from '../electron/engine/store/journal-writer.ts';
import type { DeliveryRecord } from '../electron/engine/store/journal-records.ts';
import { JournalWrites } from '../electron/engine/store/journal-writes.ts';
import { DailyStatsQuery } from '../electron/engine/store/daily-stats-query.ts';
import { platformIntake } from '../electron/engine/store/platform-intake.ts';
import { RunStore } from '../electron/engine/store/runs.ts';
import { MIGRATIONS } from '../electron/engine/store/schema.ts';
import { searchText } from '../electron/engine/store/search-text.ts';
import type { HooktrayEvent } from '../shared/events.ts';
import { percentile, printJsonLine, printTable, round } from './lib/report.ts';
import { scratchDir } from './lib/processes.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const QUERIES = 300;
/** The events arrive evenly over the 90 days before END, so the longest chart period holds all of them. */
const END = 1_760_000_000_000;
const SPACING = Math.floor((90 * 86_400_000) / EVENTS);
const SOURCES = ['shopify', 'woocommerce', 'stripe', 'clinchpad', 'mailchimp'];

const NAMES = ['Jane Doe', 'Lena Berg', 'Kim Lee', 'Ola Nordmann', 'Mia Rossi', 'Sam Roe', 'Ana Gomez'];
const CITIES = ['Berlin', 'Hamburg', 'Oslo', 'Rome', 'Madrid', 'Leeds', 'Lyon', 'Graz', 'Porto', 'Turku'];
const ITEMS = ['Blue mug', 'Tea towel', 'Sourdough starter kit', 'Linen apron', 'Oak board', 'Honey jar'];

/** An order as a platform's source turns it into an event, with what search-text.ts indexes of it. */
function orderEvent(i: number, source: string): HooktrayEvent {
  const name = `${NAMES[i % NAMES.length]} ${i}`;
  const items = [ITEMS[i % ITEMS.length]!, ITEMS[(i * 7) % ITEMS.length]!];
  return {
    type: 'order.created',
    source: source as HooktrayEvent['source'],
    platformEvent: 'orders/create',
    key: `k${i}`,
    occurredAt: '',
    summary: `Order #${10_000 + i} from ${name}, ${(i % 90) + 10}.00 EUR`,
    person: { name, email: `customer${i}@example.com`, phone: `+49 30 ${1_000_000 + i}`, company: `Company ${i % 5000} GmbH` },
    order: { id: String(i), number: `#${10_000 + i}`, lineItems: items.map((title, n) => ({ title, quantity: 1, sku: `SKU-${(i * 3 + n) % 9000}` })) },
    data: { billing_address: { city: CITIES[i % CITIES.length] } },
  };
}

function fill(dataDir: string): void {
  const db = openDatabase({ dataDir });
  db.exec('PRAGMA synchronous = OFF'); // filling only; the measured reads do not care
  const writes = new JournalWrites(db);
  const body = new Uint8Array(Buffer.from('{"id":1}'));
  for (let start = 0; start < EVENTS; start += 1000) {
    const batch: DeliveryRecord[] = [];
    for (let i = start; i < Math.min(EVENTS, start + 1000); i++) {
      const source = SOURCES[i % SOURCES.length]!;
      const event = orderEvent(i, source);
      batch.push({
        source,
        platformId: `p${i}`,
        platformEvent: 'orders/create',
        // One in 200 is a Send test event (Activity → Tests).
        origin: i % 200 === 0 ? 'test' : 'webhook',
        receivedAt: END - (EVENTS - i) * SPACING,
        headers: '{}',
        body,
        test: i % 200 === 0,
        events: [
          {
            source,
            key: event.key,
            type: event.type,
            platformEvent: event.platformEvent,
            summary: event.summary,
            search: searchText(event),
            occurredAt: '',
            json: '{}',
            recipes: ['email-team'],
          },
        ],
      });
    }
    writes.acceptBatch(batch);
  }
  // What the journal writer does while writes pause: fill the text search index.
  while (writes.indexSearch(5000) > 0);
  // The most refusals the journal keeps (RejectionLog), spread over the platforms, for platforms.intake.
  const refuse = db.prepare("INSERT INTO rejections (at, source, status, code, message, headers, excerpt) VALUES (?, ?, 401, 'bad_signature', 'x', '{}', '')");
  for (let i = 0; i < 5000; i++) refuse.run(1_760_000_000_000 + i * 20_000, SOURCES[i % SOURCES.length]!);
  db.exec(`UPDATE runs SET status = CASE id % 5 WHEN 0 THEN 'failed' WHEN 1 THEN 'retrying' ELSE 'succeeded' END, attempts = 1`);
  // The statuses were set behind the writer's back: count the days again as the migration does.
  db.exec(`DROP TABLE day_counts; ${MIGRATIONS.find((step) => step.includes('CREATE TABLE day_counts'))!}`);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;');
  db.close();
}

function time(fn: () => unknown): number[] {
  for (let i = 0; i < 20; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b);
}

export async function runLogQuery(): Promise<void> {
  const dataDir = scratchDir('hooktray-logq-');
  fill(dataDir);
  const db = openDatabase({ dataDir });
  const journal = new JournalWriter(join(dataDir, 'hooktray.db'));
  const activity = new ActivityQuery(db, new RunStore(db, journal));
  const middle = Math.floor(EVENTS / 2);
  const daily = new DailyStatsQuery(db);
  const baseline = db.prepare('SELECT id, summary FROM events ORDER BY id DESC LIMIT 100');
  const cases: [string, () => unknown][] = [
    ['baseline: newest 100 rows of events', () => baseline.all()],
    ['newest 100 with their runs', () => activity.list({ limit: 100 })],
    ['source + status (stripe, failed)', () => activity.list({ source: 'stripe', status: 'failed' } satisfies ActivityFilter)],
    ['text search, common ("Jane")', () => activity.list({ search: 'Jane' })],
    ['text search, rare (one order number)', () => activity.list({ search: `#${10_000 + 123}` })],
    ['text search, one email', () => activity.list({ search: 'customer4242@example.com' })],
    ['text search, a company (20 orders)', () => activity.list({ search: 'Company 4242 GmbH' })],
    ['text search, a SKU', () => activity.list({ search: 'SKU-8123' })],
    ['text search, a city (10k orders)', () => activity.list({ search: 'Porto' })],
    ['source + status + search', () => activity.list({ source: 'shopify', status: 'succeeded', search: 'Kim' })],
    ['its count (the height of the list)', () => activity.count({ source: 'shopify', status: 'succeeded', search: 'Kim' })],
    ['deep page (beforeId in the middle)', () => activity.list({ beforeId: middle })],
    ['Tests (1 delivery in 200)', () => activity.list({ tests: true })],
    ['count: status alone (failed; tests left out)', () => activity.count({ status: 'failed' })],
    ['count: source + status', () => activity.count({ source: 'stripe', status: 'failed' })],
    ['count: Tests', () => activity.count({ tests: true })],
    ['stats.daily, 14 days', () => daily.daily(14, END)],
    ['stats.daily, 30 days', () => daily.daily(30, END)],
    ['stats.daily, 90 days', () => daily.daily(90, END)],
    ['platforms.intake (every platform, 5,000 refusals)', () => platformIntake(db)],
  ];
  const rows = cases.map(([name, fn]) => {
    const samples = time(fn);
    return { query: name, 'p50 ms': round(percentile(samples, 50), 3), 'p99 ms': round(percentile(samples, 99), 3) };
  });
  printTable(`Log queries over ${EVENTS.toLocaleString('en')} stored events (${QUERIES} runs each)`, rows);
  for (const row of rows) printJsonLine({ bench: 'log-query', events: EVENTS, query: row.query, p50_ms: row['p50 ms'], p99_ms: row['p99 ms'] });
  await journal.close();
  db.close();
}

if (import.meta.main) await runLogQuery();
