// Write a book (after CrewAI's write_a_book_with_flows, in crewkit's words): an outliner
// plans the chapters, writers draft every chapter at the same time, and the book is put
// together in outline order.
//
//   crewkit run --flow examples/write-a-book/flow.ts --input topic="tides" --input title="The Moon's Pull" --out book.md

import { Agent, Crew, defineFlow, Task } from "crewkit";
import { z } from "zod";

export const outlineSchema = z.object({
	chapters: z
		.array(z.object({ title: z.string().min(1), description: z.string() }))
		.min(1)
		.max(12),
});

const outliner = new Agent({
	name: "outliner",
	role: "Book outliner",
	goal: "Plan a short, well-ordered book on {topic}",
	backstory: "You have planned many popular-science books.",
});
const author = new Agent({
	name: "author",
	role: "Chapter author",
	goal: "Write clear, engaging chapters",
	backstory: "You explain hard ideas with concrete examples.",
});

const outlineCrew = new Crew({
	name: "outline-book",
	agents: [outliner],
	tasks: [
		new Task({
			name: "outline_book",
			description:
				"Plan the chapters of the book '{title}' on {topic} for this goal: {goal}. Give at most {chapters} chapters, each with a title and what it covers.",
			expectedOutput: "The chapters: a title and a description each",
			agent: outliner,
			outputSchema: outlineSchema,
		}),
	],
});

const chapterCrew = new Crew({
	name: "write-chapter",
	agents: [author],
	tasks: [
		new Task({
			name: "write_chapter",
			description:
				"Write the chapter '{chapter}' of the book '{title}' ({topic}). It covers: {covers}. The other chapters: {others}. Do not repeat them.",
			expectedOutput: "The chapter's text in markdown, without its title",
			agent: author,
		}),
	],
});

export default defineFlow({
	name: "write-a-book",
	state: z.object({
		topic: z.string().min(1),
		title: z.string().min(1),
		goal: z.string().default("Explain the topic to curious adults"),
		chapters: z.number().int().min(1).max(12).default(5),
		outline: outlineSchema.shape.chapters.default([]),
		written: z.array(z.object({ title: z.string(), text: z.string() })).default([]),
	}),
	steps: {
		outline: {
			start: true,
			description: "The outliner plans the chapters",
			run: async ({ state, kickoff }) => {
				const { title, topic, goal, chapters } = state;
				const result = await kickoff(outlineCrew, { inputs: { title, topic, goal, chapters } });
				state.outline = outlineSchema.parse(result.tasks[0]?.value).chapters.slice(0, chapters);
				return state.outline.map((chapter) => chapter.title);
			},
		},
		write_chapters: {
			after: "outline",
			description: "Every chapter is written at once, each by its own crew run",
			run: async ({ state, kickoff }) => {
				const titles = state.outline.map((chapter) => chapter.title);
				state.written = await Promise.all(
					state.outline.map(async (chapter) => {
						const inputs = {
							chapter: chapter.title,
							covers: chapter.description,
							title: state.title,
							topic: state.topic,
							others: titles.filter((other) => other !== chapter.title).join("; "),
						};
						return {
							title: chapter.title,
							text: (await kickoff(chapterCrew, { inputs })).raw.trim(),
						};
					}),
				);
				return state.written.length;
			},
		},
		assemble: {
			after: "write_chapters",
			description: "The chapters are joined in outline order",
			run: ({ state }) =>
				`${[
					`# ${state.title}`,
					...state.written.map(
						(chapter, index) => `## ${index + 1}. ${chapter.title}\n\n${chapter.text}`,
					),
				].join("\n\n")}\n`,
		},
	},
});
