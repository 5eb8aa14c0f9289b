/**
 * Labelled examples for the support measure: a report sentence, a passage it cites, and
 * whether the passage supports it. Written by hand to cover what a research report gets
 * wrong (changed figures, swapped names, flipped negations or directions, claims the passage
 * does not make) and what it does right in other words (paraphrase, reordering,
 * inflection, a claim drawn from two sentences of the passage).
 */

/** What an example tests. */
export type SupportExampleKind =
	| "close"
	| "paraphrase"
	| "combined"
	| "changed-number"
	| "changed-name"
	| "negation"
	| "direction"
	| "partial"
	| "unrelated";

/** One labelled example. */
export interface SupportExample {
	kind: SupportExampleKind;
	sentence: string;
	passage: string;
	supported: boolean;
}

const energy =
	"Training the model consumed about 1,300 MWh of electricity, according to the 2021 study by Patterson and colleagues. The authors note that the choice of data centre changed the carbon footprint by a factor of ten. Inference now accounts for the majority of the energy used over a model's lifetime.";
const lora =
	"LoRA freezes the pretrained weights and injects trainable low-rank matrices into each Transformer layer. Compared with full fine-tuning of GPT-3 175B, it reduces the number of trainable parameters by 10,000 times and the GPU memory requirement by 3 times. It adds no inference latency.";
const euAct =
	"The European Parliament adopted the AI Act in March 2024. The regulation classifies AI systems by risk and bans practices such as social scoring. Providers of general-purpose models must publish a summary of the content used for training. Most obligations apply two years after the act enters into force.";
const mixture =
	"Mixtral 8x7B is a sparse mixture-of-experts model released by Mistral AI in December 2023. For every token, a router selects two of the eight experts in each layer, so only 13B of the 47B parameters are active. It outperforms Llama 2 70B on most benchmarks while being six times faster at inference.";
const heat =
	"The city's heat action plan opened 40 cooling centres during the July heatwave. Hospital admissions for heat stroke fell by 25 percent compared with the previous summer. Officials attributed the decline to early warnings sent by text message.";
const coffee =
	"Global coffee production reached 170 million bags in the 2022/23 season. Brazil remained the largest producer, followed by Vietnam and Colombia. Prices rose sharply after frost damaged Brazilian plantations in 2021.";
const sqlite =
	"SQLite is a self-contained, serverless database engine. It reads and writes directly to ordinary disk files, and a complete database is stored in a single cross-platform file. SQLite does not require a separate server process.";
const rag =
	"Retrieval-augmented generation combines a parametric language model with a non-parametric memory, a dense vector index of Wikipedia. Lewis et al. showed that RAG models generate more specific and factual language than a parametric-only baseline. The retriever and generator are fine-tuned jointly.";

