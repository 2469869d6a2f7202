function isDeactivated(user: AuthUser) {
  if (user.deactivatedAt) return true;
  if (!user.banned) return false;
  // The admin plugin lets bans expire; an expired ban no longer blocks.
  return !user.banExpires || new Date(user.banExpires).getTime() > Date.now();
}
