import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ApiArgs } from '../../shared/contract.ts';
import type { Run } from '../../shared/runs.ts';
import type { Engine } from '../../electron/engine/engine.ts';
import { startEngine } from '../helpers/engine.ts';
import { HUBSPOT_TOKEN, startHubSpot } from '../helpers/destinations/hubspot.ts';
import { SHOPIFY_SECRET } from '../helpers/shopify.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitUntil } from '../helpers/wait.ts';

type Draft = NonNullable<ApiArgs<'recipes.sendTest'>['draft']>;

const settingsFor = (smtp: TestSmtp, extra: Record<string, unknown> = {}) => ({
  sources: { shopify: { secret: SHOPIFY_SECRET } },
  smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Shop <shop@example.com>' },
  recipes: [{ recipe: 'shopify-order-email', settings: { to: ['team@example.com'] } }],
  ...extra,
});

const finished = (engine: Engine, id: number) =>
  waitUntil(() => [engine.state.runs.get(id)].find((r) => r?.status === 'succeeded' || r?.status === 'failed'), `run ${id} to finish`);

describe('Send test event of the form as edited, without saving it', () => {
  it('runs the edited settings (the test email goes to the edited address) and leaves the settings file as it was, byte for byte', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const { engine, dataDir } = await startEngine(settingsFor(smtp));
    const file = join(dataDir, 'settings.json');
    const before = readFileSync(file);
    const draft: Draft = { recipe: 'shopify-order-email', settings: { to: ['edited@example.com'] }, templates: { subject: 'Edited: {{ order.number }}' } };

    const sent = await engine.api['recipes.sendTest']({ draft });
    expect(sent).toMatchObject({ recipeId: 'shopify-order-email', test: true, status: 'queued' });
    expect(await finished(engine, sent.id)).toMatchObject({ status: 'succeeded', test: true });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['edited@example.com']);
    expect(mail!.subject).toBe('[Test] Edited: #1001');

    // Nothing was stored: not the file, not the recipes the engine runs.
    expect(readFileSync(file).equals(before)).toBe(true);
    expect((await engine.api['status.get']({})).recipes.map((r) => r.settings)).toEqual([{ to: ['team@example.com'] }]);
    expect(engine.currentRecipes.get('shopify-order-email')!.templates.subject).not.toContain('Edited');
    // The saved recipe's own test still mails the saved address.
    await finished(engine, (await engine.api['recipes.sendTest']({ id: 'shopify-order-email' })).id);
    expect((await smtp.waitFor(2))[1]!.to).toEqual(['team@example.com']);
    // Listed under Activity → Tests like any test.
    expect((await engine.api['activity.list']({ tests: true })).items.map((i) => i.runs[0]!.id)).toContain(sent.id);
  });

  it('checks the draft exactly as Save does: the same refusal, the same words, nothing stored', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const { engine, dataDir } = await startEngine(settingsFor(smtp));
    const file = join(dataDir, 'settings.json');
    const before = readFileSync(file);
    const bad = { recipe: 'shopify-order-email', settings: { to: ['team@example.com', 'not an address'] } };
    const saveError = await engine.api['recipes.save']({ ...bad, enabled: true }).catch((e: unknown) => e);
    const testError = await engine.api['recipes.sendTest']({ draft: bad }).catch((e: unknown) => e);
    expect(saveError).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('recipes[0].settings.to[1]') });
    expect(testError).toMatchObject({ code: (saveError as { code: string }).code, message: (saveError as Error).message });
    const badTemplate = { recipe: 'shopify-order-email', settings: { to: ['team@example.com'] }, templates: { subject: '{{ order.number ' } };
    const templateSave = await engine.api['recipes.save']({ ...badTemplate, enabled: true }).catch((e: unknown) => (e as Error).message);
    expect(await engine.api['recipes.sendTest']({ draft: badTemplate }).catch((e: unknown) => (e as Error).message)).toBe(templateSave);
    await expect(engine.api['recipes.sendTest']({})).rejects.toMatchObject({ code: 'invalid_request' });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(engine.state.runs.list()).toEqual([]);
    expect(smtp.mails).toEqual([]);
  });

  it('a secret the form sends masked or empty is the saved one, and may not go to a changed address without being typed again', async () => {
    const hubspot = await startHubSpot();
    const elsewhere = await startHubSpot();
    const recipe = 'shopify-customer-hubspot';
    const { engine, dataDir } = await startEngine({ recipes: [{ recipe, settings: { token: HUBSPOT_TOKEN, baseUrl: hubspot.url } }] });
    const before = readFileSync(join(dataDir, 'settings.json'));
    for (const token of [true, '']) {
      const sent = await engine.api['recipes.sendTest']({ draft: { recipe, settings: { token, baseUrl: hubspot.url } } });
      expect(await finished(engine, sent.id)).toMatchObject({ status: 'succeeded' });
    }
    // HubSpot's contract server takes only the saved token.
    expect([...hubspot.contacts.values()].map((c) => c.properties.email)).toEqual(['jane.example@example.com']);
    const moved = { recipe, settings: { token: true, baseUrl: elsewhere.url } };
    const refusal = await engine.api['recipes.save']({ ...moved, enabled: true }).catch((e: unknown) => (e as Error).message);
    expect(refusal).toMatch(/HubSpot|token/i);
    expect(await engine.api['recipes.sendTest']({ draft: moved }).catch((e: unknown) => (e as Error).message)).toBe(refusal);
    expect(elsewhere.requests).toEqual([]);
    expect(readFileSync(join(dataDir, 'settings.json')).equals(before)).toBe(true);
  });

  it('tests a recipe that was never saved: it runs, and stays unsaved and off', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const { engine, dataDir } = await startEngine(settingsFor(smtp, { recipes: [] }));
    const before = readFileSync(join(dataDir, 'settings.json'));
    const sent = await engine.api['recipes.sendTest']({ draft: { recipe: 'shopify-order-email', settings: { to: ['new@example.com'] } } });
    expect(await finished(engine, sent.id)).toMatchObject({ status: 'succeeded' });
    expect((await smtp.waitFor(1))[0]!.to).toEqual(['new@example.com']);
    expect(readFileSync(join(dataDir, 'settings.json')).equals(before)).toBe(true);
    expect((await engine.api['status.get']({})).recipes).toEqual([]);
    // And the saved-recipe form of the call still says there is none.
    await expect(engine.api['recipes.sendTest']({ id: 'shopify-order-email' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a test of unsaved changes still waiting when Hooktray stops fails after the restart in plain words, and never runs the saved recipe instead', async () => {
    const smtp = await startSmtp();
    onTestFinished(() => smtp.stop());
    const dataDir = tempDir();
    // Paused: the test is kept, not run, until after the restart.
    const first = await startEngine(settingsFor(smtp, { paused: true }), { dataDir });
    const sent = await first.engine.api['recipes.sendTest']({ draft: { recipe: 'shopify-order-email', settings: { to: ['edited@example.com'] } } });
    await first.engine.stop(2000);

    const { engine } = await startEngine(settingsFor(smtp), { dataDir });
    const heard: Run[] = [];
    engine.events.on('run', (run) => heard.push(run));
    const failed = await finished(engine, sent.id);
    expect(failed).toMatchObject({ status: 'failed', test: true, attempts: 1 });
    expect(failed.lastError).toBe(
      'This test was of changes to the recipe that were not saved, and Hooktray has restarted since: open the recipe and send the test again.',
    );
    expect(engine.state.runs.nextDueAt()).toBeUndefined();
    expect(heard.map((r) => r.id)).toEqual([sent.id]);
    // Neither the edited address nor the saved one got anything.
    expect(smtp.mails).toEqual([]);
  });
});
