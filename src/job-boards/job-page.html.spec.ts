import { escapeHtml, jsonForScript, renderGonePage, renderJobPage } from './job-page.html';
import { CONTEXT, postingView } from './job-posting.fixture';
import { buildJobPostingJsonLd } from './job-posting.json-ld';

describe('escapeHtml', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`"a" & 'b'`, '&quot;a&quot; &amp; &#39;b&#39;'],
    ['&amp;', '&amp;amp;'],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('jsonForScript', () => {
  it.each<[unknown]>([
    [{ title: '</script><script>alert(1)</script>' }],
    [{ text: '<!-- comment --> & more' }],
    [{ lines: 'a\u2028b\u2029c' }],
    [['nested', { deep: '</SCRIPT >' }]],
  ])('is the same JSON with no "<", ">" or "&" in it: %j', (value) => {
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('renderJobPage', () => {
  const hostile = postingView({
    title: 'ML Engineer </script><script>alert("x")</script>',
    description: '<img src=x onerror=alert(1)> & friends',
  });
  const ld = buildJobPostingJsonLd(hostile, CONTEXT, { now: new Date(), directApply: false });
  const html = renderJobPage(hostile, ld, 'Acme <AI>');

  it('has exactly one script element, the JSON-LD, which parses back to the object', () => {
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html.match(/<\/script>/gi)).toHaveLength(1);
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(json!)).toEqual(ld);
  });

  it('escapes every text it shows', () => {
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; friends');
    expect(html).toContain('<title>ML Engineer &lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)');
    expect(html).toContain('Acme &lt;AI&gt;');
    expect(html).toContain('180000 - 220000 USD per year');
  });

  it('says when a posting is gone, and asks not to be indexed', () => {
    expect(renderGonePage('Acme')).toContain('<meta name="robots" content="noindex">');
  });
});
