/** Text helpers shared by the chat actions (Slack, Teams, Discord). */

/** Cuts text to a platform's limit, marking the cut, without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text.slice(0, max - 1));
  if (chars.join('').length > max - 1) chars.pop();
  return `${chars.join('')}…`;
}

/**
 * Slack mrkdwn wants exactly &, < and > escaped. Templates whose name ends in "html" already get
 * every value escaped (so a customer named "<!channel>" cannot ping everyone); Slack shows the
 * two quote entities literally, so they are turned back into quotes.
 */
export function htmlEscapedToMrkdwn(text: string): string {
  return text.replace(/&(?:#34|quot);/g, '"').replace(/&(?:#39|apos);/g, "'");
}

/** The same three escapes, for values we put into a Slack message ourselves. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
