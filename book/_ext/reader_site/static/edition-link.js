/* The link to the other edition lands on the section being read (reader_site/edition.py):
   the id of the section at the top of the screen, bp-section-<k>, is the same in both
   editions. A page's scripts run after its first paint (lean_pages), so this is a file and
   not a script inside the header: a script there stopped the parser until every stylesheet
   had arrived. */
for (const link of document.querySelectorAll(".bp-edition a[data-bp-same-section]")) {
  link.addEventListener("click", () => {
    const line = innerHeight * 0.3;  // a section whose title is above this line is being read
    let here = "";
    for (const mark of document.querySelectorAll("[id^='bp-section-']")) {
      if (mark.getBoundingClientRect().top > line) break;
      here = mark.id;
    }
    link.hash = here;
  });
}
