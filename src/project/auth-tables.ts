/** The tables Better Auth and kit-auth's plugins need, independent of any ORM (Drizzle and Prisma render them). */

/** The plugins whose tables and columns the schema carries. */
export interface SchemaPlugins {
  admin: boolean
  organization: boolean
  apiTokens: boolean
}

export type FieldType = 'string' | 'boolean' | 'date'
export interface Field {
  name: string
  type: FieldType
  required?: boolean
  unique?: boolean
  /** A key (id, reference, unique or indexed): a bounded varchar on MySQL. */
  key?: boolean
  references?: string
  defaultValue?: string | boolean
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
