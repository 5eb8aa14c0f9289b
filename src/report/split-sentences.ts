/**
 * Sentences of markdown text, with the citations that close them: in "… grew 40% [3]. Next"
 * and "… grew 40%. [3] Next" the `[3]` belongs to the first sentence. Paragraphs, list items,
 * table rows and headings end a sentence; headings and table separators are dropped. A
 * period after a known abbreviation ("e.g.", "et al.", "Fig.") or an initial ("J. Smith")
 * does not end one, nor does one inside a number ("3.5").
 */

const abbreviations = new Set(
	"al approx ca cf co corp dept dr e.g eg etc fig figs i.e ie inc jr ltd mr mrs ms p pp prof sec sr st u.s vol vs".split(
		" ",
	),
);
const citationGroup = String.raw`\[\s*\d{1,3}(?:\s*[-–—,;]\s*\d{1,3})*\s*\]`;
const boundary = new RegExp(
	String.raw`[.!?…](?:["'”’)\]*_]*)((?:\s*${citationGroup})*)(?=\s+["'“‘(*_]*[\p{Lu}\p{N}\[]|\s*$)`,
	"gu",
);

/** Splits markdown into sentences, in order, each trimmed. */
export function splitSentences(markdown: string): string[] {
	const sentences: string[] = [];
	for (const unit of splitUnits(markdown)) {
		let start = 0;
		for (const match of unit.matchAll(boundary)) {
			const end = match.index + match[0].length;
			if (endsWithAbbreviation(unit.slice(start, match.index + 1))) continue;
			pushSentence(sentences, unit.slice(start, end));
			start = end;
		}
		pushSentence(sentences, unit.slice(start));
	}
	return sentences;
}

/** The paragraphs of markdown text: blocks between blank lines, without headings. */
export function splitParagraphs(markdown: string): string[] {
	return markdown
		.split(/\n[ \t]*\r?\n/)
		.map((block) =>
			block
				.split(/\r?\n/)
				.filter((line) => !/^\s{0,3}#{1,6}(\s|$)/.test(line))
				.join("\n")
				.trim(),
		)
		.filter((block) => block !== "");
}

/**
 * Paragraph lines joined, broken again at list items, table rows and headings. Blank lines
 * give empty units, which hold no sentence.
 */
function splitUnits(markdown: string): string[] {
	const units: string[] = [];
	let current: string[] = [];
	const flush = () => {
		units.push(current.join(" "));
		current = [];
	};
	for (const line of markdown.split(/\r?\n/)) {
		const trimmed = line.trim();
		if (trimmed === "" || /^#{1,6}(\s|$)/.test(trimmed)) {
			flush();
		} else if (/^\|?[\s:|-]+\|?$/.test(trimmed) && trimmed.includes("-")) {
			flush();
		} else if (/^(?:[-*+]|\d{1,3}[.)])\s+/.test(trimmed) || trimmed.startsWith("|")) {
			flush();
			current.push(trimmed.replace(/^(?:[-*+]|\d{1,3}[.)])\s+/, "").replace(/\|/g, " "));
		} else {
			current.push(trimmed);
		}
	}
	flush();
	return units;
}

function endsWithAbbreviation(text: string): boolean {
	const word = /(\S+)\.$/.exec(text)?.[1]?.replace(/^["'“‘(]+/, "") ?? "";
	return abbreviations.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word);
}

function pushSentence(sentences: string[], text: string): void {
	const sentence = text.trim();
	if (/[\p{L}\p{N}]/u.test(sentence)) sentences.push(sentence);
}
