import { startContractServer, type Recorded, type Reply } from './contract-server.ts';

export const SLACK_PATH = '/services/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX';

/**
 * A Slack incoming webhook: 200 "ok" for a JSON body with `text` and/or valid `blocks`; plain-text
 * error codes otherwise (400 invalid_payload / invalid_blocks, 404 no_service for a wrong address,
 * 410 channel_is_archived once `archived` is set).
 */
export async function startSlack() {
  const state = { archived: false, messages: [] as { text?: string; blocks?: { type: string; text?: { type: string; text: string } }[] }[] };
  const server = await startContractServer((req: Recorded): Reply => {
    if (req.method !== 'POST' || req.path !== SLACK_PATH) return { status: 404, body: 'no_service' };
    if (state.archived) return { status: 410, body: 'channel_is_archived' };
    const body = req.json as { text?: unknown; blocks?: unknown } | undefined;
    if (!/^application\/json/.test(req.headers['content-type'] ?? '') || !body || typeof body !== 'object') return { status: 400, body: 'invalid_payload' };
    if (body.text !== undefined && typeof body.text !== 'string') return { status: 400, body: 'invalid_payload' };
    if (body.blocks !== undefined) {
      const blocks = body.blocks as unknown[];
      const valid =
        Array.isArray(blocks) &&
        blocks.length > 0 &&
        blocks.length <= 50 &&
        blocks.every((b) => {
          const block = b as { type?: unknown; text?: { type?: unknown; text?: unknown } };
          return (
            block.type === 'section' &&
            (block.text?.type === 'mrkdwn' || block.text?.type === 'plain_text') &&
            typeof block.text.text === 'string' &&
            block.text.text.length > 0 &&
            block.text.text.length <= 3000
          );
        });
      if (!valid) return { status: 400, body: 'invalid_blocks' };
    }
    if (!body.text && !body.blocks) return { status: 400, body: 'no_text' };
    state.messages.push(body as (typeof state.messages)[number]);
    return { status: 200, body: 'ok' };
  });
  return Object.assign(server, { state, webhookUrl: `${server.url}${SLACK_PATH}` });
}

export const TEAMS_SIG = 'sig-abc123';

/**
 * A Teams Workflows "Send webhook alerts to a channel" trigger: the address carries a `sig`;
 * the body must be a message with an Adaptive Card attachment (legacy MessageCards are refused);
 * 202 Accepted with no body.
 */
export async function startTeams() {
  const cards: { body: ({ type: string; text?: string } & Record<string, unknown>)[]; actions?: { type: string; url: string }[] }[] = [];
  const server = await startContractServer((req: Recorded): Reply => {
    if (req.method !== 'POST' || !req.path.endsWith('/triggers/manual/paths/invoke')) return { status: 404, body: { error: { code: 'TriggerNotFound' } } };
    if (req.query.get('sig') !== TEAMS_SIG)
      return { status: 401, body: { error: { code: 'DirectApiAuthorizationRequired', message: 'The request must be authenticated' } } };
    const body = req.json as { type?: unknown; attachments?: unknown; '@type'?: unknown } | undefined;
    if (body?.['@type'] === 'MessageCard') return { status: 400, body: { error: { code: 'InvalidRequestContent', message: 'MessageCard is not supported' } } };
    const attachment = Array.isArray(body?.attachments) ? (body.attachments[0] as { contentType?: unknown; content?: Record<string, unknown> }) : undefined;
    const card = attachment?.content;
    const ok =
      body?.type === 'message' &&
      attachment?.contentType === 'application/vnd.microsoft.card.adaptive' &&
      card?.type === 'AdaptiveCard' &&
      typeof card.version === 'string' &&
      Array.isArray(card.body) &&
      card.body.every((e: { type?: unknown }) => typeof e.type === 'string');
    if (!ok) return { status: 400, body: { error: { code: 'InvalidRequestContent', message: 'Expected a message with an Adaptive Card attachment' } } };
    cards.push(card as unknown as (typeof cards)[number]);
    return { status: 202 };
  });
  return Object.assign(server, {
    cards,
    webhookUrl: `${server.url}/workflows/0a1b2c/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${TEAMS_SIG}`,
  });
}

export const DISCORD_TOKEN = 'dQw4w9WgXcQ-token';

/**
 * A Discord channel webhook: `/api/webhooks/{id}/{token}`; content ≤ 2000 characters and one of
 * content/embeds required (400 with Discord's codes otherwise); 200 with the message when
 * `?wait=true`, else 204. A message that would ping @everyone (no allowed_mentions limit) is
 * counted in `pings`.
 */
export async function startDiscord() {
  const state = { messages: [] as { content?: string; username?: string; allowed_mentions?: { parse?: string[] }; flags?: number }[], pings: 0 };
  const server = await startContractServer((req: Recorded): Reply => {
    const match = /^\/api\/webhooks\/(\d+)\/([^/]+)$/.exec(req.path);
    if (req.method !== 'POST' || !match || match[1] !== '112233445566778899') return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    if (match[2] !== DISCORD_TOKEN) return { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
    const body = req.json as { content?: unknown; embeds?: unknown; username?: unknown; allowed_mentions?: { parse?: unknown } } | undefined;
    if (!body || typeof body !== 'object') return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
    if (typeof body.content === 'string' && body.content.length > 2000) {
      return {
        status: 400,
        body: {
          message: 'Invalid Form Body',
          code: 50035,
          errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
        },
      };
    }
    if (!body.content && !body.embeds) return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
    const parse = body.allowed_mentions?.parse;
    if (typeof body.content === 'string' && /@everyone|@here|<@&?\d+>/.test(body.content) && !(Array.isArray(parse) && parse.length === 0)) state.pings++;
    state.messages.push(body as (typeof state.messages)[number]);
    const id = String(1_200_000_000_000_000_000n + BigInt(state.messages.length));
    return req.query.get('wait') === 'true'
      ? { status: 200, body: { id, type: 0, content: body.content, channel_id: '998877', webhook_id: match[1] } }
      : { status: 204 };
  });
  return Object.assign(server, { state, webhookUrl: `${server.url}/api/webhooks/112233445566778899/${DISCORD_TOKEN}` });
}
