import {
  createMiddleware,
  createServerFn,
  createIsomorphicFn,
} from '@tanstack/react-start'

export const a = 1

export const b = 2
