import * as sax from 'sax';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, concatenated (not its children's). */
  text: string;
}

/** Parses a document with a strict XML parser: anything not well-formed throws. */
export function parseXml(xml: string): XmlElement {
  const parser = sax.parser(true);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.onopentag = (tag) => {
    const el: XmlElement = { name: tag.name, attributes: tag.attributes, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1].children.push(el);
    else root = el;
    stack.push(el);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (t) => {
    if (stack.length > 0) stack[stack.length - 1].text += t;
  };
  parser.onerror = (err) => {
    throw err;
  };
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element under `el` (itself included), depth first. */
export function descendants(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(descendants)];
}
