/** The tables Better Auth and kit-auth's plugins need, independent of any ORM (Drizzle and Prisma render them). */

/** The plugins whose tables and columns the schema carries. */
export interface SchemaPlugins {
  admin: boolean
  organization: boolean
  apiTokens: boolean
}

export type FieldType = 'string' | 'boolean' | 'date' | 'number'
export interface Field {
  name: string
  type: FieldType
  required?: boolean
  unique?: boolean
  /** A key (id, reference, unique or indexed): a bounded varchar on MySQL. */
  key?: boolean
  references?: string
  defaultValue?: string | boolean | number
  defaultNow?: boolean
  onUpdate?: boolean
}
export interface Table {
  name: string
  fields: Field[]
  indexes: string[]
}

const id: Field = { name: 'id', type: 'string', required: true, key: true }
const createdAt: Field = { name: 'createdAt', type: 'date', required: true, defaultNow: true }
const updatedAt: Field = { name: 'updatedAt', type: 'date', required: true, defaultNow: true, onUpdate: true }
const userId: Field = { name: 'userId', type: 'string', required: true, key: true, references: 'user' }

/** The Better Auth 1.7 tables for email and password plus kit-auth's plugins (as `npx auth generate` writes them). */
export function authTables(plugins: SchemaPlugins): Table[] {
  return [
    {
      name: 'user',
      fields: [
        id,
        { name: 'name', type: 'string', required: true },
        { name: 'email', type: 'string', required: true, unique: true, key: true },
        { name: 'emailVerified', type: 'boolean', required: true, defaultValue: false },
        { name: 'image', type: 'string' },
        createdAt,
        updatedAt,
        ...(plugins.admin
          ? ([
              { name: 'role', type: 'string' },
              { name: 'banned', type: 'boolean', defaultValue: false },
              { name: 'banReason', type: 'string' },
              { name: 'banExpires', type: 'date' },
            ] satisfies Field[])
          : []),
        { name: 'deactivatedAt', type: 'date' },
      ],
      indexes: [],
    },
    {
      name: 'session',
      fields: [
        id,
        { name: 'expiresAt', type: 'date', required: true },
        { name: 'token', type: 'string', required: true, unique: true, key: true },
        createdAt,
        updatedAt,
        { name: 'ipAddress', type: 'string' },
        { name: 'userAgent', type: 'string' },
        userId,
        ...(plugins.admin ? [{ name: 'impersonatedBy', type: 'string' } satisfies Field] : []),
        ...(plugins.organization ? [{ name: 'activeOrganizationId', type: 'string' } satisfies Field] : []),
      ],
      indexes: ['userId'],
    },
    {
      name: 'account',
      fields: [
        id,
        { name: 'accountId', type: 'string', required: true },
        { name: 'providerId', type: 'string', required: true },
        userId,
        { name: 'accessToken', type: 'string' },
        { name: 'refreshToken', type: 'string' },
        { name: 'idToken', type: 'string' },
        { name: 'accessTokenExpiresAt', type: 'date' },
        { name: 'refreshTokenExpiresAt', type: 'date' },
        { name: 'scope', type: 'string' },
        { name: 'password', type: 'string' },
        createdAt,
        updatedAt,
      ],
      indexes: ['userId'],
    },
    {
      name: 'verification',
      fields: [
        id,
        { name: 'identifier', type: 'string', required: true, key: true },
        { name: 'value', type: 'string', required: true },
        { name: 'expiresAt', type: 'date', required: true },
        createdAt,
        updatedAt,
      ],
      indexes: ['identifier'],
    },
    ...(plugins.organization
      ? [
          {
            name: 'organization',
            fields: [
              id,
              { name: 'name', type: 'string', required: true },
              { name: 'slug', type: 'string', required: true, unique: true, key: true },
              { name: 'logo', type: 'string' },
              { name: 'createdAt', type: 'date', required: true },
              { name: 'metadata', type: 'string' },
            ],
            indexes: [],
          } satisfies Table,
          {
            name: 'member',
            fields: [
              id,
              { name: 'organizationId', type: 'string', required: true, key: true, references: 'organization' },
              userId,
              { name: 'role', type: 'string', required: true, defaultValue: 'member' },
              { name: 'createdAt', type: 'date', required: true },
            ],
            indexes: ['organizationId', 'userId'],
          } satisfies Table,
          {
            name: 'invitation',
            fields: [
              id,
              { name: 'organizationId', type: 'string', required: true, key: true, references: 'organization' },
              { name: 'email', type: 'string', required: true, key: true },
              { name: 'role', type: 'string' },
              { name: 'status', type: 'string', required: true, defaultValue: 'pending' },
              { name: 'expiresAt', type: 'date', required: true },
              createdAt,
              { name: 'inviterId', type: 'string', required: true, key: true, references: 'user' },
            ],
            indexes: ['organizationId', 'email'],
          } satisfies Table,
        ]
      : []),
    ...(plugins.apiTokens
      ? [
          {
            name: 'apiToken',
            fields: [
              id,
              userId,
              { name: 'name', type: 'string', required: true },
              { name: 'start', type: 'string', required: true },
              { name: 'keyHash', type: 'string', required: true, unique: true, key: true },
              { name: 'scopes', type: 'string' },
              { name: 'expiresAt', type: 'date' },
              { name: 'lastUsedAt', type: 'date' },
              { name: 'createdAt', type: 'date', required: true },
            ],
            indexes: ['userId'],
          } satisfies Table,
        ]
      : []),
  ]
}

