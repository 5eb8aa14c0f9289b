/**
 * A process downloading one model file, for tests of the cross-process lock:
 * `node download-child.ts <url> <destination> <sha256>`. Says "downloaded" on stdout once
 * the verified file is in place ("receiving" once its first bytes are on disk); the wait
 * message, if any, goes to stderr.
 */
import { downloadModelFile } from "../../src/models/embedded/download-model-file.ts";

const [url = "", destination = "", sha256] = process.argv.slice(2);
let receiving = false;
await downloadModelFile(new URL(url), destination, {
	allowPrivateNetwork: true,
	sha256,
	onWait: (message) => process.stderr.write(`${message}\n`),
	onProgress: (downloaded) => {
		if (downloaded === 0 || receiving) return;
		receiving = true;
		process.stdout.write("receiving\n");
	},
});
process.stdout.write("downloaded\n");
