/**
 * A corpus of large documents for budget tests: `count` markdown files of at least
 * `characters` characters each, about language models, made of seeded pseudo-random
 * sentences (deterministic), with headings every few paragraphs. Far larger than any
 * small model's context: a test using it proves pages never enter a prompt whole.
 */
export function largeCorpus(
	options: { count?: number; characters?: number } = {},
): Record<string, string> {
	const count = options.count ?? 8;
	const characters = options.characters ?? 50_000;
	const subjects = [
		"Open-weight LLMs",
		"Small language models",
		"Reasoning models",
		"AI agents",
		"Inference chips",
		"Retrieval pipelines",
		"Evaluation suites",
		"Model regulation",
		"Context windows",
		"Multimodal models",
	];
	const verbs = [
		"reached",
		"cut",
		"doubled",
		"replaced",
		"matched",
		"lowered",
		"improved",
		"extended",
	];
	const objects = [
		"benchmark scores",
		"the cost per million tokens",
		"latency on laptops",
		"tool-calling accuracy",
		"context length",
		"energy use",
		"citation accuracy",
		"memory needs",
	];
	const times = [
		"in March",
		"this year",
		"by October",
		"in the second quarter",
		"after the summer",
		"in 2026",
	];
	let seed = 7;
	const next = (n: number) => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed % n;
	};
	const pick = <T>(items: readonly T[]) => items[next(items.length)] as T;
	const files: Record<string, string> = {};
	for (let file = 0; file < count; file++) {
		const focus = subjects[file % subjects.length] as string;
		const parts = [`# ${focus}: notes ${file + 1}\n`];
		let length = parts[0]?.length ?? 0;
		for (let section = 1; length < characters; section++) {
			const heading = `\n## ${focus}, part ${section}\n\n`;
			parts.push(heading);
			length += heading.length;
			for (let paragraph = 0; paragraph < 3; paragraph++) {
				const sentences = Array.from({ length: 5 }, () => {
					const subject = next(3) === 0 ? pick(subjects) : focus;
					return `${subject} ${pick(verbs)} ${pick(objects)} ${pick(times)}, according to report ${next(900) + 100}.`;
				});
				const text = `${sentences.join(" ")}\n\n`;
				parts.push(text);
				length += text.length;
			}
		}
		files[`docs/${String(file + 1).padStart(2, "0")}-notes.md`] = parts.join("");
	}
	return files;
}
