/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
 * Append new steps, never edit a shipped one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  -- One row per verified request, byte-exact, so a recipe can be replayed from what really came in.
  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    platform_id TEXT,            -- the platform's delivery/event id, for dropping redeliveries
    platform_event TEXT NOT NULL,
    origin TEXT NOT NULL,        -- webhook | catch-up | test
    received_at INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    UNIQUE (source, platform_id)
  ) STRICT;

  -- The common events a delivery carried (a batched Mautic POST carries several).
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
    source TEXT NOT NULL,
    key TEXT NOT NULL,
    type TEXT NOT NULL,
    platform_event TEXT NOT NULL,
    summary TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    event TEXT NOT NULL,         -- the HooktrayEvent as JSON
    UNIQUE (source, key)
  ) STRICT;

  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    recipe_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    budget_from INTEGER NOT NULL DEFAULT 0, -- attempts before the last manual retry don't count against the limit
    next_attempt_at INTEGER,
    last_error TEXT,
    detail TEXT,
    test INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX runs_due ON runs (status, next_attempt_at);
  CREATE INDEX runs_event ON runs (event_id);

  CREATE TABLE attempts (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    n INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT,
    detail TEXT,
    PRIMARY KEY (run_id, n)
  ) STRICT;

  -- Requests we refused, without their bodies beyond a short excerpt.
  CREATE TABLE rejections (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    source TEXT NOT NULL,
    status INTEGER NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    headers TEXT NOT NULL,
    excerpt TEXT NOT NULL
  ) STRICT;
  CREATE INDEX rejections_at ON rejections (at DESC);
  `,
  `
  -- When Hooktray could not receive (not running, tunnel down), so catch-up knows what to fetch
  -- and the owner can be told what each platform will and will not resend.
  CREATE TABLE offline_periods (
    id INTEGER PRIMARY KEY,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,             -- NULL while still offline
    reason TEXT NOT NULL
  ) STRICT;
  CREATE INDEX events_source ON events (source, id);
  CREATE INDEX runs_status_event ON runs (status, event_id);
  `,
  `
  -- Was: the activity view's trigram index (events_search). It is now made after the migrations,
  -- only where this SQLite has FTS5 with the trigram tokenizer (text-search.ts): a journal must
  -- open on a SQLite without them. Journals that ran this step keep the table they got.
  SELECT 1;
  `,
  `
  -- Catch-up, per platform: how far it has fetched for sure (advanced only after a catch-up of
  -- that platform succeeded), and what catch-ups found for each offline period they covered.
  CREATE TABLE catch_up_marks (
    source TEXT PRIMARY KEY,
    caught_up_through INTEGER NOT NULL   -- everything the platform had before this time was fetched
  ) STRICT;
  CREATE TABLE catch_up_results (
    period_id INTEGER NOT NULL REFERENCES offline_periods(id),
    source TEXT NOT NULL,
    checked_at INTEGER NOT NULL,
    succeeded INTEGER NOT NULL DEFAULT 0,
    fresh INTEGER NOT NULL DEFAULT 0,    -- events caught up for this period, over every catch-up that covered it
    baseline INTEGER NOT NULL DEFAULT 0, -- a first look without a time filter: what existed was recorded as seen
    error TEXT,                          -- the last failure while none had succeeded yet
    PRIMARY KEY (period_id, source)
  ) STRICT;
  -- The public address changed after this period: platforms' retries may go to the old one.
  ALTER TABLE offline_periods ADD COLUMN url_changed INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- A run started by Replay in Activity. Replays made before this column have created_at set to
  -- when they were asked for, every other run to when its delivery came in: that tells them apart.
  ALTER TABLE runs ADD COLUMN replay INTEGER NOT NULL DEFAULT 0;
  UPDATE runs SET replay = 1 WHERE test = 0 AND created_at <> (SELECT received_at FROM events WHERE events.id = runs.event_id);
  -- Test runs, which counts leave out (few, so a small index).
  CREATE INDEX runs_tests ON runs (status) WHERE test = 1;
  `,
  `
  -- What the activity search finds an event by (store/search-text.ts): the summary, the person,
  -- the order and its items, cities. Stored with each new event; the journal writer fills it in
  -- for older ones while writes pause (the partial index finds those), and text-search.ts moves
  -- the trigram index from the summary to it.
  ALTER TABLE events ADD COLUMN search TEXT;
  CREATE INDEX events_unsearched ON events (id) WHERE search IS NULL;
  `,
  `
  -- Home's daily numbers, kept up to date by the journal writer as deliveries and runs are
  -- written (store/day-counts.ts), so reading 90 days costs the same over 1,000 or 1,000,000
  -- events. Per local day (the owner's date when it came in), platform and what:
  -- in:<event type> for the events of real deliveries, done:<recipe> and failed:<recipe> for
  -- their runs as they now stand. Tests and replays are left out.
  CREATE TABLE day_counts (
    day TEXT NOT NULL,
    source TEXT NOT NULL,
    what TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (day, source, what)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO day_counts (day, source, what, n)
    SELECT date(e.received_at / 1000, 'unixepoch', 'localtime'), e.source, 'in:' || e.type, COUNT(*)
    FROM events e JOIN deliveries d ON d.id = e.delivery_id WHERE d.origin <> 'test' GROUP BY 1, 2, 3;
  INSERT INTO day_counts (day, source, what, n)
    SELECT date(e.received_at / 1000, 'unixepoch', 'localtime'), e.source, CASE r.status WHEN 'succeeded' THEN 'done:' ELSE 'failed:' END || r.recipe_id, COUNT(*)
    FROM runs r JOIN events e ON e.id = r.event_id
    WHERE r.test = 0 AND r.replay = 0 AND r.status IN ('succeeded', 'failed') GROUP BY 1, 2, 3;
  `,
  `
  -- A test of a recipe's unsaved changes (Send test event in the wizard before Save): the id of
  -- the edited form, which lives only in memory (recipes/draft-recipes.ts). After a restart it is
  -- gone, and the run fails saying so, instead of running the saved recipe.
  ALTER TABLE runs ADD COLUMN draft TEXT;
  `,
];
