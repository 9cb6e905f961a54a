/// <reference types="vitest/config" />
import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { compression } from 'vite-plugin-compression2'

// `make dev-frontend` proxies /api to nginx (https, self-signed) unless VITE_API_PROXY_TARGET says otherwise.
const apiTarget = process.env.VITE_API_PROXY_TARGET ?? 'https://localhost:8443'

export default defineConfig({
  // .gz copies of text assets for nginx's gzip_static: compressed once at build time, not per request.
  plugins: [react(), tailwindcss(), compression({ algorithms: ['gzip'], include: /\.(js|css|svg|json|html)$/, threshold: 512 })],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false, secure: false },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
  },
})
