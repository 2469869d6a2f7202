import { createFileRoute } from '@tanstack/react-router'
import { Page } from '#/components/page'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/about')({ beforeLoad: requireAuth, component: Page })
