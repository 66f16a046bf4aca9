import { describe, expect, it } from 'vitest';
import { all, parseXml, textOf } from '../../test/helpers/xml.ts';
import { escapeXml, toXml } from './open311-xml.ts';

describe('toXml', () => {
  it('writes arrays as repeated named items, escapes text and leaves out null fields', () => {
    const xml = toXml('service_requests', [{ service_request_id: 'a', description: '<b>&"占道"\u0001', media_url: null }, { service_request_id: 'b' }], { service_requests: 'request' });
    const doc = parseXml(xml);
    const requests = all(doc, 'request');
    expect(requests.map((r) => textOf(r, 'service_request_id'))).toEqual(['a', 'b']);
    expect(textOf(requests[0]!, 'description')).toBe('<b>&"占道"');
    expect(textOf(requests[0]!, 'media_url')).toBeUndefined();
  });

  it('escapes the five XML specials', () => {
    expect(escapeXml(`<>&'"`)).toBe('&lt;&gt;&amp;&apos;&quot;');
  });
});
