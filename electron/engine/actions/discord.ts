import { z } from 'zod';
import { defineAction } from './action.ts';
import { discordValue, escapeDiscord } from './chat-markup.ts';
import { truncate } from './chat-text.ts';
import { requestJson, webhookUrlSetting } from './http-client.ts';

export const discordSettingsSchema = z.strictObject({
  /** Discord channel → Edit channel → Integrations → Webhooks → "Copy Webhook URL". */
  webhookUrl: webhookUrlSetting,
  /** Name the messages appear under; the webhook's own name when absent. */
  username: z.string().trim().min(1).max(80).optional(),
});

const GONE =
  'Discord does not know this webhook any more (it was deleted or its address reset): copy the webhook address again from the channel’s Integrations settings';
const EXPLAIN = { 400: 'Discord refused the message (check the message template)', 401: GONE, 403: GONE, 404: GONE };

/** Discord's message flag that turns off link previews (SUPPRESS_EMBEDS). */
const SUPPRESS_EMBEDS = 4;

/**
 * Posts a message through a Discord channel webhook. Content is capped at Discord's 2,000
 * characters; values from the delivery are markdown-escaped (a customer's name cannot become a
 * masked link or a mention), mentions are switched off (a customer named "@everyone" pings
 * nobody) and link previews too (an address in a value cannot unfold into a page's card).
 * `?wait=true` makes Discord answer with the message, whose id goes into the run's log.
 */
export const discord = defineAction({
  id: 'discord',
  title: 'Post to a Discord channel',
  settings: discordSettingsSchema,
  templateValue: discordValue,
  async run(ctx) {
    const message = (await ctx.render('message'))?.trim() || escapeDiscord(ctx.event.summary);
    const url = new URL(ctx.settings.webhookUrl);
    url.searchParams.set('wait', 'true');
    const answer = await requestJson(ctx, {
      destination: 'Discord',
      method: 'POST',
      url: url.toString(),
      body: {
        content: truncate(`${ctx.test ? '**[Test]** ' : ''}${message}`, 2000),
        allowed_mentions: { parse: [] },
        flags: SUPPRESS_EMBEDS,
        ...(ctx.settings.username ? { username: ctx.settings.username } : {}),
      },
      explain: EXPLAIN,
      rateLimitWaitMs: 2_000,
    });
    const id = (answer.body as { id?: unknown } | undefined)?.id;
    return { detail: typeof id === 'string' ? `posted to Discord (message ${id})` : 'posted to Discord' };
  },
});
