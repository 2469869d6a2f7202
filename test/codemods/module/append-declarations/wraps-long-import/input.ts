import { createMiddleware } from '@tanstack/react-start'

export const a = 1
