import { createCsrfMiddleware, createStart } from '@tanstack/react-start'

const csrfMiddleware = createCsrfMiddleware({ secFetchSite: ['same-origin', 'same-site'] })

export const startInstance = createStart(() => ({
  requestMiddleware: [csrfMiddleware],
}))
