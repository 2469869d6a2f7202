import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/tabs')({
	validateSearch: (search: Record<string, unknown>) => search,
	beforeLoad: requireAuth,
	component: Tabs,
})

function Tabs() {
	return null
}
