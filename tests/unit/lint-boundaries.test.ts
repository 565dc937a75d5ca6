import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The folder boundaries live in eslint.config.js; this checks that the rules
// really fire, so that a config edit cannot silently switch them off.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ],
});

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('lint boundaries', () => {
  it.each([
    ['main/store/x.ts', "import { app } from 'electron';"],
    ['main/sync/x.ts', "import { a } from '../../renderer/kiosk/a.js';"],
    ['native/idcard/x.ts', "import { a } from '../../main/log.js';"],
    ['native/escpos/x.ts', "import { ipcMain } from 'electron';"],
    ['renderer/kiosk/x.tsx', "import { openStore } from '../../main/store/db.js';"],
    ['renderer/kiosk/x.tsx', "import { readFileSync } from 'node:fs';"],
    ['renderer/kiosk/x.tsx', "import { a } from '../../native/idcard/index.js';"],
    ['server/x.ts', "import { a } from '../main/host/web/server.js';"],
  ])('%s rejects %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toHaveLength(1);
  });

  it.each([
    ['main/host/electron/x.ts', "import { app } from 'electron';"],
    ['main/store/x.ts', "import { z } from 'zod';"],
    [
      'renderer/kiosk/x.tsx',
      "import type { JobSummary } from '../../main/contract/catalogue.js';",
    ],
    ['server/x.ts', "import { syncJobSchema } from '../main/contract/sync.js';"],
  ])('%s allows %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
