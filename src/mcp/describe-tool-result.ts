/** The parts of an MCP tool result crewkit reads (a structural subset of the SDK's type). */
export interface McpToolResult {
	content?: Array<
		| { type: "text"; text: string }
		| { type: "image" | "audio"; mimeType: string; data: string }
		| { type: "resource"; resource: { uri: string; text?: string; mimeType?: string } }
		| { type: "resource_link"; uri: string; name?: string }
	>;
	structuredContent?: unknown;
	isError?: boolean;
}

/**
 * An MCP tool result as text for the model: text parts as they are, other parts named by
 * what they are (a model that reads text cannot use image bytes), structured content as
 * JSON when there is nothing else.
 */
export function describeToolResult(result: McpToolResult): string {
	const parts = (result.content ?? []).map((part) => {
		switch (part.type) {
			case "text":
				return part.text;
			case "image":
			case "audio":
				return `[${part.type} ${part.mimeType}, ${Math.floor((part.data.length * 3) / 4)} bytes]`;
			case "resource":
				return part.resource.text ?? `[resource ${part.resource.uri}]`;
			case "resource_link":
				return `[link ${part.name ? `${part.name} ` : ""}${part.uri}]`;
			default:
				return "";
		}
	});
	const text = parts.filter(Boolean).join("\n");
	if (text || result.structuredContent === undefined) return text;
	return JSON.stringify(result.structuredContent);
}
