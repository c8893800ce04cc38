// Render a batch of TeX strings with KaTeX. Reads [{tex, display}] as JSON on stdin and
// writes [{html} | {error}] as JSON on stdout, one entry per input, in order.
"use strict";
const katex = require(process.argv[2]);

const ALLOWED = new Set(["unicodeTextInMathMode", "unknownSymbol", "htmlExtension"]);

const options = (display) => ({
  displayMode: display,
  throwOnError: true,
  output: "htmlAndMathml",
  // \htmlData carries a bound number's exact value to the page; nothing else is trusted.
  trust: (context) => context.command === "\\htmlData",
  // Chinese punctuation inside formulas is intended, and \htmlData is ours (trusted above);
  // every other strictness issue is an error.
  strict: (code) => (ALLOWED.has(code) ? "ignore" : "error"),
});

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ tex, display }) => {
    try {
      return { html: katex.renderToString(tex, options(display)) };
    } catch (error) {
      return { error: String(error.message || error) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
