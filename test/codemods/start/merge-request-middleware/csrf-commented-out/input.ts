import { createStart } from '@tanstack/react-start'

// TODO: bring CSRF back once the mobile app sends an Origin
// const csrf = createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })

export const startInstance = createStart(() => ({
  requestMiddleware: [],
}))
