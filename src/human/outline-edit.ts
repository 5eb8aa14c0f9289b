import type { z } from "zod";
import { ConfigError } from "../errors.ts";
import { loadZod, onFirstUse } from "../zod/load-zod.ts";

/**
 * A person's edit of a list of items backed by sources (the research crew's outline):
 * the items in their new order — each an original one (`from`, 1-based) under a title, or a
 * new one — and the sources to leave out. Absolute, so applying it twice gives the same.
 */
export const outlineEditSchema = onFirstUse(() => {
	const z = loadZod();
	return z.object({
		items: z.array(
			z.object({ title: z.string().trim().min(1), from: z.number().int().positive().optional() }),
		),
		excludeSources: z.array(z.number().int().positive()).default([]),
	});
});
export type OutlineEdit = z.infer<ReturnType<typeof outlineEditSchema>>;

/** What a person is shown to edit: the items with their sources, and every source. */
export interface OutlineDraft {
	items: Array<{ title: string; sources: number[] }>;
	sources: Array<{ id: number; title: string }>;
}

/** The edit that keeps a draft as it is. */
export const keepOutline = (draft: OutlineDraft): OutlineEdit => ({
	items: draft.items.map((item, index) => ({ title: item.title, from: index + 1 })),
	excludeSources: [],
});

export const outlineCommandsHelp =
	"drop N · move N M · rename N <title> · add <title> · exclude S · include S · done";

/**
 * Applies one line of commands (`;` between several) to an edit; numbers are positions in
 * the edit as it stands, sources are source ids. `done` and an empty line change nothing.
 * @throws ConfigError naming the command that cannot be applied.
 */
export function applyOutlineCommands(
	edit: OutlineEdit,
	line: string,
	draft: OutlineDraft,
): OutlineEdit {
	let items = [...edit.items];
	let excluded = [...edit.excludeSources];
	const position = (text: string | undefined, command: string) => {
		const number = Number(text);
		if (!Number.isInteger(number) || number < 1 || number > items.length)
			throw new ConfigError(`'${command}': give a number from 1 to ${items.length}.`);
		return number - 1;
	};
	for (const command of line
		.split(";")
		.map((part) => part.trim())
		.filter(Boolean)) {
		const [verb = "", first, ...rest] = command.split(/\s+/);
		switch (verb.toLowerCase()) {
			case "done":
				break;
			case "drop":
				items.splice(position(first, command), 1);
				break;
			case "move": {
				const from = position(first, command);
				const to = position(rest[0], command);
				const [item] = items.splice(from, 1);
				if (item) items.splice(to, 0, item);
				break;
			}
			case "rename": {
				const at = position(first, command);
				const title = rest.join(" ").trim();
				if (!title) throw new ConfigError(`'${command}': say the new title after the number.`);
				items = items.map((item, index) => (index === at ? { ...item, title } : item));
				break;
			}
			case "add": {
				const title = [first, ...rest].join(" ").trim();
				if (!title) throw new ConfigError(`'${command}': say the title of the new item.`);
				items.push({ title });
				break;
			}
			case "exclude":
			case "include": {
				const id = Number(first);
				if (!draft.sources.some((source) => source.id === id))
					throw new ConfigError(`'${command}': there is no source ${first}.`);
				excluded =
					verb.toLowerCase() === "exclude"
						? [...new Set([...excluded, id])]
						: excluded.filter((x) => x !== id);
				break;
			}
			default:
				throw new ConfigError(`Unknown command '${command}'. Commands: ${outlineCommandsHelp}.`);
		}
	}
	return { items, excludeSources: excluded.toSorted((a, b) => a - b) };
}

/** An edit as a person reads it: the items in order with their sources, and what is left out. */
export function describeOutlineEdit(edit: OutlineEdit, draft: OutlineDraft): string {
	const title = (id: number) => draft.sources.find((source) => source.id === id)?.title ?? "";
	const lines = edit.items.map((item, index) => {
		const sources = item.from
			? (draft.items[item.from - 1]?.sources ?? []).filter(
					(id) => !edit.excludeSources.includes(id),
				)
			: [];
		const origin = item.from ? "" : " (new)";
		const cited = sources.length
			? sources.map((id) => `[${id}] ${title(id)}`).join("; ")
			: "no sources";
		return `  ${index + 1}. ${item.title}${origin} — ${cited}`;
	});
	if (edit.excludeSources.length)
		lines.push(`  left out: ${edit.excludeSources.map((id) => `[${id}] ${title(id)}`).join("; ")}`);
	return lines.join("\n");
}
