import { ref } from 'vue';

/** A form's save with its outcome in words: a success line or the engine's message naming the field. */
export function useSave() {
  const message = ref('');
  const error = ref('');
  const busy = ref(false);
  async function save(work: () => Promise<unknown>, done: string): Promise<boolean> {
    message.value = '';
    error.value = '';
    busy.value = true;
    try {
      await work();
      message.value = done;
      return true;
    } catch (e) {
      error.value = (e as Error).message;
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { message, error, busy, save };
}
