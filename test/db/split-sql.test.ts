import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "../../src/db/split-sql.js";

describe("splitSqlStatements", () => {
  it("splits on semicolons and reports each statement's first line", () => {
    expect(splitSqlStatements("-- header\nCREATE TABLE a (id int);\n\nCREATE TABLE b (id int);\n")).toEqual([
      { text: "CREATE TABLE a (id int)", line: 2 },
      { text: "CREATE TABLE b (id int)", line: 4 },
    ]);
  });

  it("keeps semicolons inside strings, identifiers, comments and dollar-quoted bodies", () => {
    const source = [
      "INSERT INTO t VALUES ('a;b', 'it''s;');",
      'CREATE TABLE "odd;name" (id int); /* ; */',
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$;",
      "SELECT E'\\';' AS x; -- trailing ; comment",
      "SELECT $$;$$",
    ].join("\n");
    expect(splitSqlStatements(source).map((s) => s.text)).toEqual(
      [
        "INSERT INTO t VALUES ('a;b', 'it''s;')",
        'CREATE TABLE "odd;name" (id int)',
        "/* ; */\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$",
        "SELECT E'\\';' AS x",
        "-- trailing ; comment\nSELECT $$;$$",
      ].map((t) => t.replace(/^(\/\*[\s\S]*?\*\/|--[^\n]*)\n/, "")),
    );
  });

  it("ignores a file of comments only", () => {
    expect(splitSqlStatements("-- nothing\n/* here */\n")).toEqual([]);
  });
});
