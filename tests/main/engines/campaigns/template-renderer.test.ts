import { describe, expect, it } from 'vitest';
import { PreparedTemplate, templateErrors } from '../../../../src/main/engines/campaigns/template-renderer';
import { trackingLinks } from '../../../../src/main/engines/campaigns/tracking-links';
import type { Row } from '../../../../src/main/engines/records';

const KNOWN = new Set(['first_name', 'company_name', 'unsubscribe_url']);
const links = (baseUrl: string | null) => trackingLinks({ baseUrl, secret: 's', token: 'tok0123456789abcdefghi', fromEmail: 'news@acme.test' });
const sources = (recipient: Record<string, unknown>) => ({
  recipient: recipient as Row,
  company: undefined,
  sender: { name: 'Acme', email: 'news@acme.test' },
  unsubscribeUrl: 'https://r.test/u/tok',
});

describe('template checks', () => {
  it('names broken placeholders, undeclared and unknown variables, field by field', () => {
    const errors = templateErrors(
      { subject: 'Hi {{first_name}} {{ last_name }}', body_html: '<p>{{first_name</p><p>{{}}</p>', body_text: null, variables: ['first_name', 'tier'] },
      KNOWN,
    );
    expect(errors.subject).toEqual(['Variable "last_name" is used but not declared in variables.']);
    expect(errors.body_html).toEqual(['Broken variable "{{first_name</p><p>{{}}": write {{name}} or {{name|fallback}}.']);
    expect(errors.variables).toEqual(['Unknown variable "tier".']);
    expect(
      templateErrors(
        { subject: 'Hi {{first_name|there}}', body_html: '<a href="{{unsubscribe_url}}">x</a> {{sender.name}}', body_text: null, variables: ['first_name'] },
        KNOWN,
      ),
    ).toEqual({});
  });
});

describe('rendering', () => {
  it('uses fallbacks for empty values, escapes HTML only in the HTML part, and keeps the subject on one line', () => {
    const t = new PreparedTemplate({
      subject: 'For {{first_name|you}}',
      body_html: '<h1>Dear {{first_name|friend}}</h1><p>{{company_name}}</p>',
      body_text: null,
      variables: ['first_name', 'company_name'],
    });
    const empty = t.render(sources({ first_name: '', company_name: null }), links(null), true);
    expect(empty.subject).toBe('For you');
    expect(empty.html).toContain('<h1>Dear friend</h1>');
    const hostile = t.render(sources({ first_name: 'A\r\nB <script>', company_name: 'Q&A "Ltd"' }), links(null), true);
    expect(hostile.subject).toBe('For A B <script>');
    expect(hostile.html).toContain('Dear A\r\nB &lt;script&gt;');
    expect(hostile.html).toContain('Q&amp;A &quot;Ltd&quot;');
    // The text part comes from the HTML, headings not upper-cased, values as they are.
    expect(hostile.text).toContain('Dear A\r\nB <script>');
    expect(hostile.text).toContain('Unsubscribe: mailto:news@acme.test?subject=unsubscribe%20tok0123456789abcdefghi');
  });

  it('rewrites http links through the relay, leaves mailto and the unsubscribe link alone, and adds the pixel', () => {
    const t = new PreparedTemplate({
      subject: 'x',
      body_html: '<body><a href="https://a.test/p?q=1&amp;r=2">a</a><a href="mailto:x@y.test">m</a><a href="{{unsubscribe_url}}">u</a></body>',
      body_text: 'Plain {{unsubscribe_url}}',
      variables: [],
    });
    const relayLinks = links('https://relay.test/');
    const r = t.render({ ...sources({}), unsubscribeUrl: relayLinks.unsubscribeUrl }, relayLinks, true);
    expect(relayLinks.unsubscribeUrl).toMatch(/^https:\/\/relay\.test\/u\/tok0123456789abcdefghi\?e=[A-Za-z0-9_-]{32}&s=[A-Za-z0-9_-]{22}$/);
    expect(r.html).toContain('href="https://relay.test/c/tok0123456789abcdefghi?u=https%3A%2F%2Fa.test%2Fp%3Fq%3D1%26r%3D2&amp;s=');
    expect(r.html).toContain('href="mailto:x@y.test"');
    expect(r.html).toContain(`href="${relayLinks.unsubscribeUrl.replace('&', '&amp;')}"`);
    expect(r.html).toMatch(/<img src="https:\/\/relay\.test\/o\/tok0123456789abcdefghi\.gif\?t=\d+&amp;s=[A-Za-z0-9_-]{22}"[^>]*><\/body>$/);
    expect(r.text).toBe(`Plain ${relayLinks.unsubscribeUrl}`);
    const untracked = t.render(sources({}), links('https://relay.test/'), false);
    expect(untracked.html).toContain('href="https://a.test/p?q=1&amp;r=2"');
  });
});
