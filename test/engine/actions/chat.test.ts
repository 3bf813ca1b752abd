import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../electron/engine/actions/action.ts';
import { discord } from '../../../electron/engine/actions/discord.ts';
import { slack } from '../../../electron/engine/actions/slack.ts';
import { teams } from '../../../electron/engine/actions/teams.ts';
import { findRecipe } from '../../../electron/engine/recipes/catalog.ts';
import { sampleDelivery } from '../../../electron/engine/recipes/sample-events.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import { runAction } from '../../helpers/destinations/action-context.ts';
import { startDiscord, startSlack, startTeams } from '../../helpers/destinations/chat.ts';
import { discordShows } from '../../helpers/destinations/chat-display.ts';

/** An order whose customer tries to ping everyone and inject markup. */
function hostileOrder(recipe: string): HooktrayEvent {
  const { event } = sampleDelivery(findRecipe(recipe)!);
  return {
    ...event,
    person: { name: '<!channel> @everyone "Jane" & <b>Co</b>', email: 'jane@example.com' },
    link: 'https://demo-shop.myshopify.com/admin/orders/1?x=1&y=2',
  };
}

const fail = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as ActionError,
  );

describe('Slack incoming webhook', () => {
  it('posts a mrkdwn section with values escaped for Slack, and the summary as notification text', async () => {
    const sl = await startSlack();
    await runAction(slack, { webhookUrl: sl.webhookUrl }, { recipe: 'shopify-order-slack', event: hostileOrder('shopify-order-slack') });
    const [message] = sl.state.messages;
    const text = message!.blocks![0]!.text!.text;
    expect(text).toContain('*New order #1001* from &lt;!channel&gt; @everyone "Jane" &amp; &lt;b&gt;Co&lt;/b&gt;: *49.90 EUR*');
    expect(text).toContain('• 2 × Blue mug');
    expect(text).toContain('<https://demo-shop.myshopify.com/admin/orders/1?x=1&amp;y=2|Open it>');
    expect(text).not.toMatch(/<!channel>|&#34;|&quot;/);
    expect(message!.text).toBe('Order #1001 from Jane Example, 49.90 EUR');
  });

  it('marks test runs, fails permanently on no_service / an archived channel, retries on 429 and 500', async () => {
    const sl = await startSlack();
    await runAction(slack, { webhookUrl: sl.webhookUrl }, { recipe: 'woocommerce-order-slack', test: true });
    expect(sl.state.messages[0]!.blocks![0]!.text!.text).toMatch(/^\*\[Test\]\* :shopping_trolley:/);
    const wrong = await fail(runAction(slack, { webhookUrl: `${sl.url}/services/T0001/B0001/wrong` }, { recipe: 'woocommerce-order-slack' }));
    expect([wrong!.kind, wrong!.message]).toEqual([
      'permanent',
      expect.stringMatching(/^Slack no longer accepts this webhook address.*\(Slack answered 404: no_service\)$/),
    ]);
    sl.state.archived = true;
    expect((await fail(runAction(slack, { webhookUrl: sl.webhookUrl }, { recipe: 'woocommerce-order-slack' })))!.message).toContain('410: channel_is_archived');
    sl.state.archived = false;
    sl.inject({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' });
    const limited = await fail(runAction(slack, { webhookUrl: sl.webhookUrl }, { recipe: 'woocommerce-order-slack' }));
    expect([limited!.kind, limited!.retryAfterMs]).toEqual(['transient', 1000]);
    sl.inject({ status: 500, body: 'rollup_error' });
    expect((await fail(runAction(slack, { webhookUrl: sl.webhookUrl }, { recipe: 'woocommerce-order-slack' })))!.kind).toBe('transient');
    expect(sl.state.messages).toHaveLength(1);
  });
});

describe('Microsoft Teams Workflows webhook', () => {
  it('posts an Adaptive Card (not a MessageCard) with title, items and an Open button', async () => {
    const tm = await startTeams();
    const event = { ...sampleDelivery(findRecipe('any-order-teams')!).event, link: 'https://demo-shop.myshopify.com/admin/orders/1' };
    const result = await runAction(teams, { webhookUrl: tm.webhookUrl }, { recipe: 'any-order-teams', event });
    expect(result.detail).toBe('posted to Teams');
    const [card] = tm.cards;
    // RichTextBlocks, never markdown TextBlocks: the template's **bold** and "- " list are kept as formatting.
    expect(card!.body).toEqual([
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'New order #1001: 49.90 EUR', weight: 'Bolder', size: 'Medium' }] },
      {
        type: 'RichTextBlock',
        inlines: [
          { type: 'TextRun', text: 'Customer:', weight: 'Bolder' },
          { type: 'TextRun', text: ' Jane Example (jane.example@example.com)' },
        ],
      },
      { type: 'RichTextBlock', spacing: 'Medium', inlines: [{ type: 'TextRun', text: '• 2 × Blue mug' }] },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '• 1 × Tea towel' }] },
    ]);
    expect(card!.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open', url: 'https://demo-shop.myshopify.com/admin/orders/1' }]);
  });

  it('explains a workflow address that no longer works and retries on 429', async () => {
    const tm = await startTeams();
    const gone = await fail(runAction(teams, { webhookUrl: tm.webhookUrl.replace('sig=sig-abc123', 'sig=old') }, { recipe: 'any-order-teams' }));
    expect([gone!.kind, gone!.message]).toEqual(['permanent', expect.stringMatching(/^Teams no longer accepts this workflow address/)]);
    tm.inject({ status: 429, headers: { 'retry-after': '4' }, body: { error: { code: 'WorkflowTriggeredTooFrequently' } } });
    const limited = await fail(runAction(teams, { webhookUrl: tm.webhookUrl }, { recipe: 'any-order-teams' }));
    expect([limited!.kind, limited!.retryAfterMs]).toEqual(['transient', 4000]);
  });
});

