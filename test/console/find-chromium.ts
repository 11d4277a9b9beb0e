import { existsSync } from 'node:fs';

/** Debian's `chromium` (CI installs it in .ci/run), or $CHROMIUM_PATH; undefined when none is installed. */
export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path !== undefined && path !== '' && existsSync(path));
export const NO_CHROMIUM_REASON = 'no chromium at /usr/bin/chromium (CI installs Debian\u2019s chromium in .ci/run; or set CHROMIUM_PATH)';
