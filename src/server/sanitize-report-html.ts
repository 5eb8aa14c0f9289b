import sanitizeHtml from "sanitize-html";

const safeHref = /^(https?:\/\/|#)/i;

const options: sanitizeHtml.IOptions = {
	allowedTags: [
		"h1",
		"h2",
		"h3",
		"h4",
		"h5",
		"h6",
		"p",
		"br",
		"hr",
		"a",
		"ul",
		"ol",
		"li",
		"blockquote",
		"pre",
		"code",
		"em",
		"strong",
		"del",
		"sup",
		"sub",
		"table",
		"thead",
		"tbody",
		"tr",
		"th",
		"td",
	],
	allowedAttributes: { a: ["href", "title", "class", "rel", "target"], ol: ["start"] },
	allowedClasses: { a: ["citation"] },
	allowedSchemes: ["http", "https"],
	allowedSchemesAppliedToAttributes: ["href"],
	allowProtocolRelative: false,
	disallowedTagsMode: "discard",
	transformTags: {
		a(tagName, attribs) {
			const { href, title, class: className } = attribs;
			const kept: sanitizeHtml.Attributes = {};
			if (title) kept.title = title;
			if (className) kept.class = className;
			if (href && safeHref.test(href.trim())) {
				kept.href = href.trim();
				if (!href.trim().startsWith("#")) {
					kept.rel = "noopener noreferrer nofollow";
					kept.target = "_blank";
				}
			}
			return { tagName, attribs: kept };
		},
	},
};

/**
 * Keeps only safe HTML of a report: text structure, tables and links. Scripts, styles,
 * images, frames, forms, event handler attributes and ids are removed; links keep an
 * `http(s)://` or `#anchor` target only, and external ones open in a new tab without a
 * referrer.
 */
export function sanitizeReportHtml(html: string): string {
	return sanitizeHtml(html, options);
}
