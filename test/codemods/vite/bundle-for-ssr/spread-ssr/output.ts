import { defineConfig } from 'vite'
import { shared } from './shared'

export default defineConfig({
  ...shared,
  ssr: shared.ssr,
})
