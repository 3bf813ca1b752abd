import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The same build serves the desktop window (file://, so relative paths) and the dashboard.
// No inline scripts or styles: both pages run under a CSP without 'unsafe-inline'.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', cssCodeSplit: false, modulePreload: { polyfill: false } },
});
