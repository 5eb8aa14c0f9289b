// A self-evaluation loop (after CrewAI's self_evaluation_loop_flow, in crewkit's words): a
// writer drafts a short post, an editor judges it against rules and says why, and the
// writer tries again with that feedback — at most three times.
//
//   crewkit run --flow examples/self-evaluation/flow.ts --input topic="tidal power" --model ollama:qwen3

import { Agent, Crew, defineFlow, Task } from "crewkit";
import { z } from "zod";

const writer = new Agent({
	name: "writer",
	role: "Writer of short posts",
	goal: "Write one vivid post of at most 280 characters about {topic}",
	backstory: "You write tight, concrete prose and never use hashtags or emoji.",
});
const editor = new Agent({
	name: "editor",
	role: "Editor",
	goal: "Check that posts follow the house rules",
	backstory: "You are strict but fair, and you say exactly what to change.",
});

const writeCrew = new Crew({
	name: "write-post",
	agents: [writer],
	tasks: [
		new Task({
			name: "write_post",
			description:
				"Write a post about {topic}. Feedback on your last attempt (act on it if any): {feedback}",
			expectedOutput: "The post only, at most 280 characters",
			agent: writer,
		}),
	],
});

export const verdictSchema = z.object({ valid: z.boolean(), feedback: z.string() });

const reviewCrew = new Crew({
	name: "review-post",
	agents: [editor],
	tasks: [
		new Task({
			name: "review_post",
			description:
				"Check this post: {post}\nRules: at most 280 characters, no hashtags, no emoji, one concrete fact. Say whether it is valid and, if not, what to change.",
			expectedOutput: "A verdict: valid, and feedback",
			agent: editor,
			outputSchema: verdictSchema,
		}),
	],
});

export const maxAttempts = 3;

export default defineFlow({
	name: "self-evaluation",
	state: z.object({
		topic: z.string().min(1),
		post: z.string().default(""),
		feedback: z.string().default(""),
		attempts: z.number().int().default(0),
	}),
	steps: {
		generate: {
			start: true,
			after: "retry",
			description: "The writer drafts the post, using the editor's feedback",
			run: async ({ state, kickoff }) => {
				const inputs = { topic: state.topic, feedback: state.feedback || "none yet" };
				state.post = (await kickoff(writeCrew, { inputs })).raw.trim();
				state.attempts += 1;
				return state.post;
			},
		},
		evaluate: {
			after: "generate",
			routes: ["accepted", "retry", "exhausted"],
			description: "The editor judges the post against the rules",
			run: async ({ state, kickoff }) => {
				const review = await kickoff(reviewCrew, { inputs: { post: state.post } });
				const verdict = verdictSchema.parse(review.tasks[0]?.value);
				state.feedback = verdict.feedback;
				if (verdict.valid && state.post.length <= 280) return "accepted";
				return state.attempts >= maxAttempts ? "exhausted" : "retry";
			},
		},
		publish: {
			after: "accepted",
			description: "The accepted post is the flow's result",
			run: ({ state }) => state.post,
		},
		give_up: {
			after: "exhausted",
			run: ({ state }) =>
				`No acceptable post after ${state.attempts} attempts. Last feedback: ${state.feedback}`,
		},
	},
});
