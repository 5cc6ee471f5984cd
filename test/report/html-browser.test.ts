import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { hostileReport } from './hostile.js';

// The HTML report is a classic XSS target: load a report full of payloads in a real browser and
// prove that nothing runs, nothing is fetched, and the findings still render and filter.

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
let dir: string;

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, timeout: 60_000 });
  dir = mkdtempSync(join(tmpdir(), 'rampart-report-html-'));
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Observed {
  page: Page;
  dialogs: string[];
  requests: string[];
  errors: string[];
}

async function open(name: string, html: string): Promise<Observed> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const page = await browser.newPage();
  const seen: Observed = { page, dialogs: [], requests: [], errors: [] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    seen.requests.push(url);
    return route.abort();
  });
  // a script that runs would set one of these; the page's own code sets none
  await page.addInitScript('window.__pwned = undefined;');
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 30_000 });
  return seen;
}

async function assertInert(o: Observed): Promise<void> {
  const { page } = o;
  // give any deferred payload (onerror of a failed image, onload of an SVG) a moment to fire
  await page.waitForTimeout(150);
  assert.deepEqual(o.dialogs, [], 'no alert/confirm/prompt');
  assert.equal(await page.evaluate('typeof window.__pwned === "undefined" || window.__pwned === undefined'), true, 'no payload ran');
  assert.deepEqual(o.requests, [], 'no network request');
  assert.deepEqual(o.errors, [], 'no script errors');
  assert.equal(await page.evaluate('document.querySelectorAll("img, iframe, object, embed, svg[onload], b[onmouseover]").length'), 0, 'no injected element');
  assert.equal(await page.evaluate('document.scripts.length'), 2, 'only the page\'s own scripts');
  assert.equal(await page.evaluate('document.querySelectorAll("style").length'), 1, 'only the page\'s own style');
  const handlers = await page.evaluate('Array.from(document.querySelectorAll("*")).flatMap((el) => Array.from(el.attributes).map((a) => a.name)).filter((n) => n.startsWith("on")).length');
  assert.equal(handlers, 0, 'no event-handler attributes');
}

async function assertRendersAndFilters(o: Observed, total: number): Promise<void> {
  const { page } = o;
  const findings = page.locator('#findings article.finding');
  assert.equal(await findings.count(), total);
  assert.equal(await page.locator('#findings article.finding:visible').count(), total);
  assert.equal((await page.textContent('#shown'))?.trim(), `${total} of ${total} shown`);
  // payloads show up as text
  const message = await page.locator('#findings article.finding .f-message').first().textContent();
  assert.ok(message?.includes('<script>window.__pwned=1;alert(1)</script>'), message ?? '');
  // the styles were not closed early: the page is still laid out (a finding has its border)
  assert.equal(await page.evaluate('getComputedStyle(document.querySelector("article.finding")).borderLeftWidth'), '5px');
  // filters: severity, engine, domain and text
  await page.uncheck('input[name=severity][value=critical]');
  assert.equal(await page.locator('#findings article.finding:visible').count(), total - 1);
  await page.check('input[name=severity][value=critical]');
  await page.selectOption('select[name=engine]', 'logs');
  assert.equal(await page.locator('#findings article.finding:visible').count(), 1);
  assert.equal((await page.textContent('#shown'))?.trim(), `1 of ${total} shown`);
  await page.selectOption('select[name=engine]', '');
  await page.selectOption('select[name=domain]', '<img src=x onerror="window.__pwned=9">');
  assert.equal(await page.locator('#findings article.finding:visible').count(), 1, 'a hostile domain is a plain option value');
  await page.selectOption('select[name=domain]', '');
  await page.fill('input[name=q]', 'password');
  assert.equal(await page.locator('#findings article.finding:visible').count(), 1);
  await page.fill('input[name=q]', '<script>window.__pwned=1');
  assert.ok((await page.locator('#findings article.finding:visible').count()) >= 3, 'search matches payload text as data');
  await page.fill('input[name=q]', 'no-such-thing-anywhere');
  assert.equal(await page.locator('#findings article.finding:visible').count(), 0);
  await page.fill('input[name=q]', '');
  // expanding everything shows evidence without running anything
  await page.click('#expand');
  assert.ok((await page.locator('#findings .evidence:visible').count()) >= 4);
}

test('html in Chromium: payloads in evidence, messages, file names and extras never run; findings render and filter', async () => {
  const html = renderHtml(hostileReport());
  const o = await open('hostile.html', html);
  await assertInert(o);
  await assertRendersAndFilters(o, 7);
  await assertInert(o);
  await o.page.close();
});

test('html in Chromium: escaping alone holds, even with the Content-Security-Policy removed', async () => {
  const html = renderHtml(hostileReport()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  assert.ok(!html.includes('Content-Security-Policy'));
  const o = await open('hostile-no-csp.html', html);
  await assertInert(o);
  await assertRendersAndFilters(o, 7);
  await assertInert(o);
  await o.page.close();
});
