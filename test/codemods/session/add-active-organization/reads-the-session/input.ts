export async function getAccountContext() {
  const { user } = await requireSession()
  const activeOrganizationId: string | null = null
  return { activeOrganizationId, user }
}
