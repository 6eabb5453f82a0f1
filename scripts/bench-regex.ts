/**
 * The custom-field pattern worst case (issue 10):
 *   npm run bench:regex
 * Times re2js on the patterns the definition check accepts at its limit and on the one the
 * report used, against the longest value the budget lets each be matched with, and shows
 * what the check answers for the rest.
 */
import { RE2JS } from 're2js';
import { MATCH_BUDGET, MAX_PATTERN_INSTRUCTIONS, longestMatchable, patternProblem, patternSize } from '../src/main/engines/custom-fields/value-validator';

function time(pattern: string, length: number): number {
  const re = RE2JS.compile(pattern);
  const value = 'a'.repeat(length);
  re.matcher('warm').find();
  const t0 = performance.now();
  re.matcher(value).find();
  return performance.now() - t0;
}

console.log(`budget: ${MAX_PATTERN_INSTRUCTIONS} instructions per pattern, instructions x characters <= ${MATCH_BUDGET.toLocaleString('en-US')}`);
for (const pattern of ['(.*a){1000}', '(.*a){124}', '(.*a){99}', '(.*a){50}', '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$']) {
  const problem = patternProblem(pattern);
  const size = patternSize(RE2JS.compile(pattern));
  if (problem) {
    console.log(`${pattern}: ${size} instructions, refused when defined`);
    continue;
  }
  const longest = longestMatchable(pattern);
  const checked = Math.min(longest, 100_000);
  console.log(
    `${pattern}: ${size} instructions, values up to ${longest.toLocaleString('en-US')} characters; ${checked.toLocaleString('en-US')} 'a's matched in ${time(pattern, checked).toFixed(1)} ms; longer values refused without matching`,
  );
}
console.log(`before the bound: (.*a){1000} on 100,000 characters took ${((time('(.*a){1000}', 10_000) * 10) / 1000).toFixed(1)} s (extrapolated from 10,000)`);
