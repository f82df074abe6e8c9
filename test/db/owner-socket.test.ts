// Where the owner process listens and how its clients name themselves (db/owner-socket.ts): no database, no process.
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { decodeClientName, encodeClientName, notPrivate, ownerPlace } from "../../src/db/owner-socket.js";

describe("the owner's socket place", () => {
  it("is under XDG_RUNTIME_DIR in a per-user directory, one per data directory, the same through a symlink", () => {
    const base = mkdtempSync(join(inject("scratchDir"), "place-"));
    const data = join(base, "journal");
    mkdirSync(data);
    symlinkSync(data, join(base, "link"));
    const place = ownerPlace(data, { XDG_RUNTIME_DIR: "/run/user/1000" });
    expect(place.userDir).toBe(`/run/user/1000/tradesense-${process.getuid?.()}`);
    expect(place.socket).toBe(join(place.dir, ".s.PGSQL.5432"));
    expect(ownerPlace(join(base, "link"), { XDG_RUNTIME_DIR: "/run/user/1000" })).toEqual(place);
    expect(ownerPlace(join(base, "other"), { XDG_RUNTIME_DIR: "/run/user/1000" }).dir).not.toBe(place.dir);
  });

  it("is private only as a real 0700 directory of this user", () => {
    const base = mkdtempSync(join(inject("scratchDir"), "private-"));
    const dir = join(base, "dir");
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700);
    expect(notPrivate(dir)).toBeUndefined();
    chmodSync(dir, 0o750);
    expect(notPrivate(dir)).toBe(`${dir} may be opened by other users (mode 750)`);
    symlinkSync(dir, join(base, "link"));
    expect(notPrivate(join(base, "link"))).toBe(`${join(base, "link")} is not a directory`);
    expect(notPrivate(join(base, "none"))).toBe("missing");
  });
});

describe("a client's name", () => {
  it.each([
    [{ build: "0.1.0-1", pid: 42, command: "import csv" }, "tradesense/0.1.0-1/42/import csv"],
    [{ build: "b", pid: 7, command: "backup create", stop: true }, "tradesense-stop/b/7/backup create"],
  ])("round-trips %o", (name, text) => {
    expect(encodeClientName(name)).toBe(text);
    expect(decodeClientName(text)).toEqual({ stop: false, ...name });
  });

  it.each([undefined, "psql", "tradesense/x/notapid/trade list"])("refuses %s", (text) => {
    expect(decodeClientName(text)).toBeUndefined();
  });
});
