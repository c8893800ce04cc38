/* Search result summaries start with the page's text, not with the buttons above it (whose
   ".ipynb .md .pdf" Sphinx's searchtools would otherwise quote first). */
(() => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".bd-header-article, .visually-hidden, .bp-tip").forEach((el) => el.remove());
    return htmlToText(page.documentElement.outerHTML, anchor);
  };
})();
