import type { SourceSpan } from '../span';

/** How a query computation records why it could not decide something. */
export type Note = (span: SourceSpan, message: string) => void;
