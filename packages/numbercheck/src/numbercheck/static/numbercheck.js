/* The tip of a bound number (issue 20, item 1): one tip for the page, for numbers in prose
   (.bp-number) and in formulas ([data-bp-exact] inside KaTeX) alike.

   The check writes each number's data-bp-key, data-bp-exact and data-bp-rule, and once per
   page what its tips say (#bp-values: each value's symbol and readable digits, the rules'
   words, the sentence); this script only shows them. A tap shows a bar along the bottom of
   the screen (the top, when the tapped line is down there); a mouse hover or keyboard focus
   shows a tip above the number's line, or below it when there is no room. Only one is open:
   another number, a tap elsewhere or Escape closes it. Keyboard focus lands on a whole
   formula (KaTeX's visible HTML is hidden from assistive technology, so nothing inside it
   may take focus); its tip then lists every number of the formula. */
(() => {
  "use strict";
  const source = document.getElementById("bp-values");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const NUMBER = ".bp-number, .bp-bound [data-bp-exact]";
  const FORMULA = ".math.bp-bound";
  const MARGIN = 8; // px between the tip and the screen's edge, or the number's line

  const tip = document.createElement("div");
  tip.id = "bp-tip";
  tip.className = "bp-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.append(tip);

  let owner = null; // the number or formula the open tip is about
  let pinned = false; // opened by a click or tap: stays until closed
  let lastPointer = { type: "", at: -Infinity };

  const escape = (text) =>
    text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

  /* One number's sentence, e.g. "C = 2.197224577…，印作 2.1972，就近舍入". */
  function says(number) {
    const value = data.values[number.dataset.bpKey] || {};
    const parts = {
      symbol: value.symbol || `<code>${escape(number.dataset.bpKey || "")}</code>`,
      // A script that changes the digits shown (an explorable page) sets data-bp-readable.
      exact: escape(number.dataset.bpReadable || value.exact || number.dataset.bpExact || ""),
      printed: escape(number.textContent.trim()),
      rule: escape(data.rules[number.dataset.bpRule] || number.dataset.bpRule || ""),
    };
    return data.says.replace(/\{(symbol|exact|printed|rule)\}/g, (_, name) => parts[name]);
  }

  /* The vertical band of the line a number sits on: the number's box, grown to the
     line height of its block, which the tip must leave uncovered. */
  function lineBand(number) {
    const box = number.getBoundingClientRect();
    const block = number.closest("p, li, td, dd, div.math, .katex-display") || number;
    const lineHeight = parseFloat(getComputedStyle(block).lineHeight) || box.height;
    const grow = Math.max(0, (lineHeight - box.height) / 2);
    return { top: box.top - grow, bottom: box.bottom + grow, left: box.left, right: box.right };
  }

  /* What a tip must leave uncovered: a number's line, or a whole focused formula (unless it
     is taller than half the screen: then the line of its first number). */
  function bandOf(target, numbers) {
    if (target === numbers[0]) return lineBand(target);
    const box = target.getBoundingClientRect();
    if (box.height > window.innerHeight / 2) return lineBand(numbers[0]);
    const inner = numbers.map((n) => n.getBoundingClientRect());
    const left = Math.min(...inner.map((r) => r.left));
    const right = Math.max(...inner.map((r) => r.right));
    return { top: box.top, bottom: box.bottom, left, right };
  }

  function place(bandNow, asBar) {
    tip.classList.toggle("bp-tip-bar", asBar);
    tip.classList.remove("bp-tip-top");
    tip.style.left = tip.style.top = "";
    let band = bandNow();
    if (asBar) {
      const bar = tip.getBoundingClientRect();
      if (band.bottom > bar.top - MARGIN) tip.classList.add("bp-tip-top");
      return;
    }
    const width = document.documentElement.clientWidth;
    const height = window.innerHeight;
    const box = tip.getBoundingClientRect();
    const fitsAbove = () => band.top - MARGIN - box.height >= MARGIN;
    const fitsBelow = () => band.bottom + MARGIN + box.height <= height - MARGIN;
    if (!fitsAbove() && !fitsBelow() && box.height + band.bottom - band.top + 3 * MARGIN <= height) {
      // A tall tip (a formula's many numbers): move the page so that it fits above.
      window.scrollBy(0, band.top - (box.height + 2 * MARGIN));
      band = bandNow();
    }
    const centre = (band.left + band.right) / 2;
    const left = Math.min(Math.max(MARGIN, centre - box.width / 2), width - MARGIN - box.width);
    let top = band.top - MARGIN - box.height; // above the line, where the eye has been
    if (!fitsAbove()) {
      top = fitsBelow() || height - band.bottom > band.top ? band.bottom + MARGIN : top;
      if (!fitsBelow()) top = Math.min(Math.max(MARGIN, top), height - MARGIN - box.height);
    }
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${top + window.scrollY}px`;
  }

  function show(target, numbers, asBar) {
    close();
    owner = target;
    const lines = [...new Set(numbers.map(says))]; // a formula may print a value twice
    tip.innerHTML = lines.map((line) => `<p>${line}</p>`).join("");
    tip.hidden = false;
    numbers.forEach((n) => n.classList.add("bp-open"));
    target.setAttribute("aria-describedby", tip.id);
    place(() => bandOf(target, numbers), asBar);
  }

  function close() {
    if (!owner) return;
    owner.removeAttribute("aria-describedby");
    document.querySelectorAll(".bp-open").forEach((n) => n.classList.remove("bp-open"));
    owner = null;
    pinned = false;
    tip.hidden = true;
  }

  document.addEventListener(
    "pointerdown",
    (event) => (lastPointer = { type: event.pointerType, at: event.timeStamp }),
    true,
  );
  document.addEventListener("click", (event) => {
    const number = event.target.closest(NUMBER);
    if (!number) {
      close();
      return;
    }
    const byMouse = lastPointer.type === "mouse";
    if (owner === number && pinned && !byMouse) {
      close(); // a second tap on the same number
      return;
    }
    if (owner !== number) show(number, [number], !byMouse);
    pinned = true;
  });
  document.addEventListener("pointerover", (event) => {
    if (event.pointerType !== "mouse" || pinned) return;
    const number = event.target.closest(NUMBER);
    if (number && number !== owner) show(number, [number], false);
  });
  document.addEventListener("pointerout", (event) => {
    if (event.pointerType !== "mouse" || pinned || !owner) return;
    if (event.target.closest(NUMBER) === owner && !owner.contains(event.relatedTarget)) close();
  });
  document.addEventListener("focusin", (event) => {
    if (event.timeStamp - lastPointer.at < 1000) return; // a tap or click: handled above
    const target = event.target;
    if (target.matches(".bp-number")) show(target, [target], false);
    else if (target.matches(FORMULA)) {
      const numbers = [...target.querySelectorAll("[data-bp-exact]")];
      if (numbers.length) show(target, numbers, false);
    }
  });
  document.addEventListener("focusout", (event) => {
    if (owner && event.target === owner && !pinned) close();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  // A new width moves the lines under the tip; a phone's toolbar sliding away changes only
  // the height, and leaves the tip open.
  let lastWidth = window.innerWidth;
  window.addEventListener("resize", () => {
    if (window.innerWidth !== lastWidth) close();
    lastWidth = window.innerWidth;
  });
})();
