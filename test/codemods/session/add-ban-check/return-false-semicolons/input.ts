function isDeactivated(user: AuthUser) {
  if (user.deactivatedAt) return true;
  return false;
}
