/** `<Outlet />`, `component: Outlet`, `useOutlet()`: the route shows its child routes. */
const OUTLET = /<Outlet\b|\bcomponent\s*:\s*Outlet\b|\buseOutlet\s*\(/

/**
 * Whether a route renders its child routes, from its modules' text (the route file and its `.lazy.tsx` half; null
 * for a missing one): it renders an `<Outlet />`, or has no component at all (TanStack then renders the outlet). A
 * page with a component and no outlet (an app's own leaf /account page) never shows a route nested under it.
 *
 * @example rendersChildRoutes(["createFileRoute('/a')({ component: () => <div /> })"]) // false
 */
export function rendersChildRoutes(texts: readonly (string | null)[]): boolean {
  const present = texts.filter((text): text is string => text !== null)
  if (present.some((text) => OUTLET.test(text))) return true
  return !present.some((text) => /\bcomponent\b/.test(text))
}
