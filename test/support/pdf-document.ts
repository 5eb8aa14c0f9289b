/** A page of `pdfDocument`: its lines of text, or `"damaged"` for a page pdf.js cannot read. */
export type PdfPage = readonly string[] | "damaged";

/**
 * A PDF showing each page's lines in Helvetica, with optional Title and CreationDate
 * metadata: objects laid out by hand with a correct cross-reference table. A `"damaged"`
 * page is a page-tree entry that points to an object the file does not have.
 */
export function pdfDocument(
	pages: readonly PdfPage[],
	info: { title?: string; created?: string } = {},
): Uint8Array {
	const escapePdf = (text: string) => text.replace(/[\\()]/g, (character) => `\\${character}`);
	// 1 catalog, 2 page tree, 3 font, 4 document information, then a page and its content each.
	const objects: string[] = [
		"<< /Type /Catalog /Pages 2 0 R >>",
		"",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		`<< ${info.title === undefined ? "" : `/Title (${escapePdf(info.title)}) `}${info.created === undefined ? "" : `/CreationDate (${info.created})`} >>`,
	];
	const kids: string[] = [];
	for (const page of pages) {
		const pageNumber = objects.length + 1;
		if (page === "damaged") {
			kids.push("9999 0 R");
			continue;
		}
		const content = `BT /F1 14 Tf 72 720 Td 18 TL ${page.map((line) => `(${escapePdf(line)}) '`).join(" ")} ET`;
		objects.push(
			`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageNumber + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
			`<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
		);
		kids.push(`${pageNumber} 0 R`);
	}
	objects[1] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${pages.length} >>`;
	let text = "%PDF-1.4\n";
	const offsets: number[] = [];
	objects.forEach((object, index) => {
		offsets.push(text.length);
		text += `${index + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xref = text.length;
	text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	text += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
	text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new TextEncoder().encode(text);
}
