import type { ScriptedReply } from "../models/scripted-model.ts";

/** The topic the template's recording and test use. */
export const templateTopic = "the Nimbus launch";

/**
 * The answers a model gives in the template crew's recorded run: the reader searches the
 * notes twice and lists its findings, then the writer writes the briefing. Written to be
 * true to the template's notes, so the recording reads like a real run.
 */
export const templateReplies: ScriptedReply[] = [
	{ toolCalls: [{ toolName: "search_notes", input: { query: "Nimbus launch date" } }] },
	{ toolCalls: [{ toolName: "search_notes", input: { query: "open question risk" } }] },
	[
		"- Nimbus 2.0 launches on 14 April, a week later than first planned, so that the billing migration can finish first (decided on 3 March). [launch-plan.md]",
		"- Existing customers get the new dashboard on 14 April; new sign-ups follow on 21 April. [launch-plan.md]",
		"- Priya (product) owns the launch checklist; marketing copy is due on 7 April. [launch-plan.md]",
		"- The launch includes CSV export, which five of the eight interviewed customers asked for; PDF export comes later. [customer-interviews.md]",
		"- The support team has not been trained on the new dashboard yet; training is planned for the week before the launch. [risks.md]",
		"- Open: does the billing migration need a maintenance window? Ops will answer by 28 March. [risks.md]",
		'- Open: should PDF export be announced at the launch as "coming soon"? [risks.md]',
	].join("\n"),
	[
		"# Briefing: the Nimbus launch",
		"",
		"Nimbus 2.0 launches on 14 April, a week later than first planned, so that the billing migration can finish first [launch-plan.md]. Existing customers get the new dashboard that day and new sign-ups on 21 April [launch-plan.md]. The launch brings CSV export, which most interviewed customers asked for; PDF export comes later [customer-interviews.md]. Priya owns the launch checklist, and marketing copy is due on 7 April [launch-plan.md].",
		"",
		"## Open questions",
		"",
		"- Does the billing migration need a maintenance window? Ops will answer by 28 March [risks.md].",
		'- Should PDF export be announced at the launch as "coming soon"? [risks.md]',
		"- Support is not trained on the new dashboard yet; training is planned for the week before the launch [risks.md].",
	].join("\n"),
];
