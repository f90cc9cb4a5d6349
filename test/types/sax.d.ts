// The part of sax (no published types) that test/cli/xml-tree.ts uses.
declare module 'sax' {
  export interface Tag {
    name: string;
    attributes: Record<string, string>;
  }
  export interface SAXParser {
    onopentag: (tag: Tag) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    onerror: (err: Error) => void;
    write(xml: string): SAXParser;
    close(): SAXParser;
  }
  export function parser(strict: boolean, options?: { xmlns?: boolean }): SAXParser;
}
