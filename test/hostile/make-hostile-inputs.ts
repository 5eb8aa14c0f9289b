/**
 * Hostile inputs, generated small at test time: HTML nesting and entity bombs, a PDF
 * whose pages all share one compressed stream, YAML alias bombs, markdown with scripts,
 * nesting, emphasis and link runs, huge tables and entities.
 */
import { deflateSync } from "node:zlib";

/** `<div>` opened `depth` times and never closed: Readability's worst case. */
export function htmlNestingBomb(depth = 2000): string {
	return `<!doctype html><html><body>${"<div>".repeat(depth)}deep</body></html>`;
}

/** Nesting that passes the quick estimate (lists) but builds a deep DOM. */
export function htmlListNesting(depth: number): string {
	return `<html><body>${"<ul><li>".repeat(depth)}deep</body></html>`;
}

/** Many character references (entities) in a small page. */
export function htmlEntityBomb(count = 200_000): string {
	return `<html><body><p>${"&amp;&#x41;&lt;".repeat(count)}</p></body></html>`;
}

/** A page with scripts, inline handlers and frames. */
export const htmlWithScripts =
	'<html><head><script>globalThis.pwned = 1</script></head><body><h1>Title</h1><p onclick="alert(1)">Text of the page that is long enough to be an article of some sort.</p><iframe src="javascript:alert(1)"></iframe><img src=x onerror="alert(1)"></body></html>';

/** Markdown carrying raw HTML that must never run when rendered. */
export const markdownWithScripts = [
	"# Report",
	"",
	"<script>alert(1)</script>",
	'<iframe src="https://evil.example"></iframe>',
	'<img src=x onerror="alert(1)">',
	"[click](javascript:alert(1))",
	"",
	"Text [1].",
].join("\n");

/** Markdown nesting deep block quotes and lists. */
export function markdownNesting(depth = 5000): string {
	return `${">".repeat(depth)} deep\n\n${"- ".repeat(depth)}deep\n`;
}

/** Alternating underscores: marked's emphasis search goes quadratic (seconds per 10 KB). */
export function markdownEmphasisBomb(pairs = 50_000): string {
	return `# Report\n\n${"_a".repeat(pairs)}\n`;
}

/** Image and link openers never closed: marked looks ahead from each one. */
export function markdownLinkBomb(count = 20_000): string {
	return `# Report\n\n${"![".repeat(count)}\n\n${"[a](".repeat(count)}\n`;
}

/** A table of `columns` × `rows` cells: small per cell, large once rendered. */
export function markdownHugeTable(columns = 2000, rows = 200): string {
	const row = (cell: string) => `|${`${cell}|`.repeat(columns)}\n`;
	return `# Report\n\n${row("a")}${row("-")}${row("b").repeat(rows)}`;
}

/** Character references by the hundred thousand. */
export function markdownEntityBomb(count = 200_000): string {
	return `# Report\n\n${"&amp;&#x41;&lt;".repeat(count)}\n`;
}

/**
 * One sentence citing the same source `count` times: 1.8 MB by default, just under the
 * evaluation's size limit, and seconds to measure (it went quadratic before the citation
 * scan looked back over blanks only).
 */
export function markdownCitationRun(count = 200_000): string {
	return `# Report\n\n## 1. Claims\n\n${"word [1] ".repeat(count)}\n\n## Sources\n\n1. A note — notes/a.md\n`;
}

/** YAML aliases that double at each level ("billion laughs"). */
export function yamlAliasBomb(levels = 30): string {
	const lines = ['a0: &a0 ["lol", "lol"]'];
	for (let level = 1; level < levels; level++) {
		lines.push(`a${level}: &a${level} [*a${level - 1}, *a${level - 1}]`);
	}
	return `${lines.join("\n")}\n`;
}

/** YAML nested `depth` flow sequences deep. */
export function yamlNestingBomb(depth = 100_000): string {
	return `deep: ${"[".repeat(depth)}${"]".repeat(depth)}\n`;
}

/**
 * A PDF of `pages` pages that all share one content stream, which inflates to
 * `linesPerPage` lines of text: small on disk, enormous once every page is read.
 */
export function pdfPageBomb(pages = 2000, linesPerPage = 5000): Uint8Array {
	const text = "BT /F1 12 Tf 72 720 Td (All work and no play makes a dull page.) Tj ET\n".repeat(
		linesPerPage,
	);
	const stream = deflateSync(Buffer.from(text, "latin1"));
	const fontId = 3;
	const contentId = 4;
	const firstPageId = 5;
	const kids = Array.from({ length: pages }, (_, index) => `${firstPageId + index} 0 R`);
	const objects: (string | Buffer)[] = [
		"<< /Type /Catalog /Pages 2 0 R >>",
		`<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${pages} >>`,
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		Buffer.concat([
			Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, "latin1"),
			stream,
			Buffer.from("\nendstream", "latin1"),
		]),
	];
	for (let index = 0; index < pages; index++) {
		objects.push(
			`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${contentId} 0 R /Resources << /Font << /F1 ${fontId} 0 R >> >> >>`,
		);
	}
	const parts: Buffer[] = [Buffer.from("%PDF-1.4\n", "latin1")];
	let offset = parts[0]?.length ?? 0;
	const offsets: number[] = [];
	objects.forEach((body, index) => {
		offsets.push(offset);
		const chunk = Buffer.concat([
			Buffer.from(`${index + 1} 0 obj\n`, "latin1"),
			typeof body === "string" ? Buffer.from(body, "latin1") : body,
			Buffer.from("\nendobj\n", "latin1"),
		]);
		parts.push(chunk);
		offset += chunk.length;
	});
	const xref = [
		"xref",
		`0 ${objects.length + 1}`,
		"0000000000 65535 f ",
		...offsets.map((at) => `${String(at).padStart(10, "0")} 00000 n `),
		"trailer",
		`<< /Size ${objects.length + 1} /Root 1 0 R >>`,
		"startxref",
		String(offset),
		"%%EOF",
	].join("\n");
	parts.push(Buffer.from(`${xref}\n`, "latin1"));
	return new Uint8Array(Buffer.concat(parts));
}

/** Not a PDF at all, under a PDF name. */
export const notAPdf = new TextEncoder().encode("%PDF-1.7\nthis is not really a pdf\n");

/** JSON answers a model might give that do not parse. */
export const malformedJsonAnswers: readonly string[] = [
	'{"title": "x", "sections": [',
	"{".repeat(10_000),
	'{"a": 1}}}}',
	'```json\n{"a": }\n```',
	"\u0000\u0001{}",
	`[${"1,".repeat(100_000)}`,
];
