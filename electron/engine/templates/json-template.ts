import type { Liquid } from 'liquidjs';

/**
 * JSON bodies written as Liquid templates ({"rows":[["{{ order.number }}", {{ order.total }}]]}),
 * rendered so that no value can change the JSON around it. Each output is first written as a
 * marker; once the whole template is rendered, each marker is replaced by what is valid where it
 * stands: inside a string, the value's text escaped for a JSON string; outside one, a JSON value
 * of its own (a number as a number, true/false/null as they are, a list or object as JSON, any
 * other text as a quoted string). "</" is written "<\/" everywhere, so a body that ends up inside
 * an HTML page cannot close its script.
 */
const OPEN = '\uF8F0';
const CLOSE = '\uF8F1';
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A template that does not render to valid JSON, with the line the problem is on. */
export class JsonTemplateError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'JsonTemplateError';
    this.line = line;
  }
}

let collected: unknown[] = [];

/** The outputEscape of the engine that renders JSON templates: it only records the value. */
export function collectValue(value: unknown): string {
  collected.push(value);
  return `${OPEN}${collected.length - 1}${CLOSE}`;
}

const safe = (json: string) =>
  json
    .replace(/<\//g, '<\\/')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  return String(value);
}

function asJsonValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return NUMBER.test(value) || value === 'true' || value === 'false' || value === 'null' ? value : safe(JSON.stringify(value));
  return safe(JSON.stringify(value) ?? 'null');
}

/**
 * Renders a JSON template (synchronously, so the markers of two renders never mix) and returns
 * the body, checked to parse. Throws JsonTemplateError naming the line of a Liquid error, or of
 * the first place the result is not JSON.
 */
export function renderJsonTemplate(engine: Liquid, template: string, context: Record<string, unknown>): string {
  if (template.includes(OPEN) || template.includes(CLOSE))
    throw new JsonTemplateError('the template holds a character Hooktray reserves (U+F8F0 or U+F8F1); remove it');
  collected = [];
  let marked: string;
  try {
    marked = engine.parseAndRenderSync(template, context) as string;
  } catch (error) {
    const message = (error as Error).message;
    throw new JsonTemplateError(message.replace(/, line:\d+, col:\d+$/, ''), Number(/line:(\d+)/.exec(message)?.[1]) || undefined);
  }
  const values = collected;
  collected = [];
  const body = substitute(marked, values);
  try {
    JSON.parse(body);
  } catch (error) {
    throw new JsonTemplateError(
      `the body is not valid JSON (${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')})`,
      lineOfJsonError(body, error as Error),
    );
  }
  return body;
}

/** Replaces each marker by its value, written for where it stands (in a string or not). */
function substitute(marked: string, values: readonly unknown[]): string {
  let out = '';
  let inString = false;
  let escaped = false;
  let line = 1;
  for (let i = 0; i < marked.length; i++) {
    const c = marked[i]!;
    if (c === OPEN) {
      const end = marked.indexOf(CLOSE, i);
      const value = values[Number(marked.slice(i + 1, end))];
      if (escaped) throw new JsonTemplateError('a backslash stands right before {{ … }}: remove it (Hooktray escapes values itself)', line);
      out += inString ? safe(JSON.stringify(asText(value)).slice(1, -1)) : asJsonValue(value);
      i = end;
      continue;
    }
    if (c === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    }
    out += c;
  }
  return out;
}

/** The line of a JSON.parse error: from "(line 3 column 5)" when Node says it, else from "position N". */
function lineOfJsonError(body: string, error: Error): number | undefined {
  const line = /line (\d+) column/.exec(error.message)?.[1];
  if (line) return Number(line);
  const position = /position (\d+)/.exec(error.message)?.[1];
  if (position) return body.slice(0, Number(position)).split('\n').length;
  // "Unexpected end of JSON input": the last line.
  return body.trimEnd().split('\n').length;
}
