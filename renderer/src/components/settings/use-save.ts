import { ref } from 'vue';
import type { FieldIssue } from '../../../../shared/field-issues.ts';

/**
 * A form's save with its outcome in words: a success line or the engine's message naming the
 * field, and each refused value at its field (`invalid(field)` for aria-invalid, `issue(field)`
 * for the message under it, `issueId(field)` for aria-describedby).
 */
export function useSave() {
  const message = ref('');
  const error = ref('');
  const busy = ref(false);
  const fields = ref<FieldIssue[]>([]);
  async function save(work: () => Promise<unknown>, done: string): Promise<boolean> {
    message.value = '';
    error.value = '';
    fields.value = [];
    busy.value = true;
    try {
      await work();
      message.value = done;
      return true;
    } catch (e) {
      error.value = (e as Error).message;
      fields.value = ((e as { fields?: FieldIssue[] }).fields ?? []).slice();
      return false;
    } finally {
      busy.value = false;
    }
  }
  const issue = (field: string) => fields.value.find((f) => f.field === field)?.message;
  const invalid = (field: string) => (issue(field) ? 'true' : undefined);
  const issueId = (field: string) => `issue-${field.replace(/[^\w-]/g, '-')}`;
  /** aria-describedby for a field: its message when refused, then its help. */
  const describedBy = (field: string, help?: string) => [issue(field) ? issueId(field) : '', help ?? ''].filter(Boolean).join(' ') || undefined;
  return { message, error, busy, fields, save, issue, invalid, issueId, describedBy };
}
