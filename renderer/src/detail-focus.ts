import { nextTick, onMounted, onUnmounted, watch, type Ref } from 'vue';

/**
 * The keyboard around Activity's detail: when it opens (or shows another delivery) the focus moves
 * to its heading, so a screen reader reads what opened; Escape closes it; when it closes the focus
 * goes back to the row it was opened from (or the list, if that row has scrolled out of view).
 */
export function useDetailFocus(options: { openId: () => number | undefined; close: () => void; section: Ref<HTMLElement | undefined> }): void {
  watch(options.openId, async (now, before) => {
    await nextTick();
    const section = options.section.value;
    if (!section) return;
    if (now !== undefined && now !== before) section.querySelector<HTMLElement>('[data-detail-heading]')?.focus();
    else if (now === undefined && before !== undefined) {
      const row = section.querySelector<HTMLElement>(`[data-event="${before}"]`) ?? section.querySelector<HTMLElement>('[data-event]');
      (row ?? section.querySelector<HTMLElement>('[data-testid="activity-list"]'))?.focus();
    }
  });

  function onKey(event: KeyboardEvent) {
    if (event.key !== 'Escape' || event.defaultPrevented || options.openId() === undefined) return;
    // Escape in a field outside the detail is the field's own (it clears a search box).
    const target = event.target as HTMLElement | null;
    if (target?.matches('input, select, textarea') && !target.closest('[data-testid="activity-detail"]')) return;
    event.preventDefault();
    options.close();
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onUnmounted(() => window.removeEventListener('keydown', onKey));
}
