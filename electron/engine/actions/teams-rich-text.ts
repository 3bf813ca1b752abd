import { VALUE_END, VALUE_START } from './chat-markup.ts';

/** A run of text in a Teams RichTextBlock: never read as markdown. */
export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  italic?: true;
  selectAction?: { type: 'Action.OpenUrl'; url: string };
}

export interface RichTextBlock {
  type: 'RichTextBlock';
  inlines: TextRun[];
  spacing?: 'Medium';
}

/** One character of rendered text, and whether it came from a value (never markup) or the template. */
interface Char {
  c: string;
  value: boolean;
}

/**
 * Turns a rendered Teams template into RichTextBlocks, one per line. The template's own text
 * may use the markdown Teams documents for cards (**bold**, _italic_, "- " lists,
 * [text](https://…) links); text from values (marked by teamsValue) becomes plain TextRuns,
 * whatever it contains. A blank line starts a new paragraph.
 */
export function richTextBlocks(rendered: string, style: { weight?: 'Bolder' } = {}): RichTextBlock[] {
  const blocks: RichTextBlock[] = [];
  let gap = false;
  for (const line of splitLines(chars(rendered))) {
    const inlines = runs(listItem(line), style);
    if (!inlines.some((run) => run.text.trim())) {
      gap = blocks.length > 0;
      continue;
    }
    blocks.push({ type: 'RichTextBlock', inlines, ...(gap ? { spacing: 'Medium' as const } : {}) });
    gap = false;
  }
  return blocks;
}

function chars(rendered: string): Char[] {
  const out: Char[] = [];
  let value = false;
  for (const c of rendered) {
    if (c === VALUE_START) value = true;
    else if (c === VALUE_END) value = false;
    else out.push({ c, value });
  }
  return out;
}

function splitLines(text: Char[]): Char[][] {
  const lines: Char[][] = [[]];
  for (const ch of text) {
    if (ch.c === '\n') lines.push([]);
    else if (ch.c !== '\r') lines.at(-1)!.push(ch);
  }
  return lines;
}

const literal = (line: Char[], at: number, text: string) => [...text].every((c, i) => line[at + i]?.c === c && !line[at + i]!.value);

/** A template line starting "- " or "* " becomes a bullet (Teams would do the same). */
function listItem(line: Char[]): Char[] {
  let i = 0;
  while (line[i] && !line[i]!.value && (line[i]!.c === ' ' || line[i]!.c === '\t')) i++;
  if ((literal(line, i, '- ') || literal(line, i, '* ')) && !literal(line, i, '**')) return [{ c: '•', value: false }, ...line.slice(i + 1)];
  return line;
}

function runs(line: Char[], base: { weight?: 'Bolder' }): TextRun[] {
  const out: TextRun[] = [];
  let bold = false;
  let italic = false;
  const push = (text: string, link?: string) => {
    if (!text) return;
    const run: TextRun = {
      type: 'TextRun',
      text,
      ...(bold || base.weight ? { weight: 'Bolder' as const } : {}),
      ...(italic ? { italic: true as const } : {}),
      ...(link ? { selectAction: { type: 'Action.OpenUrl' as const, url: link } } : {}),
    };
    const last = out.at(-1);
    if (last && !link && !last.selectAction && last.weight === run.weight && last.italic === run.italic) last.text += text;
    else out.push(run);
  };
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch.value) {
      push(ch.c);
      i++;
      continue;
    }
    if (literal(line, i, '**') && (bold || closes(line, i + 2, '**'))) {
      bold = !bold;
      i += 2;
      continue;
    }
    if ((ch.c === '_' || ch.c === '*') && (italic || closes(line, i + 1, ch.c))) {
      italic = !italic;
      i++;
      continue;
    }
    const link = ch.c === '[' ? markdownLink(line, i) : undefined;
    if (link) {
      push(link.text, link.url);
      i = link.end;
      continue;
    }
    push(ch.c);
    i++;
  }
  return out;
}

/** Whether a template marker at `from` is closed later on the line by the template, not by a value. */
function closes(line: Char[], from: number, marker: string): boolean {
  if (!line[from] || line[from]!.c === ' ') return false;
  for (let j = from + 1; j < line.length; j++) if (literal(line, j, marker)) return true;
  return false;
}

/** [text](https://…) written by the template (the address may come from a value, e.g. {{ link }}). */
function markdownLink(line: Char[], at: number): { text: string; url: string; end: number } | undefined {
  let close = -1;
  for (let j = at + 1; j < line.length; j++)
    if (literal(line, j, '](')) {
      close = j;
      break;
    }
  if (close < 0) return undefined;
  let end = -1;
  for (let j = close + 2; j < line.length; j++)
    if (literal(line, j, ')')) {
      end = j;
      break;
    }
  if (end < 0) return undefined;
  const text = line
    .slice(at + 1, close)
    .map((c) => c.c)
    .join('');
  const url = line
    .slice(close + 2, end)
    .map((c) => c.c)
    .join('')
    .trim();
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url) || !text) return undefined;
  return { text, url: new URL(url).href, end: end + 1 };
}