/** The labelled examples: 40, of which 16 supported. */
export const supportExamples: readonly SupportExample[] = [
	// Supported: close to the passage's wording.
	{
		kind: "close",
		sentence: "Training the model consumed about 1,300 MWh of electricity [1].",
		passage: energy,
		supported: true,
	},
	{
		kind: "close",
		sentence:
			"LoRA reduces the number of trainable parameters by 10,000 times compared with full fine-tuning of GPT-3 175B [2].",
		passage: lora,
		supported: true,
	},
	{
		kind: "close",
		sentence: "The European Parliament adopted the AI Act in March 2024 [3].",
		passage: euAct,
		supported: true,
	},
	{
		kind: "close",
		sentence: "SQLite reads and writes directly to ordinary disk files [4].",
		passage: sqlite,
		supported: true,
	},
	// Supported: paraphrase, reordering, inflection.
	{
		kind: "paraphrase",
		sentence:
			"According to Patterson and colleagues, where the data centre is located can change the carbon footprint tenfold [1].",
		passage: energy,
		supported: true,
	},
	{
		kind: "paraphrase",
		sentence:
			"Instead of updating the pretrained weights, LoRA keeps them frozen and trains low-rank matrices injected into every layer [2].",
		passage: lora,
		supported: true,
	},
	{
		kind: "paraphrase",
		sentence: "Social scoring is among the practices the AI Act bans [3].",
		passage: euAct,
		supported: true,
	},
	{
		kind: "paraphrase",
		sentence: "In Mixtral 8x7B only 13B of the 47B parameters are active for any token [5].",
		passage: mixture,
		supported: true,
	},
	{
		kind: "paraphrase",
		sentence:
			"Admissions to hospital for heat stroke were 25% lower than in the summer before [6].",
		passage: heat,
		supported: true,
	},
	{
		kind: "paraphrase",
		sentence: "Brazil is still the biggest coffee producer, ahead of Vietnam and Colombia [7].",
		passage: coffee,
		supported: true,
	},
	{
		kind: "paraphrase",
		sentence: "Lewis et al. found that RAG models produce more factual and specific language [8].",
		passage: rag,
		supported: true,
	},
	{
		kind: "paraphrase",
		sentence: "A whole SQLite database is kept in one file that works across platforms [4].",
		passage: sqlite,
		supported: true,
	},
	{
		kind: "paraphrase",
		sentence: "Adding LoRA does not add any latency at inference time [2].",
		passage: lora,
		supported: true,
	},
	// Supported: drawn from two adjacent sentences.
	{
		kind: "combined",
		sentence:
			"Mixtral 8x7B, released by Mistral AI in December 2023, outperforms Llama 2 70B on most benchmarks [5].",
		passage: mixture,
		supported: true,
	},
	{
		kind: "combined",
		sentence:
			"The heat action plan opened 40 cooling centres, and hospital admissions for heat stroke fell by 25 percent [6].",
		passage: heat,
		supported: true,
	},
	{
		kind: "combined",
		sentence:
			"Retrieval-augmented generation pairs a language model with a dense vector index of Wikipedia, and the retriever and generator are fine-tuned jointly [8].",
		passage: rag,
		supported: true,
	},
	// Unsupported: a figure changed.
	{
		kind: "changed-number",
		sentence: "Training the model consumed about 3,100 MWh of electricity [1].",
		passage: energy,
		supported: false,
	},
	{
		kind: "changed-number",
		sentence:
			"LoRA reduces the GPU memory requirement by 5 times compared with full fine-tuning [2].",
		passage: lora,
		supported: false,
	},
	{
		kind: "changed-number",
		sentence: "The European Parliament adopted the AI Act in March 2023 [3].",
		passage: euAct,
		supported: false,
	},
	{
		kind: "changed-number",
		sentence: "For every token, a router selects three of the eight experts in each layer [5].",
		passage: mixture,
		supported: false,
	},
	{
		kind: "changed-number",
		sentence: "Global coffee production reached 190 million bags in the 2022/23 season [7].",
		passage: coffee,
		supported: false,
	},
	{
		kind: "changed-number",
		sentence: "The city opened 14 cooling centres during the July heatwave [6].",
		passage: heat,
		supported: false,
	},
	// Unsupported: a name changed.
	{
		kind: "changed-name",
		sentence: "Mixtral 8x7B outperforms GPT-4 on most benchmarks [5].",
		passage: mixture,
		supported: false,
	},
	{
		kind: "changed-name",
		sentence: "Brazil remained the largest producer, followed by Ethiopia and Colombia [7].",
		passage: coffee,
		supported: false,
	},
	{
		kind: "changed-name",
		sentence: "The US Congress adopted the AI Act in March 2024 [3].",
		passage: euAct,
		supported: false,
	},
	{
		kind: "changed-name",
		sentence:
			"Mixtral 8x7B is a sparse mixture-of-experts model released by Google in December 2023 [5].",
		passage: mixture,
		supported: false,
	},
	// Unsupported: negation flipped.
	{
		kind: "negation",
		sentence: "SQLite requires a separate server process [4].",
		passage: sqlite,
		supported: false,
	},
	{
		kind: "negation",
		sentence:
			"Providers of general-purpose models do not have to publish a summary of their training content [3].",
		passage: euAct,
		supported: false,
	},
	{
		kind: "negation",
		sentence: "The retriever and generator are never fine-tuned jointly [8].",
		passage: rag,
		supported: false,
	},
	// Unsupported: direction flipped.
	{
		kind: "direction",
		sentence:
			"Hospital admissions for heat stroke rose by 25 percent compared with the previous summer [6].",
		passage: heat,
		supported: false,
	},
	{
		kind: "direction",
		sentence: "Coffee prices fell sharply after frost damaged Brazilian plantations in 2021 [7].",
		passage: coffee,
		supported: false,
	},
	// Unsupported: the sentence claims more than the passage says.
	{
		kind: "partial",
		sentence:
			"LoRA matches full fine-tuning quality on every benchmark while cutting training cost for enterprises by an order of magnitude [2].",
		passage: lora,
		supported: false,
	},
	{
		kind: "partial",
		sentence:
			"The AI Act created a new European agency that audits every chatbot before release [3].",
		passage: euAct,
		supported: false,
	},
	{
		kind: "partial",
		sentence:
			"Inference energy is expected to fall as specialised chips become common in phones and laptops [1].",
		passage: energy,
		supported: false,
	},
	{
		kind: "partial",
		sentence:
			"Officials credited the drop in admissions to free air conditioners distributed to elderly residents [6].",
		passage: heat,
		supported: false,
	},
	// Unsupported: unrelated to the passage.
	{
		kind: "unrelated",
		sentence: "Quantum error correction remains the main obstacle to useful quantum computers [1].",
		passage: energy,
		supported: false,
	},
	{
		kind: "unrelated",
		sentence: "Open-source models now dominate downloads on Hugging Face [4].",
		passage: sqlite,
		supported: false,
	},
	{
		kind: "unrelated",
		sentence: "Edge devices increasingly run small language models locally for privacy [7].",
		passage: coffee,
		supported: false,
	},
	{
		kind: "unrelated",
		sentence: "Multimodal assistants can describe images and answer spoken questions [8].",
		passage: rag,
		supported: false,
	},
	{
		kind: "unrelated",
		sentence: "The city council approved a new cycling network for the downtown area [6].",
		passage: heat,
		supported: false,
	},
];
