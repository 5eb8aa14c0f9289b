/**
 * Gives a synthetic GGUF (../shared/tools/make-synthetic-gguf.py, byte-level vocabulary) a
 * real subword vocabulary, so that text tokenizes into about as many tokens as with the
 * real model of that shape. The synthetic file's vocabulary has no words: English runs at
 * about one token per character, four times Qwen2.5's count, which makes every prompt,
 * budget and output cap of a benchmark several times what the real model would see.
 *
 * The vocabulary is OpenAI's cl100k_base (from the pinned `gpt-tokenizer` peer), which
 * Qwen's tokenizer extends, written as a SentencePiece vocabulary (space → "▁", score =
 * −rank, byte fallback for the rest): llama.cpp then merges the best-ranked pieces first,
 * about as the BPE would. The weights are untouched; only the header is rewritten.
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";

export interface VocabularyToken {
	text: string;
	score: number;
	/** llama.cpp token type: 1 normal, 2 unknown, 3 control, 6 byte. */
	type: number;
}

/**
 * `size` tokens: the three specials, the 256 byte tokens, cl100k's pieces by rank, and
 * unused fillers up to `size` (the model's n_vocab must not change).
 */
export function subwordVocabulary(ranks: ReadonlyArray<string | number[]>, size: number) {
	const tokens: VocabularyToken[] = [
		{ text: "<unk>", score: 0, type: 2 },
		{ text: "<s>", score: 0, type: 3 },
		{ text: "</s>", score: 0, type: 3 },
	];
	for (let byte = 0; byte < 256; byte++) {
		tokens.push({
			text: `<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`,
			score: 0,
			type: 6,
		});
	}
	const seen = new Set(tokens.map((token) => token.text));
	ranks.forEach((piece, rank) => {
		if (typeof piece !== "string" || tokens.length >= size) return;
		const text = piece.replaceAll(" ", "\u2581");
		if (seen.has(text)) return;
		seen.add(text);
		tokens.push({ text, score: -rank, type: 1 });
	});
	for (let filler = 0; tokens.length < size; filler++) {
		tokens.push({ text: `<unused${filler}>`, score: -1e9, type: 5 });
	}
	return tokens;
}

/** Copies the GGUF at `source` to `target` with its tokenizer tokens, scores and types replaced. */
export function replaceGgufVocabulary(
	source: string,
	target: string,
	tokens: readonly VocabularyToken[],
): void {
	const input = openSync(source, "r");
	const head = Buffer.alloc(64 * 1024 * 1024);
	const headLength = readSync(input, head, 0, head.length, 0);
	let offset = 0;
	const u32 = () => {
		const value = head.readUInt32LE(offset);
		offset += 4;
		return value;
	};
	const u64 = () => {
		const value = Number(head.readBigUInt64LE(offset));
		offset += 8;
		return value;
	};
	const string = () => {
		const length = u64();
		const value = head.toString("utf8", offset, offset + length);
		offset += length;
		return value;
	};
	const scalarSize: Record<number, number> = {
		0: 1,
		1: 1,
		2: 2,
		3: 2,
		4: 4,
		5: 4,
		6: 4,
		7: 1,
		10: 8,
		11: 8,
		12: 8,
	};
	const skipValue = (type: number) => {
		if (type === 8) string();
		else if (type === 9) {
			const elementType = u32();
			const count = u64();
			for (let index = 0; index < count; index++) skipValue(elementType);
		} else offset += scalarSize[type] ?? Number.NaN;
	};

	if (head.toString("latin1", 0, 4) !== "GGUF") throw new Error(`${source} is not a GGUF file.`);
	offset = 4;
	const version = u32();
	const tensorCount = u64();
	const kvCount = u64();
	const kept: Buffer[] = [];
	let alignment = 32;
	for (let index = 0; index < kvCount; index++) {
		const start = offset;
		const key = string();
		const type = u32();
		const valueStart = offset;
		skipValue(type);
		if (key === "general.alignment") alignment = head.readUInt32LE(valueStart);
		if (
			!["tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type"].includes(key)
		) {
			kept.push(head.subarray(start, offset));
		}
	}
	const infosStart = offset;
	for (let index = 0; index < tensorCount; index++) {
		string();
		const dimensions = u32();
		offset += dimensions * 8 + 4 + 8;
	}
	const infos = head.subarray(infosStart, offset);
	const dataStart = Math.ceil(offset / alignment) * alignment;
	if (dataStart > headLength) throw new Error(`${source}: header larger than expected.`);

	const encodeString = (value: string) => {
		const bytes = Buffer.from(value, "utf8");
		const length = Buffer.alloc(8);
		length.writeBigUInt64LE(BigInt(bytes.length));
		return [length, bytes];
	};
	const arrayHeader = (key: string, elementType: number, count: number) => {
		const fixed = Buffer.alloc(4 + 4 + 8);
		fixed.writeUInt32LE(9, 0);
		fixed.writeUInt32LE(elementType, 4);
		fixed.writeBigUInt64LE(BigInt(count), 8);
		return [...encodeString(key), fixed];
	};
	const scores = Buffer.alloc(tokens.length * 4);
	const types = Buffer.alloc(tokens.length * 4);
	tokens.forEach((token, index) => {
		scores.writeFloatLE(token.score, index * 4);
		types.writeInt32LE(token.type, index * 4);
	});
	const counts = Buffer.alloc(4 + 8 + 8);
	counts.writeUInt32LE(version, 0);
	counts.writeBigUInt64LE(BigInt(tensorCount), 4);
	counts.writeBigUInt64LE(BigInt(kvCount), 12);
	const header = Buffer.concat([
		Buffer.from("GGUF", "latin1"),
		counts,
		...kept,
		...arrayHeader("tokenizer.ggml.tokens", 8, tokens.length),
		...tokens.flatMap((token) => encodeString(token.text)),
		...arrayHeader("tokenizer.ggml.scores", 6, tokens.length),
		scores,
		...arrayHeader("tokenizer.ggml.token_type", 5, tokens.length),
		types,
		infos,
	]);
	const padded = Buffer.concat([
		header,
		Buffer.alloc((alignment - (header.length % alignment)) % alignment),
	]);

	const output = openSync(target, "w");
	try {
		writeSync(output, padded);
		const chunk = Buffer.alloc(16 * 1024 * 1024);
		for (let position = dataStart; ; ) {
			const read = readSync(input, chunk, 0, chunk.length, position);
			if (read === 0) break;
			writeSync(output, chunk, 0, read);
			position += read;
		}
	} finally {
		closeSync(output);
		closeSync(input);
	}
}
