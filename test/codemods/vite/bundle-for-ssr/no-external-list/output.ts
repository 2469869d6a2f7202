import { defineConfig } from 'vite'

export default defineConfig(() => ({
  ssr: {
    noExternal: ['@acme/ui', 'zod'],
  },
}))
