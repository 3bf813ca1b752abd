/**
 * How Discord and Teams read what Hooktray posts, modelled independently of the code under test
 * (Discord's markdown parser is simple-markdown; Teams' RichTextBlock/TextRun are never markdown).
 */

/** Discord drops a backslash before any character that is not a letter, digit or space and shows that character. */
export function discordShows(content: string): string {
  return content.replace(/\\([^0-9A-Za-z\s])/g, '$1');
}

const INLINE_MARKUP = new Set([...'*_~`|<>[]()']);
const LINE_MARKUP = /^(?:[-+*] |\d+\. |#{1,3} |-# |>>> |> )/;

/**
 * The markup Discord would act on in content, in order: formatting characters nobody escaped,
 * line starts that make lists, headings or quotes. A bare web address is a link and nothing
 * inside it is markup, as in Discord.
 */
export function discordMarkup(content: string): string[] {
  const found: string[] = [];
  let lineStart = true;
  for (let i = 0; i < content.length;) {
    if (lineStart) {
      const indent = /^[ \t]*/.exec(content.slice(i))![0].length;
      const marker = LINE_MARKUP.exec(content.slice(i + indent))?.[0];
      if (marker) found.push(`line:${marker.replace(/\d+/, '1')}`);
      lineStart = false;
    }
    const ch = content[i]!;
    if (ch === '\\' && i + 1 < content.length && /[^0-9A-Za-z\s]/.test(content[i + 1]!)) {
      i += 2;
      continue;
    }
    const url = /^https?:\/\/[^\s<]+/.exec(content.slice(i));
    if (url) {
      i += url[0].length;
      continue;
    }
    if (ch === '\n') lineStart = true;
    else if (INLINE_MARKUP.has(ch)) found.push(ch);
    i++;
  }
  return found;
}

interface TextRun {
  type: string;
  text: string;
  weight?: string;
  italic?: boolean;
  selectAction?: { url: string };
}

/** The lines a Teams card shows, from its RichTextBlocks (a TextBlock would be read as markdown, so it is reported). */
export function teamsLines(body: readonly Record<string, unknown>[]): { lines: string[]; runs: TextRun[]; textBlocks: number } {
  const runs: TextRun[] = [];
  const lines: string[] = [];
  let textBlocks = 0;
  for (const block of body) {
    if (block.type === 'TextBlock') textBlocks++;
    if (block.type !== 'RichTextBlock') continue;
    const inlines = block.inlines as TextRun[];
    runs.push(...inlines);
    lines.push(inlines.map((r) => r.text).join(''));
  }
  return { lines, runs, textBlocks };
}
