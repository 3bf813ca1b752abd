import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { startLiveSync } from './live-sync.ts';
import { setTransport } from './stores/transport-ref.ts';
import './styles.css';
import './responsive.css';
import { createTransport } from './transport/index.ts';

const transport = createTransport();
setTransport(transport);
const app = createApp(App).use(createPinia());
startLiveSync(transport);
app.mount('#app');
