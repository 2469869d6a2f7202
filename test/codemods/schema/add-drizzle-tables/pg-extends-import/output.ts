import {
  pgTable,
  boolean,
  text,
  integer,
  timestamp,
  index,
} from 'drizzle-orm/pg-core'
import { relations } from 'drizzle-orm'

export const user = pgTable('user', {
  id: text('id').primaryKey(),
  emailVerified: boolean('email_verified').notNull(),
  twoFactorEnabled: boolean("two_factor_enabled").default(false),
})

export const userRelations = relations(user, () => ({}))

export const twoFactor = pgTable('two_factor', {
  id: text("id").primaryKey(),
  secret: text("secret").notNull(),
  backupCodes: text("backup_codes").notNull(),
  userId: text("user_id").notNull().references(() => user.id, { onDelete: 'cascade' }),
  verified: boolean("verified").default(true),
  failedVerificationCount: integer("failed_verification_count").default(0),
  lockedUntil: timestamp("locked_until"),
}, (table) => [index('twoFactor_secret_idx').on(table.secret), index('twoFactor_userId_idx').on(table.userId)])

export const totpStep = pgTable('totp_step', {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  userId: text("user_id").notNull().references(() => user.id, { onDelete: 'cascade' }),
  step: integer("step").notNull(),
}, (table) => [index('totpStep_userId_idx').on(table.userId)])
