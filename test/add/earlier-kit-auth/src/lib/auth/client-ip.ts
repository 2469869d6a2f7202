import { getRequestIP } from '@tanstack/react-start/server'

// Server only. Better Auth rate-limits sign-in, sign-up and the rest per
// client address, read from one request header (advanced.ipAddress in the
// auth instance). Any client can send any header, so the /api/auth handler
// writes that header itself, from an address the client cannot choose:
// - AUTH_TRUSTED_IP_HEADER: a header your host or proxy sets, replacing the
//   client's value (e.g. `fly-client-ip` on Fly);
// - else the TCP peer; when the peer is listed in AUTH_TRUSTED_PROXIES
//   (comma-separated addresses or CIDR ranges of your reverse proxies, e.g.
//   `10.0.0.0/8,::1`), the last address in X-Forwarded-For that is not one of them.

/** The header the auth instance reads the client address from. */
export const CLIENT_IP_HEADER = 'x-kit-auth-client-ip'

function list(value: string | undefined) {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/** `::ffff:10.0.0.5` (an IPv4 peer on a dual-stack socket) is `10.0.0.5`. */
function plain(address: string) {
  return address.startsWith('::ffff:') && address.includes('.')
    ? address.slice(7)
    : address
}

let trusted:
  { setting: string; isProxy: (address: string) => boolean } | undefined

/** AUTH_TRUSTED_PROXIES as a matcher (node:net's BlockList), built once per value; a bad entry throws. */
async function trustedProxies(setting: string) {
  if (trusted?.setting === setting) return trusted.isProxy
  const { BlockList, isIP } = await import('node:net')
  const proxies = new BlockList()
  for (const entry of list(setting)) {
    const [address = '', bits] = entry.split('/')
    const family = isIP(plain(address))
    const prefix = Number(bits)
    const maxPrefix = family === 4 ? 32 : 128
    if (
      !family ||
      (bits !== undefined &&
        !(Number.isInteger(prefix) && prefix >= 0 && prefix <= maxPrefix))
    )
      throw new Error(
        `AUTH_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`,
      )
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (bits === undefined) proxies.addAddress(plain(address), type)
    else proxies.addSubnet(plain(address), prefix, type)
  }
  const isProxy = (address: string) => {
    const family = isIP(address)
    return (
      family !== 0 && proxies.check(address, family === 4 ? 'ipv4' : 'ipv6')
    )
  }
  trusted = { setting, isProxy }
  return isProxy
}

/** The client's address as far as it can be trusted, or null. */
export async function clientIp(request: Request): Promise<string | null> {
  const peerAddress = getRequestIP()
  const peer = peerAddress ? plain(peerAddress) : null
  const header = process.env.AUTH_TRUSTED_IP_HEADER
  if (header) {
    const value = request.headers.get(header)?.split(',')[0]?.trim()
    return value ? plain(value) : peer
  }
  const setting = process.env.AUTH_TRUSTED_PROXIES?.trim()
  if (!peer || !setting) return peer
  const isProxy = await trustedProxies(setting)
  if (!isProxy(peer)) return peer
  const forwarded = list(request.headers.get('x-forwarded-for') ?? '').map(
    plain,
  )
  return forwarded.reverse().find((address) => !isProxy(address)) ?? peer
}

/**
 * A copy of the request whose CLIENT_IP_HEADER and X-Forwarded-For hold clientIp() alone, whatever
 * the client sent in them (an instance left on Better Auth's default header reads the same address).
 */
export async function withClientIp(request: Request): Promise<Request> {
  const headers = new Headers(request.headers)
  const ip = await clientIp(request)
  for (const name of [CLIENT_IP_HEADER, 'x-forwarded-for']) {
    if (ip) headers.set(name, ip)
    else headers.delete(name)
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  return new Request(request.url, {
    method: request.method,
    headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    signal: request.signal,
  })
}