/** What a plugin added later brings to a schema: columns on the user table and tables of its own. */
export interface PluginSchema {
  /** Columns added to the `user` table. */
  userFields: Field[]
  tables: Table[]
}

/**
 * Better Auth's `twoFactor()` schema and kit-auth's `totpStep` (the replay guard's accepted steps), as
 * the release declares them: `user.twoFactorEnabled` and `twoFactor` (secret, backupCodes, userId)
 * everywhere; better-auth 1.6 adds `verified`, `failedVerificationCount` and `lockedUntil` (in 1.6.34,
 * not yet in 1.6.0; all nullable or defaulted, so an earlier 1.6 ignores them). `installed` is false
 * when the release is only declared: the columns of the newest releases are written then.
 * @example twoFactorSchema('1.7.25', true).tables.map((table) => table.name) // ['twoFactor', 'totpStep']
 */
export function twoFactorSchema(betterAuth: string, installed: boolean): PluginSchema {
  const [major = 0, minor = 0] = betterAuth.split('.').map(Number)
  const lockout = !installed || major > 1 || (major === 1 && minor >= 6)
  return {
    userFields: [{ name: 'twoFactorEnabled', type: 'boolean', defaultValue: false }],
    tables: [
      {
        name: 'twoFactor',
        fields: [
          id,
          { name: 'secret', type: 'string', required: true, key: true },
          { name: 'backupCodes', type: 'string', required: true },
          userId,
          ...(lockout
            ? ([
                { name: 'verified', type: 'boolean', defaultValue: true },
                { name: 'failedVerificationCount', type: 'number', defaultValue: 0 },
                { name: 'lockedUntil', type: 'date' },
              ] satisfies Field[])
            : []),
        ],
        indexes: ['secret', 'userId'],
      },
      {
        name: 'totpStep',
        fields: [
          id,
          { name: 'key', type: 'string', required: true, unique: true, key: true },
          userId,
          { name: 'step', type: 'number', required: true },
        ],
        indexes: ['userId'],
      },
    ],
  }
}

/**
 * The `passkey` table of Better Auth's passkey plugin (`better-auth/plugins/passkey` in 1.3,
 * `@better-auth/passkey` 1.4 to 1.7: the same columns in every release).
 */
export function passkeySchema(): PluginSchema {
  return {
    userFields: [],
    tables: [
      {
        name: 'passkey',
        fields: [
          id,
          { name: 'name', type: 'string' },
          { name: 'publicKey', type: 'string', required: true },
          userId,
          { name: 'credentialID', type: 'string', required: true, key: true },
          { name: 'counter', type: 'number', required: true },
          { name: 'deviceType', type: 'string', required: true },
          { name: 'backedUp', type: 'boolean', required: true },
          { name: 'transports', type: 'string' },
          { name: 'createdAt', type: 'date' },
          { name: 'aaguid', type: 'string' },
        ],
        indexes: ['userId', 'credentialID'],
      },
    ],
  }
}
