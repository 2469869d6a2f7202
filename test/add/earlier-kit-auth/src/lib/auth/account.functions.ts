import { createServerFn } from '@tanstack/react-start'
import { getAccountContext } from './session'

export const fetchAccountContext = createServerFn({ method: 'GET' }).handler(
  () => getAccountContext(),
)
