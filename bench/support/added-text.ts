/**
 * What a framework adds around the user's own text in one prompt: the prompt's text with
 * each of the user's pieces taken out once. Whitespace runs count as one space, so line
 * breaks joining the user's pieces add nothing; a piece the framework repeats counts as
 * added the second time.
 */
import type { CapturedMessage } from "./crew-runner.ts";

export interface AddedText {
	/** Every message's text, joined by line breaks. */
	prompt: string;
	/** What is left with the user's pieces taken out, whitespace collapsed. */
	added: string;
	/** User pieces not found verbatim (the framework changed them): counted as added. */
	missing: string[];
}

export function addedText(
	messages: readonly CapturedMessage[],
	userPieces: readonly string[],
): AddedText {
	const prompt = messages.map((message) => message.text).join("\n");
	let rest = prompt;
	const missing: string[] = [];
	// Longest first, so a piece contained in another (a role inside a backstory) is not
	// taken out of the wrong place.
	for (const piece of [...userPieces].sort((a, b) => b.length - a.length)) {
		const at = rest.indexOf(piece);
		if (at === -1) missing.push(piece);
		else rest = `${rest.slice(0, at)} ${rest.slice(at + piece.length)}`;
	}
	return { prompt, added: rest.replace(/\s+/g, " ").trim(), missing };
}
