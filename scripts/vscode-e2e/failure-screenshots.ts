import { afterEach } from 'vitest';
import type { Editor } from './editor.ts';
import { screenshot } from './workbench.ts';

/** Registers an afterEach that keeps a picture of the window whenever a test of the file fails. */
export function screenshotOnFailure(editor: () => Editor | undefined): void {
  afterEach(async (context) => {
    const page = editor()?.page;
    if (context.task.result?.state !== 'fail' || !page) return;
    const name = `FAILED-${context.task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80)}`;
    await screenshot(page, name).catch(() => undefined);
  });
}
