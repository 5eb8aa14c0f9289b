import { createRequire } from "node:module";
import type { Node, Parser } from "web-tree-sitter";

export type { Node as PythonNode } from "web-tree-sitter";

let parser: Promise<Parser> | undefined;

/**
 * Parses Python source with tree-sitter's Python grammar (WebAssembly, no native build).
 * The parser is loaded on first use only, so crewkit's start-up does not pay for it. The
 * code is read, never run.
 */
export async function parsePython(text: string): Promise<Node> {
	parser ??= loadParser();
	const tree = (await parser).parse(text);
	if (!tree) throw new Error("tree-sitter returned no tree for a Python file.");
	return tree.rootNode;
}

async function loadParser(): Promise<Parser> {
	const { Language, Parser } = await import("web-tree-sitter");
	await Parser.init();
	const grammar = createRequire(import.meta.url).resolve(
		"tree-sitter-python/tree-sitter-python.wasm",
	);
	const parser = new Parser();
	parser.setLanguage(await Language.load(grammar));
	return parser;
}
