export async function getAccountContext() {
  const { user, session } = await requireSession()
  const activeOrganizationId = session?.activeOrganizationId ?? null
  return { activeOrganizationId, user }
}
