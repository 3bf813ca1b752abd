import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonTemplateError } from '../../electron/engine/templates/json-template.ts';
import { TemplateRenderer } from '../../electron/engine/templates/renderer.ts';

const renderer = new TemplateRenderer();
const render = (template: string, context: Record<string, unknown>) => renderer.renderJson(template, context);

describe('JSON body templates', () => {
  it('values with quotes, backslashes, newlines, control characters and </script> stay inside their string, exactly', () => {
    const hostile = 'He said "hi"\\n\n\t\u0000\u001f</script><script>alert(1)</script>\u2028\u2029 ünï 🎉 "}], "admin": true, "x": ["';
    const body = render('{"rows":[["{{ order.number }}", "{{ person.name }}", {{ order.total }}]], "note": "Name: {{ person.name }}!"}', {
      order: { number: hostile, total: '49.90' },
      person: { name: hostile },
    });
    expect(JSON.parse(body)).toEqual({ rows: [[hostile, hostile, 49.9]], note: `Name: ${hostile}!` });
    expect(body).not.toContain('</script>');
    expect(body).not.toMatch(/[\u2028\u2029]/);
  });

  it('any value in any place renders to valid JSON holding that value (generated)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.oneof(fc.string({ unit: 'binary' }), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string())),
        (text, anything) => {
          const parsed = JSON.parse(render('{"a": "{{ t }}", "b": "x{{ t }}y", "c": {{ v }}, "d": [{{ t }}]}', { t: text, v: anything })) as Record<
            string,
            unknown
          >;
          expect(parsed.a).toBe(text);
          expect(parsed.b).toBe(`x${text}y`);
          // Outside quotes: a number stays a number, text becomes one string, never more JSON.
          expect((parsed.d as unknown[]).length).toBe(1);
          if (typeof anything === 'number' && Number.isFinite(anything)) expect(parsed.c === anything).toBe(true); // -0 arrives as 0
          if (typeof anything === 'string' && !/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$|^(true|false|null)$/.test(anything)) expect(parsed.c).toBe(anything);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('outside quotes: numbers as numbers, lists and objects as JSON, missing as null, other text quoted', () => {
    const body = render(
      '{"total": {{ order.total }}, "items": {{ order.lineItems }}, "gone": {{ nothing }}, "text": {{ person.name }}, "sneaky": [{{ sneaky }}]}',
      {
        order: { total: '49.90', lineItems: [{ title: 'Mug', quantity: 2 }] },
        person: { name: 'Jane' },
        sneaky: '1, 2, "admin"',
      },
    );
    expect(JSON.parse(body)).toEqual({ total: 49.9, items: [{ title: 'Mug', quantity: 2 }], gone: null, text: 'Jane', sneaky: ['1, 2, "admin"'] });
  });

  it('a template that is not JSON is refused with the line it fails on', () => {
    const broken = '{\n  "order": "{{ order.number }}",\n  "total" {{ order.total }}\n}';
    expect(() => render(broken, { order: { number: '#1', total: '1' } })).toThrow(
      new JsonTemplateError("the body is not valid JSON (Expected ':' after property name)", 3),
    );
    expect(() => render('{\n  "a": 1,\n  "b": {{ x \n}', {})).toThrow(/^line 3: output "\{\{ x \\n\}" not closed/);
    expect(() => render('{"a": "\\{{ x }}"}', { x: '"' })).toThrow(/^line 1: a backslash stands right before/);
    expect(() => render('{"a": 1', {})).toThrow(/^line 1: the body is not valid JSON/);
  });
});
