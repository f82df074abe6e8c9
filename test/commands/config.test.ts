import { expect, it } from "vitest";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

describeEachBackend("tradesense config", (backend) => {
  const journal = useJournal(backend, "cat", "America/New_York");

  const settings = () => journal.database.db.selectFrom("user_settings").selectAll().executeTakeFirstOrThrow();

  it("lists the settings with the seed's defaults", async () => {
    const result = await journal.cli(["config", "list", "--json"]);
    expect(result.code).toBe(0);
    // { version, settings }: the settings keep their own names as keys (the names `config set` takes).
    expect(JSON.parse(result.stdout)).toEqual({
      version: 1,
      settings: {
        timezone: "America/New_York",
        theme: "light",
        "notifications.email_alerts": true,
        "notifications.weekly_reports": true,
        "display.currency": null,
        "display.page_size": null,
        "display.compact": null,
        "report.scratch": null,
        "report.session": null,
        "report.mail": null,
      },
    });
    const table = await journal.cli(["config", "list"]);
    expect(table.stdout.split("\n").slice(0, 3)).toEqual([
      "Setting\tValue\tAbout",
      "timezone\tAmerica/New_York\tIANA time zone for dates you type and reports (e.g. America/New_York)",
      "theme\tlight\tcolour theme: light, dark, system",
    ]);
  });

  it("sets each kind of value, writes one audit row per change, and dates follow the new time zone", async () => {
    await journal.database.db.deleteFrom("audit_logs").execute();
    expect(await journal.cli(["config", "set", "timezone", "Europe/London"])).toEqual({
      code: 0,
      stdout: "timezone = Europe/London (was America/New_York)\n",
      stderr: "",
    });
    // The value as stored (lower case), beside the one it replaced.
    expect(JSON.parse((await journal.cli(["config", "set", "theme", "DARK", "--json"])).stdout)).toEqual({
      version: 1,
      key: "theme",
      value: "dark",
      previous: "light",
    });
    expect((await journal.cli(["config", "set", "notifications.weekly_reports", "off"])).code).toBe(0);
    expect((await journal.cli(["config", "set", "display.page_size", "50"])).code).toBe(0);
    const row = await settings();
    expect([row.timezone, row.theme, row.notifications, row.display_preferences]).toEqual([
      "Europe/London",
      "dark",
      { email_alerts: true, weekly_reports: false },
      { page_size: 50 },
    ]);
    expect(await journal.cli(["config", "get", "display.page_size"])).toEqual({ code: 0, stdout: "50\n", stderr: "" });
    expect(JSON.parse((await journal.cli(["config", "get", "display.page_size", "--json"])).stdout)).toEqual({
      version: 1,
      key: "display.page_size",
      value: 50,
    });
    const audit = await journal.database.db.selectFrom("audit_logs").selectAll().orderBy("id").execute();
    expect(audit.map((a) => [a.action, a.resource_id, a.request_data, a.response_data])).toEqual([
      ["settings.update", row.id, { key: "timezone", value: "Europe/London" }, { previous: "America/New_York" }],
      ["settings.update", row.id, { key: "theme", value: "dark" }, { previous: "light" }],
      ["settings.update", row.id, { key: "notifications.weekly_reports", value: false }, { previous: true }],
      ["settings.update", row.id, { key: "display.page_size", value: 50 }, { previous: null }],
    ]);

    // A date typed now means London time: 09:00 in London in January is 09:00 UTC.
    const add = await journal.cli([
      ..."trade add --symbol X --side long --qty 1 --price 1 --json --date".split(" "),
      "2024-01-10 09:00",
    ]);
    expect(JSON.parse(add.stdout).entryDate).toBe("2024-01-10T09:00:00.000Z");
  });

  it.each([
    [
      ["timezone", "Mars/Olympus"],
      "error: unknown time zone 'Mars/Olympus' for timezone: use an IANA name such as Europe/London\n",
    ],
    [["theme", "neon"], "error: theme must be one of light, dark, system, not 'neon'\n"],
    [
      ["notifications.email_alerts", "maybe"],
      "error: notifications.email_alerts must be true or false (also on/off, yes/no), not 'maybe'\n",
    ],
    [["display.page_size", "0"], "error: display.page_size must be a whole number from 1 to 1000, not '0'\n"],
    [
      ["colour", "red"],
      "error: unknown setting 'colour': one of timezone, theme, notifications.email_alerts, notifications.weekly_reports, display.currency, display.page_size, display.compact, report.scratch, report.session, report.mail\n",
    ],
  ])("refuses %j with one line, changing nothing and auditing nothing", async (args, message) => {
    const before = await settings();
    const audits = await journal.database.db.selectFrom("audit_logs").select("id").execute();
    expect(await journal.cli(["config", "set", ...args])).toEqual({ code: 2, stdout: "", stderr: message });
    expect(await settings()).toEqual(before);
    expect(await journal.database.db.selectFrom("audit_logs").select("id").execute()).toEqual(audits);
  });
});
