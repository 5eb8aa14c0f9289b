import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const chromiumPath = "/usr/bin/chromium";
export const skipWithoutChromium = existsSync(chromiumPath)
	? false
	: `needs Chromium at ${chromiumPath} (apt-get install chromium)`;

/**
 * Headless Chromium with a fresh profile, no network of its own, and a page that collects
 * page errors and console errors into `problems`.
 */
export async function launchChromium(): Promise<{
	context: BrowserContext;
	page: Page;
	problems: string[];
}> {
	const profile = await mkdtemp(join(tmpdir(), "crewkit-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath,
		headless: true,
		args: [
			"--headless",
			"--no-sandbox",
			"--disable-gpu",
			"--disable-quic",
			"--no-first-run",
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
		],
		viewport: { width: 1200, height: 900 },
	});
	const page = context.pages()[0] ?? (await context.newPage());
	const problems: string[] = [];
	page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
	page.on("console", (message) => {
		if (message.type() === "error") problems.push(`console: ${message.text()}`);
	});
	return { context, page, problems };
}
