// Kept apart from io/prompter.ts, which every run loads: this one needs the date rules (luxon), which --version must not.
import { AmbiguousTimeError } from "../../domain/dates.js";
import { checkedBy, type Prompter } from "../../io/prompter.js";

/**
 * Asks for a local time, checked as typed. A time the clocks went back over (it happened twice) is not refused in a
 * terminal: the user picks which of the two it was, and the answer carries that offset.
 */
export async function askTime(
  ctx: { prompter: Prompter },
  question: { message: string; flag: string; default?: string },
  parse: (text: string) => unknown,
): Promise<string> {
  const validate = checkedBy((text) => {
    try {
      parse(text);
    } catch (error) {
      if (!(error instanceof AmbiguousTimeError)) throw error;
    }
  });
  const answer = await ctx.prompter.input({ ...question, validate });
  try {
    parse(answer);
    return answer;
  } catch (error) {
    if (!(error instanceof AmbiguousTimeError)) throw error;
    return ctx.prompter.select({
      message: `${answer.trim()} happened twice (the clocks went back): which one?`,
      flag: question.flag,
      choices: error.choices.map((c) => ({ name: c.label, value: c.text })),
    });
  }
}
