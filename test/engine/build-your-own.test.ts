import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../electron/engine/actions/index.ts';
import { createEngineApi } from '../../electron/engine/api/engine-api.ts';
import { composeRecipe, parseBuiltId, recipeBuilder } from '../../electron/engine/recipes/build-your-own.ts';
import { CATALOG, findRecipe } from '../../electron/engine/recipes/catalog.ts';
import { triggers } from '../../electron/engine/recipes/recipe-set.ts';
import { sampleDelivery } from '../../electron/engine/recipes/sample-events.ts';
import { redactPaths } from '../../electron/engine/log/redact-paths.ts';
import { recipeSecretKeys } from '../../electron/engine/settings/secret-keys.ts';
import { ORDER_DISCORD } from '../../electron/engine/templates/defaults.ts';
import { TemplateRenderer, templateContext } from '../../electron/engine/templates/renderer.ts';
import { parseRecipeFile, toRecipeFile } from '../../renderer/src/recipe-file.ts';
import { startEngine } from '../helpers/engine.ts';
import { startDiscord } from '../helpers/destinations/chat.ts';
import { startReceiver } from '../helpers/destinations/receiver.ts';
import { SECRETS, wooHeaders, wooOrder } from '../helpers/platforms.ts';
import { waitUntil } from '../helpers/wait.ts';

