/**
 * Counts tokens with one tokenizer for every framework: gpt-tokenizer's o200k_base
 * (the encoding of GPT-4o and later OpenAI models). Installed with the peers.
 */
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";

export const tokenizerName = "gpt-tokenizer o200k_base";

export function countTokens(text: string): number {
	return countO200k(text);
}
