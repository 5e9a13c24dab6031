import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, e2eConfig, launch, openApp, phone, snapshot } from './browser.ts';
import { ExtensionDevice, utcDay } from './extension-device.ts';

// Broadcasts usually land well within a second; a busy machine gets a generous margin, still far
// below anything a reload-free page could reach without the team channel.
const LIVE = { timeout: 15_000 };

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

function board(page: Page, team: string): Locator {
  return page.getByRole('table', { name: `${team} leaderboard` });
}

function memberRow(page: Page, team: string, handle: string): Locator {
  return board(page, team)
    .locator('tbody tr')
    .filter({ has: page.getByText(handle, { exact: true }) });
}

function xpOf(page: Page, team: string, handle: string): Promise<string> {
  return memberRow(page, team, handle).getByRole('cell').last().innerText();
}

/** The team page's own handles, top to bottom. */
async function handles(page: Page, team: string): Promise<string[]> {
  return board(page, team).locator('tbody tr td:nth-child(2) > span:first-child').allInnerTexts();
}

async function waitLive(page: Page): Promise<void> {
  await page.locator('[data-testid="live"][data-live="true"]').waitFor({ timeout: 20_000 });
  expect(await page.getByTestId('live').innerText()).toBe('Live');
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
}

describe('teams', () => {
  it('two players share a team: invite link, live board and goal over the team channel, leaving', async () => {
    const team = 'Standup Breathers';

    // Player A creates the team in this browser, as a person would.
    const a = await openApp(browser, '/teams');
    await a.page.getByText('You are not in a team yet').waitFor();
    await a.page.getByRole('textbox', { name: 'Team name' }).fill(team);
    await a.page.getByRole('button', { name: 'Create team' }).click();
    await a.page.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
    const teamId = new URL(a.page.url()).pathname.split('/').pop() ?? '';
    await a.page.getByRole('heading', { level: 1, name: team }).waitFor();
    expect(await a.page.getByText('1 member', { exact: true }).count()).toBe(1);
    const code = (await a.page.getByTestId('join-code').innerText()).trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const link = await a.page.getByRole('textbox', { name: 'Invite link' }).inputValue();
    expect(link).toBe(`${e2eConfig().appUrl}/join?code=${code}`);
    await a.page.getByText('No goal yet').waitFor();
    // A is on its own board, marked as "you", with no XP yet.
    const aRow = board(a.page, team).locator('tbody tr[aria-current="true"]');
    await aRow.waitFor();
    const aHandle = await aRow.locator('td:nth-child(2) > span:first-child').innerText();
    expect(await aRow.getByText('you', { exact: true }).count()).toBe(1);
    expect(await aRow.getByRole('cell').last().innerText()).toBe('0');
    await waitLive(a.page);
    let aNavigations = 0;
    a.page.on('framenavigated', () => {
      aNavigations += 1;
    });

    // Player B: an editor with some practice, linked to a second browser, which opens the link as shared.
    const editor = new ExtensionDevice();
    const first = await editor.breathe(10).push(); // 40 XP, 160 s
    const { code: pairingCode } = await editor.client.createPairingCode();
    const b = await openApp(browser, `/pair?code=${pairingCode}`);
    await b.page.waitForURL(/\/me$/);
    await expect.poll(() => b.page.getByTestId('handle').innerText()).toBe(first.handle);
    await b.page.goto(link);
    await b.page.waitForURL(new RegExp(`/teams/${teamId}$`));
    await b.page.getByRole('heading', { level: 1, name: team }).waitFor();
    await b.page.getByText('2 members', { exact: true }).waitFor();
    await memberRow(b.page, team, aHandle).waitFor();
    expect(await handles(b.page, team)).toEqual([first.handle, aHandle]);
    expect(await xpOf(b.page, team, first.handle)).toBe('40');
    expect(await memberRow(b.page, team, first.handle).getByText('you', { exact: true }).count()).toBe(1);
    await waitLive(b.page);
    let bNavigations = 0;
    b.page.on('framenavigated', () => {
      bNavigations += 1;
    });

    // B's editor pushes: A's open page shows B with the new XP, then again, without a reload.
    await editor.breathe(15).push(); // 100 XP, 400 s
    await memberRow(a.page, team, first.handle).waitFor(LIVE);
    await expect.poll(() => xpOf(a.page, team, first.handle), LIVE).toBe('100');
    expect(await handles(a.page, team)).toEqual([first.handle, aHandle]);
    await a.page.getByText('2 members', { exact: true }).waitFor(LIVE);
    // B's own page follows too.
    await expect.poll(() => xpOf(b.page, team, first.handle), LIVE).toBe('100');

    // A sets a shared goal; B's open page gets it over the channel.
    await a.page.getByRole('spinbutton', { name: 'Target' }).fill('30');
    await a.page.getByRole('combobox', { name: 'Of' }).selectOption('minutes');
    const ends = utcDay(7);
    await a.page.getByLabel('By').fill(ends);
    await a.page.getByRole('button', { name: 'Set goal' }).click();
    const endsText = `by ${new Date(`${ends}T00:00:00`).toLocaleDateString('en', { dateStyle: 'medium' })}`;
    for (const page of [a.page, b.page]) {
      await expect.poll(() => page.getByTestId('goal-progress').innerText(), LIVE).toBe('6 / 30 minutes');
      expect(await page.getByText(endsText, { exact: true }).count()).toBe(1);
      const bar = page.getByRole('progressbar', { name: 'Team goal progress' });
      expect(await bar.getAttribute('aria-valuenow')).toBe('20');
    }
    expect(await b.page.getByText('No goal yet').count()).toBe(0);

    // B practises more: the bar moves on A's page (and B's), live.
    await editor.breathe(15).push(); // 160 XP, 640 s = 10 min
    for (const page of [a.page, b.page]) {
      const bar = page.getByRole('progressbar', { name: 'Team goal progress' });
      await expect.poll(() => bar.getAttribute('aria-valuenow'), LIVE).toBe('33');
      expect(await page.getByTestId('goal-progress').innerText()).toBe('10 / 30 minutes');
    }
    await expect.poll(() => xpOf(a.page, team, first.handle), LIVE).toBe('160');
    expect(aNavigations).toBe(0);
    expect(bNavigations).toBe(0);
    await snapshot(a.page, 'team-desktop', { fullPage: true });

    // B leaves: the confirmation can be declined, then confirmed.
    const dialogs: string[] = [];
    b.page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await b.page.getByRole('button', { name: 'Leave team' }).click();
    await expect.poll(() => dialogs).toEqual([`Leave ${team}?`]);
    expect(new URL(b.page.url()).pathname).toBe(`/teams/${teamId}`);
    b.page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await b.page.getByRole('button', { name: 'Leave team' }).click();
    await b.page.waitForURL(/\/teams$/);
    await b.page.getByText('You are not in a team yet').waitFor();
    expect(dialogs).toHaveLength(2);
    expect(await b.page.getByRole('link', { name: new RegExp(team) }).count()).toBe(0);
    // The server agrees: after a reload the team is still gone, and its page is closed to B.
    await b.page.reload();
    await b.page.getByText('You are not in a team yet').waitFor();
    await b.page.goto(`${e2eConfig().appUrl}/teams/${teamId}`);
    await b.page.getByRole('alert').getByText('You are not a member of this team.').waitFor();
    // A still has it, now with one member.
    await a.page.getByRole('link', { name: '← Teams' }).click();
    const aTeam = a.page.getByRole('link', { name: new RegExp(team) });
    await aTeam.waitFor();
    await expect.poll(() => aTeam.innerText()).toMatch(/1 member$/);

    await a.context.close();
    await b.context.close();
  });

  it('a teammate on a phone joins by typing the code, and lists every team', async () => {
    // Two teams started from editors, one with a cycles goal.
    const captain = new ExtensionDevice().breathe(30, 0).breathe(20, 1);
    const captainStats = await captain.push();
    const owls = await captain.rpc<{ id: string; join_code: string }>('create_team', { name: 'Night owls' });
    await captain.rpc('set_team_goal', {
      team_id: owls.id,
      metric: 'cycles',
      target: 200,
      ends_on: utcDay(14),
    });
    const lead = new ExtensionDevice().breathe(12, 0);
    const leadStats = await lead.push();
    const squad = await lead.rpc<{ id: string; join_code: string }>('create_team', {
      name: 'Platform squad · Berlin office',
    });

    const { page, context } = await openApp(browser, '/teams', phone);
    await page.getByText('You are not in a team yet').waitFor();
    await noHorizontalScroll(page);

    // A wrong code says so and stays put.
    await page.getByRole('textbox', { name: 'Join code' }).fill('ZZZZ9999');
    await page.getByRole('button', { name: 'Join team' }).click();
    await page.getByRole('alert').getByText('No team has that code.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/teams');

    // Typed as a person might, in lower case with a dash.
    const typed = `${owls.join_code.slice(0, 4)}-${owls.join_code.slice(4)}`.toLowerCase();
    await page.getByRole('textbox', { name: 'Join code' }).fill(typed);
    await page.getByRole('button', { name: 'Join team' }).click();
    await page.waitForURL(new RegExp(`/teams/${owls.id}$`));
    await page.getByRole('heading', { level: 1, name: 'Night owls' }).waitFor();
    await page.getByText('2 members', { exact: true }).waitFor();
    await memberRow(page, 'Night owls', captainStats.handle).waitFor();
    expect(await xpOf(page, 'Night owls', captainStats.handle)).toBe('200');
    await expect.poll(() => page.getByTestId('goal-progress').innerText()).toBe('30 / 200 cycles');
    expect(await page.getByTestId('join-code').innerText()).toBe(owls.join_code);
    await waitLive(page);

    // The captain's next session reaches the phone live, goal included.
    await captain.breathe(10, 0).push();
    await expect.poll(() => xpOf(page, 'Night owls', captainStats.handle), LIVE).toBe('240');
    await expect.poll(() => page.getByTestId('goal-progress').innerText(), LIVE).toBe('40 / 200 cycles');
    expect(
      await page.getByRole('progressbar', { name: 'Team goal progress' }).getAttribute('aria-valuenow'),
    ).toBe('20');
    await noHorizontalScroll(page);
    await snapshot(page, 'team-mobile', { fullPage: true });

    // The second team by its link; the list then shows both.
    await page.goto(`${e2eConfig().appUrl}/join?code=${squad.join_code}`);
    await page.waitForURL(new RegExp(`/teams/${squad.id}$`));
    await page.getByRole('heading', { level: 1, name: 'Platform squad · Berlin office' }).waitFor();
    await memberRow(page, 'Platform squad · Berlin office', leadStats.handle).waitFor();
    await noHorizontalScroll(page);
    await page.getByRole('link', { name: '← Teams' }).click();
    const list = page.getByRole('list');
    await list.getByRole('link', { name: /Night owls/ }).waitFor();
    await list.getByRole('link', { name: /Platform squad/ }).waitFor();
    expect(await list.getByRole('link').allInnerTexts()).toEqual([
      expect.stringMatching(/^Night owls\s+2 members$/),
      expect.stringMatching(/^Platform squad · Berlin office\s+2 members$/),
    ]);
    await noHorizontalScroll(page);
    await snapshot(page, 'teams-mobile', { fullPage: true });
    await page.setViewportSize(desktop);
    await snapshot(page, 'teams-desktop', { fullPage: true });
    await page.getByRole('link', { name: /Night owls/ }).click();
    await memberRow(page, 'Night owls', captainStats.handle).waitFor();
    await page.setViewportSize(phone);

    // A join link whose team is gone: the join page says so and offers the form, code filled in.
    await page.goto(`${e2eConfig().appUrl}/join?code=ZZZZ9999`);
    await page.getByRole('heading', { level: 1, name: 'Join a team' }).waitFor();
    await page.getByRole('alert').getByText('No team has that code.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Join code' }).inputValue()).toBe('ZZZZ9999');
    await noHorizontalScroll(page);
    await snapshot(page, 'join-mobile');
    await page.setViewportSize(desktop);
    await snapshot(page, 'join-desktop');
    await context.close();
  });
});
