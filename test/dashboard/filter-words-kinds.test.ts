import { describe, expect, it } from 'vitest';
import { filterFieldsFor } from '../../renderer/src/filter-words.ts';

describe('"Only when…" fields for the new kinds of event', () => {
  it('offers a ticket’s priority and status for tickets, a form’s message for forms, and no contact fields for either', () => {
    expect(filterFieldsFor({ source: 'zendesk', events: ['ticket.created'] }).map((f) => f.label)).toEqual([
      'Priority',
      'Status',
      'Subject',
      'Requester email',
    ]);
    expect(filterFieldsFor({ source: 'form', events: ['form.submitted'] }).map((f) => f.field)).toEqual(['form.message', 'person.email', 'form.name']);
    expect(filterFieldsFor({ source: 'clinchpad', events: ['contact.created'] }).map((f) => f.label)).toContain('Company');
  });
});
