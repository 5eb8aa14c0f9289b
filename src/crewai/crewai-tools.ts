/**
 * The `crewai_tools` classes crewkit maps to its own tools, by class name. `tools` are the
 * crewkit tools the agent gets; `knowledge` names the constructor arguments holding a file,
 * folder or URL that becomes the agent's knowledge (searched before each task). The README
 * lists this table.
 */
export const crewaiToolMap: Record<string, { tools: string[]; knowledge?: string[] }> = {
	SerperDevTool: { tools: ["web_search"] },
	SerpApiGoogleSearchTool: { tools: ["web_search"] },
	BraveSearchTool: { tools: ["web_search"] },
	TavilySearchTool: { tools: ["web_search"] },
	EXASearchTool: { tools: ["web_search"] },
	LinkupSearchTool: { tools: ["web_search"] },
	ScrapeWebsiteTool: { tools: ["fetch_page"] },
	ScrapeElementFromWebsiteTool: { tools: ["fetch_page"] },
	WebsiteSearchTool: { tools: ["fetch_page"] },
	FirecrawlScrapeWebsiteTool: { tools: ["fetch_page"] },
	JinaScrapeWebsiteTool: { tools: ["fetch_page"] },
	SeleniumScrapingTool: { tools: ["fetch_page"] },
	SpiderTool: { tools: ["fetch_page"] },
	CodeDocsSearchTool: { tools: ["fetch_page"] },
	FileReadTool: { tools: ["read_file"] },
	FileWriterTool: { tools: ["write_file"] },
	DirectoryReadTool: { tools: ["list_files"] },
	DirectorySearchTool: { tools: ["read_file", "list_files"], knowledge: ["directory"] },
	PDFSearchTool: { tools: ["read_file"], knowledge: ["pdf"] },
	DOCXSearchTool: { tools: ["read_file"], knowledge: ["docx"] },
	CSVSearchTool: { tools: ["read_file"], knowledge: ["csv"] },
	JSONSearchTool: { tools: ["read_file"], knowledge: ["json_path"] },
	TXTSearchTool: { tools: ["read_file"], knowledge: ["txt"] },
	MDXSearchTool: { tools: ["read_file"], knowledge: ["mdx"] },
	XMLSearchTool: { tools: ["read_file"], knowledge: ["xml"] },
};
