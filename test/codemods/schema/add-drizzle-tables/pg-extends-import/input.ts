import {
  pgTable,
  boolean,
  text,
} from 'drizzle-orm/pg-core'
import { relations } from 'drizzle-orm'

export const user = pgTable('user', {
  id: text('id').primaryKey(),
  emailVerified: boolean('email_verified').notNull(),
})

export const userRelations = relations(user, () => ({}))
