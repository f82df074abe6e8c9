// `npm run bench`: the start-up of a minimal commander program, for scale beside `node -e 0`. What any CLI built on
// commander pays before its own code: an ES module, commander loaded from node_modules as Node loads it (its
// CommonJS files), one program with its version printed by commander itself (`node bench/floor-commander.mjs -V`).
import { Command } from "commander";

new Command("floor").version("0.1.0").parse();
