function isDeactivated(user: AuthUser) {
  return Boolean(user.deactivatedAt)
}
