import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { useActivityStore } from './stores/activity-store.ts';
import { useStatusStore } from './stores/status-store.ts';
import { setTransport } from './stores/transport-ref.ts';
import './styles.css';
import { createTransport } from './transport/index.ts';

const transport = createTransport();
setTransport(transport);
const app = createApp(App).use(createPinia());
const status = useStatusStore();
const activity = useActivityStore();

// Subscribe first, then fetch the snapshot; refetch after a reconnect (stores are caches).
let pending: ReturnType<typeof setTimeout> | undefined;
const refreshSoon = () => {
  clearTimeout(pending);
  pending = setTimeout(() => void Promise.all([activity.reload(), status.refresh()]), 150);
};
transport.subscribe((name, data) => {
  if (name === 'activity') status.noteActivity(data as Parameters<typeof status.noteActivity>[0]);
  if (name === 'tunnel') status.tunnel = data as typeof status.tunnel;
  if (name === 'delivery' || name === 'run') refreshSoon();
}, refreshSoon);
void status.refresh();
void activity.reload();
app.mount('#app');
