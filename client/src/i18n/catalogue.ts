import { commanderMessages } from './commander.ts';
import { commonMessages } from './common.ts';
import { consoleMessages } from './console.ts';
import { errorsMessages } from './errors.ts';
import { evaluationMessages } from './evaluation.ts';
import { fieldMessages } from './field.ts';
import { importsMessages } from './imports.ts';
import type { Lang } from './lang.ts';
import { procedureMessages } from './procedure.ts';
import { publicMessages } from './public.ts';
import { reasonsMessages } from './reasons.ts';
import { reportMessages } from './report.ts';
import { shellMessages } from './shell.ts';
import { wallMessages } from './wall.ts';

/** Every area of the catalogue; a new area file is added here (and nowhere else). */
export const AREAS = {
  common: commonMessages,
  shell: shellMessages,
  console: consoleMessages,
  field: fieldMessages,
  commander: commanderMessages,
  wall: wallMessages,
  report: reportMessages,
  imports: importsMessages,
  evaluation: evaluationMessages,
  public: publicMessages,
  errors: errorsMessages,
  reasons: reasonsMessages,
  procedure: procedureMessages,
} as const;

type Areas = typeof AREAS;
type KeysOf<A> = A extends { readonly 'zh-CN': infer T } ? keyof T & string : never;
export type MessageKey = { [A in keyof Areas]: KeysOf<Areas[A]> }[keyof Areas];
export type Messages = Readonly<Record<MessageKey, string>>;

function merge(lang: Lang): Messages {
  return Object.assign({}, ...Object.values(AREAS).map((a) => a[lang])) as Messages;
}

/** The one catalogue: every text shown to people, by stable key, per language. */
export const MESSAGES: Readonly<Record<Lang, Messages>> = { 'zh-CN': merge('zh-CN'), en: merge('en') };

/** Values for a message's `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** Fills `{name}` placeholders; a placeholder without a value stays as written, so a gap is visible. */
export function fillPlaceholders(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES['zh-CN'], key);
}

/** `t(key, params?)` for one language. */
export function translator(lang: Lang): Translate {
  const messages = MESSAGES[lang];
  return (key, params) => fillPlaceholders(messages[key], params);
}
