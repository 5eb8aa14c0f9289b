import type { ClientRequest } from "node:http";
import type { Socket } from "node:net";
import { type AddressGuardOptions, assertPublicLiteral } from "./address-guard.ts";

/**
 * The second SSRF layer: when the request's socket connects, the address it actually
 * reached is checked again, and the request is destroyed with a `PrivateAddressError` if
 * that address is not public — whatever route led there (the lookup check is the first
 * layer). Needs a fresh socket per request (`agent: false`): a pooled one never connects.
 */
export function guardConnectedSocket(
	request: ClientRequest,
	hostname: string,
	options: Pick<AddressGuardOptions, "allowPrivate">,
): void {
	request.on("socket", (socket: Socket) => {
		socket.once("connect", () => {
			if (options.allowPrivate || !socket.remoteAddress) return;
			try {
				assertPublicLiteral(hostname, socket.remoteAddress);
			} catch (error) {
				request.destroy(error as Error);
			}
		});
	});
}
