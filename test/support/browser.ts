import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { chromiumFlags } from "../../src/export/report-pdf.ts";
import { skipWhenMissing } from "./skip-when-missing.ts";

export const chromiumPath = "/usr/bin/chromium";
export const skipWithoutChromium = skipWhenMissing(
	existsSync(chromiumPath),
	`needs Chromium at ${chromiumPath} (apt-get install chromium)`,
);

/** A headless Chromium page that collects page errors and console errors. */
export async function openBrowser(options: {
	width: number;
	height?: number;
	colorScheme?: "light" | "dark";
}): Promise<{ context: BrowserContext; page: Page; problems: string[]; close(): Promise<void> }> {
	const profile = await mkdtemp(join(tmpdir(), "crewkit-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath,
		headless: true,
		args: chromiumFlags,
		viewport: { width: options.width, height: options.height ?? 900 },
		colorScheme: options.colorScheme ?? "light",
		acceptDownloads: true,
	});
	const page = context.pages()[0] ?? (await context.newPage());
	const problems: string[] = [];
	page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
	page.on("console", (message) => {
		if (message.type() === "error") problems.push(`console: ${message.text()}`);
	});
	return {
		context,
		page,
		problems,
		async close() {
			await context.close();
			await rm(profile, { recursive: true, force: true });
		},
	};
}
