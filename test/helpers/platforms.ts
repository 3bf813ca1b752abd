import { createHmac } from 'node:crypto';

/** Secrets and signers for the platforms, computed as each documents it. */
export const SECRETS = {
  woocommerce: 'wc_test_secret_9f8e7d',
  stripe: 'whsec_test_0123456789abcdef',
  mautic: 'mautic_test_secret_42',
  generic: 'generic_test_secret_7',
};

export function hmacBase64(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export function stripeSignature(body: string, secret = SECRETS.stripe, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
}

export function wooOrder(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    number: String(id),
    status: 'processing',
    currency: 'EUR',
    date_created_gmt: '2026-11-20T09:30:00',
    date_modified_gmt: '2026-11-20T09:30:05',
    date_paid_gmt: null,
    total: '64.50',
    total_tax: '10.30',
    customer_id: 12,
    billing: {
      first_name: 'Lena',
      last_name: 'Berg',
      company: 'Berg Bakery',
      address_1: 'Hauptstr. 1',
      city: 'Hamburg',
      postcode: '20095',
      country: 'DE',
      email: 'lena@berg-bakery.example',
      phone: '+49 40 123456',
    },
    payment_method_title: 'Direct bank transfer',
    line_items: [{ id: 91, name: 'Sourdough starter kit', product_id: 7, quantity: 1, sku: 'SD-KIT', price: 54.2, total: '54.20' }],
    ...overrides,
  };
}

export function wooHeaders(body: string, topic = 'order.created', secret = SECRETS.woocommerce): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'WooCommerce/9.4.0 Hookshot (WordPress/6.7)',
    'x-wc-webhook-source': 'https://berg-bakery.example/',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-resource': topic.split('.')[0]!,
    'x-wc-webhook-event': topic.split('.')[1]!,
    'x-wc-webhook-signature': hmacBase64(secret, body),
    'x-wc-webhook-id': '3',
    'x-wc-webhook-delivery-id': String(Math.random()).slice(2),
  };
}

export function stripeCheckout(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    object: 'event',
    api_version: '2025-10-29',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: 'checkout.session.completed',
    data: {
      object: {
        id: `cs_test_${id}`,
        object: 'checkout.session',
        amount_total: 4990,
        currency: 'eur',
        client_reference_id: '2051',
        customer_details: { email: 'kim@example.com', name: 'Kim Lee', phone: null },
        payment_status: 'paid',
        status: 'complete',
      },
    },
    ...overrides,
  };
}

export function mauticBatch(ids: number[], kind = 'mautic.lead_post_save_new') {
  return {
    [kind]: ids.map((id) => ({
      contact: {
        id,
        points: 0,
        fields: {
          core: {
            firstname: { alias: 'firstname', value: 'Ola' },
            lastname: { alias: 'lastname', value: `Nordmann ${id}` },
            email: { alias: 'email', value: `ola${id}@example.com` },
            phone: { alias: 'phone', value: null },
            company: { alias: 'company', value: 'Fjord AS' },
          },
        },
      },
      timestamp: '2026-11-20T10:00:00+00:00',
    })),
  };
}

export function mailchimpForm(type: string, email: string, firedAt = '2026-11-20 10:15:00'): string {
  return new URLSearchParams({
    type,
    fired_at: firedAt,
    'data[id]': `id-${email}`,
    'data[email]': email,
    'data[email_type]': 'html',
    'data[list_id]': 'a6b5da1054',
    'data[merges][EMAIL]': email,
    'data[merges][FNAME]': 'Mia',
    'data[merges][LNAME]': 'Rossi',
    'data[merges][PHONE]': '+39 06 1234',
  }).toString();
}

export function paypalCapture(id: string) {
  return {
    id,
    event_version: '1.0',
    create_time: '2026-11-20T11:00:00.000Z',
    resource_type: 'capture',
    event_type: 'PAYMENT.CAPTURE.COMPLETED',
    summary: 'Payment completed for EUR 19.99 EUR',
    resource: {
      id: `CAP-${id}`,
      status: 'COMPLETED',
      amount: { value: '19.99', currency_code: 'EUR' },
      payer: { name: { given_name: 'Noa', surname: 'Levi' }, email_address: 'noa@example.com' },
    },
  };
}

/**
 * A capture as bytes PayPal might send: indented, with an escaped "é". Parsing and re-serialising
 * it gives other bytes, which PayPal's verification would refuse.
 */
export function paypalCaptureBody(id: string): string {
  const event = paypalCapture(id);
  event.resource.payer.name.surname = 'Lévi';
  return JSON.stringify(event, null, 2).replace('Lévi', 'L\\u00e9vi');
}

/** Headers that pass the checks Hooktray makes itself (all five, algorithm, certificate host, time) but were never signed by PayPal. */
export function paypalHeaders(transmissionId = 'tx-1'): Record<string, string> {
  return {
    'content-type': 'application/json',
    'paypal-transmission-id': transmissionId,
    'paypal-transmission-time': new Date().toISOString(),
    'paypal-transmission-sig': 'c2lnbmF0dXJl',
    'paypal-cert-url': 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42',
    'paypal-auth-algo': 'SHA256withRSA',
  };
}

export const ZENDESK_SECRET = 'zd_signing_secret_3f9a1c2e7b';
export const FRESHDESK_SECRET = 'fd-secret-header-8c1e4b2a';

/** Headers of a Zendesk webhook request: base64 HMAC-SHA256 over the timestamp header and then the raw body. */
export function zendeskHeaders(body: string, options: { secret?: string; at?: Date; invocation?: string } = {}): Record<string, string> {
  const timestamp = (options.at ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'content-type': 'application/json',
    'user-agent': 'Zendesk Webhook',
    'x-zendesk-account-id': '88888888',
    'x-zendesk-webhook-id': '01GK8E6BKWMJZD2T8Y5AXJQMG5',
    'x-zendesk-webhook-invocation-id': options.invocation ?? `inv-${Math.random().toString(36).slice(2)}`,
    'x-zendesk-webhook-signature-timestamp': timestamp,
    'x-zendesk-webhook-signature': createHmac('sha256', options.secret ?? ZENDESK_SECRET)
      .update(timestamp + body)
      .digest('base64'),
  };
}

/** A Zendesk trigger's body, as the setup steps have the owner write it, with the placeholders filled in. */
export function zendeskTicket(id: number, event: 'ticket.created' | 'ticket.updated' = 'ticket.created', overrides: Record<string, unknown> = {}) {
  return {
    event,
    ticket: {
      id: String(id),
      subject: 'Printer on fire',
      description: 'The printer in the shop caught fire.\nPlease send help.',
      status: event === 'ticket.created' ? 'New' : 'Pending',
      priority: 'High',
      link: `https://berg-bakery.zendesk.com/agent/tickets/${id}`,
      requester: { name: 'Ada Ng', email: 'ada@acme.example', phone: '' },
      ...overrides,
    },
  };
}
