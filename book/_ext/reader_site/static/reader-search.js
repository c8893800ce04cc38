/* Search result summaries start with the page's text, not with the buttons, the language link
   and the contents above it (whose ".ipynb .md .pdf" and "目录" Sphinx's searchtools would otherwise quote first).
   Loaded before searchtools.js; Search exists by DOMContentLoaded, before it searches. */
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const htmlToText = Search.htmlToText;
  const chrome =
    ".bd-header-article, .onlyprint, .bd-sidebar-secondary, .visually-hidden, .bp-tip, .bp-edition";
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(chrome).forEach((el) => el.remove());
    return htmlToText(page.documentElement.outerHTML, anchor);
  };
});
