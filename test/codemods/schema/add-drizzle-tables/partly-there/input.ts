import { mysqlTable, boolean, varchar } from 'drizzle-orm/mysql-core'

export const user = mysqlTable('user', {
  id: varchar('id', { length: 255 }).primaryKey(),
  // turned on by the two-factor plugin
  twoFactorEnabled: boolean('two_factor_enabled').default(false)
})

export const twoFactor = mysqlTable('two_factor', {
  id: varchar('id', { length: 255 }).primaryKey(),
})
