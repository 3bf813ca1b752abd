/** Default message templates shared by several recipes (Liquid; names ending in html are escaped). */

export const ORDER_EMAIL = {
  subject: 'New order {{ order.number }} from {{ person.name | default: person.email | default: "a customer" }}',
  text: `{{ summary }}

Customer: {{ person.name | default: "(no name)" }}{% if person.email %} <{{ person.email }}>{% endif %}
{% if person.phone %}Phone: {{ person.phone }}
{% endif %}{% if person.company %}Company: {{ person.company }}
{% endif %}Total: {{ order.total }} {{ order.currency }}

Items:
{% for item in order.lineItems %}- {{ item.quantity }} x {{ item.title }}{% if item.price %} at {{ item.price }} {{ order.currency }}{% endif %}
{% endfor %}{% if link %}
Open it: {{ link }}{% endif %}
`,
  html: `<h2>{{ summary }}</h2>
<p><strong>Customer:</strong> {{ person.name | default: "(no name)" }}{% if person.email %} &lt;<a href="mailto:{{ person.email }}">{{ person.email }}</a>&gt;{% endif %}<br>
{% if person.phone %}<strong>Phone:</strong> {{ person.phone }}<br>{% endif %}
<strong>Total:</strong> {{ order.total }} {{ order.currency }}</p>
<ul>{% for item in order.lineItems %}<li>{{ item.quantity }} × {{ item.title }}{% if item.price %} at {{ item.price }} {{ order.currency }}{% endif %}</li>{% endfor %}</ul>
{% if link %}<p><a href="{{ link }}">Open it</a></p>{% endif %}`,
};

export const CONTACT_EMAIL = {
  subject: '{{ summary }}',
  text: `{{ summary }}

Name: {{ person.name | default: "(no name)" }}
{% if person.email %}Email: {{ person.email }}
{% endif %}{% if person.phone %}Phone: {{ person.phone }}
{% endif %}{% if person.company %}Company: {{ person.company }}
{% endif %}{% if link %}
Open it: {{ link }}{% endif %}
`,
  html: `<h2>{{ summary }}</h2>
<p><strong>Name:</strong> {{ person.name | default: "(no name)" }}<br>
{% if person.email %}<strong>Email:</strong> {{ person.email }}<br>{% endif %}
{% if person.phone %}<strong>Phone:</strong> {{ person.phone }}<br>{% endif %}
{% if person.company %}<strong>Company:</strong> {{ person.company }}<br>{% endif %}</p>
{% if link %}<p><a href="{{ link }}">Open it</a></p>{% endif %}`,
};

/** Anything from another app: we do not know its fields, so every top-level one is listed. */
export const GENERIC_EMAIL = {
  subject: '{{ summary }}',
  text: `{{ summary }}

{% for field in fields %}{{ field.name }}: {{ field.value }}
{% endfor %}`,
  html: `<h2>{{ summary }}</h2>
<table>{% for field in fields %}<tr><th align="left" valign="top">{{ field.name }}</th><td>{{ field.value }}</td></tr>{% endfor %}</table>`,
};

export const PAYMENT_EMAIL = {
  subject: '{{ summary }}',
  text: `{{ summary }}

{% if order.total %}Amount: {{ order.total }} {{ order.currency }}
{% endif %}{% if person.name %}From: {{ person.name }}{% if person.email %} <{{ person.email }}>{% endif %}
{% elsif person.email %}From: {{ person.email }}
{% endif %}{% if link %}
Open it: {{ link }}{% endif %}
`,
  html: `<h2>{{ summary }}</h2>
{% if order.total %}<p><strong>Amount:</strong> {{ order.total }} {{ order.currency }}</p>{% endif %}
{% if person.name or person.email %}<p><strong>From:</strong> {{ person.name }} {{ person.email }}</p>{% endif %}
{% if link %}<p><a href="{{ link }}">Open it</a></p>{% endif %}`,
};

/** Chat messages about an order. Slack's template ends in "html": values arrive escaped for mrkdwn. */
export const ORDER_SLACK = {
  message_html: `:shopping_trolley: *New order {{ order.number }}* from {{ person.name | default: person.email | default: "a customer" }}: *{{ order.total }} {{ order.currency }}*
{% for item in order.lineItems %}• {{ item.quantity }} × {{ item.title }}
{% endfor %}{% if link %}<{{ link }}|Open it>{% endif %}`,
};

export const ORDER_TEAMS = {
  title: 'New order {{ order.number }}: {{ order.total }} {{ order.currency }}',
  text: `**Customer:** {{ person.name | default: "(no name)" }}{% if person.email %} ({{ person.email }}){% endif %}

{% for item in order.lineItems %}- {{ item.quantity }} × {{ item.title }}
{% endfor %}`,
};

export const ORDER_DISCORD = {
  message: `🛒 **New order {{ order.number }}** from {{ person.name | default: person.email | default: "a customer" }}: **{{ order.total }} {{ order.currency }}**
{% for item in order.lineItems %}- {{ item.quantity }} × {{ item.title }}
{% endfor %}{% if link %}<{{ link }}>{% endif %}`,
};

/** A ClinchPad lead marked won: the lead by its own name, then the person it is with. */
export const WON_EMAIL = {
  subject: 'Won: {{ event.data.lead.name | default: person.name | default: "a lead" }} 🎉',
  text: `{{ summary }}

Lead: {{ event.data.lead.name | default: "(no name)" }}
{% if person.name %}Contact: {{ person.name }}
{% endif %}{% if person.email %}Email: {{ person.email }}
{% endif %}{% if person.phone %}Phone: {{ person.phone }}
{% endif %}{% if event.data.lead.size %}Value: {{ event.data.lead.size }}
{% endif %}{% if link %}
Open it: {{ link }}{% endif %}
`,
};

/** ClinchPad lead from an order: its name and a note listing what was bought. */
export const ORDER_CLINCHPAD = {
  lead: '{{ order.number }} {{ person.name | default: person.email }}',
  note: `{{ summary }}
{% for item in order.lineItems %}- {{ item.quantity }} x {{ item.title }}{% if item.price %} at {{ item.price }} {{ order.currency }}{% endif %}
{% endfor %}{% if link %}{{ link }}{% endif %}`,
};

/** Spreadsheet rows: "columns" lists the titles, "column:<title>" fills each. */
export const ORDER_ROW = {
  columns: 'Date, Order, Customer, Email, Total, Currency, Items, Source',
  'column:Date': '{{ event.occurredAt | slice: 0, 10 }}',
  'column:Order': '{{ order.number }}',
  'column:Customer': '{{ person.name }}',
  'column:Email': '{{ person.email }}',
  'column:Total': '{{ order.total }}',
  'column:Currency': '{{ order.currency }}',
  'column:Items': '{% for item in order.lineItems %}{{ item.quantity }} x {{ item.title }}{% unless forloop.last %}; {% endunless %}{% endfor %}',
  'column:Source': '{{ source }}',
  'column:Phone': '{{ person.phone }}',
  'column:Company': '{{ person.company }}',
  'column:Summary': '{{ summary }}',
};

export const PAYMENT_ROW = {
  ...ORDER_ROW,
  columns: 'Date, Payment, Customer, Email, Amount, Currency, Summary',
  'column:Payment': '{{ order.number | default: event.data.id }}',
  'column:Amount': '{{ order.total }}',
};