describe('Build your own', () => {
  it('a platform’s kind of event with an action is a recipe, under an id that says what it is made of', () => {
    const made = composeRecipe('woocommerce', 'order.created', 'discord');
    expect(made).toEqual({
      recipe: expect.objectContaining({
        id: 'woocommerce-order-created-to-discord',
        title: 'New WooCommerce order → Discord message',
        trigger: { source: 'woocommerce', events: ['order.created'] },
        action: 'discord',
        templates: ORDER_DISCORD,
        built: { source: 'woocommerce', kind: 'order.created', action: 'discord' },
      }),
    });
    expect(parseBuiltId('woocommerce-order-created-to-discord')).toEqual({ source: 'woocommerce', kind: 'order.created', action: 'discord' });
    expect(parseBuiltId('any-anything-to-api-request')).toEqual({ source: 'any', kind: '*', action: 'api-request' });
    expect(findRecipe('stripe-payment-succeeded-to-hubspot')?.title).toBe('Stripe payment → HubSpot contact');
  });

  it('a pair that cannot work is never made: an event the platform does not send, a person action with events about no one', () => {
    expect(composeRecipe('zendesk', 'order.created', 'email')).toEqual({
      refusal: 'Zendesk sends no "new order" events; it sends: new ticket, ticket changed, anything it sends',
    });
    expect(composeRecipe('generic', '*', 'hubspot')).toEqual({
      refusal: expect.stringMatching(/^"Add or update a HubSpot contact" needs an event about one person/),
    });
    expect(composeRecipe('shopify', 'order.created', 'fax')).toEqual({ refusal: expect.stringMatching(/^there is no action "fax"/) });
    expect(findRecipe('zendesk-order-created-to-email')).toBeUndefined();
  });

  it('every pair it offers is made, is triggered by its own test sample, and renders every default template', async () => {
    const renderer = new TemplateRenderer();
    const { triggers: sources, actions } = recipeBuilder();
    let made = 0;
    for (const { source, kinds } of sources) {
      for (const { kind } of kinds) {
        for (const action of actions.filter((a) => a.kinds.includes(kind))) {
          const result = composeRecipe(source, kind, action.action);
          if (!('recipe' in result)) throw new Error(`${source} ${kind} ${action.action}: ${result.refusal}`);
          const { recipe } = result;
          expect(ACTIONS.has(recipe.action)).toBe(true);
          const { event } = sampleDelivery(recipe);
          expect(triggers(recipe, event), recipe.id).toBe(true);
          const context = templateContext(event, recipe, true);
          for (const [name, template] of Object.entries(recipe.templates)) {
            const text = (await renderer.render(name, template, context)).trim();
            // A spreadsheet column may be empty for one sample (no link); a message, card or body never.
            if (!name.startsWith('column:')) expect(text, `${recipe.id} ${name}`).not.toBe('');
          }
          made++;
        }
      }
    }
    expect(made).toBeGreaterThan(300);
  });

  it('prebuilt recipes stay as presets of the same thing', () => {
    for (const preset of CATALOG.filter((r) => r.built)) {
      const made = composeRecipe(preset.built!.source, preset.built!.kind, preset.built!.action);
      expect('recipe' in made && { trigger: made.recipe.trigger, templates: made.recipe.templates, fields: made.recipe.fields }, preset.id).toEqual({
        trigger: preset.trigger,
        templates: preset.templates,
        fields: preset.fields,
      });
    }
    expect(CATALOG.filter((r) => r.built).map((r) => r.id)).toContain('any-event-api');
  });

  it('"Every event → your own web address" forwards the new kinds too: a form entry reaches the receiver', async () => {
    const receiver = await startReceiver(undefined);
    const { engine, webhooks } = await startEngine({
      runner: { baseDelayMs: 50 },
      recipes: [{ recipe: 'any-event-http-forward', settings: { url: receiver.hookUrl } }],
    });
    const answer = await fetch(webhooks.form!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', message: 'Hello there' }),
    });
    expect(await answer.json()).toMatchObject({ runs: 1 });
    await waitUntil(() => engine.state.runs.list({ status: 'succeeded' }).length === 1, 'the forward to succeed');
    expect(receiver.accepted[0]!.json).toMatchObject({ type: 'form.submitted', source: 'form', person: { email: 'ada@example.com' } });
  });

  it('a made recipe’s secrets are known as secrets: sealed, masked, redacted', () => {
    expect(recipeSecretKeys('woocommerce-customer-created-to-mailchimp')).toEqual(['apiKey']);
    expect(recipeSecretKeys('shopify-anything-to-api-request')).toEqual(['authValue']);
    expect(redactPaths()).toEqual(expect.arrayContaining(['authValue', 'clientSecret', 'refreshToken', '*.apiKey']));
  });

  it('in the settings file: a made recipe runs, an impossible one is refused saying why', async () => {
    const discord = await startDiscord();
    const { engine, webhooks } = await startEngine({
      sources: { woocommerce: { secret: SECRETS.woocommerce } },
      runner: { baseDelayMs: 50 },
      recipes: [{ recipe: 'woocommerce-order-created-to-discord', settings: { webhookUrl: discord.webhookUrl } }],
    });
    const body = JSON.stringify(wooOrder(88));
    await fetch(webhooks.woocommerce!, { method: 'POST', headers: wooHeaders(body), body });
    await waitUntil(() => engine.state.runs.list({ status: 'succeeded' }).length === 1, 'the run to succeed');
    expect(discord.state.messages[0]!.content).toContain('New order \\#88** from Lena Berg');
    await expect(startEngine({ recipes: [{ recipe: 'zendesk-order-created-to-email', settings: { to: ['a@example.com'] } }] })).rejects.toThrow(
      /recipes\[0\]\.recipe: "zendesk-order-created-to-email" cannot work: Zendesk sends no "new order" events/,
    );
  });

  it('the window’s calls: choices offered, a pair composed or refused, a made recipe listed with the catalog and kept through an export file', async () => {
    const { engine } = await startEngine({});
    const api = createEngineApi(engine);
    const builder = await api['recipes.builder']({});
    expect(builder.triggers.find((t) => t.source === 'woocommerce')?.kinds.map((k) => k.label)).toEqual([
      'New order',
      'Order paid',
      'New customer',
      'Anything it sends',
    ]);
    expect(builder.actions.find((a) => a.action === 'hubspot')?.kinds).not.toContain('*');
    await expect(api['recipes.compose']({ source: 'mailchimp', kind: 'order.created', action: 'email' })).rejects.toThrow(
      /This pair cannot work: Mailchimp sends no "new order" events/,
    );
    const recipe = await api['recipes.compose']({ source: 'woocommerce', kind: 'order.created', action: 'discord' });
    await api['recipes.save']({ recipe: recipe.id, enabled: true, settings: { webhookUrl: 'https://discord.com/api/webhooks/1/abc' } });
    expect((await api['recipes.catalog']({})).find((r) => r.id === recipe.id)?.title).toBe('New WooCommerce order → Discord message');
    const file = toRecipeFile((await api['status.get']({})).recipes);
    const [again] = parseRecipeFile(file);
    await api['recipes.remove']({ id: recipe.id });
    await api['recipes.save']({ recipe: again!.recipe, enabled: again!.enabled, settings: again!.settings });
    expect(engine.currentSettings.recipes).toEqual([
      { recipe: 'woocommerce-order-created-to-discord', enabled: true, settings: { webhookUrl: 'https://discord.com/api/webhooks/1/abc' } },
    ]);
  });

  it('previews a template for the trigger’s sample: text, JSON pretty, or the line a JSON body fails on', async () => {
    const { engine } = await startEngine({});
    const api = createEngineApi(engine);
    expect(
      await api['recipes.preview']({ recipe: 'zendesk-ticket-trello', name: 'title', template: 'Ticket {{ ticket.number }} from {{ person.name }}' }),
    ).toEqual({ text: 'Ticket #1001 from Jane Example' });
    expect(await api['recipes.preview']({ recipe: 'any-event-api', name: 'body_json', template: '{"who": "{{ person.name }}"}' })).toEqual({
      text: '{\n  "who": "Jane Example"\n}',
    });
    expect(await api['recipes.preview']({ recipe: 'any-event-api', name: 'body_json', template: '{\n"who": {{ person.name }\n}' })).toEqual({
      error: expect.stringMatching(/^line 2: /),
      line: 2,
    });
  });

  it('a saved secret is sent only where it was saved for: a new API address needs the key typed again', async () => {
    const { engine } = await startEngine({});
    const api = createEngineApi(engine);
    const body = { body_json: '{"a": 1}' };
    await api['recipes.save']({
      recipe: 'any-event-api',
      enabled: true,
      settings: { url: 'https://api.example.com/rows', authValue: 'Bearer secret-1' },
      templates: body,
    });
    await expect(
      api['recipes.save']({ recipe: 'any-event-api', enabled: true, settings: { url: 'https://evil.example/rows', authValue: true }, templates: body }),
    ).rejects.toThrow(/Type the key again: the API address changed/);
    await api['recipes.save']({
      recipe: 'any-event-api',
      enabled: true,
      settings: { url: 'https://evil.example/rows', authValue: 'Bearer secret-2' },
      templates: body,
    });
    await api['recipes.save']({ recipe: 'any-event-api', enabled: false, settings: { url: 'https://evil.example/rows', authValue: true }, templates: body });
    expect(engine.currentSettings.recipes[0]!.settings).toEqual({ url: 'https://evil.example/rows', authValue: 'Bearer secret-2' });
  });
});
