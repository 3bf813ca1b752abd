import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discord } from '../../../electron/engine/actions/discord.ts';
import { teams } from '../../../electron/engine/actions/teams.ts';
import { findRecipe } from '../../../electron/engine/recipes/catalog.ts';
import { sampleDelivery } from '../../../electron/engine/recipes/sample-events.ts';
import { TemplateRenderer, templateContext } from '../../../electron/engine/templates/renderer.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import { runAction } from '../../helpers/destinations/action-context.ts';
import { startDiscord, startTeams } from '../../helpers/destinations/chat.ts';
import { discordMarkup, discordShows, teamsLines } from '../../helpers/destinations/chat-display.ts';

const HOSTILE = [
  '[Refund here](https://evil.example/phish)',
  '**URGENT** pay now',
  '<@123456789> <#42> <t:1:R>',
  '@everyone',
  '# Big heading',
  '-# small print',
  '- a list\n1. numbered',
  '> quoted',
  '||spoiler||',
  '`code` ```block```',
  '~~gone~~ __under__ _it_',
  'see https://evil.example/x now',
  'a\\*b\\',
  ':poop:',
  '1.',
  '-',
];

/** Text full of both platforms' markup characters, with the hostile samples mixed in. */
const value = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: fc.constantFrom(...'*_~`|<>[]()#:-+.\\@!= \nab19'), minLength: 1, maxLength: 30 }),
  fc.tuple(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE)).map((parts) => parts.join('')),
);

/** The same values with every character but a newline made plain: the markup the template alone makes. */
const neutral = (text: string) => text.replace(/[^\n]/g, 'x');

function orderWith(recipe: string, v: { name: string; number: string; currency: string; titles: string[] }): HooktrayEvent {
  const { event } = sampleDelivery(findRecipe(recipe)!);
  return {
    ...event,
    person: { name: v.name, email: 'jane@example.com' },
    order: { ...event.order!, number: v.number, currency: v.currency, lineItems: v.titles.map((title, i) => ({ title, quantity: i + 1 })) },
    link: 'https://demo-shop.myshopify.com/admin/orders/1?x=1&y=2',
  };
}

const values = fc.record({ name: value, number: value, currency: value, titles: fc.array(value, { minLength: 1, maxLength: 3 }) });
const RUNS = 120;

describe('chat messages show values from a delivery as text, never as markup (generated values)', () => {
  it('Discord: every value is escaped, shows exactly as sent, and adds no markup to the template’s own', async () => {
    const dc = await startDiscord();
    const renderer = new TemplateRenderer();
    const template = findRecipe('shopify-order-discord')!.templates.message!;
    const post = async (event: HooktrayEvent) => {
      await runAction(discord, { webhookUrl: dc.webhookUrl }, { recipe: 'shopify-order-discord', event });
      return dc.state.messages.at(-1)!.content!;
    };
    await fc.assert(
      fc.asyncProperty(values, async (v) => {
        const event = orderWith('shopify-order-discord', v);
        const content = await post(event);
        const plain = (await renderer.render('message', template, templateContext(event, { id: 'x', title: 'x' }, false))).trim();
        expect(discordShows(content)).toBe(plain);
        const calm = await post(
          orderWith('shopify-order-discord', {
            name: neutral(v.name),
            number: neutral(v.number),
            currency: neutral(v.currency),
            titles: v.titles.map(neutral),
          }),
        );
        expect(discordMarkup(content)).toEqual(discordMarkup(calm));
      }),
      { numRuns: RUNS },
    );
    expect(dc.state.pings).toBe(0);
  });

  it('Teams: values become plain TextRuns with no link or style of their own; the template keeps its bold label and list', async () => {
    const tm = await startTeams();
    await fc.assert(
      fc.asyncProperty(values, async (v) => {
        await runAction(teams, { webhookUrl: tm.webhookUrl }, { recipe: 'any-order-teams', event: orderWith('any-order-teams', v) });
        const { lines, runs, textBlocks } = teamsLines(tm.cards.at(-1)!.body);
        expect(textBlocks).toBe(0);
        expect(runs.filter((r) => r.selectAction)).toEqual([]);
        expect(runs.filter((r) => r.italic)).toEqual([]);
        // Bold: the title (all of it) and the template's "Customer:" label, nothing a value wrote.
        const bodyRuns = runs.slice(runs.findIndex((r) => r.text === 'Customer:'));
        expect(bodyRuns.filter((r) => r.weight === 'Bolder').map((r) => r.text)).toEqual(['Customer:']);
        const shown = lines.join('\n');
        for (const text of [v.name, v.number, v.currency, ...v.titles])
          for (const line of text.split('\n').filter((l) => l.trim())) expect(shown).toContain(line);
      }),
      { numRuns: RUNS },
    );
  });
});
