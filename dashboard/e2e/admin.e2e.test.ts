import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eConfig, launch, openApp, snapshot } from './browser.ts';
import { ExtensionDevice } from './extension-device.ts';

// /admin against the seeded test stack: the service_role key typed in at run time, the figures, hiding a
// player from the public board (seen leaving an open board) and deleting one after a confirmation.

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Calls an admin RPC over HTTP with a key and an optional bearer token, as any client could. */
async function rawRpc(fn: string, args: Record<string, unknown>, key: string, token = key) {
  const response = await fetch(`${e2eConfig().apiUrl}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: key, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return { status: response.status, body: (await response.json()) as { code?: string } };
}

async function signIn(page: Page, key: string): Promise<void> {
  const input = page.getByLabel('service_role key');
  await input.fill(key);
  await page.getByRole('button', { name: 'Open the admin view' }).click();
}

async function find(page: Page, handle: string) {
  await page.getByLabel('Handle').fill(handle);
  await page.getByRole('button', { name: 'Find player' }).click();
  return page.getByRole('listitem', { name: handle, exact: true });
}

describe('/admin', () => {
  it('refuses visitors and devices at the API, and a refused call changes nothing', async () => {
    const { anonKey } = e2eConfig();
    const device = new ExtensionDevice().breathe(30);
    const stats = await device.push();
    expect(await rawRpc('admin_hide_player', { player_id: stats.player_id, hidden: true }, anonKey)).toEqual({
      status: 401,
      body: expect.objectContaining({ code: '42501' }),
    });
    const session = await device.client.ensureSession();
    const token = (await device.client.supabase.auth.getSession()).data.session?.access_token ?? '';
    expect(session).toBeDefined();
    expect(await rawRpc('admin_delete_player', { player_id: stats.player_id }, anonKey, token)).toEqual({
      status: 403,
      body: expect.objectContaining({ code: '42501' }),
    });
    const after = await device.rpc<{ stats: { show_on_leaderboard: boolean } }>('get_my_progress', {
      days: 1,
    });
    expect(after.stats.show_on_leaderboard).toBe(true);
  });

  it('takes the service_role key, shows the figures, hides a player from the open board and deletes one', async () => {
    const { anonKey, serviceRoleKey } = e2eConfig();
    const board = await openApp(browser, '/');
    await board.page.locator('tbody tr').first().waitFor();
    const topXp = Number(
      (await board.page.locator('tbody tr').first().locator('td').last().innerText()).replace(/,/g, ''),
    );
    const rival = new ExtensionDevice();
    for (let day = 0; day < 3; day += 1) rival.breathe(Math.ceil((topXp * 0.8) / 4 / 3), day);
    const shown = await rival.push();
    const rivalRow = board.page.locator(`tr[data-player="${shown.player_id}"]`);
    await rivalRow.waitFor({ timeout: 5_000 });
    const doomed = await new ExtensionDevice().breathe(12).push();

    const { page, context } = await openApp(browser, '/admin');
    await signIn(page, 'not-a-key');
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('The server refused this key');
    await signIn(page, anonKey);
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toContain('This key is not the service_role key');
    await signIn(page, serviceRoleKey);
    await page.getByRole('heading', { name: 'Operator view' }).waitFor();
    expect(page.url()).not.toContain(serviceRoleKey);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain(
      serviceRoleKey,
    );

    const players = page
      .locator('dt', { hasText: /^Players$/ })
      .locator('xpath=..')
      .locator('dd');
    expect(Number(await players.first().innerText())).toBeGreaterThan(300);
    await page.getByRole('img', { name: /Players active per day over the last 30 days/ }).waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    const pushes = page.getByRole('table', { name: 'Pushes accepted and refused per day' });
    expect(
      Number(await pushes.locator('tbody tr').first().locator('td').first().innerText()),
    ).toBeGreaterThan(0);
    // The local stack reports realtime connections: the open board is one.
    const connections = page
      .locator('dt', { hasText: /^Connections$/ })
      .locator('xpath=..')
      .locator('dd')
      .first();
    await expect.poll(async () => Number(await connections.innerText())).toBeGreaterThan(0);

    const rivalItem = await find(page, shown.handle);
    await rivalItem.getByRole('button', { name: 'Hide from boards' }).click();
    await page.getByText(`${shown.handle} is hidden from public boards.`).waitFor();
    // The flush sends the board without the player within a second or two; the open board drops the row.
    await rivalRow.waitFor({ state: 'detached', timeout: 5_000 });

    const doomedItem = await find(page, doomed.handle);
    await doomedItem.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Delete ${doomed.handle}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: `Delete ${doomed.handle}` }).click();
    await page.getByText(`Deleted ${doomed.handle} (1 device).`).waitFor();
    await find(page, doomed.handle);
    await page.getByText(`No player has a handle starting with “${doomed.handle}”.`).waitFor();

    await page.getByRole('heading', { name: 'Operator view' }).scrollIntoViewIfNeeded();
    await snapshot(page, 'admin-desktop', { fullPage: true });
    await context.close();
    await board.context.close();
  });
});
