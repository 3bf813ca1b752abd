import { z } from 'zod';
import { formatPath } from './field-issues.ts';
import { sourcesSettingsSchema } from './platform-schemas.ts';
import { FILTER_OPS, FILTER_ROOTS, filterOpTakesValue, NUMERIC_FILTER_OPS } from './recipes.ts';
import { TUNNEL_PROVIDERS } from './tunnel.ts';

/**
 * The settings file (`--config FILE` or `<data-dir>/settings.json`): the single source of its
 * types and defaults. Each platform's part derives from its description (shared/platforms.ts,
 * shared/platform-schemas.ts); recipes validate their own settings against the catalog.
 */
const PORT_WORDS = 'must be a number from 1 to 65535: usually 587, or 465 with "Encrypted from the start" on';

export const smtpSettingsSchema = z.strictObject({
  /** A host name, as pasted (spaces and line breaks around it dropped), never an address like smtp://… */
  host: z
    .string({ error: 'must be the mail server’s name, e.g. smtp.gmail.com' })
    .trim()
    .min(1, 'is empty: enter the mail server’s name, e.g. smtp.gmail.com')
    .superRefine((host, ctx) => {
      const message = mailHostProblem(host);
      if (message) ctx.addIssue({ code: 'custom', message });
    }),
  port: z.number({ error: PORT_WORDS }).int(PORT_WORDS).min(1, PORT_WORDS).max(65535, PORT_WORDS).default(587),
  /** true = TLS from the start (port 465); false = STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().trim().optional(),
  password: z.string().trim().optional(),
  /** "My Shop <shop@example.com>" or just the address. */
  from: z
    .string({ error: 'must contain the address mail is sent from, e.g. My Shop <shop@example.com>' })
    .trim()
    .regex(/(^|[<\s])[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]+>?$/, 'must contain the address mail is sent from, e.g. My Shop <shop@example.com>'),
  /** Refuse to send over an unencrypted connection. */
  requireTLS: z.boolean().optional(),
  /**
   * Log in (user and password) even when the server offers no encryption, sending the password
   * readable: only for a mail server on this computer. Without it such a login is refused.
   */
  allowUnencryptedLogin: z.boolean().optional(),
});
export type SmtpSettings = z.infer<typeof smtpSettingsSchema>;

/** Why a mail server's name cannot be one, in words; undefined when it can. */
export function mailHostProblem(host: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host))
    return `is an address (${host.slice(0, host.indexOf(':') + 3)}…), not a server name: enter just the name, e.g. ${host.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[:/].*$/, '') || 'smtp.gmail.com'}`;
  if (host.includes('@')) return 'is an email address, not a mail server: enter the server’s name, e.g. smtp.gmail.com (the address goes under "Send as")';
  if (/\s/.test(host)) return 'has spaces in it: a mail server’s name is one word, e.g. smtp.gmail.com';
  if (/[:/]/.test(host) && !/^\[?[0-9a-f:]+\]?$/i.test(host)) return 'has a port or a path in it: enter just the server’s name (the port has its own field)';
  if (!/^(\[[0-9a-f:.]+\]|[0-9a-f:]+|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?)$/i.test(host))
    return 'is not a server name: use letters, digits, dots and dashes, e.g. smtp.gmail.com';
  return undefined;
}

const FIELD_PATH = /^[A-Za-z_][\w-]*(\.[\w-]+|\[\d+\])*$/;

/** One condition of a recipe filter: { "field": "order.total", "op": ">=", "value": 100 }. */
export const recipeFilterConditionSchema = z
  .strictObject({
    field: z
      .string({ error: 'name the event field, e.g. "order.total"' })
      .regex(FIELD_PATH, 'use a dotted field name like order.total or event.data.lead.pipe.name')
      .refine((field) => (FILTER_ROOTS as readonly string[]).includes(field.split(/[.[]/)[0]!), {
        error: `must start with one of ${FILTER_ROOTS.join(', ')} (the names templates use), e.g. order.total`,
      }),
    op: z.enum(FILTER_OPS, { error: `use one of: ${FILTER_OPS.join(', ')}` }),
    value: z.union([z.string(), z.number(), z.boolean()], { error: 'must be text, a number or true/false' }).optional(),
  })
  .superRefine((condition, ctx) => {
    const { op, value } = condition;
    if (!filterOpTakesValue(op)) {
      if (value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `"${op}" takes no value, remove it` });
    } else if (value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `"${op}" needs a value to compare with` });
    } else if (NUMERIC_FILTER_OPS.includes(op) && (typeof value === 'boolean' || value === '' || !Number.isFinite(Number(value)))) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `"${op}" compares numbers: use a number such as 100` });
    }
  });

