import { z } from 'zod';
import { defineAction } from './action.ts';
import { escapeMrkdwn, htmlEscapedToMrkdwn, truncate } from './chat-text.ts';
import { requestJson, webhookUrlSetting } from './http-client.ts';

export const slackSettingsSchema = z.strictObject({
  /** Slack → Apps → Incoming Webhooks → "Add New Webhook to Workspace" → the https://hooks.slack.com/services/… address. */
  webhookUrl: webhookUrlSetting,
});

const GONE =
  'Slack no longer accepts this webhook address (the app was removed, or the channel archived or deleted): add a new incoming webhook in Slack and paste its address';
const EXPLAIN = { 400: 'Slack refused the message (check the message template)', 403: GONE, 404: GONE, 410: GONE };

/**
 * Posts to a Slack channel through an incoming webhook: one mrkdwn section from the recipe's
 * `message_html` template (values escaped for Slack), and the plain summary as the notification
 * text. Slack answers 200 "ok"; errors come as plain-text codes (invalid_payload, no_service, …).
 */
export const slack = defineAction({
  id: 'slack',
  title: 'Post to a Slack channel',
  settings: slackSettingsSchema,
  async run(ctx) {
    const rendered = await ctx.render('message_html');
    const message = truncate(rendered ? htmlEscapedToMrkdwn(rendered).trim() : escapeMrkdwn(ctx.event.summary), 3000);
    const text = truncate(escapeMrkdwn(`${ctx.test ? '[Test] ' : ''}${ctx.event.summary}`), 3000);
    await requestJson(ctx, {
      destination: 'Slack',
      method: 'POST',
      url: ctx.settings.webhookUrl,
      body: { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${ctx.test ? '*[Test]* ' : ''}${message}` } }], unfurl_links: false },
      explain: EXPLAIN,
      rateLimitWaitMs: 1_000,
    });
    return { detail: 'posted to Slack' };
  },
});
