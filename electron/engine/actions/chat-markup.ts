/**
 * Writing values taken from a delivery (a customer's name, an order note) into chat messages so
 * that they show as the text they are: a first name of "[Refund here](https://evil.example)"
 * must not become a link, "**URGENT**" not bold, "<@123>" not a mention. The owner's own
 * template text keeps its markup; only the values are escaped, as Liquid outputs them.
 */

/** A template output as Liquid would write it (nothing for null, lists run together). */
export function liquidText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(liquidText).join('');
  return String(value);
}

/** Characters Discord's markdown gives a meaning anywhere in a line. */
const DISCORD_INLINE = /[\\*_~`|<>[\]()#:]/g;
/**
 * At the start of a line: "- " and "+ " lists, "1. " numbered lists ("-# " small text is
 * already broken by the escaped "#"). A value may end right there and the template go on with
 * a space, so the end of the value counts as a space.
 */
const DISCORD_LINE_START = /(^|\n)([ \t]*)(?:([-+])|(\d+)\.)(?=[ \t]|$)/g;

/**
 * Discord markdown, escaped with backslashes (Discord shows "\*" as "*"). A value is treated as
 * if it began a line, since the template may put it there.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(DISCORD_INLINE, '\\$&')
    .replace(
      DISCORD_LINE_START,
      (_m, start: string, indent: string, bullet?: string, digits?: string) => `${start}${indent}${bullet ? `\\${bullet}` : `${digits}\\.`}`,
    );
}

/** A web address on its own: written so no markdown can hide in it, and left usable as a link. */
function plainUrl(text: string): string | undefined {
  if (!/^https?:\/\/\S+$/i.test(text) || !URL.canParse(text)) return undefined;
  // href already encodes spaces, quotes and <>; these would still end a link or start markup.
  return new URL(text).href.replace(/[()[\]`|*~\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * How a value goes into a Discord message template: escaped, except a web address on its own
 * (the recipe's {{ link }}), which Discord shows as the link it is; a backslash in it would break it.
 */
export function discordValue(value: unknown): string {
  const text = liquidText(value);
  return plainUrl(text) ?? escapeDiscord(text);
}

/**
 * Teams cards have no way to switch markdown off in a TextBlock and escape it differently per
 * client, so values are not escaped but marked: the Teams action turns marked text into plain
 * TextRuns (teams-rich-text.ts), which Teams never reads as markdown.
 */
export const VALUE_START = '\uE000';
export const VALUE_END = '\uE001';

export function teamsValue(value: unknown): string {
  return `${VALUE_START}${liquidText(value).replace(/[\uE000\uE001]/g, '')}${VALUE_END}`;
}
