import type { FormInfo, Person } from '../../../shared/events.ts';
import { joinName, list, obj, person, str, type Json } from './fields.ts';

/** What a form builder sent, read the same way whichever builder it was. */
export interface FormEntry {
  /** Which builder's shape it had: "typeform", "google-forms", "gravity-forms", or "form" (named fields). */
  builder: string;
  /** The builder's id of this entry, when it gives one. */
  id?: string;
  person?: Person;
  form: FormInfo;
  /** The page the form was on, when the builder says. */
  page?: string;
}

/**
 * Words that say which part a field is, by its name or question ("Your e-mail", "first_name",
 * "Name of your company"). Checked in this order, so a field counts once: "First name" is a
 * first name, not a name; "Name of your company" a company.
 */
const PART_WORDS = {
  email: ['email', 'mail', 'emailaddress'],
  phone: ['phone', 'tel', 'telephone', 'mobile', 'phonenumber'],
  company: ['company', 'organisation', 'organization', 'business'],
  first: ['first', 'firstname', 'fname', 'given', 'givenname'],
  last: ['last', 'lastname', 'lname', 'surname', 'family', 'familyname'],
  message: ['message', 'comments', 'comment', 'msg', 'enquiry', 'inquiry', 'details', 'body'],
  name: ['name', 'fullname', 'yourname'],
};
type Part = keyof typeof PART_WORDS;

function partOf(label: string): Part | undefined {
  const words = label
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const squashed = words.join('');
  return (Object.keys(PART_WORDS) as Part[]).find((part) => PART_WORDS[part].includes(squashed) || words.some((w) => PART_WORDS[part].includes(w)));
}
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** A value as text: lists joined, a WPForms/Gravity name object as "first last", anything else left out. */
function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(', ') || undefined;
  if (value && typeof value === 'object') {
    const o = obj(value);
    return joinName(str(o.first) ?? str(o.first_name), str(o.last) ?? str(o.last_name)) ?? str(o.value);
  }
  return typeof value === 'boolean' ? String(value) : str(value);
}

/** Reads the person and message out of labelled fields (question or field name → answer). */
function fromLabelled(fields: Record<string, string>): { person?: Person; message?: string } {
  const parts = new Map<Part, string>();
  for (const [label, value] of Object.entries(fields)) {
    const part = partOf(label);
    if (part && !parts.has(part)) parts.set(part, value);
  }
  const find = (part: Part) => parts.get(part);
  const email = find('email') ?? Object.values(fields).find((v) => EMAIL.test(v));
  const first = find('first');
  const last = find('last');
  const who = person({
    name: find('name') ?? joinName(first, last),
    firstName: first,
    lastName: last,
    email: email && EMAIL.test(email) ? email : undefined,
    phone: find('phone'),
    company: find('company'),
  });
  // No field named like a message: the longest answer with a space in it.
  const message =
    find('message') ??
    Object.values(fields)
      .filter((v) => /\s/.test(v) && v !== who?.name)
      .sort((a, b) => b.length - a.length)[0];
  return { ...(who ? { person: who } : {}), ...(message ? { message } : {}) };
}

/** A form has a few dozen fields; past this many the rest stay in the payload only (a flood must cost little). */
export const MAX_FORM_FIELDS = 100;

/** Fields as the owner sees them: control fields (starting "_") left out, every value as text. */
function plainFields(body: Json): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body).slice(0, MAX_FORM_FIELDS)) {
    const shown = key.startsWith('_') ? undefined : text(value);
    if (shown !== undefined) fields[key] = shown;
  }
  return fields;
}

