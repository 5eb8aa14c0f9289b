import { existsSync } from "node:fs";
import { CrewkitError } from "../errors.ts";

/** PDF export cannot run here (no Chromium, or it failed to start). */
export class ExportError extends CrewkitError {}

const candidates = [
	"/usr/bin/chromium",
	"/usr/bin/chromium-browser",
	"/usr/bin/google-chrome",
	"/usr/bin/google-chrome-stable",
	"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
	"/Applications/Chromium.app/Contents/MacOS/Chromium",
];

export const noChromiumMessage =
	"PDF export prints the report with Chromium, and none was found. Install it (Debian/Ubuntu: sudo apt-get install chromium; Fedora: sudo dnf install chromium; macOS: brew install --cask chromium) or point CREWKIT_CHROMIUM at a Chrome or Chromium binary. Or export --format html and print it from any browser.";

/** The Chromium to print with: CREWKIT_CHROMIUM, else a usual install path. */
export function findChromium(env: Record<string, string | undefined> = process.env): string {
	const chosen = env.CREWKIT_CHROMIUM;
	if (chosen) {
		if (!existsSync(chosen))
			throw new ExportError(
				`CREWKIT_CHROMIUM names '${chosen}', which does not exist. ${noChromiumMessage}`,
			);
		return chosen;
	}
	const found = candidates.find((path) => existsSync(path));
	if (!found) throw new ExportError(noChromiumMessage);
	return found;
}

export const chromiumFlags = [
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
];

/**
 * Prints a self-contained HTML page to PDF (A4, the page's print stylesheet) with Chromium
 * through playwright-core, loaded only here. No network: the page has nothing to fetch.
 */
export async function htmlToPdf(
	html: string,
	options: { env?: Record<string, string | undefined> } = {},
): Promise<Uint8Array> {
	const executablePath = findChromium(options.env);
	const { chromium } = await import("playwright-core");
	let browser: Awaited<ReturnType<typeof chromium.launch>>;
	try {
		browser = await chromium.launch({ executablePath, args: chromiumFlags });
	} catch (error) {
		throw new ExportError(
			`Chromium at ${executablePath} did not start (${(error as Error).message.split("\n")[0]}). ${noChromiumMessage}`,
			{ cause: error },
		);
	}
	try {
		const page = await browser.newPage();
		await page.route("**/*", (route) =>
			route.request().url().startsWith("data:") ? route.continue() : route.abort(),
		);
		await page.setContent(html, { waitUntil: "load" });
		await page.emulateMedia({ media: "print" });
		return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
	} finally {
		await browser.close();
	}
}
