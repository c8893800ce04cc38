/* A search result's summary quotes text the reader sees on that page (issue 20, item 2).
   Sphinx's searchtools takes the summary from the page's HTML (the textContent of its main
   block), which also holds what the reader never sees there: the buttons, the language link
   and the contents above the text (".ipynb .md .pdf", "目录"), each formula's MathML copy
   and TeX source (KaTeX's .katex-mathml: "LLL", "\frac{dE}{dX}", "\htmlData{bp-rule=…}"),
   the description of a formula for screen readers and a number's tip, and the labels of a
   folded code cell ("显示代码 隐藏代码") and a wide figure's hint to scroll it sideways (shown
   on a narrow screen only). Those are removed; so is code, unless the words
   searched for are found only in code. Blocks are kept apart by a space, so that two
   paragraphs' words do not run together.
   Loaded before searchtools.js; Search exists by DOMContentLoaded, before it searches. */
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.makeSearchSummary) return;
  const makeSearchSummary = Search.makeSearchSummary;
  const unseen = [
    ".bd-header-article", ".onlyprint", ".bd-sidebar-secondary", ".bp-edition",
    ".visually-hidden", ".katex-mathml", ".bp-tip", "details > summary", "button",
    ".prev-next-area", "footer", ".bp-scroll-hint",
  ].join(", ");
  const code = "pre, .cell_input, div.highlight";
  const blocks = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, div, pre, td, th, figcaption";
  const found = (element, keywords) => {
    const text = (element?.textContent ?? "").toLowerCase();
    return [...keywords].some((k) => text.includes(k.toLowerCase()));
  };
  Search.makeSearchSummary = (htmlString, keywords, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(unseen).forEach((el) => el.remove());
    page.querySelectorAll(blocks).forEach((el) => el.append(" "));
    const main = page.querySelector('[role="main"]');
    const prose = main?.cloneNode(true);
    prose?.querySelectorAll(code).forEach((el) => el.remove());
    if (found(prose, keywords) || !found(main, keywords)) {
      page.querySelectorAll(code).forEach((el) => el.remove());
    }
    return makeSearchSummary(page.documentElement.outerHTML, keywords, anchor);
  };
});