function typeform(body: Json): FormEntry {
  const response = obj(body.form_response);
  const definition = obj(response.definition);
  const titles = new Map(list(definition.fields).map((f) => [str(obj(f).id), str(obj(f).title) ?? str(obj(f).ref)]));
  const fields: Record<string, string> = {};
  for (const raw of list(response.answers).slice(0, MAX_FORM_FIELDS)) {
    const answer = obj(raw);
    const field = obj(answer.field);
    const kind = str(answer.type) ?? '';
    const value = kind === 'choice' ? str(obj(answer.choice).label) : kind === 'choices' ? text(obj(answer.choices).labels) : text(answer[kind]);
    const label = titles.get(str(field.id)) ?? str(field.ref) ?? str(field.id) ?? kind;
    if (value !== undefined) fields[kind === 'email' ? label || 'Email' : label] = value;
  }
  const found = fromLabelled(fields);
  const email = list(response.answers)
    .map((a) => str(obj(a).email))
    .find(Boolean);
  const who = person({ ...found.person, ...(email ? { email } : {}) });
  return {
    builder: 'typeform',
    ...(str(body.event_id) ? { id: str(body.event_id) } : {}),
    ...(who ? { person: who } : {}),
    form: { ...(str(definition.title) ? { name: str(definition.title) } : {}), ...(found.message ? { message: found.message } : {}), fields },
  };
}

function googleForms(body: Json): FormEntry {
  const fields = plainFields(obj(body.answers));
  const found = fromLabelled(fields);
  const who = person({ ...found.person, ...(str(body.email) ? { email: str(body.email) } : {}) });
  return {
    builder: 'google-forms',
    ...(str(body.id) ? { id: str(body.id) } : {}),
    ...(who ? { person: who } : {}),
    form: { ...(str(body.form) ? { name: str(body.form) } : {}), ...(found.message ? { message: found.message } : {}), fields },
  };
}

/**
 * Gravity Forms' "all fields": values under field ids ("1", "2", "3.3" and "3.6" for a name's
 * first and last part) next to the entry's own keys (id, form_id, source_url, date_created, …).
 */
function gravityForms(body: Json): FormEntry {
  const values = Object.entries(body)
    .filter(([key]) => /^\d+(\.\d+)?$/.test(key))
    .slice(0, MAX_FORM_FIELDS);
  const fields = Object.fromEntries(values.map(([k, v]) => [k, text(v)]).filter((e): e is [string, string] => e[1] !== undefined));
  const first = values.find(([k]) => k.endsWith('.3'))?.[1];
  const last = values.find(([k]) => k.endsWith('.6'))?.[1];
  const found = fromLabelled(fields);
  const who = person({ ...found.person, name: joinName(text(first), text(last)) ?? found.person?.name, firstName: text(first), lastName: text(last) });
  const page = str(body.source_url);
  return {
    builder: 'gravity-forms',
    ...(str(body.id) ? { id: `${str(body.form_id)}:${str(body.id)}` } : {}),
    ...(who ? { person: who } : {}),
    form: { ...(found.message ? { message: found.message } : {}), fields },
    ...(page ? { page } : {}),
  };
}

const read = new WeakMap<object, FormEntry>();

/** Reads any form builder's body (once per payload); unknown shapes are read as named fields (a plain HTML form, WPForms). */
export function readFormEntry(payload: unknown): FormEntry {
  if (payload === null || typeof payload !== 'object') return readEntry(payload);
  let entry = read.get(payload);
  if (!entry) read.set(payload, (entry = readEntry(payload)));
  return entry;
}

function readEntry(payload: unknown): FormEntry {
  const body = obj(payload);
  if (str(body.event_type) === 'form_response' && body.form_response) return typeform(body);
  if (str(body.source) === 'google-forms' && body.answers) return googleForms(body);
  if (body.form_id !== undefined && Object.keys(body).some((k) => /^\d+(\.\d+)?$/.test(k))) return gravityForms(body);
  // WPForms sends the fields it was told to, sometimes under "fields".
  const fields = plainFields(body.fields && typeof body.fields === 'object' && !Array.isArray(body.fields) ? obj(body.fields) : body);
  const found = fromLabelled(fields);
  const name = str(body._form) ?? str(body.form_name);
  return {
    builder: 'form',
    ...(found.person ? { person: found.person } : {}),
    form: { ...(name ? { name } : {}), ...(found.message ? { message: found.message } : {}), fields },
  };
}