export const recipeInstanceSchema = z.strictObject({
  /** Catalog id, e.g. "shopify-order-email". */
  recipe: z.string().min(1),
  /** Instance id; defaults to the catalog id, set it to run the same recipe twice. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes')
    .optional(),
  enabled: z.boolean().default(true),
  settings: z.record(z.string(), z.unknown()).default({}),
  /** Override the recipe's default message templates (Liquid). */
  templates: z.record(z.string(), z.string()).optional(),
  /** Conditions on the event, all of which must hold for the recipe to run (none: every matching event). */
  filter: z.array(recipeFilterConditionSchema).max(20, 'keep it to 20 conditions at most').optional(),
});
export type RecipeInstanceSettings = z.infer<typeof recipeInstanceSchema>;

export const settingsSchema = z.strictObject({
  sources: sourcesSettingsSchema,
  smtp: smtpSettingsSchema.optional(),
  recipes: z.array(recipeInstanceSchema).default([]),
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8787),
      /** Largest webhook body accepted, in bytes. */
      bodyLimit: z
        .number()
        .int()
        .min(1024)
        .default(2 * 1024 * 1024),
      /** Longest a request may take to arrive whole, in ms: a sender that trickles its body is cut off (408). */
      requestTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
    })
    .default({ host: '127.0.0.1', port: 8787, bodyLimit: 2 * 1024 * 1024, requestTimeoutMs: 30_000 }),
  runner: z
    .strictObject({
      concurrency: z.number().int().min(1).max(64).default(4),
      /** Attempts before a run is given up as failed; the default spreads them over about a day. */
      maxAttempts: z.number().int().min(1).max(50).default(15),
      /** First retry delay in ms; each later one doubles, with jitter, up to maxDelayMs. */
      baseDelayMs: z.number().int().min(10).default(30_000),
      maxDelayMs: z
        .number()
        .int()
        .min(10)
        .default(4 * 60 * 60_000),
      /** 429 answers waited out without using up maxAttempts; beyond these, each one counts as a failed attempt. */
      maxRateLimitWaits: z.number().int().min(0).max(1000).default(30),
      /** Longest one attempt may take (an SMTP server that stalls, an API that never answers); then it is retried. */
      attemptTimeoutMs: z
        .number()
        .int()
        .min(1_000)
        .max(60 * 60_000)
        .default(120_000),
    })
    .default({ concurrency: 4, maxAttempts: 15, baseDelayMs: 30_000, maxDelayMs: 4 * 60 * 60_000, maxRateLimitWaits: 30, attemptTimeoutMs: 120_000 }),
  /** Stop running recipes (deliveries are still received and kept). */
  paused: z.boolean().default(false),
  /** The public URL: a localtunnel-compatible server (ours: `hooktray relay`) or none. */
  tunnel: z
    .strictObject({
      provider: z.enum(TUNNEL_PROVIDERS).default('localtunnel'),
      /** The tunnel server; with a relay secret: https://relay.example.com/<secret>. */
      host: z.url({ protocol: /^https?$/, error: 'use the tunnel server address, e.g. https://localtunnel.me' }).default('https://localtunnel.me'),
      /** The name to ask for; by default a random one is made once and kept. */
      subdomain: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{2,61}[a-z0-9]$/, 'use 4 to 63 lowercase letters, digits or dashes')
        .optional(),
      /** SHA-256 fingerprint of our relay's certificate ("AB:CD:…", printed by hooktray relay): TLS to it, trusting only that certificate. */
      fingerprint: z
        .string()
        .regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'use the SHA-256 fingerprint the relay prints at start, like AB:CD:…')
        .optional(),
      /** Secrets our relay gave for the names we hold, by "<server origin>/<name>"; set by Hooktray, never shown. */
      nameKeys: z.record(z.string(), z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a name key is 43 letters, digits, "-" or "_"')).optional(),
    })
    .default({ provider: 'localtunnel', host: 'https://localtunnel.me' }),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

/** "recipes[0].settings.to: expected an array" for the first few problems of a parse (the settings file's words). */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = formatPath([...prefix.split('.').filter(Boolean), ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]);
      return `${path || '(top level)'}: ${issue.message}`;
    })
    .join('; ');
}
