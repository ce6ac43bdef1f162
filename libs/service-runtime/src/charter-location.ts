import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_CHARTER_PATH } from '@concord/governance';

/**
 * Where the governance charter is: CHARTER_PATH when it is set (a relative one from the working
 * directory, like any path an operator types), else charter/charter.yaml in the nearest directory
 * above `start` that has one. From this file that is the repository root both in the source tree
 * (libs/service-runtime/src/) and in a build (dist/libs/service-runtime/src/), and /app in the image.
 * When no such directory exists the path is resolved from the working directory, so the error
 * names a real place to put the file.
 */
export function resolveCharterPath(configured: string | undefined, start: string = __dirname): string {
  if (configured !== undefined) return resolve(configured);
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_CHARTER_PATH);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return resolve(DEFAULT_CHARTER_PATH);
  }
}
