import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/tabs')({
	validateSearch: (search: Record<string, unknown>) => search,
	component: Tabs,
})

function Tabs() {
	return null
}
