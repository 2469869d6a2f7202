export async function getAccountContext() {
  const { user, session: row } = await requireSession()
  const activeOrganizationId: string | null = null
  return { activeOrganizationId, user, row }
}
