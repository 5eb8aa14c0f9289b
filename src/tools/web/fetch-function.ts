/** A `fetch`-compatible function: the global `fetch`, a proxying wrapper, or a test double. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;
