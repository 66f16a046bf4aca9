/**
 * The shape every refused domain operation shares: a stable code for machines and one message
 * for people, zh-CN first and English after ` / `, so logs and the operator console read the same
 * text and the server can pass it through unchanged in `{error: {code, message}}`.
 */
export interface DomainFailure<C extends string> {
  ok: false;
  code: C;
  message: string;
}

export function bilingual(zh: string, en: string): string {
  return `${zh} / ${en}`;
}

export function failure<C extends string>(code: C, zh: string, en: string): DomainFailure<C> {
  return { ok: false, code, message: bilingual(zh, en) };
}