describe('Discord channel webhook', () => {
  it('posts content with mentions switched off and reports the message id (wait=true)', async () => {
    const dc = await startDiscord();
    const result = await runAction(
      discord,
      { webhookUrl: dc.webhookUrl, username: 'Shop bot' },
      { recipe: 'shopify-order-discord', event: hostileOrder('shopify-order-discord') },
    );
    expect(result.detail).toMatch(/^posted to Discord \(message \d+\)$/);
    const [message] = dc.state.messages;
    expect(message!.content).toContain('🛒 **New order \\#1001** from \\<!channel\\> @everyone "Jane" & \\<b\\>Co\\</b\\>: **49.90 EUR**');
    expect(discordShows(message!.content!)).toContain('🛒 **New order #1001** from <!channel> @everyone "Jane" & <b>Co</b>: **49.90 EUR**');
    expect(message!.content).toContain('<https://demo-shop.myshopify.com/admin/orders/1?x=1&y=2>');
    expect(message!.allowed_mentions).toEqual({ parse: [] });
    expect(message!.flags).toBe(4);
    expect(message!.username).toBe('Shop bot');
    expect(dc.state.pings).toBe(0);
    expect(dc.requests[0]!.query.get('wait')).toBe('true');
  });

  it('cuts content to 2000 characters, honours retry_after from the body and explains an unknown webhook', async () => {
    const dc = await startDiscord();
    const long = { ...sampleDelivery(findRecipe('shopify-order-discord')!).event };
    long.order = { ...long.order!, lineItems: Array.from({ length: 200 }, (_, i) => ({ title: `Very long product name number ${i}`, quantity: 1 })) };
    await runAction(discord, { webhookUrl: dc.webhookUrl }, { recipe: 'shopify-order-discord', event: long });
    expect(dc.state.messages[0]!.content!.length).toBe(2000);
    expect(dc.state.messages[0]!.content!.endsWith('…')).toBe(true);
    dc.inject({ status: 429, body: { message: 'You are being rate limited.', retry_after: 0.35, global: false } });
    const limited = await fail(runAction(discord, { webhookUrl: dc.webhookUrl }, { recipe: 'shopify-order-discord' }));
    expect([limited!.kind, limited!.retryAfterMs]).toEqual(['transient', 350]);
    const unknown = await fail(runAction(discord, { webhookUrl: dc.webhookUrl.replace('112233445566778899', '1') }, { recipe: 'shopify-order-discord' }));
    expect([unknown!.kind, unknown!.message]).toEqual(['permanent', expect.stringMatching(/^Discord does not know this webhook any more.*Unknown Webhook/)]);
  });
});
