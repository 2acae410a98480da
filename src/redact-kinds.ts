// No imports: the options schema needs the list without pulling in the redaction rules themselves.

/** What `redactText` (SDK option `redact`, tag `data-redact`) can mask in a comment. */
export const REDACT_KINDS = ['email', 'phone', 'id', 'card'] as const;
export type RedactKind = (typeof REDACT_KINDS)[number];
