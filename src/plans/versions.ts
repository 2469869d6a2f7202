import semver from 'semver'
import type { ProjectInfo } from '../project/types.js'

/**
 * The framework-version-dependent spellings generated code must use (an unknown version is
 * taken as current).
 *
 * @example startApiFlags(project).validator // 'validator' on Start 1.169, 'inputValidator' on 1.160
 */
export function startApiFlags(project: Pick<ProjectInfo, 'framework'>) {
  const version =
    project.framework.version && semver.valid(project.framework.version) ? project.framework.version : '999.0.0'
  return {
    // `.validator` came back in 1.168.25; 1.132 - 1.168.24 spell it `.inputValidator`.
    validator: semver.gte(version, '1.168.25') ? 'validator' : 'inputValidator',
    // createCsrfMiddleware exists from 1.168.0; before it, init writes the same check by hand.
    builtinCsrf: semver.gte(version, '1.168.0'),
  }
}
