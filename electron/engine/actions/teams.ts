import { z } from 'zod';
import { defineAction } from './action.ts';
import { teamsValue } from './chat-markup.ts';
import { truncate } from './chat-text.ts';
import { richTextBlocks } from './teams-rich-text.ts';
import { requestJson, webhookUrlSetting } from './http-client.ts';

export const teamsSettingsSchema = z.strictObject({
  /** Teams channel → Workflows → "Send webhook alerts to a channel" → the address the workflow shows. */
  webhookUrl: webhookUrlSetting,
});

const GONE =
  'Teams no longer accepts this workflow address (the workflow was turned off, deleted or changed): open the channel’s Workflows, fix or recreate "Send webhook alerts to a channel" and paste its address';
const EXPLAIN = { 400: 'Teams refused the card (check the message template)', 401: GONE, 403: GONE, 404: GONE };

/** Teams' limits on what we send: a title line, and the text below it. */
const TITLE_CHARS = 500;
const TEXT_CHARS = 10_000;

/**
 * Posts an Adaptive Card to a Teams channel through a Workflows webhook (the replacement of the
 * retired Office 365 connectors, which took MessageCards). Title and text come from the recipe's
 * `title` and `text` templates; a link becomes an "Open" button. Teams reads markdown in every
 * TextBlock and cannot be told not to, so the card is made of RichTextBlocks: the template's own
 * **bold**, _italic_, lists and links are kept, values from the delivery are plain TextRuns.
 */
export const teams = defineAction({
  id: 'teams',
  title: 'Post to a Microsoft Teams channel',
  settings: teamsSettingsSchema,
  templateValue: teamsValue,
  async run(ctx) {
    const [title, text] = await Promise.all([ctx.render('title'), ctx.render('text')]);
    const heading = richTextBlocks(truncate(`${ctx.test ? '[Test] ' : ''}${title?.trim() || teamsValue(ctx.event.summary)}`, TITLE_CHARS), {
      weight: 'Bolder',
    });
    const body: object[] = heading.map((block) => ({ ...block, inlines: block.inlines.map((run) => ({ ...run, size: 'Medium' })) }));
    if (text?.trim()) body.push(...richTextBlocks(truncate(text.trim(), TEXT_CHARS)));
    const card = {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body,
      ...(ctx.event.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open', url: ctx.event.link }] } : {}),
    };
    await requestJson(ctx, {
      destination: 'Teams',
      method: 'POST',
      url: ctx.settings.webhookUrl,
      body: { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] },
      explain: EXPLAIN,
      rateLimitWaitMs: 5_000,
    });
    return { detail: 'posted to Teams' };
  },
});
