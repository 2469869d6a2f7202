import {
  mysqlTable,
  boolean,
  varchar,
  int,
  index,
} from 'drizzle-orm/mysql-core'

export const user = mysqlTable('user', {
  id: varchar('id', { length: 255 }).primaryKey(),
  // turned on by the two-factor plugin
  twoFactorEnabled: boolean('two_factor_enabled').default(false)
})

export const twoFactor = mysqlTable('two_factor', {
  id: varchar('id', { length: 255 }).primaryKey(),
})

export const totpStep = mysqlTable('totp_step', {
  id: varchar("id", { length: 255 }).primaryKey(),
  key: varchar("key", { length: 255 }).notNull().unique(),
  userId: varchar("user_id", { length: 255 }).notNull().references(() => user.id, { onDelete: 'cascade' }),
  step: int("step").notNull(),
}, (table) => [index('totpStep_userId_idx').on(table.userId)])
