/** Texts the owner pastes into a platform: help-desk request bodies, the website form's HTML and script. */

/**
 * The request body the help-desk steps ask the owner to paste: the same shape from Zendesk and
 * Freshdesk (each fills in its own placeholders), so one reader turns both into a `ticket`.
 */
export function ticketBody(event: 'ticket.created' | 'ticket.updated', p: { subject: string; description: string; link: string; phone: string }): string {
  return `{
  "event": "${event}",
  "ticket": {
    "id": "{{ticket.id}}",
    "subject": "{{${p.subject}}}",
    "description": "{{${p.description}}}",
    "status": "{{ticket.status}}",
    "priority": "{{ticket.priority}}",
    "link": "{{${p.link}}}",
    "requester": { "name": "{{ticket.requester.name}}", "email": "{{ticket.requester.email}}", "phone": "{{${p.phone}}}" }
  }
}`;
}
export const ZENDESK_PLACEHOLDERS = { subject: 'ticket.title', description: 'ticket.description', link: 'ticket.link', phone: 'ticket.requester.phone' };
export const FRESHDESK_PLACEHOLDERS = { subject: 'ticket.subject', description: 'ticket.description', link: 'ticket.url', phone: 'ticket.requester.phone' };

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A plain HTML form that posts to the Website form address: name, email, phone and message
 * (the names Hooktray reads), a hidden field only robots fill in, and where to send the visitor
 * afterwards (left out, Hooktray thanks them on a page of its own).
 */
export function htmlFormSnippet(address: string, thanksPage?: string): string {
  const redirect = thanksPage ? `\n  <input type="hidden" name="_redirect" value="${attribute(thanksPage)}">` : '';
  return `<form action="${attribute(address)}" method="post">
  <p><label>Your name<br><input name="name" autocomplete="name" required></label></p>
  <p><label>Your email<br><input name="email" type="email" autocomplete="email" required></label></p>
  <p><label>Phone (optional)<br><input name="phone" type="tel" autocomplete="tel"></label></p>
  <p><label>Message<br><textarea name="message" rows="5" required></textarea></label></p>
  <!-- Left empty by people, filled in by robots: such entries start no recipe. -->
  <input name="_gotcha" tabindex="-1" autocomplete="off" style="display:none" aria-hidden="true">${redirect}
  <p><button type="submit">Send</button></p>
</form>`;
}

/**
 * The Apps Script for a Google Form (Extensions → Apps Script, trigger "On form submit"): every
 * answer by its question, the respondent's email when the form collects it, sent as JSON.
 */
export function googleFormsScript(address: string): string {
  return `function onFormSubmit(e) {
  var answers = {};
  e.response.getItemResponses().forEach(function (item) {
    var answer = item.getResponse();
    answers[item.getItem().getTitle()] = Array.isArray(answer) ? answer.join(', ') : String(answer);
  });
  UrlFetchApp.fetch(${JSON.stringify(address)}, {
    method: 'post',
    contentType: 'application/json',
    muteHttpExceptions: true,
    payload: JSON.stringify({
      source: 'google-forms',
      form: e.source.getTitle(),
      id: e.response.getId(),
      email: e.response.getRespondentEmail(),
      answers: answers
    })
  });
}`;
}
