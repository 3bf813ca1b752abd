import { pino, type Logger } from 'pino';

export type { Logger };

/** Field paths that may hold a secret; pino replaces their values wherever they appear. */
export const REDACT_PATHS = [
  'secret', '*.secret', 'password', '*.password', 'token', '*.token', 'handshakeKey', '*.handshakeKey',
  'apiKey', '*.apiKey', 'clientSecret', '*.clientSecret', 'settings.*.token', 'settings.*.apiKey',
  'headers.authorization', 'headers["x-shopify-hmac-sha256"]', 'headers["stripe-signature"]',
  'req.headers.authorization', 'smtp.password', 'sources.*.secret', 'sources.*.handshakeKey',
  'nameKey', '*.nameKey', 'nameKeys', '*.nameKeys', 'tunnel.nameKeys',
];

/** The one logger: created by the host, passed down. Logs go to stderr; stdout is for JSON events. */
export function createLogger(options: { level?: string; destination?: number } = {}): Logger {
  return pino(
    { level: options.level ?? process.env.HOOKTRAY_LOG_LEVEL ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined },
    pino.destination({ fd: options.destination ?? 2, sync: false }),
  );
}
