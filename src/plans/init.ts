import path from 'node:path'
import { ChangeSet } from '../core/change-set.js'
import type { Plan } from '../core/apply.js'
import { devServerUrl } from '../project/dev-server.js'
import type { ProjectInfo } from '../project/types.js'
import type { UpgradeResolution } from '../project/upgrade.js'
import { NO_ACCOUNT_EMAILS, planAccountEmails } from './account-emails.js'
import { planRedisStorage } from './add-redis.js'
import { NO_ADOPTION, type Adoption } from './adopt.js'
import { convexInstanceType } from './convex.js'
import { packageManagerNote } from './app-tasks.js'
import { planZodBundle } from './ssr-bundle.js'
import { planStartFile } from './start-file.js'
import { planUpgrade, upgradedProject, upgradeNotes } from './upgrade.js'
import { adoptExisting, adoptionSummary } from './init/adopt-existing.js'
import { databaseSetups, withoutDbPath, type InitAnswers } from './init/checks.js'
import { planDatabase, planDrizzleSchema } from './init/database.js'
import { planEnv, planIgnores } from './init/env.js'
import { authModules, generatedFiles, initRenderer, passwordSignInOff, writesSignUpPage } from './init/files.js'
import { guardExistingLayout, planLayout } from './init/layout.js'
import { initNextSteps, otherAuthNotes } from './init/prose.js'
import { planInitTasks } from './init/tasks.js'

/**
 * Everything `kit-auth init` changes, as a plan: the auth layer from templates in the app's
 * alias and style, start.ts created or merged, dependencies, env, .gitignore; then the tasks
 * (install, route tree, migration). It reads the app's files through `options.changes` (by
 * default a change set over the disk) and everything else from `project`.
 */
export async function planInit(
  appProject: ProjectInfo,
  answers: InitAnswers,
  options: { install: boolean; changes?: ChangeSet; upgrade?: UpgradeResolution | null },
  adoption: Adoption = NO_ADOPTION,
): Promise<Plan> {
  const changes = options.changes ?? new ChangeSet(appProject.root, appProject.workspaceRoot)
  // --upgrade-better-auth: the manifests move first, and everything after is written for the new release.
  const upgrade = options.upgrade ? planUpgrade(options.upgrade, changes) : null
  const project = options.upgrade ? upgradedProject(appProject, options.upgrade) : appProject
  const { drizzle, prisma } = databaseSetups(project, answers, adoption)
  const modules = authModules(project, adoption)
  const layout = planLayout(project, changes, answers.layout)
  const otherNotes = otherAuthNotes(project.manifest)
  // Email flows store their tokens: a stateless instance (no database) gets none.
  const emailAnswers = answers.stateless ? NO_ACCOUNT_EMAILS : answers
  const emails = planAccountEmails(project, changes, emailAnswers, answers.signInPath)
  otherNotes.push(...emails.notes)
  const convexType = adoption.convex ? convexInstanceType(project, (file) => changes.read(file)) : null
  const render = initRenderer(project, answers, { adoption, modules, layout, emails, drizzle, prisma, convexType })

  for (const file of generatedFiles(project, answers, adoption, layout, emails))
    changes.create(file.output, await render(file.template, file.output))
  if (answers.layout) otherNotes.push(...guardExistingLayout(project, changes, layout))
  if (drizzle) await planDrizzleSchema(project, changes, drizzle, answers)
  const { authFile, authImport } = modules
  const adopted = adoptExisting(
    project,
    answers,
    adoption,
    changes,
    { authFile, authImport },
    drizzle,
    upgrade !== null,
  )
  if (upgrade) otherNotes.unshift(...upgradeNotes(upgrade, adopted.rewroteCookies ? authFile : null))

  const startFile = await planStartFile(project, changes, render)
  otherNotes.push(...startFile.notes)

  const database = planDatabase(project, changes, answers, { adoption, drizzle, prisma, emails })
  // Better Auth in Convex reads its secret and URL there: the Start app's env file gets nothing.
  const envEntries = adoption.convex
    ? { BETTER_AUTH_URL: devServerUrl(project.devServer) }
    : planEnv(project, changes, database.postgres)

  // --redis: the same edit `kit-auth add redis` makes, on the instance written or adopted above.
  if (answers.redis) {
    const authLib = path.posix.join(project.srcDirectory, 'lib/auth', 'auth.ts')
    const redis = await planRedisStorage(project, changes, adoption.instance?.file ?? authLib, {
      adopted: adoption.instance !== null,
      command: 'kit-auth init --redis',
    })
    if (adoption.instance) otherNotes.push(...redis.notes)
  }

  planIgnores(project, changes, answers, { sqlite: database.sqlite, email: emails.flags.email })
  const zodBundle = planZodBundle(project, changes)

  const { tasks, manualSteps, installNeeded } = planInitTasks(project, changes, answers, {
    install: options.install,
    adoption,
    drizzle,
    prisma,
    database,
    authFile,
  })
  if (answers.stateless && !adoption.convex) {
    otherNotes.push(
      `Your Better Auth instance keeps sessions in the cookie and has no database (stateless): left out API ` +
        `tokens, organizations, the admin plugin and deactivation, which store data. Pass --db sqlite or --db ` +
        `postgres to add a database and them.`,
    )
  }

  return {
    changeSet: changes,
    tasks,
    manualSteps: [...adopted.manualSteps, ...zodBundle.manualSteps, ...manualSteps],
    ...(startFile.warnings.length > 0 ? { warnings: startFile.warnings } : {}),
    ...(adopted.notes.length > 0 || otherNotes.length > 0 || zodBundle.notes.length > 0 || installNeeded
      ? {
          notes: [
            ...adopted.notes,
            ...otherNotes,
            ...zodBundle.notes,
            ...(installNeeded ? [packageManagerNote(project)] : []),
          ],
        }
      : {}),
    nextSteps: initNextSteps(
      project,
      answers,
      emails,
      envEntries,
      passwordSignInOff(adoption),
      writesSignUpPage(adoption) || !!adoption.signUp,
    ),
    // dbPath only means something when kit-auth's own SQLite file is used.
    data: {
      answers: database.sqlite ? answers : withoutDbPath(answers),
      ...(upgrade ? { upgrade } : {}),
      ...(adopted.notes.length > 0 ? { adopted: adoptionSummary(adoption) } : {}),
    },
  }
}
