// The owner process of an embedded journal (see db/owner-process.ts), started detached by the first command that
// needs one: `node dist/owner-main.js <data dir> <idle seconds>`. It says on stdout, once, whether it listens; the
// command that started it then closes that pipe. No secret is passed: the journal is the user's own directory.
import { runOwner } from "./db/owner-process.js";
import { currentBuild, ownerPlace } from "./db/owner-socket.js";

async function runOwnerProcess(argv: readonly string[]): Promise<void> {
  const [dataDir, idle] = argv;
  const idleSeconds = Number(idle);
  process.stdout.on("error", () => {});
  const report = (status: string) => {
    try {
      process.stdout.write(`${status}\n`);
    } catch {}
  };
  if (!dataDir || !Number.isFinite(idleSeconds) || idleSeconds <= 0) {
    report("failed: usage: owner-main.js <data dir> <idle seconds>");
    process.exit(2);
  }
  await runOwner({ dataDir, place: ownerPlace(dataDir, process.env), build: currentBuild(), idleSeconds, report });
  process.exit(0);
}

void runOwnerProcess(process.argv.slice(2));
