import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACT_PATHS } from '../../electron/engine/log/logger.ts';
import { secretKeys } from '../../electron/engine/log/redact-paths.ts';
import { CATALOG } from '../../electron/engine/recipes/catalog.ts';
import { ACTION_SECRET_KEYS } from '../../electron/engine/recipes/action-recipes.ts';
import { platformFields } from '../../shared/sources.ts';
import { SOURCE_IDS } from '../../shared/sources.ts';

function capture() {
  const lines: string[] = [];
  const logger = pino(
    { redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }),
  );
  return { logger, text: () => lines.join('') };
}

describe('the log never holds a secret', () => {
  const secretFields = SOURCE_IDS.flatMap((id) =>
    platformFields(id)
      .filter(({ field }) => field.secret)
      .map(({ field, path }) => ({ id, key: field.key, path })),
  );

  it('names at least the secrets the platforms are known to keep', () => {
    expect(secretFields.map((f) => `${f.id}.${f.path.join('.')}`)).toEqual(
      expect.arrayContaining([
        'shopify.secret',
        'shopify.api.accessToken',
        'shopify.api.clientSecret',
        'woocommerce.api.consumerSecret',
        'stripe.api.secretKey',
        'clinchpad.handshakeKey',
        'clinchpad.api.apiKey',
        'paypal.clientSecret',
      ]),
    );
  });

  it.each(secretFields)('redacts $id $key wherever a settings object carrying it is logged', ({ id, key, path }) => {
    const { logger, text } = capture();
    const value = `do-not-log-${id}-${key}`;
    const values = path.length === 1 ? { [key]: value } : { api: { [key]: value } };
    logger.info({ [key]: value }, 'top level');
    logger.info({ settings: { sources: { [id]: values } } }, 'whole settings');
    logger.info({ sources: { [id]: values } }, 'sources');
    logger.info({ err: { config: { [key]: value } } }, 'inside an error');
    expect(text()).toContain('[redacted]');
    expect(text()).not.toContain(value);
  });

  it('covers every secret field of every recipe in the catalog', () => {
    const keys = new Set(secretKeys());
    const missing = CATALOG.flatMap((recipe) => recipe.fields.filter((f) => f.kind === 'secret' && !keys.has(f.key)).map((f) => `${recipe.id}.${f.key}`));
    expect(missing).toEqual([]);
  });

  it('covers every secret field of the actions a build-your-own recipe can use', () => {
    const keys = new Set(secretKeys());
    expect(ACTION_SECRET_KEYS.filter((key) => !keys.has(key))).toEqual([]);
  });

  it('redacts the mail password and credential headers', () => {
    const { logger, text } = capture();
    logger.info({
      settings: { smtp: { host: 'h', password: 'smtp-pass-1' } },
      req: { headers: { authorization: 'Bearer tok-1', 'x-shopify-hmac-sha256': 'sig-1' } },
    });
    expect(text()).not.toMatch(/smtp-pass-1|tok-1|sig-1/);
  });
});
