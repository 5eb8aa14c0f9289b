// Lead scoring with a person in the loop (after CrewAI's lead_score_flow, in crewkit's
// words): every lead is scored at once, a person reviews the top ones — proceed, score
// again with their remark, or stop — and emails are written for the leads kept.
//
//   crewkit run --flow examples/lead-score/flow.ts --model ollama:qwen3
//   (on a terminal the review is asked there; otherwise the run waits: crewkit answer <run> proceed)

import { Agent, Crew, defineFlow, Task } from "crewkit";
import { z } from "zod";

export const leadSchema = z.object({
	name: z.string(),
	role: z.string(),
	company: z.string(),
	notes: z.string().default(""),
});
export const scoreSchema = z.object({ score: z.number().min(0).max(100), reason: z.string() });

export const sampleLeads: z.infer<typeof leadSchema>[] = [
	{ name: "Ada Byrne", role: "CTO", company: "Harbor Analytics", notes: "asked for a demo twice" },
	{ name: "Luis Ortega", role: "Intern", company: "Big Retail", notes: "downloaded a white paper" },
	{ name: "Mei Tan", role: "Head of Data", company: "Tidewater Energy", notes: "budget approved" },
	{ name: "Sam Okafor", role: "Engineer", company: "Quayside Labs", notes: "joined a webinar" },
];

const scorer = new Agent({
	name: "scorer",
	role: "Sales qualifier",
	goal: "Score how likely a lead is to buy, 0 to 100",
	backstory: "You weigh seniority, intent and budget, and you explain your score in a sentence.",
});
const emailer = new Agent({
	name: "emailer",
	role: "Account executive",
	goal: "Write short, personal first emails",
	backstory: "You write like a person, not a brochure.",
});

const scoreCrew = new Crew({
	name: "score-lead",
	agents: [scorer],
	tasks: [
		new Task({
			name: "score_lead",
			description:
				"Score the lead {name}, {role} at {company} ({notes}). The reviewer's remarks, if any: {remarks}",
			expectedOutput: "A score from 0 to 100 and the reason",
			agent: scorer,
			outputSchema: scoreSchema,
		}),
	],
});
const emailCrew = new Crew({
	name: "write-email",
	agents: [emailer],
	tasks: [
		new Task({
			name: "write_email",
			description: "Write a first email to {name}, {role} at {company}. Why they fit: {reason}",
			expectedOutput: "The email, at most 120 words",
			agent: emailer,
		}),
	],
});

const scored = leadSchema.extend(scoreSchema.shape);

export default defineFlow({
	name: "lead-score",
	state: z.object({
		leads: z.array(leadSchema).default(sampleLeads),
		keep: z.number().int().min(1).default(2),
		remarks: z.array(z.string()).default([]),
		scores: z.array(scored).default([]),
		emails: z.array(z.object({ name: z.string(), email: z.string() })).default([]),
	}),
	steps: {
		score_leads: {
			start: true,
			after: "rescore",
			description: "Every lead is scored at once",
			run: async ({ state, kickoff }) => {
				const remarks = state.remarks.join("; ") || "none";
				const scores = await Promise.all(
					state.leads.map(async (lead) => {
						const result = await kickoff(scoreCrew, { inputs: { ...lead, remarks } });
						return { ...lead, ...scoreSchema.parse(result.tasks[0]?.value) };
					}),
				);
				state.scores = scores.toSorted((a, b) => b.score - a.score);
				return state.scores.map((lead) => `${lead.name}: ${lead.score}`);
			},
		},
		review: {
			after: "score_leads",
			routes: ["approved", "rescore", "stopped"],
			description: "A person reviews the top leads",
			run: async ({ state, askHuman }) => {
				const top = state.scores
					.slice(0, state.keep)
					.map((lead) => `${lead.name} (${lead.score}: ${lead.reason})`)
					.join("; ");
				const decision = await askHuman({
					type: "choose",
					prompt: `Top leads: ${top}. Proceed to emails, score again with a remark, or stop?`,
					choices: ["proceed", "rescore", "stop"],
				});
				if (decision === "proceed") return "approved";
				if (decision === "stop") return "stopped";
				state.remarks.push(
					await askHuman({ type: "text", prompt: "What should the scorer weigh differently?" }),
				);
				return "rescore";
			},
		},
		write_emails: {
			after: "approved",
			description: "An email for each lead kept, written at once",
			run: async ({ state, kickoff }) => {
				state.emails = await Promise.all(
					state.scores.slice(0, state.keep).map(async (lead) => ({
						name: lead.name,
						email: (await kickoff(emailCrew, { inputs: { ...lead } })).raw.trim(),
					})),
				);
				return state.emails.map((email) => `To ${email.name}:\n${email.email}`).join("\n\n");
			},
		},
		stop: { after: "stopped", run: () => "Stopped by the reviewer; no emails written." },
	},
});
