/**
 * A strict little XML reader for the documents our APIs write (elements, text, the five
 * predefined entities; no attributes, comments or CDATA). Throws on anything unbalanced, so a
 * test also proves the document is well-formed.
 */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function decode(text: string): string {
  return text.replace(/&(\w+);/g, (m, name: string) => {
    const c = ENTITIES[name];
    if (c === undefined) throw new Error(`unknown entity ${m}`);
    return c;
  });
}

export function parseXml(xml: string): XmlNode {
  const body = xml.replace(/^\s*<\?xml[^?]*\?>\s*/, '').trim();
  const stack: XmlNode[] = [{ name: '#document', children: [], text: '' }];
  const token = /<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = token.exec(body)) !== null) {
    consumed = token.lastIndex;
    const top = stack[stack.length - 1]!;
    const [, closing, name, selfClosing, text] = m;
    if (text !== undefined) {
      if (text.includes('>')) throw new Error(`stray ">" in text "${text}"`);
      top.text += decode(text);
    } else if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const node: XmlNode = { name: name!, children: [], text: '' };
      top.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  if (consumed !== body.length) throw new Error(`unparsed XML at offset ${consumed}: ${body.slice(consumed, consumed + 40)}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  const [root, ...rest] = stack[0]!.children;
  if (!root || rest.length > 0) throw new Error('an XML document has exactly one root element');
  return root;
}

/** Children named `name`. */
export function all(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** Text of the first child named `name`, or undefined. */
export function textOf(node: XmlNode, name: string): string | undefined {
  return node.children.find((c) => c.name === name)?.text;
}
