import { fieldIssues, formatPath, type FieldName } from '../../../shared/field-issues.ts';
import { HooktrayError } from '../../../shared/errors.ts';
import { settingsFieldName } from '../../../shared/settings-fields.ts';

type Issues = readonly { path: readonly PropertyKey[]; message: string }[];

/** Where a value of an operation's arguments is in the window: settings.update's by their names, the rest by their path. */
export function argumentFieldName(operation: string): (path: (string | number)[]) => FieldName {
  return operation === 'settings.update' ? settingsFieldName : (path) => ({ field: formatPath(path), ...(path.length ? { subject: formatPath(path) } : {}) });
}

/** A refusal of values the owner typed: one sentence per problem naming its field, and each problem at its field. */
export function invalidFields(issues: Issues, name: (path: (string | number)[]) => FieldName = settingsFieldName): HooktrayError {
  const { fields, message } = fieldIssues(issues, name);
  return new HooktrayError('invalid_request', message, fields);
}
