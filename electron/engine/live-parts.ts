import type { FastifyInstance } from 'fastify';
import type { SourceId } from '../../shared/sources.ts';
import type { MailTransports } from './actions/mail-transports.ts';
import type { CatchUpService } from './catchup/catch-up-service.ts';
import type { Runner } from './recipes/runner.ts';
import type { WebhookCounters } from './server/webhook-app.ts';
import type { ActivityQuery } from './store/activity-query.ts';
import type { DailyStatsQuery } from './store/daily-stats-query.ts';
import type { Database } from './store/database.ts';
import type { Inbox } from './store/inbox.ts';
import type { JournalWriter } from './store/journal-writer.ts';
import type { RefusedRelayedStore } from './store/refused-relayed.ts';
import type { RejectionLog } from './store/rejections.ts';
import type { RunStore } from './store/runs.ts';
import type { SourceTokens } from './store/tokens.ts';

export interface StartedEngine {
  /** http://host:port of the webhook listener, as this computer reaches it (127.0.0.1 for 0.0.0.0). */
  baseUrl: string;
  webhooks: Record<SourceId, string>;
  /** Listening on every interface: the base URLs other machines on the network can use instead. */
  networkUrls?: string[];
}

/** Everything a started engine holds; absent before start() and after stop(). */
export interface LiveParts {
  db: Database;
  journal: JournalWriter;
  app: FastifyInstance;
  counters: WebhookCounters;
  inbox: Inbox;
  runs: RunStore;
  rejections: RejectionLog;
  tokens: SourceTokens;
  runner: Runner;
  mail: MailTransports;
  catchUp: CatchUpService;
  activity: ActivityQuery;
  daily: DailyStatsQuery;
  started: StartedEngine;
  /** Refused deliveries our relay had kept, whole, and the token that marks "Accept again" of one. */
  refusedRelayed: RefusedRelayedStore;
  acceptAgainToken: string;
}
