// The claim on an embedded data directory itself, on Linux's abstract socket and on the socket file that macOS and
// other Unixes use (exercised here on Linux by naming the platform): waiting, naming the holder, and a holder
// killed with kill -9 leaving nothing that blocks.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { claimDataDir, type OwnerClaim, type OwnerIdentity, ownerAddress } from "../../src/db/owner.js";

const importer: OwnerIdentity = { pid: 4242, command: "import csv" };

for (const platform of ["linux", "darwin"] as const) {
  describe(`claiming a data directory [${platform} socket]`, () => {
    const claim = (dir: string, waitSeconds: number, onWait?: (holder: OwnerIdentity | undefined) => void) =>
      claimDataDir(dir, {
        identity: { pid: process.pid, command: "trade list" },
        waitSeconds,
        platform,
        ...(onWait ? { onWait } : {}),
      });

    it("refuses a second claim naming the holder, and hands over when the holder releases", async () => {
      const dir = join(mkdtempSync(join(inject("scratchDir"), "claim-")), "pglite");
      const first = await claimDataDir(dir, { identity: importer, waitSeconds: 0, platform });
      await expect(claim(dir, 0)).rejects.toMatchObject({
        exitCode: 5,
        message: `the journal at ${dir} is in use by tradesense import csv (pid 4242)`,
      });
      let heard: OwnerIdentity | undefined;
      let told!: () => void;
      const waiting = new Promise<void>((resolve) => {
        told = resolve;
      });
      const second = claim(dir, 60, (holder) => {
        heard = holder;
        told();
      });
      await waiting;
      expect(heard).toEqual(importer);
      await first.release();
      const got = await second;
      await got.release();
    });

    it("lets exactly one of two waiters in at a time", async () => {
      const dir = join(mkdtempSync(join(inject("scratchDir"), "claim-")), "pglite");
      const first = await claimDataDir(dir, { identity: importer, waitSeconds: 0, platform });
      const holders: OwnerClaim[] = [];
      const waiters = [claim(dir, 60), claim(dir, 60)].map((p) =>
        p.then((got) => {
          holders.push(got);
          return got;
        }),
      );
      await first.release();
      const winner = await Promise.race(waiters);
      // The other one is still waiting: it cannot be in while the winner holds the claim.
      await expect(claim(dir, 0)).rejects.toThrow(/is in use by tradesense trade list/);
      expect(holders).toHaveLength(1);
      await winner.release();
      const [a, b] = await Promise.all(waiters);
      expect(holders).toHaveLength(2);
      await (a === winner ? b : a)?.release();
    });

    it("is free at once after its holder process is killed with kill -9", async () => {
      const dir = join(mkdtempSync(join(inject("scratchDir"), "claim-")), "pglite");
      const script = `
        import { claimDataDir } from ${JSON.stringify(join(import.meta.dirname, "../../src/db/owner.ts"))};
        await claimDataDir(${JSON.stringify(dir)}, { identity: { pid: process.pid, command: "import csv" }, waitSeconds: 0, platform: ${JSON.stringify(platform)} });
        process.stdout.write("held\\n");
        setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk) => String(chunk).includes("held") && resolve());
        child.on("close", (code) => reject(new Error(`holder ended (${code}) before claiming`)));
      });
      await expect(claim(dir, 0)).rejects.toThrow(`(pid ${child.pid})`);
      child.kill("SIGKILL");
      await new Promise((resolve) => child.on("close", resolve));
      // The socket file outlives its process; the claim must see through it.
      if (platform === "darwin") expect(existsSync(ownerAddress(dir, platform))).toBe(true);
      const got = await claim(dir, 0);
      await got.release();
    });
  });
}
