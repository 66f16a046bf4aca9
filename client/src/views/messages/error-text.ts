import type { ApiIssue, MessageParams } from '../../../../shared/protocol/errors.ts';
import { isMessageKey, type MessageKey, type Translate } from '../../i18n/catalogue.ts';

/** The catalogue key of a server error code (`errVALIDATION_FAILED`); unknown codes read as a plain failure. */
export function errorKey(code: string): MessageKey {
  const key = `err${code}`;
  return isMessageKey(key) ? key : 'errUNKNOWN';
}

/** What an error says, in the user's language, from its code and parameters (never the server's message). */
export function errorText(t: Translate, code: string, params?: MessageParams): string {
  return t(errorKey(code), params);
}

const FIELD_KEYS: Readonly<Record<string, MessageKey>> = {
  description: 'fieldDescription',
  lon: 'fieldLocation',
  lat: 'fieldLocation',
  crs: 'fieldLocation',
  source: 'fieldSource',
  matterCode: 'fieldMatterCode',
  username: 'fieldUsername',
  password: 'fieldPassword',
  reason: 'fieldReason',
  at: 'fieldTime',
};

function issueKey(issue: ApiIssue): MessageKey {
  const params = issue.params ?? {};
  switch (issue.code) {
    case 'too_small':
      if (params.origin === 'string' || params.origin === 'array') return params.minimum === 1 ? 'issueEmpty' : 'issueTooShort';
      return 'issueTooSmall';
    case 'too_big':
      return params.origin === 'string' || params.origin === 'array' ? 'issueTooLong' : 'issueTooBig';
    case 'invalid_type':
      return 'issueInvalidType';
    case 'invalid_value':
      return 'issueInvalidValue';
    case 'invalid_format':
      return 'issueInvalidFormat';
    case 'unrecognized_keys':
      return 'issueUnknownField';
    default:
      return 'issueInvalid';
  }
}

/** 「事件描述：不能为空」: one validation issue, named by the field people filled in. */
export function issueText(t: Translate, issue: ApiIssue): string {
  const text = t(issueKey(issue), issue.params);
  const field = FIELD_KEYS[issue.path.split('.')[0] ?? ''];
  return field ? t('issueField', { field: t(field), text }) : text;
}
