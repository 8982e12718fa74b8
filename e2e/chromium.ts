// Drives Debian's headless Chromium to check that a report renders and to screenshot it. Shared
// by the e2e tests of the report (the fixture's and a real run's).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, offline headless run inside a container. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** What the page showed. */
export interface ReportCheck {
  /** How many charts (figures with an SVG) rendered. */
  readonly charts: number;
  /** Their names (`data-chart`), in page order. */
  readonly names: readonly string[];
}

/** What the page reports about its charts and layout, measured in the browser. */
interface Measured {
  readonly charts: { name: string; width: number; height: number; right: number }[];
  readonly figuresWithoutSvg: string[];
  readonly mainRight: number;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly overflowing: string[];
}

/**
 * Opens `htmlPath` in headless Chromium at a laptop's width, checks that every chart is an SVG
 * with a non-zero box inside the page, that nothing overflows the page sideways, that the page
 * loads nothing from outside and logs no error, then saves a full-page screenshot to `pngPath`.
 * Throws with every problem found; fails, rather than skips, when Chromium is not installed.
 */
export async function screenshotReport(htmlPath: string, pngPath: string): Promise<ReportCheck> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: the report's e2e test needs it. Install Debian's package: apt-get install -y chromium`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`the page requested ${request.url()}: a report must load nothing`);
    });
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    const measured: Measured = await page.evaluate(() => {
      const main = document.querySelector('main');
      const mainRight = main ? main.getBoundingClientRect().right : window.innerWidth;
      const figures = [...document.querySelectorAll('figure[data-chart]')];
      const charts = figures.flatMap((f) => {
        const svg = f.querySelector('svg');
        if (!svg) return [];
        const box = svg.getBoundingClientRect();
        return [{ name: f.getAttribute('data-chart') ?? '?', width: box.width, height: box.height, right: box.right }];
      });
      const figuresWithoutSvg = figures.filter((f) => !f.querySelector('svg')).map((f) => f.getAttribute('data-chart') ?? '?');
      // Tables may scroll inside their wrapper by design; anything else wider than the page is broken.
      const overflowing = [...document.querySelectorAll('main > *, section > *, figure > *')]
        .filter((el) => !el.classList.contains('table-wrap') && el.getBoundingClientRect().right > mainRight + 1)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className}` : ''}`);
      return { charts, figuresWithoutSvg, mainRight, scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, overflowing };
    });
    for (const chart of measured.charts) {
      if (!(chart.width > 0 && chart.height > 0)) problems.push(`chart ${chart.name} has an empty box (${chart.width}×${chart.height})`);
      if (chart.right > measured.mainRight + 1) problems.push(`chart ${chart.name} sticks out of the page (right edge ${chart.right} > ${measured.mainRight})`);
    }
    for (const name of measured.figuresWithoutSvg) problems.push(`figure ${name} has no SVG`);
    if (measured.scrollWidth > measured.clientWidth) problems.push(`the page scrolls sideways (${measured.scrollWidth} > ${measured.clientWidth} px)`);
    for (const element of measured.overflowing) problems.push(`${element} is wider than the page`);
    await mkdir(dirname(pngPath), { recursive: true });
    await page.screenshot({ path: pngPath, fullPage: true });
    if (problems.length) throw new Error(`the report at ${htmlPath} did not render cleanly (screenshot: ${pngPath}):\n- ${problems.join('\n- ')}`);
    return { charts: measured.charts.length, names: measured.charts.map((c) => c.name) };
  } finally {
    await browser.close();
  }
}
